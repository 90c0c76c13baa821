"""The words of the demo's actions, kind by kind: titles, one-line summaries, paragraphs of
description, when they happen, what they cost and how to take part.

Titles take {of_c} ("de Lamballe", "du Mans") and {venue} (« à la médiathèque »); descriptions
are HTML paragraphs, their names escaped by the caller."""

from dataclasses import dataclass, field

from maillage.actions.enums import KindCode, PublicCode
from maillage.organisations.enums import OrganisationKind as Org

# Weekdays: OpenStreetMap's abbreviation and the French name.
DAYS = {
    "Mo": "lundi",
    "Tu": "mardi",
    "We": "mercredi",
    "Th": "jeudi",
    "Fr": "vendredi",
    "Sa": "samedi",
    "Su": "dimanche",
}
MORNINGS = [("09:00-12:00", "de 9 h à 12 h"), ("09:30-11:30", "de 9 h 30 à 11 h 30")]
MORNINGS += [("10:00-12:00", "de 10 h à 12 h")]
AFTERNOONS = [("14:00-17:00", "de 14 h à 17 h"), ("14:30-16:30", "de 14 h 30 à 16 h 30")]
AFTERNOONS += [("14:00-16:00", "de 14 h à 16 h"), ("15:00-17:30", "de 15 h à 17 h 30")]
WHOLE_DAYS = [("09:30-17:30", "de 9 h 30 à 17 h 30"), ("10:00-18:00", "de 10 h à 18 h")]
OFFICE_HOURS = [
    ("09:00-12:00,14:00-17:00", "de 9 h à 12 h et de 14 h à 17 h"),
    ("10:00-12:00,14:00-16:00", "de 10 h à 12 h et de 14 h à 16 h"),
]
NTH = {"1": "premier", "2": "deuxième", "3": "troisième", "-1": "dernier"}
# Closures added to a rule: OpenStreetMap's words and the French ones.
CLOSURES = [
    ("; PH off", ", sauf les jours fériés"),
    ("; Aug off", ", sauf en août"),
    ("; SH off", ", hors vacances scolaires"),
]

VENUES = [
    ("à la médiathèque", "Médiathèque"),
    ("au centre social", "Centre social"),
    ("à la salle des fêtes", "Salle des fêtes"),
    ("à la maison des associations", "Maison des associations"),
    ("à la mairie", "Mairie, salle du conseil"),
    ("au foyer-logement", "Foyer-logement"),
    ("à l'espace France Services", "Espace France Services"),
]


@dataclass
class Theme:
    """One kind of action as people name it: its titles, its summary, its first paragraph."""

    titles: list[str]
    summary: str
    intro: str
    # When the kind's rhythms or costs do not fit this theme (a lunch at noon).
    rhythms: list[str] = field(default_factory=list)
    costs: list[str] = field(default_factory=list)


@dataclass
class KindWords:
    weight: int
    themes: list[Theme]
    # Paragraphs true of every theme of the kind, one or two of which follow the first.
    paragraphs: list[str]
    # Rhythms this kind of action keeps (see `rhythm` in actions.py).
    rhythms: list[str]
    publics: list[str]
    carriers: list[str]  # the kinds of organisation that carry it most often
    remote: float = 0.0
    drop_in: float = 0.0
    costs: list[str] = field(default_factory=list)
    joining: list[str] = field(default_factory=list)
    free: float = 0.9
    # Happens at people's homes or on the phone: no place to go to, no address.
    at_home: bool = False
    # Where it takes place, when not in one of the common `VENUES`.
    venues: list[tuple[str, str]] = field(default_factory=list)


JOIN_BY_PHONE = [
    "Appeler le numéro indiqué : un bénévole vous rappelle dans la semaine.",
    "Un proche, un voisin ou une aide à domicile peut nous appeler, avec l'accord de la personne.",
    "Téléphoner ou écrire à l'équipe : nous convenons ensemble d'un premier rendez-vous.",
]
JOIN_ON_SITE = [
    "Venir directement, sans inscription.",
    "Venir sur place aux heures indiquées ; une première séance pour essayer.",
    "S'inscrire auprès de l'accueil ou par téléphone, dans la limite des places.",
]

KINDS: dict[str, KindWords] = {
    KindCode.HOME_VISITS: KindWords(
        weight=16,
        at_home=True,
        themes=[
            Theme(
                [
                    "Visites de convivialité à domicile",
                    "Visites de convivialité à domicile {of_c}",
                    "Visites amicales à domicile {of_c}",
                    "Un voisin, une visite",
                ],
                "Des bénévoles rendent visite chaque semaine aux personnes âgées qui vivent "
                "seules, pour un moment de conversation.",
                "<p>Les bénévoles de l'équipe rendent visite aux personnes âgées qui le "
                "souhaitent, chez elles, une fois par semaine ou tous les quinze jours. On parle "
                "de tout et de rien, on feuillette un album, on joue aux cartes : le rythme et le "
                "contenu des visites se décident avec la personne.</p>",
            ),
            Theme(
                [
                    "Équipe citoyenne de visites {of_c}",
                    "Bénévoles visiteurs {of_c}",
                    "Visites à domicile des aînés isolés",
                ],
                "Une équipe citoyenne d'habitants qui rend visite aux aînés isolés de la commune.",
                "<p>Des habitants de la commune se sont réunis en équipe citoyenne pour rendre "
                "visite aux aînés qui n'ont plus beaucoup de contacts. Chacun donne un peu de son "
                "temps, selon ses disponibilités.</p>",
            ),
            Theme(
                ["Promenades accompagnées", "Un bras pour sortir {of_c}"],
                "Un bénévole vient vous chercher pour une promenade, une course ou un café en "
                "ville.",
                "<p>Sortir de chez soi devient difficile ? Un bénévole vient vous chercher pour "
                "faire quelques pas, aller à la boulangerie ou prendre un café en ville, à votre "
                "rythme.</p>",
            ),
        ],
        paragraphs=[
            "<p>Chaque bénévole est formé à l'écoute et s'engage à respecter la <strong>charte "
            "MONALISA</strong> : discrétion, régularité, respect des choix de la personne.</p>",
            "<p>Un proche, un voisin, une aide à domicile ou le CCAS peut nous signaler une "
            "personne qui se sent seule ; nous prenons contact avec elle, avec son accord.</p>",
            "<p>Les visites sont gratuites et sans engagement. Elles ne remplacent ni l'aide à "
            "domicile ni les soins : elles apportent de la présence.</p>",
        ],
        rhythms=["appointment", "weekdays_afternoon"],
        publics=[PublicCode.AT_HOME],
        carriers=[Org.ASSOCIATION, Org.CCAS, Org.SOCIAL_CENTRE],
        joining=JOIN_BY_PHONE,
        free=1.0,
    ),
    KindCode.CARE_HOME_VISITS: KindWords(
        weight=8,
        venues=[
            ("à l'EHPAD", "EHPAD, salon des familles"),
            ("à la résidence autonomie", "Résidence autonomie, salle commune"),
        ],
        themes=[
            Theme(
                ["Visites de bénévoles en EHPAD", "Bénévoles visiteurs des résidents"],
                "Des bénévoles viennent chaque semaine partager un moment avec les résidents "
                "qui reçoivent peu de visites.",
                "<p>Certains résidents ne reçoivent presque jamais de visite. Les bénévoles de "
                "l'équipe viennent à leur rencontre, dans leur chambre ou au salon, pour parler, "
                "lire le journal ou jouer.</p>",
            ),
            Theme(
                ["Après-midi jeux avec les résidents", "Lectures partagées à la résidence"],
                "Jeux de société, lecture à voix haute et conversation avec les résidents de "
                "l'établissement.",
                "<p>Scrabble, dominos, lecture du journal ou d'un roman à voix haute : chaque "
                "semaine, les bénévoles animent un après-midi avec les résidents qui le "
                "souhaitent.</p>",
            ),
            Theme(
                ["Goûter du dimanche avec les résidents", "Chorale des résidents et des bénévoles"],
                "Un moment convivial le week-end, quand l'établissement est le plus calme.",
                "<p>Le week-end, l'établissement est calme et les familles ne viennent pas "
                "toutes. Les bénévoles proposent un goûter en chansons, ouvert aux résidents et à "
                "leurs proches.</p>",
                rhythms=["weekly_weekend"],
            ),
        ],
        paragraphs=[
            "<p>L'équipe d'animation de l'établissement présente les bénévoles aux résidents et "
            "fait le point avec eux chaque trimestre.</p>",
            "<p>Vous aimeriez rejoindre l'équipe ? Une demi-journée de découverte est proposée "
            "avant de vous engager.</p>",
        ],
        rhythms=["weekly_afternoon"],
        publics=[PublicCode.CARE_HOME],
        carriers=[Org.CARE_HOME, Org.ASSOCIATION],
        joining=[
            "Les résidents s'inscrivent auprès de l'équipe d'animation de l'établissement.",
            "Les familles peuvent en parler à l'équipe d'animation, qui organise la première "
            "rencontre.",
        ],
        free=1.0,
    ),
    KindCode.PHONE_CALLS: KindWords(
        weight=9,
        at_home=True,
        remote=0.9,
        themes=[
            Theme(
                ["Appels de convivialité", "Un appel, un sourire", "Allô, on papote ?"],
                "Un bénévole vous appelle une ou deux fois par semaine, au moment qui vous "
                "convient, pour prendre des nouvelles et bavarder.",
                "<p>Chaque personne inscrite est appelée par le même bénévole, une ou deux fois "
                "par semaine. On parle de la journée, des nouvelles de la famille, des projets : "
                "un rendez-vous attendu.</p>",
            ),
            Theme(
                ["Téléphone de l'amitié {of_c}", "Appels réguliers aux aînés isolés"],
                "Des appels réguliers pour garder le lien, surtout pendant l'hiver et les fortes "
                "chaleurs.",
                "<p>Pendant l'hiver et les épisodes de canicule, les bénévoles appellent chaque "
                "jour les personnes inscrites au registre des personnes vulnérables de la "
                "mairie ; le reste de l'année, une fois par semaine.</p>",
            ),
        ],
        paragraphs=[
            "<p>Les bénévoles sont formés à l'écoute et savent vers qui se tourner si la "
            "personne a besoin d'aide.</p>",
            "<p>L'appel est gratuit pour la personne : c'est le bénévole qui appelle, à l'heure "
            "convenue ensemble.</p>",
        ],
        rhythms=["office_hours"],
        publics=[PublicCode.AT_HOME],
        carriers=[Org.ASSOCIATION, Org.CCAS, Org.PENSION_FUND, Org.MUTUAL_INSURER],
        joining=JOIN_BY_PHONE,
        free=1.0,
    ),
    KindCode.OUTINGS: KindWords(
        weight=10,
        themes=[
            Theme(
                ["Sorties du mois", "Excursions à la journée", "Balade du jeudi"],
                "Une sortie par mois pour découvrir la région en bonne compagnie, transport "
                "compris.",
                "<p>Chaque mois, une sortie en petit groupe : un marché, un jardin, un musée, un "
                "bord de mer. Un minibus passe chercher celles et ceux qui ne conduisent "
                "plus.</p>",
                rhythms=["monthly_day"],
                costs=[
                    "Participation de 5 € par sortie, transport compris.",
                    "Adhésion annuelle de 10 € ; sorties à prix coûtant.",
                ],
            ),
            Theme(
                ["Repas partagé des aînés {of_c}", "Déjeuner du mois {venue}"],
                "Un repas partagé chaque mois, préparé avec des bénévoles et servi à table.",
                "<p>Une fois par mois, un repas préparé par des bénévoles réunit une trentaine "
                "de convives. Le menu est de saison, les tables mélangent habitués et nouveaux "
                "venus.</p>",
                rhythms=["monthly_noon"],
                costs=["Repas à 8 €, gratuit pour les personnes aux revenus modestes."],
            ),
            Theme(
                ["Après-midi dansant", "Thé dansant {venue}"],
                "Un après-midi convivial pour se retrouver, danser et prendre un goûter.",
                "<p>Un accordéoniste, un parquet et un goûter : l'après-midi dansant attire "
                "danseurs confirmés et spectateurs, qui viennent surtout pour se retrouver.</p>",
                rhythms=["monthly_afternoon"],
                costs=["Entrée à 4 €, goûter compris."],
            ),
        ],
        paragraphs=[
            "<p>Le programme est préparé avec les participants, qui proposent leurs idées pour "
            "les prochains rendez-vous.</p>",
            "<p>Un transport peut être organisé pour celles et ceux qui ne conduisent plus : "
            "demandez-le à l'inscription.</p>",
        ],
        rhythms=["monthly_afternoon"],
        publics=[PublicCode.AT_HOME, PublicCode.EVERYONE],
        carriers=[Org.ASSOCIATION, Org.SOCIAL_CENTRE, Org.LOCAL_AUTHORITY],
        drop_in=0.2,
        joining=JOIN_ON_SITE[2:] + JOIN_BY_PHONE[:1],
        free=0.3,
    ),
    KindCode.INTERGENERATIONAL: KindWords(
        weight=6,
        themes=[
            Theme(
                ["Rencontres entre écoliers et aînés", "Lire et faire lire {of_c}"],
                "Une rencontre chaque mois entre les élèves de l'école et les aînés du quartier.",
                "<p>Les enfants de l'école viennent rencontrer les aînés du quartier : lecture "
                "d'histoires, jeux d'autrefois, souvenirs d'enfance. Chacun apprend de "
                "l'autre.</p>",
            ),
            Theme(
                ["Jardin partagé des générations"],
                "Des enfants et des aînés se retrouvent pour jardiner ensemble.",
                "<p>Le jardin partagé réunit petits et grands autour des semis, des récoltes et "
                "d'un goûter de saison. Les aînés transmettent leurs savoir-faire, les enfants "
                "apportent leur énergie.</p>",
            ),
            Theme(
                [
                    "Mercredis intergénérationnels {venue}",
                    "Cuisine des grands-mères avec les collégiens",
                ],
                "Aînés et jeunes cuisinent, jouent et bricolent ensemble le mercredi après-midi.",
                "<p>Le mercredi après-midi, aînés et jeunes du centre de loisirs se retrouvent "
                "pour cuisiner une recette d'autrefois, jouer ou bricoler ensemble.</p>",
                rhythms=["wednesday"],
            ),
        ],
        paragraphs=[
            "<p>Les rencontres sont préparées avec les enseignants et les animateurs, pour que "
            "chacun y trouve sa place.</p>",
            "<p>Les aînés qui ne peuvent pas se déplacer seuls peuvent être accompagnés par un "
            "bénévole.</p>",
        ],
        rhythms=["wednesday", "monthly_afternoon"],
        publics=[PublicCode.EVERYONE, PublicCode.AT_HOME, PublicCode.CARE_HOME],
        carriers=[Org.SOCIAL_CENTRE, Org.ASSOCIATION, Org.CARE_HOME],
        drop_in=0.3,
        joining=JOIN_ON_SITE,
        free=0.95,
    ),
    KindCode.DIGITAL: KindWords(
        weight=9,
        remote=0.1,
        themes=[
            Theme(
                [
                    "Atelier tablette {venue}",
                    "Initiation au smartphone",
                    "Premiers pas sur internet",
                ],
                "Apprendre à se servir d'une tablette ou d'un téléphone, à son rythme, en petit "
                "groupe.",
                "<p>En petit groupe de six personnes au plus, on apprend à envoyer un message, "
                "regarder les photos de ses petits-enfants ou prendre un rendez-vous médical en "
                "ligne.</p>",
            ),
            Theme(
                ["Garder le contact en visio avec ses proches", "Atelier numérique des seniors"],
                "Apprendre à appeler ses proches en visio et à partager des photos avec eux.",
                "<p>Voir ses petits-enfants qui habitent loin, partager des photos, recevoir des "
                "nouvelles de la famille : l'atelier montre pas à pas comment faire.</p>",
            ),
            Theme(
                ["Permanence numérique {of_c}", "Aide numérique {venue}"],
                "Un bénévole vous aide à faire vos démarches en ligne et à régler les soucis de "
                "votre téléphone.",
                "<p>Un courriel qui n'arrive pas, un mot de passe oublié, une démarche à faire en "
                "ligne : un bénévole vous reçoit individuellement et vous aide à vous en "
                "sortir.</p>",
            ),
        ],
        paragraphs=[
            "<p>Des tablettes sont prêtées pendant l'atelier ; vous pouvez aussi venir avec "
            "votre propre appareil.</p>",
            "<p>Aucune connaissance n'est nécessaire : on part de ce que vous savez et de ce que "
            "vous voulez faire.</p>",
        ],
        rhythms=["weekly_morning", "weekly_afternoon"],
        publics=[PublicCode.AT_HOME, PublicCode.EVERYONE],
        carriers=[Org.SOCIAL_CENTRE, Org.CCAS, Org.ASSOCIATION, Org.LOCAL_AUTHORITY],
        drop_in=0.4,
        costs=["Cycle de 8 séances : 15 €.", "Adhésion de 5 € par an à l'association."],
        joining=JOIN_ON_SITE,
        free=0.8,
    ),
    KindCode.MOBILITY: KindWords(
        weight=6,
        at_home=True,
        themes=[
            Theme(
                ["Transport solidaire {of_c}", "Chauffeurs bénévoles", "Covoiturage solidaire"],
                "Des chauffeurs bénévoles conduisent les personnes sans voiture au marché, chez "
                "le médecin ou chez des amis.",
                "<p>Des chauffeurs bénévoles, avec leur propre voiture, accompagnent les "
                "personnes qui ne conduisent plus : courses, rendez-vous médicaux, visite à un "
                "proche.</p>",
            ),
            Theme(
                ["Transport solidaire vers le marché du jeudi", "Navette des aînés"],
                "Une navette chaque semaine vers le bourg, les commerces et le marché.",
                "<p>Chaque semaine, un minibus fait le tour des hameaux et conduit les aînés au "
                "bourg : marché, commerces, pharmacie, et un café avant le retour.</p>",
                rhythms=["market_morning"],
                costs=["1 € le trajet.", "Adhésion de 5 € par an, puis 2 € par trajet."],
            ),
        ],
        paragraphs=[
            "<p>Le trajet se réserve par téléphone, au plus tard la veille à midi. Le chauffeur "
            "attend sur place ou revient vous chercher.</p>",
            "<p>La participation couvre les frais de carburant ; elle est reversée au "
            "chauffeur.</p>",
        ],
        rhythms=["office_hours"],
        publics=[PublicCode.AT_HOME],
        carriers=[Org.ASSOCIATION, Org.LOCAL_AUTHORITY, Org.CCAS],
        costs=[
            "0,35 € par kilomètre, reversés au chauffeur.",
            "2 € le trajet, 4 € l'aller-retour.",
        ],
        joining=[
            "Réserver son trajet par téléphone au plus tard la veille à midi.",
            "S'inscrire une première fois à la mairie, puis réserver par téléphone.",
        ],
        free=0.15,
    ),
    KindCode.PAPERWORK: KindWords(
        weight=7,
        remote=0.15,
        themes=[
            Theme(
                ["Permanence d'aide aux démarches", "Aide aux démarches administratives {venue}"],
                "Une permanence sans rendez-vous pour vos papiers : retraite, santé, aides au "
                "logement.",
                "<p>Un courrier difficile à comprendre, un dossier d'aide à domicile, une demande "
                "de complémentaire santé : nous vous aidons à y voir clair et à faire les "
                "démarches.</p>",
            ),
            Theme(
                ["Écrivain public {of_c}"],
                "Un écrivain public vous aide à écrire une lettre ou à remplir un formulaire.",
                "<p>Une lettre à un propriétaire, une réclamation, un formulaire : l'écrivain "
                "public vous aide à rédiger, relit avec vous et vous explique la suite.</p>",
            ),
            Theme(
                ["Point conseil retraite et santé"],
                "Des réponses à vos questions sur la retraite, la santé et les aides possibles.",
                "<p>Retraite complémentaire, aides au maintien à domicile, complémentaire "
                "santé : un conseiller fait le point avec vous sur vos droits.</p>",
            ),
        ],
        paragraphs=[
            "<p>Apportez vos papiers : pièce d'identité, dernier avis d'imposition, courriers "
            "reçus. Tout est traité dans la plus grande discrétion.</p>",
            "<p>Si la démarche demande un spécialiste, nous vous orientons vers le bon "
            "interlocuteur.</p>",
        ],
        rhythms=["weekly_morning", "office_hours"],
        publics=[PublicCode.AT_HOME, PublicCode.CARERS],
        carriers=[Org.CCAS, Org.SOCIAL_CENTRE, Org.INSTITUTION, Org.PENSION_FUND],
        drop_in=0.5,
        joining=JOIN_ON_SITE[:1] + JOIN_BY_PHONE[2:],
        free=1.0,
    ),
    KindCode.CARERS: KindWords(
        weight=7,
        remote=0.15,
        themes=[
            Theme(
                ["Café des aidants {of_c}", "Pause des aidants {venue}"],
                "Un moment pour souffler et échanger entre personnes qui accompagnent un proche "
                "âgé.",
                "<p>Vous accompagnez un parent, un conjoint, un voisin qui perd son autonomie ? "
                "Le café des aidants vous accueille pour parler de ce que vous vivez avec "
                "d'autres personnes dans la même situation.</p>",
            ),
            Theme(
                ["Groupe de parole des aidants"],
                "Un groupe de parole animé par une psychologue, pour celles et ceux qui aident "
                "un proche.",
                "<p>Animé par une psychologue, le groupe de parole offre un espace pour dire la "
                "fatigue, les doutes et les petites victoires de l'aide au quotidien.</p>",
            ),
            Theme(
                ["Formation des proches aidants"],
                "Quatre séances pour mieux connaître les aides et prendre soin de soi.",
                "<p>En quatre séances, la formation aborde les aides possibles, la maladie de "
                "votre proche, la communication au quotidien et le temps pour soi.</p>",
            ),
        ],
        paragraphs=[
            "<p>Chaque rencontre est animée par une professionnelle, autour d'un thème : la "
            "fatigue, les aides possibles, la culpabilité.</p>",
            "<p>Pendant ce temps, votre proche peut être accueilli par des bénévoles dans la "
            "salle voisine.</p>",
        ],
        rhythms=["monthly_afternoon", "weekly_afternoon"],
        publics=[PublicCode.CARERS],
        carriers=[Org.ASSOCIATION, Org.INSTITUTION, Org.MUTUAL_INSURER, Org.CCAS],
        drop_in=0.5,
        joining=JOIN_ON_SITE,
        free=0.95,
    ),
    KindCode.IDENTIFYING: KindWords(
        weight=4,
        at_home=True,
        themes=[
            Theme(
                ["Veille citoyenne des voisins", "Sentinelles de l'isolement"],
                "Voisins et habitants signalent, avec son accord, une personne qui semble seule, "
                "pour que quelqu'un lui rende visite.",
                "<p>Les habitants volontaires apprennent à repérer les signes de l'isolement : "
                "volets fermés, courrier qui s'accumule, voisin qu'on ne voit plus au "
                "marché.</p>",
            ),
            Theme(
                [
                    "Repérage des personnes isolées {of_c}",
                    "Réseau de vigilance des commerçants {of_c}",
                ],
                "Commerçants, facteurs et pharmaciens signalent les personnes qui semblent "
                "isolées.",
                "<p>Commerçants, pharmaciens et facteurs voient chaque jour des personnes âgées "
                "qui vivent seules. Formés au repérage, ils savent qui appeler quand quelque "
                "chose les inquiète.</p>",
            ),
        ],
        paragraphs=[
            "<p>Un signalement déclenche une visite de l'équipe citoyenne, toujours avec "
            "l'accord de la personne. Aucune information n'est transmise sans elle.</p>",
            "<p>Une réunion d'information ouverte à tous a lieu chaque trimestre.</p>",
        ],
        rhythms=["office_hours"],
        publics=[PublicCode.EVERYONE, PublicCode.AT_HOME],
        carriers=[Org.CCAS, Org.LOCAL_AUTHORITY, Org.ASSOCIATION],
        joining=JOIN_BY_PHONE[1:],
        free=1.0,
    ),
    KindCode.CULTURE: KindWords(
        weight=8,
        themes=[
            Theme(
                ["Atelier mémoire et jeux de société", "Jeux de cartes et belote du jeudi"],
                "Un après-midi par semaine pour jouer et faire travailler sa mémoire, dans la "
                "bonne humeur.",
                "<p>Belote, tarot, Scrabble ou jeux de mémoire : l'atelier accueille toutes "
                "celles et ceux qui ont envie de passer un bon moment.</p>",
            ),
            Theme(
                ["Chorale des aînés", "Atelier peinture {of_c}", "Club lecture {venue}"],
                "Chanter, peindre ou lire ensemble, chaque semaine, débutants bienvenus.",
                "<p>Chansons d'hier et d'aujourd'hui, aquarelle ou lectures partagées : "
                "l'atelier se réunit chaque semaine autour d'une passion commune.</p>",
            ),
            Theme(
                ["Ciné-goûter du dimanche", "Ciné-seniors {of_c}"],
                "Un film, un goûter et une discussion : le cinéma en bonne compagnie.",
                "<p>Une séance de cinéma choisie pour et avec les aînés, suivie d'un goûter où "
                "chacun donne son avis sur le film.</p>",
            ),
        ],
        paragraphs=[
            "<p>Les débutants sont les bienvenus ; le matériel est fourni.</p>",
            "<p>Un goûter clôt chaque séance. Les participants qui ne peuvent pas se déplacer "
            "peuvent être raccompagnés.</p>",
        ],
        rhythms=["weekly_afternoon", "monthly_afternoon"],
        publics=[PublicCode.AT_HOME, PublicCode.EVERYONE],
        carriers=[Org.ASSOCIATION, Org.SOCIAL_CENTRE, Org.LOCAL_AUTHORITY],
        drop_in=0.6,
        costs=["Adhésion de 10 € par an.", "2 € la séance, goûter compris."],
        joining=JOIN_ON_SITE,
        free=0.6,
    ),
    KindCode.PHYSICAL: KindWords(
        weight=7,
        venues=[
            ("à la salle des sports", "Salle des sports"),
            ("à la salle des fêtes", "Salle des fêtes"),
            ("au centre social", "Centre social"),
        ],
        themes=[
            Theme(
                ["Gym douce des seniors", "Gym d'entretien {venue}", "Yoga sur chaise {venue}"],
                "Des exercices adaptés pour garder la forme et la souplesse, en groupe et sans "
                "compétition.",
                "<p>Encadrée par un éducateur sportif formé au vieillissement, la séance fait "
                "travailler la souplesse, le souffle et la mémoire, à la portée de chacun.</p>",
            ),
            Theme(
                ["Atelier équilibre et prévention des chutes"],
                "Douze séances pour retrouver de l'assurance et prévenir les chutes.",
                "<p>En douze séances, on apprend à retrouver son équilibre, à se relever après "
                "une chute et à aménager son logement pour limiter les risques.</p>",
            ),
            Theme(
                ["Marche douce du mardi", "Marche nordique des seniors"],
                "Une marche d'une heure à allure tranquille, suivie d'un café.",
                "<p>Une heure de marche à allure tranquille sur les chemins de la commune, en "
                "groupe, avec des pauses. On y vient autant pour bavarder que pour "
                "marcher.</p>",
            ),
        ],
        paragraphs=[
            "<p>Un certificat médical est demandé à l'inscription. Prévoyez une tenue souple et "
            "une bouteille d'eau.</p>",
            "<p>La séance se termine par un moment convivial : on y vient aussi pour les "
            "autres.</p>",
        ],
        rhythms=["weekly_morning", "twice_weekly"],
        publics=[PublicCode.AT_HOME],
        carriers=[Org.ASSOCIATION, Org.MUTUAL_INSURER, Org.PENSION_FUND, Org.SOCIAL_CENTRE],
        costs=[
            "Adhésion annuelle de 20 €, première séance d'essai gratuite.",
            "Cycle de 12 séances : 30 €, pris en charge par certaines caisses de retraite.",
        ],
        joining=JOIN_ON_SITE[1:],
        free=0.4,
    ),
    KindCode.OTHER: KindWords(
        weight=3,
        at_home=True,
        themes=[
            Theme(
                ["Bibliothèque à domicile", "Portage de livres {of_c}"],
                "Des bénévoles apportent des livres chez les personnes qui ne peuvent plus se "
                "déplacer.",
                "<p>Les bénévoles viennent chez vous avec une sélection de livres, de revues ou "
                "de livres audio, choisis selon vos goûts, et prennent le temps d'en "
                "parler.</p>",
            ),
            Theme(
                ["Petits travaux et bricolage solidaire"],
                "Un coup de main pour les petits travaux : changer une ampoule, fixer une étagère.",
                "<p>Changer une ampoule, fixer une barre d'appui, réparer une prise : des "
                "bénévoles bricoleurs viennent rendre service, et restent volontiers pour un "
                "café.</p>",
            ),
        ],
        paragraphs=[
            "<p>Le service est ouvert à toute personne qui ne peut plus se déplacer, même pour "
            "quelques semaines.</p>",
            "<p>Les bénévoles passent sur rendez-vous, au moment qui vous arrange.</p>",
        ],
        rhythms=["appointment", "weekly_afternoon"],
        publics=[PublicCode.AT_HOME],
        carriers=[Org.ASSOCIATION, Org.LOCAL_AUTHORITY, Org.OTHER],
        joining=JOIN_BY_PHONE,
        free=0.9,
    ),
}
