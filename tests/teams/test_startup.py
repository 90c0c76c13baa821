"""« Créer une équipe près de chez moi » and the cooperation's board: the request reaches the
right cooperation (national staff when none covers the commune), moves stage by stage, is
closed with a reason, gets support offers from member organisations, becomes an active team;
untouched requests are reminded once per period. Deny by default on every page."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from maillage.core.models import AuditEntry
from maillage.teams.enums import Stage, TeamStatus
from maillage.teams.models import StartupRequest, SupportOffer
from maillage.teams.services import startup
from tests.html import Page
from tests.mail import nothing_mailed, sent_mails
from tests.organisations.factories import OrganisationFactory

from .factories import StartupRequestFactory

PROJECT = {
    "commune": "Saint-Brieuc (22278)",
    "requester_kind": "few_people",
    "project": "Nous sommes trois voisines et aimerions rendre visite aux personnes seules.",
    "needs": ["training", "place"],
    "contact_name": "Sylvie Guénec",
    "contact_email": "sylvie.guenec@exemple.fr",
    "contact_phone": "",
    "consent": "on",
}


def board_of(cooperation) -> str:
    return reverse("teams:startup_board", args=[cooperation.slug])


def request_in(world, commune="saint_brieuc", **kwargs) -> StartupRequest:
    cooperation = world.other_cooperation if commune == "brest" else world.cooperation
    return StartupRequestFactory(
        commune=world.geography[commune], cooperation=cooperation, **kwargs
    )


# --- the public form ------------------------------------------------------------------------


def test_a_project_reaches_the_animators_of_the_covering_cooperation(
    client, world, django_capture_on_commit_callbacks
):
    page = Page(client.get(reverse("teams:startup_request"), {"commune": "22278"}))
    assert page.value("Votre commune") == "Saint-Brieuc (22278)"

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("teams:startup_request"), PROJECT)

    assert response.status_code == 302
    page = Page(client.get(response["Location"]))
    assert page.h1 == "Votre projet est transmis"
    assert "MONALISA 22" in page.text("main")
    (request,) = StartupRequest.objects.all()
    assert request.cooperation == world.cooperation
    assert request.stage == Stage.RECEIVED
    assert request.needs == ["training", "place"]
    assert list(request.stage_changes.values_list("stage", flat=True)) == [Stage.RECEIVED]
    (mail,) = sent_mails()
    assert mail.to == ["anne.lebihan@exemple.fr"]
    assert mail.subject == "Nouveau projet d'équipe citoyenne à Saint-Brieuc"
    assert "sylvie.guenec@exemple.fr" in mail.text
    assert AuditEntry.objects.about(request).get().action == "teams.startuprequest.create"


def test_where_no_cooperation_covers_the_commune_national_staff_hear_it(
    client, world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("teams:startup_request"), {**PROJECT, "commune": "Ajaccio"})
    (request,) = StartupRequest.objects.all()
    assert request.cooperation is None
    (mail,) = sent_mails()
    assert mail.to == ["equipe.nationale@exemple.fr"]
    page = Page(world.client_as("staff").get(reverse("teams:startup_board_national")))
    assert page.section("Demande reçue (1)").links() != []


@pytest.mark.parametrize(
    ("change", "label", "error"),
    [
        ({"project": "x" * 3001}, "Votre projet en quelques mots", "Votre texte est trop long"),
        ({"contact_email": ""}, "Votre adresse e-mail", "Indiquez une adresse e-mail"),
        ({"consent": ""}, None, "Cochez la case"),
        ({"commune": "Zzyzx"}, "Votre commune", ""),
    ],
)
def test_bad_input_is_refused_kept_and_nothing_stored(client, world, change, label, error):
    response = client.post(reverse("teams:startup_request"), {**PROJECT, **change})
    assert response.status_code == 400
    page = Page(response)
    assert any(error in line for line in page.errors())
    if label:
        assert page.field_errors(label)
    assert page.value("Votre nom") == "Sylvie Guénec"
    assert not StartupRequest.objects.exists()
    assert nothing_mailed()


def test_a_filled_honeypot_stores_nothing(client, world):
    response = client.post(reverse("teams:startup_request"), {**PROJECT, "site_web": "x"})
    assert response.status_code == 400
    assert not StartupRequest.objects.exists()
    assert nothing_mailed()


def test_a_burst_is_refused_and_nothing_more_is_stored(
    client, world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        statuses = [
            client.post(reverse("teams:startup_request"), PROJECT).status_code for _ in range(12)
        ]
    assert statuses == [302] * 10 + [429] * 2
    assert StartupRequest.objects.count() == 10


def test_the_near_page_leads_to_the_form_where_no_team_acts(client, world):
    page = Page(client.get(reverse("teams:near"), {"commune": "22187"}))
    link = page.link("proposer un projet d'équipe à Plérin")
    assert link["href"] == reverse("teams:startup_request") + "?commune=22187"


# --- the board --------------------------------------------------------------------------------


BOARD_ROLES = {
    "anonymous": "sign in",
    "no_role": 404,
    "referent": 404,
    "other_referent": 404,
    "animator": 200,
    "other_animator": 404,
    "staff": 200,
}


@pytest.mark.parametrize(("role", "expected"), BOARD_ROLES.items())
def test_only_the_cooperation_animators_and_staff_open_its_board_and_requests(
    world, role, expected
):
    mine = request_in(world)
    client = world.client_as(role)
    urls = [
        board_of(world.cooperation),
        reverse("teams:startup_request_detail", args=[mine.pk]),
    ]
    for url in urls:
        response = client.get(url)
        if expected == "sign in":
            assert response.status_code == 302 and "/connexion" in response["Location"]
        else:
            assert response.status_code == expected, url
    posts = [
        ("teams:startup_request_move", {"stage": "first_meeting"}),
        ("teams:startup_request_close", {"reason": "Abandon"}),
        ("teams:startup_request_partner", {}),
    ]
    for name, data in posts:
        response = client.post(reverse(name, args=[mine.pk]), data)
        if expected == 200:
            assert response.status_code in (302, 400)
        elif expected == "sign in":
            assert response.status_code == 302 and "/connexion" in response["Location"]
        else:
            assert response.status_code == 404
    mine.refresh_from_db()
    assert (mine.stage == Stage.RECEIVED) == (expected != 200)


def test_an_animator_never_sees_another_cooperations_requests(world):
    request_in(world, "brest", contact_name="Yves Le Gall")
    page = Page(world.client_as("animator").get(board_of(world.cooperation)))
    assert "Brest" not in page.text("main")
    assert world.client_as("animator").get(board_of(world.other_cooperation)).status_code == 404


@pytest.mark.parametrize("role", ["no_role", "referent", "animator"])
def test_only_staff_open_the_national_board(world, role):
    response = world.client_as(role).get(reverse("teams:startup_board_national"))
    assert response.status_code == 403


def test_the_board_shows_each_request_in_its_stage_with_time_and_flag(world):
    old = timezone.now() - datetime.timedelta(days=45)
    request_in(world, stage=Stage.FIRST_MEETING, stage_since=old, last_activity_at=old)
    request_in(world, commune="plerin")
    page = Page(world.client_as("animator").get(board_of(world.cooperation)))
    received = page.section("Demande reçue (1)")
    assert received.links() and received.links()[0].get_text(strip=True).endswith("Plérin")
    meeting = page.section("Première rencontre (1)")
    assert meeting.texts(".startup-flag") == ["Sans action depuis 45 jours"]
    assert "45 jours à cette étape" in meeting.text("li")
    assert meeting.button(
        "Passer à « partenaire d'entrée choisi » : Projet d'équipe à Saint-Brieuc"
    )


def test_the_board_query_count_is_constant(world, django_assert_max_num_queries):
    client = world.client_as("animator")
    for _ in range(3):
        request_in(world)
    with django_assert_max_num_queries(12) as few:
        client.get(board_of(world.cooperation))
    for _ in range(30):
        request_in(world, stage=Stage.TRAINING, no_entry_partner=True)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(board_of(world.cooperation))


# --- moving along the path --------------------------------------------------------------------


def move(world, request, stage, role="animator"):
    url = reverse("teams:startup_request_move", args=[request.pk])
    return world.client_as(role).post(url, {"stage": stage})


def test_a_request_moves_to_the_next_stage_and_its_time_is_kept(world):
    request = request_in(world)
    response = move(world, request, Stage.FIRST_MEETING)
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.stage == Stage.FIRST_MEETING
    assert list(request.stage_changes.values_list("stage", flat=True)) == [Stage.FIRST_MEETING]
    page = Page(world.client_as("animator").get(response["Location"]))
    rows = page.section("Temps passé à chaque étape").table()
    assert [row[0] for row in rows] == ["Première rencontre"]
    assert rows[0][2].endswith("(en cours)")
    assert AuditEntry.objects.about(request).filter(action="teams.startuprequest.move").exists()


def test_the_entry_partner_comes_before_its_stage(world):
    request = request_in(world, stage=Stage.FIRST_MEETING)
    client = world.client_as("animator")
    url = reverse("teams:startup_request_move", args=[request.pk])
    response = client.post(url, {"stage": Stage.TRAINING})
    page = Page(client.get(response["Location"]))
    assert page.messages() == [
        "Indiquez d'abord le partenaire d'entrée choisi par l'équipe, ou « sans partenaire »."
    ]
    request.refresh_from_db()
    assert request.stage == Stage.FIRST_MEETING


def test_the_team_chooses_among_the_offers_or_none(world):
    request = request_in(world, stage=Stage.FIRST_MEETING)
    offer = SupportOffer.objects.create(
        request=request, organisation=world.organisation, kinds=["coaching"]
    )
    stranger = OrganisationFactory()
    client = world.client_as("animator")
    url = reverse("teams:startup_request_partner", args=[request.pk])
    assert client.post(url, {"organisation": stranger.pk}).status_code == 404
    client.post(url, {"organisation": offer.organisation_id})
    request.refresh_from_db()
    assert request.entry_partner == world.organisation and not request.no_entry_partner
    client.post(url, {})
    request.refresh_from_db()
    assert request.entry_partner is None and request.no_entry_partner


def test_reaching_active_opens_the_team_and_invites_the_requester(
    world, django_capture_on_commit_callbacks
):
    request = request_in(world, stage=Stage.CHARTER_SIGNED, no_entry_partner=True)
    with django_capture_on_commit_callbacks(execute=True):
        move(world, request, Stage.ACTIVE)
    request.refresh_from_db()
    team = request.team
    assert team.status == TeamStatus.ACTIVE
    assert team.name == "Équipe citoyenne de Saint-Brieuc"
    assert [c.code for c in team.perimeter.communes()] == ["22278"]
    assert list(team.cooperations.all()) == [world.cooperation]
    (mail,) = sent_mails()
    assert mail.to == [request.contact_email]


def test_a_request_is_closed_with_a_reason(world):
    request = request_in(world)
    client = world.client_as("animator")
    url = reverse("teams:startup_request_close", args=[request.pk])
    response = client.post(url, {"reason": ""})
    assert response.status_code == 400
    assert Page(response).field_errors("Motif de la clôture") == [
        "Indiquez le motif de la clôture."
    ]
    client.post(url, {"reason": "Le groupe a rejoint l'équipe de Plérin."})
    request.refresh_from_db()
    assert request.stage == Stage.CLOSED
    assert request.closed_reason == "Le groupe a rejoint l'équipe de Plérin."
    assert move(world, request, Stage.FIRST_MEETING).status_code == 302
    request.refresh_from_db()
    assert request.stage == Stage.CLOSED


# --- support offers ----------------------------------------------------------------------------


def test_a_member_referent_offers_support_to_their_cooperations_projects_only(
    world, django_capture_on_commit_callbacks
):
    mine = request_in(world)
    theirs = request_in(world, "brest")
    client = world.client_as("referent")
    page = Page(client.get(reverse("teams:startup_offers")))
    assert [row[0] for row in page.table()] == ["Projet d'équipe à Saint-Brieuc"]
    assert "sylvie" not in page.text("main").lower()
    assert client.get(reverse("teams:startup_offer", args=[theirs.pk])).status_code == 404
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("teams:startup_offer", args=[mine.pk]),
            {"organisation": world.organisation.pk, "kinds": ["coaching", "place"]},
        )
    assert response.status_code == 302
    offer = SupportOffer.objects.get()
    assert offer.kinds == ["coaching", "place"] and offer.request == mine
    (mail,) = sent_mails()
    assert mail.to == ["anne.lebihan@exemple.fr"]


@pytest.mark.parametrize("role", ["no_role", "animator", "other_animator"])
def test_who_speaks_for_no_member_organisation_has_no_offers_page(world, role):
    mine = request_in(world)
    client = world.client_as(role)
    assert client.get(reverse("teams:startup_offers")).status_code == 403
    assert client.get(reverse("teams:startup_offer", args=[mine.pk])).status_code == 404


# --- reminders ---------------------------------------------------------------------------------


def test_untouched_requests_are_reminded_once_per_period(world, django_capture_on_commit_callbacks):
    old = timezone.now() - datetime.timedelta(days=31)
    request_in(world, last_activity_at=old)
    request_in(world, "plerin", last_activity_at=old)
    request_in(world)  # recent
    request_in(world, last_activity_at=old, stage=Stage.CLOSED)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("remind_startup_requests", stdout=io.StringIO())
    (mail,) = sent_mails()
    assert mail.to == ["anne.lebihan@exemple.fr"]
    assert mail.subject == "2 projets d'équipe sans action depuis trente jours"
    with django_capture_on_commit_callbacks(execute=True):
        assert startup.startup_requests_remind() == 0
    later = timezone.now() + datetime.timedelta(days=31)
    assert startup.startup_requests_remind(now=later) == 3


def test_mon_espace_leads_a_member_referent_to_the_projects_to_support(world):
    page = Page(world.client_as("referent").get(reverse("accounts:space")))
    link = page.section("Mes rôles").link("Projets d'équipe à soutenir")
    assert link["href"] == reverse("teams:startup_offers")
    page = Page(world.client_as("animator").get(reverse("accounts:space")))
    assert not page.links("Projets d'équipe à soutenir")


def test_the_offers_page_query_count_is_constant(world, django_assert_max_num_queries):
    client = world.client_as("referent")
    request_in(world)
    with django_assert_max_num_queries(20) as few:
        client.get(reverse("teams:startup_offers"))
    for _ in range(20):
        request_in(world, commune="plerin")
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = Page(client.get(reverse("teams:startup_offers")))
    assert len(page.table()) == 21
