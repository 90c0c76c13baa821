"""« Devenir bénévole », the team charter, a team's page and « Écrire à l'équipe »: what a person
who wants to help sees, what the referents receive, and what is refused with nothing stored."""

import pytest
from django.urls import reverse

from maillage.teams.models import VolunteerMessage
from maillage.territories.enums import PartKind
from tests.actions.factories import ActionFactory
from tests.html import Page
from tests.mail import nothing_mailed, sent_mails
from tests.organisations.factories import OrganisationFactory

from .factories import CitizenTeamFactory, TeamReferentFactory

MESSAGE = {
    "sender_name": "Paul Riou",
    "sender_email": "paul.riou@exemple.fr",
    "sender_phone": "",
    "body": "Retraité depuis peu, j'aimerais rendre visite à des personnes seules.",
    "consent": "on",
}


def near(client, **query):
    return Page(client.get(reverse("teams:near"), query))


# --- « Devenir bénévole » ---------------------------------------------------------------------


def test_a_person_finds_the_teams_acting_in_their_commune(client, world, teams):
    labelled = CitizenTeamFactory(
        name="Amitiés Saint-Brieuc",
        meeting_commune=world.geography["saint_brieuc"],
        organisations=[OrganisationFactory(name="Petits Frères des Pauvres 22")],
        labelled=True,
    )
    page = near(client, q="Saint-Brieuc")

    assert page.h1 == "Les équipes citoyennes près de Saint-Brieuc (22)"
    assert page.headings(2)[0] == "2 équipes citoyennes agissent à Saint-Brieuc"
    assert page.texts(".team-results h3") == [
        "Amitiés Saint-Brieuc",
        "Les Visiteurs de Saint-Brieuc",
    ]
    assert page.link("Amitiés Saint-Brieuc")["href"] == labelled.get_absolute_url()
    first, second = page.select(".team-results li")
    assert Page(str(first)).text(".team-label").startswith("Équipe labellisée")
    assert not Page(str(second)).has(".team-label")
    assert "Petits Frères des Pauvres 22" in Page(str(first)).texts(".detail")[0]
    assert Page(str(second)).texts(".detail")[0].endswith("équipe indépendante")


def test_a_shared_link_naming_the_commune_instead_of_its_code_still_finds_it(client, world, teams):
    by_code = near(client, commune=world.geography["saint_brieuc"].code)
    by_name = near(client, commune="saint brieuc")

    assert by_name.h1 == by_code.h1 == "Les équipes citoyennes près de Saint-Brieuc (22)"
    assert by_name.texts(".team-results h3") == by_code.texts(".team-results h3")
    assert by_name.value("Votre commune, son code postal ou son code INSEE") == "saint brieuc"


def test_a_team_acting_in_a_whole_epci_is_found_from_each_of_its_communes(client, world):
    CitizenTeamFactory(
        name="Agglo Solidaire",
        meeting_commune=world.geography["saint_brieuc"],
        parts=[(PartKind.EPCI, world.geography["sbaa"].code)],
    )
    page = near(client, commune="22187")  # Plérin
    assert page.texts(".team-results h3") == ["Agglo Solidaire"]


def test_where_no_team_acts_the_nearest_ones_and_the_way_to_start_one(client, world, teams):
    page = near(client, commune="22187")  # Plérin: same EPCI as Saint-Brieuc, no team

    assert page.headings(2)[0] == "Aucune équipe citoyenne n'agit encore à Plérin"
    assert (
        "Voici l'équipe la plus proche, dans la même intercommunalité, Saint-Brieuc Armor "
        "Agglomération :"
    ) in page.text("main")
    assert page.texts(".team-results h3") == ["Les Visiteurs de Saint-Brieuc"]
    start = page.section("Créer une équipe près de chez vous")
    link = start.link("proposer un projet d'équipe à Plérin")
    assert link["href"] == reverse("teams:startup_request") + "?commune=22187"


def test_the_department_when_the_epci_has_no_team(client, world, teams):
    page = near(client, commune="22093")  # Lamballe-Armor: another EPCI of Côtes-d'Armor
    assert "dans le même département, Côtes-d'Armor :" in page.text("main")
    assert page.texts(".team-results h3") == ["Les Visiteurs de Saint-Brieuc"]


def test_nowhere_near_and_no_cooperation(client, world, teams):
    page = near(client, commune="2A004")  # Ajaccio
    assert "Aucune équipe n'est encore connue" in page.text("main")
    # No cooperation covers it: the request goes to national staff.
    link = page.section("Créer une équipe près de chez vous").link(
        "proposer un projet d'équipe à Ajaccio"
    )
    assert link["href"] == reverse("teams:startup_request") + "?commune=2A004"


def test_a_closed_team_is_not_shown(client, world):
    CitizenTeamFactory(
        name="Ancienne équipe", meeting_commune=world.geography["brest"], status="closed"
    )
    page = near(client, commune="29019")
    assert page.headings(2)[0] == "Aucune équipe citoyenne n'agit encore à Brest"


def test_an_ambiguous_commune_offers_choices(client, world):
    page = near(client, q="Saint-Denis")
    assert page.headings(2) == ["Plusieurs communes correspondent à « Saint-Denis »"]
    hrefs = page.hrefs(".results a")
    assert reverse("teams:near") + "?commune=93066" in hrefs
    assert reverse("teams:near") + "?commune=97411" in hrefs


def test_an_unknown_commune_says_so(client, world):
    page = near(client, q="Zzyzx")
    assert "Aucune commune ne correspond à « Zzyzx »" in page.text("main")


# --- the charter ------------------------------------------------------------------------------


def test_the_charter_lists_every_commitment(client, db):
    page = Page(client.get(reverse("teams:charter")))
    assert page.h1 == "Charte de l'équipe citoyenne"
    assert page.texts(".charter-commitments strong") == [
        "Respecter la personne accompagnée, sans aucune discrimination.",
        "Respecter le libre choix de la personne âgée.",
        "Reconnaître au bénévole le droit de se retirer.",
        "Garder la confidentialité.",
        "N'accepter ni don ni legs.",
        "Ne jamais se substituer aux professionnels.",
        "Se former et partager l'expérience.",
    ]


# --- a team's page ----------------------------------------------------------------------------


def test_the_team_page_shows_its_communes_actions_and_cooperation(client, world, teams):
    team = teams.mine.team
    action = ActionFactory(title="Visites du mardi")
    team.actions.add(action)
    page = Page(client.get(team.get_absolute_url()))

    assert page.h1 == "Les Visiteurs de Saint-Brieuc"
    assert page.definitions()["Appartenance"] == "Équipe indépendante"
    assert page.section("Communes d'intervention").texts("li") == ["Saint-Brieuc (22278)"]
    assert page.section("Les actions de l'équipe").link("Visites du mardi")["href"] == (
        action.get_absolute_url()
    )
    assert page.link("MONALISA 22")["href"] == world.cooperation.get_absolute_url()
    # No address of a referent anywhere on the page.
    assert teams.mine.referent.email not in page.text("body")


def test_a_team_without_referent_offers_its_cooperation_instead_of_the_form(client, world):
    team = CitizenTeamFactory(meeting_commune=world.geography["plerin"], cooperations=True)
    page = Page(client.get(team.get_absolute_url()))
    section = page.section("Écrire à l'équipe")
    assert not section.has("form")
    assert section.link("écrire à MONALISA 22")["href"].endswith("#contact")
    response = client.post(team.get_absolute_url(), MESSAGE)
    assert response.status_code == 200
    assert not VolunteerMessage.objects.exists()


# --- « Écrire à l'équipe » --------------------------------------------------------------------


def test_a_message_reaches_each_referent_and_no_one_else(
    client, world, teams, django_capture_on_commit_callbacks
):
    team = teams.mine.team
    second = TeamReferentFactory(team=team, user__email="second.referent@exemple.fr").user
    VolunteerMessage.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(team.get_absolute_url(), MESSAGE)

    assert response.status_code == 302
    assert response["Location"] == team.get_absolute_url() + "#ecrire"
    page = Page(client.get(response["Location"]))
    assert page.messages() == [
        "Votre message est enregistré : il part dans quelques instants vers les référents de "
        "l'équipe, qui vous répondront."
    ]
    (message,) = VolunteerMessage.objects.all()
    assert message.team == team
    assert message.sender_email == "paul.riou@exemple.fr"
    mails = sent_mails()
    # One mail each: a referent does not see the other's address, no one else sees the sender's.
    assert sorted(mail.to for mail in mails) == [
        [teams.mine.referent.email],
        [second.email],
    ]
    for mail in mails:
        assert mail.reply_to == ["paul.riou@exemple.fr"]
        assert mail.subject == "Un message pour l'équipe Les Visiteurs de Saint-Brieuc"
        assert "Retraité depuis peu" in mail.text
        assert mail.html.link("depuis Maillage")["href"].endswith(
            reverse("teams:backoffice_messages", args=[team.slug])
        )


def test_a_phone_number_is_enough(client, world, teams, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            teams.mine.team.get_absolute_url(),
            {**MESSAGE, "sender_email": "", "sender_phone": "06 12 34 56 78"},
        )
    assert response.status_code == 302
    (mail,) = sent_mails()
    assert mail.reply_to == []
    assert "06 12 34 56 78" in mail.text


@pytest.mark.parametrize(
    ("change", "field", "error"),
    [
        (
            {"body": "x" * 2001},
            "Quelques mots",
            "Votre message est trop long : 2000 caractères au plus (il en compte 2001).",
        ),
        (
            {"sender_email": "", "sender_phone": ""},
            "Votre adresse e-mail",
            "Indiquez une adresse e-mail ou un numéro de téléphone pour que l'équipe puisse "
            "vous répondre.",
        ),
        (
            {"consent": ""},
            "J'accepte que l'équipe reçoive ces informations pour me répondre",
            "Cochez la case pour que l'équipe puisse recevoir votre message.",
        ),
        ({"sender_name": "Eve\r\nBcc: x@y.fr"}, "Votre nom", None),
    ],
)
def test_bad_input_is_refused_kept_and_nothing_stored(client, world, teams, change, field, error):
    VolunteerMessage.objects.all().delete()
    response = client.post(teams.mine.team.get_absolute_url(), {**MESSAGE, **change})

    assert response.status_code == 400
    page = Page(response)
    errors = page.field_errors(field)
    assert errors if error is None else errors == [error]
    assert page.value("Quelques mots") == {**MESSAGE, **change}["body"]
    assert not VolunteerMessage.objects.exists()
    assert nothing_mailed()


def test_a_filled_honeypot_stores_nothing(client, world, teams):
    VolunteerMessage.objects.all().delete()
    response = client.post(
        teams.mine.team.get_absolute_url(), {**MESSAGE, "site_web": "https://spam.example"}
    )
    assert response.status_code == 400
    assert Page(response).errors() == [
        "Votre envoi n'a pas pu être pris en compte. Rechargez la page et réessayez."
    ]
    assert not VolunteerMessage.objects.exists()
    assert nothing_mailed()


def test_a_burst_of_messages_is_refused_and_nothing_more_is_stored(
    client, world, teams, django_capture_on_commit_callbacks
):
    VolunteerMessage.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        statuses = [
            client.post(teams.mine.team.get_absolute_url(), MESSAGE).status_code for _ in range(12)
        ]
        refused = client.post(teams.other.team.get_absolute_url(), MESSAGE)

    assert statuses == [302] * 10 + [429] * 2
    assert refused.status_code == 429
    assert 0 < int(refused["Retry-After"]) <= 3600
    page = Page(refused)
    (error,) = page.errors()
    assert error.startswith("Vous avez envoyé plusieurs messages en peu de temps")
    assert page.value("Quelques mots") == MESSAGE["body"]
    assert VolunteerMessage.objects.count() == 10
    assert not VolunteerMessage.objects.filter(team=teams.other.team).exists()
    assert len(sent_mails()) == 10


def test_the_first_ten_of_the_nearest_are_shown(client, world):
    for n in range(12):
        CitizenTeamFactory(name=f"Équipe {n:02d}", meeting_commune=world.geography["saint_brieuc"])
    page = near(client, commune="22187")
    assert "Voici 10 des 12 équipes les plus proches, dans la même intercommunalité" in page.text(
        "main"
    )
    assert page.texts(".team-results h3") == [f"Équipe {n:02d}" for n in range(10)]


def test_a_team_on_another_epci_of_the_department_is_near(client, world):
    CitizenTeamFactory(
        name="Agglo Solidaire",
        meeting_commune=world.geography["saint_brieuc"],
        parts=[(PartKind.EPCI, world.geography["sbaa"].code)],
    )
    page = near(client, commune="22093")  # Lamballe-Armor, in another EPCI
    assert "dans le même département, Côtes-d'Armor :" in page.text("main")
    assert page.texts(".team-results h3") == ["Agglo Solidaire"]


def test_a_team_whose_only_referent_left_takes_no_message(client, world, teams):
    referent = teams.mine.referent
    referent.is_active = False
    referent.save()
    VolunteerMessage.objects.all().delete()
    page = Page(client.get(teams.mine.team.get_absolute_url()))
    assert not page.section("Écrire à l'équipe").has("form")
    assert client.post(teams.mine.team.get_absolute_url(), MESSAGE).status_code == 200
    assert not VolunteerMessage.objects.exists()
