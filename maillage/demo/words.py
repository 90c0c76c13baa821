"""The words of the demo network: people, organisations, and what each cooperation says of
itself. Invented, but written as a real network writes; every "de" goes through
`core.text.of_name`, every role agrees with the person who holds it."""

import json
import random
from dataclasses import dataclass
from functools import cache

from django.conf import settings

from maillage.organisations.enums import OrganisationKind

WOMEN = (
    "Anne Claire Élodie Gaëlle Isabelle Karima Martine Odile Rachida Sylvie Valérie Zoé Sophie "
    "Nathalie Chantal Brigitte Fatima Hélène Monique Laure Aïcha Maryvonne Catherine Nadège"
).split()
MEN = (
    "Bernard Didier Fabrice Hervé Jacques Louis Nicolas Pascal Quentin Thierry Yann Mathieu "
    "Julien Patrick Olivier Mehdi Jean-Luc Gérard Alain Karim Loïc Stéphane Michel Dominique"
).split()
LAST_NAMES = (
    "Le Goff|Martin|Bernard|Morel|Girard|Bonnet|Lambert|Fontaine|Rousseau|Vincent|Muller|"
    "Lefèvre|Faure|André|Mercier|Blanc|Guérin|Boyer|Garnier|Chevalier|François|Legrand|Gauthier|"
    "Perrin|Robin|Clément|Morin|Nicolas|Henry|Roussel|Benali|Nguyen|Da Silva|Kerboul|Ollivier"
).split("|")


@dataclass(frozen=True)
class Person:
    first_name: str
    last_name: str
    feminine: bool

    @property
    def name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    def role(self, masculine: str, feminine: str) -> str:
        """The role as it agrees with the person: « présidente », « co-animateur »."""
        return feminine if self.feminine else masculine


def person(rng: random.Random) -> Person:
    feminine = rng.random() < 0.6  # the people of this field are more often women
    first = rng.choice(WOMEN if feminine else MEN)
    return Person(first, rng.choice(LAST_NAMES), feminine)


# (masculine, feminine) forms of each role a signatory holds, by kind of organisation.
SIGNATORY_ROLES = {
    OrganisationKind.ASSOCIATION: [("président", "présidente"), ("co-président", "co-présidente")],
    OrganisationKind.CCAS: [
        ("vice-président du CCAS", "vice-présidente du CCAS"),
        ("directeur", "directrice"),
    ],
    OrganisationKind.LOCAL_AUTHORITY: [
        ("maire", "maire"),
        ("adjoint aux solidarités", "adjointe aux solidarités"),
    ],
    OrganisationKind.CARE_HOME: [("directeur", "directrice")],
}
DEFAULT_SIGNATORY_ROLES = [("directeur", "directrice"), ("responsable", "responsable")]
TESTIMONY_ROLES = [
    ("co-animateur de la coopération", "co-animatrice de la coopération"),
    ("bénévole visiteur", "bénévole visiteuse"),
    ("référent d'une équipe citoyenne", "référente d'une équipe citoyenne"),
    ("coordinateur des bénévoles", "coordinatrice des bénévoles"),
]
TESTIMONIES = [
    "Travailler ensemble, à partir de ce qui existe déjà, nous a permis d'aller vers des "
    "communes où personne ne rendait visite aux aînés.",
    "Avant, chacun faisait de son côté. Aujourd'hui, quand une assistante sociale repère une "
    "personne seule, elle sait à quelle équipe s'adresser.",
    "Ce qui m'a frappée, c'est la joie des personnes qu'on visite, mais aussi celle des "
    "bénévoles : on reçoit autant qu'on donne.",
    "La coopération nous a aidés à trouver des bénévoles et une salle. Notre équipe est née "
    "en six mois.",
    "Les rencontres entre équipes sont précieuses : on y partage nos difficultés et on repart "
    "avec des idées.",
    "Les élus ont compris que l'isolement n'est pas une fatalité. Ils viennent maintenant à "
    "nos réunions.",
]

STREETS = [
    "rue de la Mairie",
    "place de l'Église",
    "rue Jean-Jaurès",
    "avenue de la Gare",
    "rue des Écoles",
    "rue Victor-Hugo",
    "rue Pasteur",
    "place du Marché",
    "rue du Général-de-Gaulle",
    "chemin du Moulin",
    "allée des Tilleuls",
    "rue de la République",
    "boulevard de la Liberté",
    "rue des Lilas",
    "impasse des Acacias",
]


def domain(slug: str) -> str:
    """An organisation's invented web domain: its name cut short, never ending with a hyphen,
    which no mail address accepts."""
    return f"{slug[:40].strip('-')}.exemple.fr"


def address(rng: random.Random) -> str:
    return f"{rng.randint(1, 48)} {rng.choice(STREETS)}"


# ARCEP keeps these blocks for fiction (films, books, examples): they look real and are valid,
# but ring nobody.
FICTION_NUMBERS = {
    "01": "01 99 00",
    "02": "02 61 91",
    "03": "03 53 01",
    "04": "04 65 71",
    "05": "05 36 49",
}
# The first two digits of the numbers of each region (01 for Île-de-France and overseas).
REGION_PREFIX = {
    "11": "01",
    "24": "02",
    "28": "02",
    "52": "02",
    "53": "02",
    "27": "03",
    "32": "03",
    "44": "03",
    "84": "04",
    "93": "04",
    "94": "04",
    "76": "04",
    "75": "05",
}


def phone(rng: random.Random, region: str) -> str:
    block = FICTION_NUMBERS[REGION_PREFIX.get(region, "01")]
    return f"{block} {rng.randint(0, 99):02d} {rng.randint(0, 99):02d}"


@cache
def department_links() -> dict[str, int]:
    """INSEE's type of link of each department ("l'Aisne", "les Côtes-d'Armor"), read from the
    official geography `import_territories` reads; empty when the files are not there."""
    try:
        with open(settings.GEOGRAPHY_DATA_DIR / "departements.json", encoding="utf-8") as file:
            rows = json.load(file)
    except (OSError, ValueError):
        return {}
    return {row["code"]: row.get("typeLiaison") for row in rows}


ASSOCIATION_NAMES = [
    "Les Amis {of_c}",
    "Lien et Partage {of_c}",
    "Visiteurs bénévoles {of_c}",
    "Club de l'Amitié {of_c}",
    "Voisins solidaires {of_c}",
    "Bien vieillir {at_c}",
    "Entraide seniors {of_c}",
    "Association des retraités {of_c}",
    "Générations solidaires {of_c}",
    "Les Bénévoles du cœur {of_c}",
]
KIND_NAMES = {
    OrganisationKind.CCAS: ["CCAS {of_c}", "CIAS du pays {of_c}"],
    OrganisationKind.LOCAL_AUTHORITY: ["Mairie {of_c}", "Ville {of_c}"],
    OrganisationKind.DEPARTMENT_COUNCIL: [
        "Conseil départemental {of_d} — direction de l'autonomie"
    ],
    OrganisationKind.PENSION_FUND: ["Horizon Retraite, agence {of_c}", "Retraite Solidaire {of_d}"],
    OrganisationKind.MUTUAL_INSURER: ["Mutuelle Entraide {of_d}", "Mutuelle des Aînés {of_d}"],
    OrganisationKind.SOCIAL_CENTRE: [
        "Centre social {of_c}",
        "Maison des habitants {of_c}",
        "Centre socioculturel {of_c}",
    ],
    OrganisationKind.CARE_HOME: [
        "EHPAD Les Glycines {of_c}",
        "Résidence Les Tilleuls {of_c}",
        "EHPAD Le Clos fleuri {of_c}",
        "Résidence autonomie Les Hortensias {of_c}",
    ],
    OrganisationKind.INSTITUTION: [
        "Maison départementale de l'autonomie {of_d}",
        "CLIC {of_c}",
    ],
    OrganisationKind.OTHER: [
        "Groupement Solidarité Seniors {of_d}",
        "Collectif Bien vieillir {of_c}",
    ],
}
ORGANISATION_DESCRIPTIONS = {
    OrganisationKind.ASSOCIATION: (
        "<p>Une association de bénévoles qui rend visite aux personnes âgées {of_c} et des "
        "communes voisines : <strong>visites, appels, sorties</strong> et moments partagés.</p>"
    ),
    OrganisationKind.CCAS: (
        "<p>Le centre d'action sociale accueille les habitants {of_c}, accompagne les "
        "personnes âgées dans leurs démarches et coordonne le repérage des personnes isolées.</p>"
    ),
    OrganisationKind.LOCAL_AUTHORITY: (
        "<p>La commune soutient les associations qui luttent contre l'isolement des aînés : "
        "prêt de salles, transport solidaire, <strong>registre des personnes vulnérables"
        "</strong>.</p>"
    ),
    OrganisationKind.SOCIAL_CENTRE: (
        "<p>Un lieu ouvert à tous les habitants {of_c} : ateliers, sorties, repas partagés et "
        "rencontres entre générations.</p>"
    ),
    OrganisationKind.CARE_HOME: (
        "<p>L'établissement ouvre ses portes aux bénévoles et aux familles : visites, animations "
        "et rencontres avec les écoles {of_c}.</p>"
    ),
}
DEFAULT_ORGANISATION_DESCRIPTION = (
    "<p>Un acteur de l'accompagnement des personnes âgées {of_d}, engagé dans la coopération "
    "MONALISA pour que personne ne reste seul.</p>"
)

# What each cooperation says of each of its aims, keyed by `Aim` value; {of_d} is "de" + the
# department with its article, {of_t} "de" + its main town.
AIM_WORDS = {
    1: [
        "Élus, travailleurs sociaux et bénévoles se sont retrouvés autour des chiffres de "
        "l'isolement {of_d} : une demi-journée qui nous a donné des mots communs.",
        "Chaque année s'ouvre par un atelier « Qu'est-ce que l'isolement ? », où les nouveaux "
        "membres découvrent les repères de la démarche MONALISA.",
        "Notre diagnostic croise les données de l'INSEE et ce que les équipes observent lors "
        "des visites.",
    ],
    2: [
        "Une carte des communes {of_d}, couvertes ou non par une équipe citoyenne, relue chaque "
        "semestre par le comité de pilotage.",
        "Les membres ont choisi ensemble trois secteurs prioritaires, là où vivent le plus de "
        "personnes âgées seules.",
        "Une fois par an, élus et associations relisent la carte des actions et fixent les "
        "priorités de l'année.",
    ],
    3: [
        "Le recensement des actions {of_d} est en ligne : chaque membre tient à jour ses "
        "propres actions.",
        "Un annuaire des actions est distribué dans les mairies, les pharmacies et les cabinets "
        "médicaux {of_t}.",
        "Chaque action du territoire a sa fiche : horaires, contact et communes concernées.",
    ],
    4: [
        "Faire naître des équipes citoyennes dans les communes rurales où personne ne rend "
        "encore visite aux aînés.",
        "Des réunions publiques dans les bourgs sans équipe citoyenne, avec les mairies et les "
        "clubs de retraités.",
        "Deux nouvelles équipes par an : c'est l'objectif fixé par le comité de pilotage.",
    ],
    5: [
        "Chaque équipe qui démarre est parrainée par une équipe expérimentée et reçoit un "
        "livret d'accueil des bénévoles.",
        "La formation « Premiers pas de bénévole » a lieu trois fois par an, ouverte à toutes "
        "les équipes du territoire.",
        "Nous aidons les équipes à trouver un local, une assurance et leurs premiers financements.",
    ],
    6: [
        "Chaque équipe garde son nom, sa structure de rattachement et sa façon de faire : la "
        "coopération ne se substitue à personne.",
        "La charte MONALISA est notre seul engagement commun ; les équipes restent libres de "
        "leur organisation.",
        "Les équipes d'autres réseaux sont les bienvenues, sans obligation d'adhésion.",
    ],
    7: [
        "Une rencontre des équipes citoyennes chaque automne, et une lettre d'information tous "
        "les deux mois.",
        "Des rencontres par secteur, trois fois par an, pour partager réussites et difficultés.",
        "Les référents d'équipes échangent en visioconférence le premier lundi du mois.",
    ],
    8: [
        "Une campagne chaque année pendant la Semaine bleue, avec les communes et la presse "
        "locale.",
        "Des interventions dans les entreprises et les lycées {of_d} pour susciter des "
        "vocations de bénévoles.",
        "Des affiches « Et si vous rendiez visite à un voisin ? » dans les commerces {of_t}.",
    ],
}

# Organisation names go after a colon: "avec Mairie de Cusy" would want an article.
BIRTH_STORIES = [
    "<p>En {year}, deux structures ont réuni une vingtaine d'acteurs {of_d} autour d'un "
    "constat partagé : trop de personnes âgées vivent seules, sans visite. La coopération est "
    "née de ces rencontres, à partir de ce qui existait déjà.</p>"
    "<p>À l'origine : {org_a} et {org_b}.</p>",
    "<p>Tout a commencé en {year} par un diagnostic de l'isolement {of_d}, mené avec le "
    "conseil départemental. Les structures qui y avaient contribué ont voulu continuer "
    "ensemble.</p><p>Ses deux co-animateurs : {org_a} et {org_b}.</p>",
    "<p>Après une canicule, plusieurs associations {of_t} se sont rendu compte qu'elles ne "
    "connaissaient pas les personnes isolées de leur quartier. En {year}, elles ont signé la "
    "charte MONALISA et lancé la coopération.</p><p>Parmi ses fondateurs : {org_a} et "
    "{org_b}.</p>",
]
WORKING_DESCRIPTIONS = {
    "thematic_groups": "<p>Trois groupes de travail se réunissent chaque trimestre :</p>"
    "<ul><li>aller vers les personnes isolées ;</li><li>accueillir et former les bénévoles ;"
    "</li><li>faire connaître les actions du territoire.</li></ul>",
    "territorial_sectors": "<p>Le territoire est partagé en {sectors} secteurs. Dans chacun, un "
    "binôme d'animateurs réunit les acteurs <em>chaque trimestre</em> ; le comité de pilotage "
    "fait le lien entre les secteurs.</p>",
    "other": "<p>Un comité de pilotage se réunit <em>chaque trimestre</em> ; entre deux "
    "réunions, les co-animateurs tiennent les membres informés par une lettre mensuelle.</p>",
}
STRATEGIES = [
    "<p>Mieux mailler le territoire là où il n'existe pas encore d'équipe citoyenne, en "
    "commençant par les communes de moins de 2 000 habitants.</p>",
    "<p>Nos priorités pour les trois ans à venir :</p><ol><li>recenser les actions contre "
    "l'isolement, commune par commune ;</li><li>accompagner la naissance de nouvelles "
    "équipes ;</li><li>présenter le diagnostic aux élus {of_d}.</li></ol>",
    "<p>Aller vers les personnes isolées que personne ne connaît encore, avec les facteurs, "
    "les pharmaciens et les aides à domicile.</p>",
]
OBJECTIVES = [
    "Recenser toutes les actions contre l'isolement du territoire",
    "Faire naître deux équipes citoyennes dans les zones blanches",
    "Présenter le diagnostic au conseil départemental",
    "Former cinquante nouveaux bénévoles",
    "Publier l'annuaire des actions dans chaque mairie",
    "Organiser une rencontre annuelle des équipes",
]
# News: the first follows the founding; the others come in the years after, in their month
# when they have one.
LAUNCH_NEWS = (
    "La coopération est lancée",
    "<p>Les structures fondatrices ont signé la charte MONALISA et posé les bases de leur "
    "travail en commun.</p><p>Toute structure qui agit contre l'isolement des aînés {of_d} "
    "peut nous rejoindre.</p>",
)
NEWS = [
    (
        "Rencontre des équipes citoyennes du territoire",
        "<p>Une cinquantaine de bénévoles ont partagé leurs expériences :</p>"
        "<ul><li>des visites à domicile aux cafés des aînés ;</li>"
        "<li>des appels réguliers aux personnes qui vivent seules.</li></ul>",
        None,
    ),
    (
        "Une nouvelle équipe citoyenne {at_t}",
        "<p>Huit habitants {of_t} ont formé une équipe citoyenne. Ils rendent déjà visite à "
        "une dizaine de personnes âgées.</p>",
        None,
    ),
    (
        "Retour sur la Semaine bleue",
        "<p>Ateliers, goûters et portes ouvertes : les membres de la coopération ont accueilli "
        "plus de trois cents personnes pendant la semaine.</p>",
        10,
    ),
    (
        "Le recensement des actions est en ligne",
        "<p>Les actions contre l'isolement {of_d} sont désormais consultables commune par "
        "commune. Signalez-nous celles qui manquent !</p>",
        None,
    ),
    (
        "Formation des nouveaux bénévoles",
        "<p>Deux journées pour apprendre à écouter, à respecter la discrétion et à passer le "
        "relais quand une situation le demande.</p>",
        None,
    ),
]
