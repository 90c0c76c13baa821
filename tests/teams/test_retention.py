"""The daily commands: reminders of unanswered messages (referents after 7 days, the
cooperation's animators after 14, without the sender), and the retention purge, which deletes
or anonymises exactly what is due and nothing else."""

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from maillage.teams.enums import Stage
from maillage.teams.models import StartupRequest, VolunteerMessage
from tests.mail import sent_mails

from .factories import StartupRequestFactory, VolunteerMessageFactory

DAY = datetime.timedelta(days=1)


def ago(days: float) -> datetime.datetime:
    return timezone.now() - days * DAY


# --- reminders ------------------------------------------------------------------------------


def test_referents_are_reminded_after_seven_days_once(
    world, teams, django_capture_on_commit_callbacks
):
    team = teams.mine.team
    VolunteerMessage.objects.all().delete()
    due = [VolunteerMessageFactory(team=team, received_days_ago=8) for _ in range(2)]
    VolunteerMessageFactory(team=team, received_days_ago=6)
    VolunteerMessageFactory(team=team, received_days_ago=9, answered_at=ago(1))
    VolunteerMessageFactory(team=team, received_days_ago=9, closed_at=ago(1))

    with django_capture_on_commit_callbacks(execute=True):
        call_command("remind_team_messages", stdout=None)
    (mail,) = sent_mails()
    assert mail.to == [teams.mine.referent.email]
    assert mail.subject == (
        "2 messages attendent une réponse de l'équipe Les Visiteurs de Saint-Brieuc"
    )
    assert set(VolunteerMessage.objects.filter(reminded_at__isnull=False)) == set(due)

    with django_capture_on_commit_callbacks(execute=True):
        call_command("remind_team_messages")
    assert len(sent_mails()) == 1


def test_animators_learn_of_messages_waiting_fourteen_days_without_the_sender(
    world, teams, django_capture_on_commit_callbacks
):
    VolunteerMessage.objects.all().delete()
    VolunteerMessageFactory(
        team=teams.mine.team,
        received_days_ago=15,
        reminded_at=ago(8),
        sender_name="Odile Kermarrec",
        sender_email="odile@exemple.fr",
        sender_phone="06 11 22 33 44",
    )
    VolunteerMessageFactory(team=teams.other.team, received_days_ago=10, reminded_at=ago(3))

    with django_capture_on_commit_callbacks(execute=True):
        call_command("remind_team_messages")
    (mail,) = sent_mails()
    assert mail.to == ["anne.lebihan@exemple.fr"]  # MONALISA 22 only
    assert mail.subject == "L'équipe Les Visiteurs de Saint-Brieuc n'a pas répondu à 1 message"
    for secret in ("Odile", "Kermarrec", "odile@exemple.fr", "06 11 22 33 44"):
        assert secret not in mail.text
        assert secret not in mail.html.text()
    assert VolunteerMessage.objects.filter(escalated_at__isnull=False).count() == 1


# --- retention ------------------------------------------------------------------------------


@pytest.fixture
def retention(settings):
    settings.MAILLAGE_TEAM_DATA_RETENTION_DAYS = 30
    return 30


def test_the_purge_deletes_exactly_the_messages_due(world, teams, retention):
    team = teams.mine.team
    VolunteerMessage.objects.all().delete()
    closed_long_ago = VolunteerMessageFactory(team=team, received_days_ago=60, closed_at=ago(31))
    answered_long_ago = VolunteerMessageFactory(
        team=team, received_days_ago=60, answered_at=ago(31)
    )
    kept = [
        VolunteerMessageFactory(team=team, received_days_ago=60, closed_at=ago(29)),
        VolunteerMessageFactory(team=team, received_days_ago=60, answered_at=ago(29)),
        # Never answered nor closed: the cooperation has been told; it is not "done".
        VolunteerMessageFactory(team=team, received_days_ago=400),
        VolunteerMessageFactory(team=team),
    ]

    call_command("purge_team_data")

    assert set(VolunteerMessage.objects.all()) == set(kept)
    assert not VolunteerMessage.objects.filter(
        pk__in=[closed_long_ago.pk, answered_long_ago.pk]
    ).exists()


def test_the_purge_anonymises_closed_requests_and_keeps_them_for_the_figures(
    world, teams, retention
):
    commune = world.geography["plerin"]
    due = StartupRequestFactory(
        commune=commune,
        contact_phone="06 00 00 00 00",
        stage=Stage.CLOSED,
        closed_at=ago(31),
        closed_reason="Le groupe a rejoint l'équipe voisine.",
    )
    became_a_team = StartupRequestFactory(commune=commune, stage=Stage.ACTIVE, stage_since=ago(40))
    recent = StartupRequestFactory(commune=commune, stage=Stage.CLOSED, closed_at=ago(29))
    open_request = StartupRequestFactory(commune=commune, created_at=ago(400))
    before = {r.pk: (r.contact_email, r.project) for r in (recent, open_request)}

    call_command("purge_team_data")

    for request in (due, became_a_team):
        request.refresh_from_db()
        assert request.anonymised_at is not None
        assert (
            request.contact_name,
            request.contact_email,
            request.contact_phone,
            request.project,
            request.closed_reason,
        ) == ("", "", "", "", "")
        assert request.commune == commune  # still counted in the figures
    for request in (recent, open_request):
        request.refresh_from_db()
        assert request.anonymised_at is None
        assert (request.contact_email, request.project) == before[request.pk]
    assert StartupRequest.objects.count() == 4

    # A second run finds nothing more to do and leaves the dates alone.
    stamped = StartupRequest.objects.get(pk=due.pk).anonymised_at
    call_command("purge_team_data")
    assert StartupRequest.objects.get(pk=due.pk).anonymised_at == stamped


def test_the_retention_defaults_to_a_year(db):
    from maillage.teams.services import retention_days

    assert retention_days() == 365


def test_the_form_says_how_long_a_message_is_kept(client, world, teams, settings):
    from tests.html import Page

    settings.MAILLAGE_TEAM_DATA_RETENTION_DAYS = 730
    page = Page(client.get(teams.mine.team.get_absolute_url()))
    assert page.described_by(
        "J'accepte que l'équipe reçoive ces informations pour me répondre"
    ) == ["Votre message est supprimé 2 ans après avoir été traité."]
