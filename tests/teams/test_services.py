"""The writes on a team: opening it (its cooperations derived from its communes), changing it
(versioned), inviting its referents, the charter and its label. Each one audited, mails
through the outbox."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from maillage.core.audit import StaleVersion
from maillage.core.models import AuditEntry
from maillage.teams import services
from maillage.teams.models import TeamCooperation, TeamReferent
from maillage.territories.enums import PartKind
from tests.accounts.factories import UserFactory
from tests.cooperations.factories import AnimatorFactory, CooperationFactory
from tests.html import Page
from tests.mail import sent_mails

from .factories import CitizenTeamFactory, TeamCharterSignatureFactory


def linked(team) -> list[str]:
    return sorted(team.cooperations.values_list("name", flat=True))


# --- opening and changing a team --------------------------------------------------------------


def test_a_new_team_works_with_the_cooperations_covering_its_communes(world):
    geo = world.geography
    CooperationFactory(
        name="Coopération de l'agglomération", parts=[(PartKind.EPCI, geo["sbaa"].code)]
    )
    CooperationFactory(name="Coopération de Lamballe", parts=[(PartKind.COMMUNE, "22093")])
    team = services.team_create(
        actor=world.people["animator"],
        name="Les Voisins de Plérin",
        communes=[geo["plerin"], geo["saint_brieuc"]],
    )

    assert linked(team) == ["Coopération de l'agglomération", "MONALISA 22"]
    assert team.slug == "les-voisins-de-plerin"
    assert team.meeting_commune == geo["plerin"]
    (entry,) = AuditEntry.objects.about(team)
    assert entry.action == "teams.citizenteam.create"
    assert entry.actor == world.people["animator"]
    assert entry.changes["communes d'intervention"] == ["", "Plérin (22187), Saint-Brieuc (22278)"]
    assert entry.changes["coopérations"] == ["", "Coopération de l'agglomération, MONALISA 22"]


def test_a_team_in_a_territory_without_cooperation_has_none(world):
    team = services.team_create(
        actor=world.people["staff"],
        name="Ajaccio Solidarité",
        communes=[world.geography["ajaccio"]],
    )
    assert linked(team) == []


def test_two_teams_of_the_same_name_get_two_addresses(world):
    first = services.team_create(
        actor=world.people["staff"], name="Charte", communes=[world.geography["brest"]]
    )
    second = services.team_create(
        actor=world.people["staff"], name="Charte", communes=[world.geography["brest"]]
    )
    # "charte" is the address of the charter page.
    assert (first.slug, second.slug) == ("charte-2", "charte-3")


def test_moving_a_team_derives_its_cooperations_again_and_keeps_the_confirmed_ones(world):
    geo = world.geography
    team = services.team_create(
        actor=world.people["staff"], name="Itinérante", communes=[geo["saint_brieuc"]]
    )
    local = CooperationFactory(name="Coopération briochine", parts=[(PartKind.COMMUNE, "22278")])
    TeamCooperation.objects.create(team=team, cooperation=local, confirmed_at=timezone.now())

    services.team_update(actor=world.people["staff"], team=team, data={}, communes=[geo["brest"]])

    assert linked(team) == ["Coopération briochine", "MONALISA 29"]
    entry = AuditEntry.objects.about(team).latest("pk")
    assert entry.changes["communes d'intervention"] == ["Saint-Brieuc (22278)", "Brest (29019)"]
    assert entry.changes["coopérations"] == ["MONALISA 22", "MONALISA 29"]


def test_a_stale_edit_is_refused(world, teams):
    team = teams.mine.team
    started = team.version
    services.team_update(actor=world.people["staff"], team=team, data={"name": "Nouveau nom"})
    with pytest.raises(StaleVersion):
        services.team_update(
            actor=world.people["animator"], team=team, data={"name": "Autre"}, version=started
        )
    team.refresh_from_db()
    assert team.name == "Nouveau nom"


# --- referents ------------------------------------------------------------------------------


def test_an_invited_referent_accepts_and_finds_the_team_in_their_space(
    client, world, teams, django_capture_on_commit_callbacks
):
    team = teams.mine.team
    with django_capture_on_commit_callbacks(execute=True):
        services.referent_invite(
            actor=world.people["animator"],
            team=team,
            email="Jeanne.Nouvelle@exemple.fr",
            base_url="http://testserver",
        )
    (mail,) = sent_mails()
    assert mail.to == ["jeanne.nouvelle@exemple.fr"]
    assert "être référent de l'équipe citoyenne Les Visiteurs de Saint-Brieuc" in mail.text
    path = mail.links[0].removeprefix("http://testserver")
    person = UserFactory(email="jeanne.nouvelle@exemple.fr")
    client.force_login(person)
    accept = client.get(path)["Location"]  # the token goes into the session first
    assert client.post(accept).status_code == 302

    assert TeamReferent.objects.filter(team=team, user=person).exists()
    space = Page(client.get(reverse("accounts:space")))
    link = space.link("Référent de l'équipe Les Visiteurs de Saint-Brieuc")
    assert link["href"] == reverse("teams:backoffice_home", args=[team.slug])
    summaries = list(AuditEntry.objects.about(team).values_list("summary", flat=True))
    assert "Invitation de référent envoyée à jeanne.nouvelle@exemple.fr" in summaries
    assert f"Nouveau référent : {person}" in summaries


def test_an_existing_referent_is_not_invited_again(world, teams):
    with pytest.raises(ValidationError):
        services.referent_invite(
            actor=world.people["staff"],
            team=teams.mine.team,
            email=teams.mine.referent.email,
            base_url="",
        )


def test_mon_espace_lists_an_animators_teams_and_the_staffs(client, world, teams):
    client.force_login(world.people["animator"])
    space = Page(client.get(reverse("accounts:space")))
    assert space.link("Équipes citoyennes de MONALISA 22")["href"] == reverse(
        "teams:cooperation_teams", args=["monalisa-22"]
    )
    client.force_login(world.people["staff"])
    space = Page(client.get(reverse("accounts:space")))
    assert space.link("Toutes les équipes citoyennes")["href"] == reverse("teams:backoffice_list")


# --- the charter and the label ----------------------------------------------------------------


def test_the_charter_signed_recognised_then_withdrawn(
    world, teams, django_capture_on_commit_callbacks
):
    team = teams.mine.team
    referent, animator = teams.mine.referent, world.people["animator"]
    AnimatorFactory(cooperation=world.cooperation, user__email="co-animateur@exemple.fr")

    with django_capture_on_commit_callbacks(execute=True):
        signature = services.charter_sign(
            actor=referent, team=team, signatory_name="Claire Le Goff"
        )
    assert signature.signed_by == referent
    assert signature.signed_on == timezone.localdate()
    assert sorted(mail.to[0] for mail in sent_mails()) == [
        "anne.lebihan@exemple.fr",
        "co-animateur@exemple.fr",
    ]
    assert not team.__class__.objects.labelled().exists()

    with django_capture_on_commit_callbacks(execute=True):
        services.label_recognise(actor=animator, team=team, cooperation=world.cooperation)
    assert list(team.__class__.objects.labelled()) == [team]
    assert team.cooperation_links.get().confirmed_at is not None
    recognised = sent_mails()[-1]
    assert recognised.to == [referent.email]
    assert recognised.subject == "L'équipe Les Visiteurs de Saint-Brieuc est labellisée"

    with django_capture_on_commit_callbacks(execute=True):
        services.label_withdraw(actor=animator, team=team, reason="Des dons ont été acceptés.")
    assert not team.__class__.objects.labelled().exists()
    withdrawn = sent_mails()[-1]
    assert withdrawn.to == [referent.email]
    assert "Des dons ont été acceptés." in withdrawn.text

    actions = list(AuditEntry.objects.about(team).order_by("pk").values_list("action", flat=True))
    assert actions[-3:] == [
        "teams.teamchartersignature.create",
        "teams.teamchartersignature.recognise",
        "teams.teamchartersignature.withdraw",
    ]
    # The team may sign again.
    services.charter_sign(actor=referent, team=team, signatory_name="Claire Le Goff")


def test_one_signature_at_a_time_and_no_recognition_twice(world, teams):
    team = teams.mine.team
    TeamCharterSignatureFactory(team=team, recognised=True)
    with pytest.raises(ValidationError, match="déjà signé"):
        services.charter_sign(actor=teams.mine.referent, team=team, signatory_name="X")
    with pytest.raises(ValidationError, match="déjà reconnu"):
        services.label_recognise(actor=world.people["animator"], team=team)


def test_a_withdrawal_needs_a_reason(world, teams):
    TeamCharterSignatureFactory(team=teams.mine.team, recognised=True)
    with pytest.raises(ValidationError, match="motif"):
        services.label_withdraw(actor=world.people["staff"], team=teams.mine.team, reason="  ")


def test_staff_recognise_only_where_no_cooperation_covers_the_team(client, world):
    from maillage.teams import permissions

    staff = world.people["staff"]
    covered = CitizenTeamFactory(meeting_commune=world.geography["plerin"], cooperations=True)
    alone = CitizenTeamFactory(meeting_commune=world.geography["ajaccio"], cooperations=True)
    assert not permissions.can_recognise_label(staff, covered)
    assert permissions.can_recognise_label(staff, alone)
    assert permissions.can_withdraw_label(staff, covered)
    assert permissions.can_recognise_label(world.people["animator"], covered)
    assert not permissions.can_recognise_label(world.people["other_animator"], covered)
