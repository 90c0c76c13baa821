"""A team's space as its referents use it (messages, presentation, charter), and the teams of a
cooperation as its animators see them (label, messages waiting, without any sender's address)."""

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from maillage.core.models import AuditEntry
from maillage.teams.models import CitizenTeam, VolunteerMessage
from tests.html import Page
from tests.mail import nothing_mailed, sent_mails

from .factories import TeamCharterSignatureFactory, VolunteerMessageFactory


def url(name, team, *args):
    return reverse(f"teams:{name}", args=[team.slug, *args])


# --- the inbox ------------------------------------------------------------------------------


def test_a_referent_reads_answers_and_closes_a_message(
    world, teams, django_capture_on_commit_callbacks
):
    team, message = teams.mine.team, teams.mine.message
    client = world.client_as("team_referent")
    inbox = Page(client.get(url("backoffice_messages", team)))
    assert inbox.table() == [
        [
            "Bénévole de Les Visiteurs de Saint-Brieuc",
            date_format(timezone.localdate(), "j F Y"),
            "En attente de réponse",
        ]
    ]

    page = Page(client.get(url("backoffice_message", team, message.pk)))
    assert page.definitions()["Adresse e-mail"] == "benevole-visiteurs-saint-brieuc@exemple.fr"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url("backoffice_message", team, message.pk), {"text": "Bienvenue ! Appelez-nous."}
        )
    assert response.status_code == 302
    (mail,) = sent_mails()
    assert mail.to == ["benevole-visiteurs-saint-brieuc@exemple.fr"]
    assert mail.reply_to == [teams.mine.referent.email]
    assert "Bienvenue ! Appelez-nous." in mail.text
    message.refresh_from_db()
    assert message.answered_by == teams.mine.referent
    entry = AuditEntry.objects.about(team).latest("pk")
    assert entry.action == "teams.volunteermessage.reply"
    assert "benevole" not in entry.summary

    client.post(url("backoffice_message_close", team, message.pk))
    message.refresh_from_db()
    assert message.closed_at is not None
    page = Page(client.get(url("backoffice_message", team, message.pk)))
    assert not page.has("main form textarea")


def test_an_over_long_reply_is_refused_and_kept(world, teams):
    client = world.client_as("team_referent")
    response = client.post(
        url("backoffice_message", teams.mine.team, teams.mine.message.pk), {"text": "x" * 5001}
    )
    page = Page(response)
    assert page.field_errors("Votre réponse")
    assert page.value("Votre réponse") == "x" * 5001
    assert nothing_mailed()
    teams.mine.message.refresh_from_db()
    assert teams.mine.message.answered_at is None


def test_a_phone_only_message_is_answered_by_phone(world, teams):
    message = VolunteerMessageFactory(
        team=teams.mine.team, sender_email="", sender_phone="06 12 34 56 78"
    )
    page = Page(
        world.client_as("team_referent").get(url("backoffice_message", teams.mine.team, message.pk))
    )
    assert page.definitions()["Téléphone"] == "06 12 34 56 78"
    assert not page.has("main form textarea")


# --- the team's presentation ------------------------------------------------------------------


def test_a_referent_edits_the_team_and_its_communes(world, teams):
    team = teams.mine.team
    client = world.client_as("team_referent")
    page = Page(client.get(url("backoffice_edit", team)))
    assert page.value("Communes d'intervention") == "Saint-Brieuc (22278)"
    data = {
        "name": "Les Visiteurs de la baie",
        "description": "Des visites chaque semaine.",
        "status": "active",
        "founded_on": "",
        "communes": "Saint-Brieuc\nPlérin",
        "meeting_commune": "",
        "kinds": [],
        "organisations": [],
        "version": str(team.version),
    }
    response = client.post(url("backoffice_edit", team), data)
    assert response.status_code == 302
    team.refresh_from_db()
    assert team.name == "Les Visiteurs de la baie"
    assert set(team.perimeter.communes().values_list("code", flat=True)) == {"22278", "22187"}
    assert set(CitizenTeam.objects.acting_in(world.geography["plerin"])) == {team}


def test_an_unknown_commune_is_refused_and_nothing_changes(world, teams):
    team = teams.mine.team
    client = world.client_as("team_referent")
    response = client.post(
        url("backoffice_edit", team),
        {
            "name": "Autre nom",
            "status": "active",
            "communes": "Saint-Brieuc\nZzyzx",
            "version": str(team.version),
        },
    )
    page = Page(response)
    assert page.field_errors("Communes d'intervention")[0].startswith(
        "Aucune commune ne correspond à « Zzyzx »"
    )
    assert page.value("Communes d'intervention") == "Saint-Brieuc\nZzyzx"
    team.refresh_from_db()
    assert team.name == "Les Visiteurs de Saint-Brieuc"


# --- the charter and the label, through the pages ---------------------------------------------


def test_from_signature_to_label_to_withdrawal(
    client, world, teams, django_capture_on_commit_callbacks
):
    team = teams.mine.team
    referent = world.client_as("team_referent")
    with django_capture_on_commit_callbacks(execute=True):
        response = referent.post(
            url("backoffice_charter", team), {"signatory_name": "Claire Le Goff", "agree": "on"}
        )
    assert response.status_code == 302
    assert sent_mails()[0].to == ["anne.lebihan@exemple.fr"]

    animator = world.client_as("animator")
    home = Page(animator.get(url("backoffice_home", team)))
    assert home.button("Reconnaître le label de l'équipe Les Visiteurs de Saint-Brieuc")
    animator.post(url("label_recognise", team))

    public = Page(client.get(team.get_absolute_url()))
    assert public.text(".team-label").startswith("Équipe labellisée")
    near = Page(client.get(reverse("teams:near"), {"commune": "22278"}))
    assert near.has(".team-results .team-label")

    refused = animator.post(url("label_withdraw", team), {"reason": ""})
    assert Page(refused).field_errors("Motif du retrait") == ["Indiquez le motif du retrait."]
    animator.post(url("label_withdraw", team), {"reason": "Engagements non tenus."})
    public = Page(client.get(team.get_absolute_url()))
    assert not public.has(".team-label")
    charter = Page(referent.get(url("backoffice_charter", team)))
    assert "Engagements non tenus." in charter.text("main")
    assert charter.button("Signer la charte")


def test_signing_needs_the_agreement(world, teams):
    response = world.client_as("team_referent").post(
        url("backoffice_charter", teams.mine.team), {"signatory_name": "Claire Le Goff"}
    )
    assert Page(response).field_errors(
        "L'équipe a lu la charte de l'équipe citoyenne et s'engage à la respecter"
    ) == ["Cochez la case pour signer la charte au nom de l'équipe."]
    assert not teams.mine.team.charter_signatures.exists()


# --- the cooperation's teams ------------------------------------------------------------------


def test_the_animator_sees_waiting_messages_counted_never_their_senders(world, teams):
    team = teams.mine.team
    VolunteerMessage.objects.filter(pk=teams.mine.message.pk).update(
        created_at=timezone.now() - timezone.timedelta(days=15)
    )
    TeamCharterSignatureFactory(team=team)
    page = Page(
        world.client_as("animator").get(
            reverse("teams:cooperation_teams", args=[world.cooperation.slug])
        )
    )
    assert page.table() == [
        [
            "Les Visiteurs de Saint-Brieuc équipe active",
            "Saint-Brieuc",
            "Charte signée, à reconnaître",
            "1",
            "1",
        ]
    ]
    assert "benevole" not in page.text("body")
    assert "Bénévole de" not in page.text("body")


def test_an_animator_adds_a_team_in_their_territory_only(world):
    client = world.client_as("animator")
    create = reverse("teams:cooperation_team_create", args=[world.cooperation.slug])
    data = {"name": "Brest Entraide", "status": "project", "communes": "Brest"}
    refused = Page(client.post(create, data))
    assert refused.field_errors("Communes d'intervention") == [
        "Aucune de ces communes n'est dans le territoire de MONALISA 22."
    ]
    assert not CitizenTeam.objects.exists()

    response = client.post(create, {**data, "name": "Plérin Entraide", "communes": "Plérin"})
    team = CitizenTeam.objects.get()
    assert response["Location"] == url("backoffice_referents", team)
    assert list(team.cooperations.all()) == [world.cooperation]


def test_staff_find_the_teams_without_cooperation(world, teams):
    from .factories import CitizenTeamFactory

    CitizenTeamFactory(name="Ajaccio Solidarité", meeting_commune=world.geography["ajaccio"])
    client = world.client_as("staff")
    rows = Page(client.get(reverse("teams:backoffice_list"), {"sans_cooperation": "1"})).table()
    assert [row[0] for row in rows] == ["Ajaccio Solidarité équipe active"]


def choices(page, legend: str) -> list[str]:
    """The labels of the checkboxes of the group `legend`."""
    group = page.label_for(legend).find_parent("fieldset")
    return [label.get_text(strip=True) for label in group.find_all("label")]


def test_a_referent_names_the_teams_organisations_and_actions(world, teams):
    from tests.actions.factories import ActionFactory

    team = teams.mine.team
    action = ActionFactory(title="Goûters du jeudi", commune=world.geography["saint_brieuc"])
    client = world.client_as("team_referent")
    page = Page(client.get(url("backoffice_edit", team)))
    assert "Petits Frères des Pauvres 22" in choices(page, "Organisations d'appartenance")
    assert choices(page, "Actions portées") == ["Goûters du jeudi"]
    response = client.post(
        url("backoffice_edit", team),
        {
            "name": team.name,
            "status": "active",
            "communes": "Saint-Brieuc",
            "organisations": [world.organisation.pk],
            "actions": [action.pk],
            "version": str(team.version),
        },
    )
    assert response.status_code == 302
    assert list(team.organisations.all()) == [world.organisation]
    assert list(team.actions.all()) == [action]
    public = Page(client.get(team.get_absolute_url()))
    assert public.definitions()["Appartenance"] == "Petits Frères des Pauvres 22"


def test_answers_are_limited_per_account(world, teams, settings, monkeypatch):
    from maillage.teams.services import volunteers

    monkeypatch.setattr(volunteers, "REPLY_RATE", "2/h")
    client = world.client_as("team_referent")
    messages = [VolunteerMessageFactory(team=teams.mine.team) for _ in range(3)]
    statuses = [
        client.post(url("backoffice_message", teams.mine.team, m.pk), {"text": "Merci !"})
        for m in messages
    ]
    assert [r.status_code for r in statuses] == [302, 302, 200]
    assert (
        Page(statuses[-1])
        .field_errors("Votre réponse")[0]
        .startswith("Vous avez fait cette demande plusieurs fois en peu de temps.")
    )
    assert VolunteerMessage.objects.filter(answered_at__isnull=False).count() == 2


def test_an_animator_confirms_the_link_of_their_cooperation(world, teams):
    team = teams.mine.team
    client = world.client_as("animator")
    home = Page(client.get(url("backoffice_home", team)))
    button = home.button("Confirmer que MONALISA 22 travaille avec l'équipe")
    assert button.find_parent("form")["action"] == reverse(
        "teams:cooperation_confirm", args=[team.slug, "monalisa-22"]
    )
    client.post(reverse("teams:cooperation_confirm", args=[team.slug, "monalisa-22"]))
    link = team.cooperation_links.get()
    assert link.confirmed_at is not None
    assert AuditEntry.objects.about(team).latest("pk").action == "teams.teamcooperation.confirm"
    home = Page(client.get(url("backoffice_home", team)))
    assert "lien confirmé le" in home.definitions()["Coopération"]
    # The referent sees the link, without the button.
    referent_home = Page(world.client_as("team_referent").get(url("backoffice_home", team)))
    assert not [b for b in referent_home.buttons() if b.startswith("Confirmer")]
    assert "MONALISA 22" in referent_home.definitions()["Coopération"]
