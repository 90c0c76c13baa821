"""Write the sample inventory of a cooperation of the Côtes-d'Armor: about 300 actions, the way
an animator's old spreadsheet looks (its own column names, dates, yes/no columns), importable
as is from the back office.

    python -m maillage.actions.samples.make_sample   # rewrites inventaire-exemple.{xlsx,csv}

Communes and intercommunalities are real (codes of the official geography); organisations and
phone numbers are invented (02 61 91 xx xx is ARCEP's range for fiction).
"""

import csv
import datetime
import random
from pathlib import Path

HERE = Path(__file__).resolve().parent
SEED = 22

# (INSEE code, name, postcode, EPCI SIREN)
COMMUNES = [
    ("22278", "Saint-Brieuc", "22000", "200069409"),
    ("22113", "Lannion", "22300", "200065928"),
    ("22093", "Lamballe-Armor", "22400", "200069391"),
    ("22050", "Dinan", "22100", "200068989"),
    ("22187", "Plérin", "22190", "200069409"),
    ("22215", "Ploufragan", "22440", "200069409"),
    ("22136", "Loudéac", "22600", "200067460"),
    ("22360", "Trégueux", "22950", "200069409"),
    ("22106", "Langueux", "22360", "200069409"),
    ("22251", "Pordic", "22590", "200069409"),
    ("22162", "Paimpol", "22500", "200067981"),
    ("22168", "Perros-Guirec", "22700", "200065928"),
    ("22070", "Guingamp", "22200", "200067981"),
    ("22055", "Binic-Étables-sur-Mer", "22520", "200069409"),
    ("22176", "Plédran", "22960", "200069409"),
    ("22046", "Le Mené", "22330", "200067460"),
    ("22225", "Ploumagoar", "22970", "200067981"),
    ("22389", "Yffiniac", "22120", "200069409"),
    ("22004", "Bégard", "22140", "200067981"),
    ("22222", "Plouha", "22580", "200069086"),
    ("22171", "Plaintel", "22940", "200069409"),
    ("22209", "Beaussais-sur-Mer", "22650", "200068989"),
    ("22081", "Hillion", "22120", "200069409"),
    ("22118", "Lanvallay", "22100", "200068989"),
    ("22304", "Saint-Jean-Kerdaniel", "22170", "200069086"),
    ("22075", "Hémonstoir", "22600", "200067460"),
    ("22380", "Trévron", "22100", "200068989"),
    ("22053", "Éréac", "22250", "200069391"),
    ("22031", "Carnoët", "22160", "200067981"),
    ("22163", "Paule", "22340", "242200715"),
    ("22375", "Tressignaux", "22290", "200069086"),
    ("22296", "Saint-Glen", "22510", "200069391"),
]
EPCIS = {
    "200065928": "CA Lannion-Trégor Communauté",
    "200067460": "CC Loudéac Communauté - Bretagne Centre",
    "200067981": "CA Guingamp-Paimpol Agglomération de l'Armor à l'Argoat",
    "200068989": "CA Dinan Agglomération",
    "200069086": "CC Leff Armor Communauté",
    "200069391": "CA Lamballe Terre et Mer",
    "200069409": "CA Saint-Brieuc Armor Agglomération",
    "242200715": "CC du Kreiz-Breizh (CCKB)",
}
HEADINGS = [
    "N°",
    "Intitulé de l'action",
    "Résumé",
    "Type",
    "Public",
    "Structure porteuse",
    "Commune",
    "Adresse",
    "Zone d'intervention",
    "Jours et horaires",
    "Horaires OSM",
    "Gratuit",
    "Tarif",
    "Tél",
    "Modalités",
    "Statut",
    "Date de mise à jour",
    "Description",
    "Remarques internes",
]
# (kind label, title, summary, where, when, OpenStreetMap hours, cost, zone, how to take part)
ACTIONS = [
    ("Visites à domicile", "Visites de convivialité à domicile",
     "Des bénévoles formés rendent visite chaque semaine aux aînés qui se sentent seuls.",
     "", "Une visite par semaine, au jour choisi ensemble", "", "", "commune",
     "Appeler le CCAS, qui organise une première rencontre avec un binôme de bénévoles."),
    ("Visites à domicile", "Équipe citoyenne MONALISA : visites aux voisins isolés",
     "Une équipe d'habitants bénévoles rend visite aux personnes âgées isolées du quartier.",
     "", "Selon les disponibilités de chacun", "", "", "commune",
     "Une personne âgée, un voisin ou la famille peut appeler l'équipe."),
    ("Visites en établissement", "Après-midi jeux à l'EHPAD",
     "Des bénévoles animent jeux de société et goûters avec les résidents.",
     "EHPAD, rue de l'Hôpital", "Le mercredi de 14 h 30 à 17 h", "We 14:30-17:00", "",
     "commune", "Ouvert aux résidents ; les familles sont les bienvenues."),
    ("Appels téléphoniques de convivialité", "Le coup de fil du lundi",
     "Un bénévole appelle chaque semaine pour prendre des nouvelles et bavarder.",
     "", "Chaque lundi matin", "Mo 09:30-12:00", "", "département",
     "S'inscrire par téléphone, pour soi ou pour un proche qui le souhaite."),
    ("Appels téléphoniques de convivialité", "Appels de convivialité pendant l'été",
     "Le CCAS appelle les personnes inscrites au registre canicule pour garder le lien.",
     "", "De juin à septembre, deux fois par semaine", "", "", "intercommunalité",
     "S'inscrire au registre du CCAS, à la mairie ou par téléphone."),
    ("Sorties et activités collectives", "Repas partagé du jeudi",
     "Un déjeuner convivial préparé ensemble, suivi de jeux de cartes.",
     "Salle des fêtes, place de l'Église", "Le jeudi de 12 h à 16 h", "Th 12:00-16:00",
     "5 € le repas", "commune", "Réserver avant le mardi auprès du club."),
    ("Sorties et activités collectives", "Thé dansant mensuel",
     "Un après-midi dansant avec orchestre, ouvert à tous les retraités.",
     "Salle polyvalente", "Le premier dimanche du mois, de 14 h à 18 h", "", "8 € l'entrée",
     "intercommunalité", "Entrée libre, sans inscription."),
    ("Sorties et activités collectives", "Sorties en bord de mer",
     "Des sorties en car vers la côte, pour marcher un peu et se retrouver.",
     "Départ place de la Mairie", "Une fois par mois, d'avril à octobre", "",
     "10 € la sortie, transport compris", "intercommunalité",
     "S'inscrire auprès du club des aînés."),
    ("Sorties et activités collectives", "Club de belote et de scrabble",
     "Deux après-midi par semaine pour jouer et se retrouver autour d'un café.",
     "Maison des associations", "Le mardi et le vendredi après-midi",
     "Tu,Fr 14:00-18:00", "Adhésion de 15 € par an", "commune", "Venir sur place."),
    ("Rencontres intergénérationnelles", "Jardin partagé avec l'école",
     "Aînés et écoliers cultivent ensemble le jardin de l'école.",
     "École publique, rue des Écoles", "Le vendredi matin, hors vacances scolaires",
     "Fr 09:30-11:30", "", "commune", "Appeler la mairie pour rejoindre le groupe."),
    ("Rencontres intergénérationnelles", "Lectures contées avec les enfants",
     "Des aînés lisent des contes aux enfants du centre de loisirs.",
     "Centre de loisirs", "Le mercredi matin", "We 10:00-11:30", "", "commune",
     "Ouvert à tout aîné qui aime lire à voix haute."),
    ("Inclusion numérique", "Atelier tablette et smartphone",
     "Apprendre à envoyer des photos, faire un appel vidéo et lire ses courriels.",
     "Médiathèque", "Le mardi de 10 h à 12 h", "Tu 10:00-12:00", "", "intercommunalité",
     "S'inscrire à l'accueil de la médiathèque ; tablettes prêtées."),
    ("Inclusion numérique", "Permanence numérique",
     "Une conseillère numérique aide à faire ses démarches en ligne.",
     "France services", "Le jeudi de 14 h à 17 h", "Th 14:00-17:00", "", "intercommunalité",
     "Sur rendez-vous ou sans rendez-vous selon l'affluence."),
    ("Mobilité et transport", "Transport solidaire",
     "Des chauffeurs bénévoles accompagnent aux rendez-vous médicaux et aux courses.",
     "", "Du lundi au vendredi, sur réservation 48 h avant", "", "0,35 € du kilomètre",
     "intercommunalité", "Réserver par téléphone au moins deux jours avant."),
    ("Mobilité et transport", "Navette du marché",
     "Un minibus passe dans les hameaux pour conduire au marché.",
     "", "Le samedi matin", "Sa 08:30-12:30", "", "commune",
     "Prévenir la mairie la veille pour être pris à domicile."),
    ("Aide aux démarches et accès aux droits", "Permanence d'aide aux démarches",
     "Aide pour remplir les dossiers de retraite, d'APA ou de téléassistance.",
     "Mairie", "Le lundi de 9 h à 12 h", "Mo 09:00-12:00", "", "commune",
     "Sans rendez-vous, apporter ses papiers."),
    ("Soutien aux aidants", "Café des aidants",
     "Un temps d'échange entre proches aidants, animé par une psychologue.",
     "Centre social", "Un samedi par mois, de 10 h à 12 h", "", "", "département",
     "Entrée libre ; une solution de répit peut être proposée pendant la rencontre."),
    ("Soutien aux aidants", "Halte-répit Alzheimer",
     "Un après-midi d'accueil pour les personnes malades, le temps d'un répit pour l'aidant.",
     "Accueil de jour", "Le mardi de 14 h à 17 h", "Tu 14:00-17:00", "3 € l'après-midi",
     "intercommunalité", "Sur inscription auprès de l'accueil de jour."),
    ("Repérage des personnes isolées", "Veille des voisins solidaires",
     "Des habitants relais signalent les personnes qui semblent isolées, avec leur accord.",
     "", "Toute l'année", "", "", "commune",
     "Devenir voisin relais : se faire connaître à la mairie."),
    ("Culture et loisirs", "Portage de livres à domicile",
     "Les bénévoles de la médiathèque apportent livres, revues et livres lus chez soi.",
     "", "Toutes les trois semaines", "", "", "commune",
     "S'inscrire auprès de la médiathèque, pour soi ou pour un proche."),
    ("Culture et loisirs", "Chorale des aînés",
     "Chanter ensemble le répertoire d'hier et d'aujourd'hui.",
     "Salle de musique", "Le lundi de 15 h à 17 h", "Mo 15:00-17:00", "20 € par an",
     "intercommunalité", "Venir à une répétition pour essayer."),
    ("Activité physique", "Gym douce adaptée",
     "Des exercices doux pour garder la forme, avec un éducateur sportif.",
     "Salle des sports", "Le mercredi de 10 h à 11 h", "We 10:00-11:00", "30 € le trimestre",
     "commune", "Certificat médical demandé à l'inscription."),
    ("Activité physique", "Atelier équilibre et prévention des chutes",
     "Douze séances pour gagner en équilibre et en confiance.",
     "Salle des associations", "Le jeudi matin, de janvier à avril", "", "", "département",
     "S'inscrire auprès du CCAS ; places limitées."),
    ("Activité physique", "Marche nordique seniors",
     "Des marches d'une heure trente sur les chemins de la commune.",
     "Départ parking de la mairie", "Le samedi à 9 h 30", "Sa 09:30-11:00", "", "commune",
     "Bâtons prêtés pour les premières sorties."),
]  # fmt: skip
CARRIERS = {
    "Visites à domicile": ["Petits Frères des Pauvres {dep}", "CCAS de {commune}",
                           "Équipe citoyenne MONALISA de {commune}"],
    "Visites en établissement": ["Association des amis de l'EHPAD de {commune}"],
    "Appels téléphoniques de convivialité": ["CCAS de {commune}", "Croix-Rouge française {dep}"],
    "Sorties et activités collectives": ["Club des aînés de {commune}",
                                         "Générations Mouvement de {commune}"],
    "Rencontres intergénérationnelles": ["Familles rurales de {commune}"],
    "Inclusion numérique": ["Médiathèque de {commune}", "Espace France services de {commune}"],
    "Mobilité et transport": ["Transport solidaire du pays de {commune}"],
    "Aide aux démarches et accès aux droits": ["CCAS de {commune}"],
    "Soutien aux aidants": ["Plateforme de répit des aidants {dep}"],
    "Repérage des personnes isolées": ["CCAS de {commune}"],
    "Culture et loisirs": ["Médiathèque de {commune}", "Chorale Les Voix d'Armor de {commune}"],
    "Activité physique": ["Association Sport santé seniors de {commune}"],
}  # fmt: skip
PUBLICS = {
    "Visites en établissement": "Personnes âgées en établissement",
    "Soutien aux aidants": "Aidants",
    "Rencontres intergénérationnelles": "Personnes âgées vivant à domicile ; Tout public",
}
STATUSES = ["en cours"] * 17 + ["suspendue", "terminée"]


def rows(rng: random.Random) -> list[list]:
    """About 300 actions: each commune gets the actions of a few kinds, bigger towns more."""
    result = []
    today = datetime.date(2026, 11, 15)
    number = 0
    for index, (code, name, postcode, epci) in enumerate(COMMUNES):
        count = 16 if index < 8 else (10 if index < 20 else 5)
        for action in rng.sample(ACTIONS, count):
            kind, title, summary, where, when, hours, cost, zone, how = action
            number += 1
            carrier = rng.choice(CARRIERS[kind]).format(commune=name, dep="des Côtes-d'Armor")
            zone_cell = {"commune": "commune", "intercommunalité": EPCIS[epci]}.get(
                zone, "Côtes-d'Armor"
            )
            commune_cell = rng.choice([name, name, code, f"{name} ({postcode})"])
            if commune_cell.endswith(")"):
                commune_cell = name
            verified = today - datetime.timedelta(days=rng.randint(10, 700))
            result.append(
                [
                    f"CA22-{number:03d}",
                    title if rng.random() < 0.8 else f"{title} — {name}",
                    summary,
                    kind,
                    PUBLICS.get(kind, "Personnes âgées vivant à domicile"),
                    carrier,
                    commune_cell,
                    where,
                    zone_cell,
                    when,
                    hours,
                    "non" if cost else "oui",
                    cost,
                    f"02 61 91 {rng.randint(0, 99):02d} {rng.randint(0, 99):02d}",
                    how,
                    rng.choice(STATUSES),
                    verified,
                    f"{summary} {how}",
                    "",
                ]
            )
    return result


def write(directory: Path = HERE) -> tuple[Path, Path]:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    data = rows(random.Random(SEED))  # noqa: S311  (a sample, not a secret)
    xlsx = directory / "inventaire-exemple.xlsx"
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Inventaire 2026"
    sheet.append(["Inventaire des actions contre l'isolement — MONALISA 22"])
    sheet.append(HEADINGS)
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for row in data:
        sheet.append(row)
        sheet.cell(sheet.max_row, 17).number_format = "DD/MM/YYYY"
    workbook.save(xlsx)
    path = directory / "inventaire-exemple.csv"
    with path.open("w", encoding="utf-8-sig", newline="") as stream:
        writer = csv.writer(stream, delimiter=";", lineterminator="\r\n")
        writer.writerow(HEADINGS)
        for row in data:
            writer.writerow([cell.strftime("%d/%m/%Y") if hasattr(cell, "strftime") else cell
                             for cell in row])  # fmt: skip
    return xlsx, path


if __name__ == "__main__":
    for written in write():
        print(written)
