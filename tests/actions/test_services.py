"""The services of the inventory: creation with its zone, versioned updates, confirmation, end
and deletion, each written in the history."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from maillage.actions import services
from maillage.actions.enums import ActionStatus, KindCode, PublicCode
from maillage.actions.models import Action, Kind, Public
from maillage.core.audit import StaleVersion
from maillage.core.models import AuditEntry, AuditSource
from maillage.territories.enums import PartKind
from maillage.territories.models import Perimeter
from tests.actions.factories import ActionFactory

pytestmark = pytest.mark.django_db


def values(world, **changes) -> dict:
    data = {
        "title": "Café des aînés de Plérin",
        "summary": "Un café chaque mardi pour se retrouver.",
        "description": "<p>Ouvert à toutes et à tous.</p>",
        "kinds": Kind.objects.filter(code=KindCode.OUTINGS),
        "publics": Public.objects.filter(code=PublicCode.AT_HOME),
        "commune": world.geography["plerin"],
        "address": "Salle des fêtes",
        "remote": False,
        "schedule": "Le mardi après-midi",
        "opening_hours": "Tu 14:00-17:00",
        "is_free": True,
        "cost_details": "",
        "contact_phone": "02 96 12 34 56",
        "contact_email": "cafe@exemple.fr",
        "drop_in": True,
        "form_url": "",
        "how_to_join": "Venir sur place.",
        "organisations": [world.organisation],
        "status": ActionStatus.ACTIVE,
    }
    data.update(changes)
    return data


def test_creation_keeps_the_creator_the_zone_and_writes_the_history(world):
    referent = world.people["referent"]
    action = services.action_create(
        actor=referent,
        values=values(world),
        zone=[(PartKind.EPCI, world.geography["sbaa"].code), (PartKind.COMMUNE, "22093")],
    )

    action.refresh_from_db()
    assert action.created_by == referent
    assert action.slug == "cafe-des-aines-de-plerin"
    assert action.verified_on == timezone.localdate()
    assert sorted(action.zone.part_pairs()) == [("commune", "22093"), ("epci", "200069409")]
    assert list(action.organisations.all()) == [world.organisation]
    (entry,) = AuditEntry.objects.about(action)
    assert entry.action == "actions.action.create"
    assert entry.actor == referent
    assert entry.changes["title"] == ["", "Café des aînés de Plérin"]
    assert entry.changes["zone"] == [
        "",
        "Commune Lamballe-Armor (22093) ; Intercommunalité Saint-Brieuc Armor Agglomération "
        "(200069409)",
    ]
    assert entry.changes["kinds"] == ["", "Sorties et activités collectives"]


def test_a_second_action_of_the_same_title_gets_its_own_address(world):
    first = services.action_create(actor=None, values=values(world), zone=[("country", "FR")])
    second = services.action_create(actor=None, values=values(world), zone=[("country", "FR")])
    assert (first.slug, second.slug) == ("cafe-des-aines-de-plerin", "cafe-des-aines-de-plerin-2")


def test_creation_refuses_a_place_nowhere_and_an_unknown_territory_leaving_nothing(world):
    before = (Action.objects.count(), Perimeter.objects.count(), AuditEntry.objects.count())
    with pytest.raises(ValidationError) as nowhere:
        services.action_create(
            actor=None, values=values(world, commune=None), zone=[("country", "FR")]
        )
    assert "à distance" in nowhere.value.messages[0]
    with pytest.raises(ValidationError) as unknown:
        services.action_create(actor=None, values=values(world), zone=[("commune", "99999")])
    assert unknown.value.messages == ["Code INSEE de commune inconnu : « 99999 »."]
    assert before == (
        Action.objects.count(),
        Perimeter.objects.count(),
        AuditEntry.objects.count(),
    )


def test_an_update_saves_what_changed_confirms_and_says_the_new_zone(world):
    action = ActionFactory(
        commune=world.geography["plerin"], organisations=[world.organisation], to_check=True
    )
    changes = services.action_update(
        actor=world.people["animator"],
        action=action,
        values={"title": "Visites à Plérin", "kinds": Kind.objects.filter(code=KindCode.DIGITAL)},
        zone=[(PartKind.COMMUNE, "22187")],
        version=action.version,
    )

    action.refresh_from_db()
    assert action.title == "Visites à Plérin"
    assert action.verified_on == timezone.localdate()
    assert action.zone.part_pairs() == [("commune", "22187")]
    assert set(changes) == {"title", "kinds", "verified_on", "zone"}
    assert changes["zone"] == ["Département Côtes-d'Armor (22)", "Commune Plérin (22187)"]
    entry = AuditEntry.objects.about(action).get()
    assert entry.action == "actions.action.update"
    assert entry.summary.startswith("Fiche de l'action modifiée : titre, types d'action")


def test_a_stale_update_is_refused_and_changes_nothing(world):
    action = ActionFactory(commune=world.geography["plerin"])
    started = action.version
    services.action_update(actor=None, action=action, values={"title": "Premier titre"})
    with pytest.raises(StaleVersion) as refused:
        services.action_update(
            actor=None,
            action=action,
            values={"title": "Second titre"},
            zone=[("country", "FR")],
            version=started,
        )
    assert refused.value.changes[0][0] == "titre"
    action.refresh_from_db()
    assert action.title == "Premier titre"
    assert action.zone.part_pairs() == [("department", "22")]


def test_confirming_dates_the_action_today_once(world):
    action = ActionFactory(commune=world.geography["plerin"], stale=True)
    assert services.action_confirm(actor=world.people["referent"], action=action) is True
    assert services.action_confirm(actor=world.people["referent"], action=action) is False

    action.refresh_from_db()
    assert action.verified_on == timezone.localdate()
    (entry,) = AuditEntry.objects.about(action)
    assert entry.action == "actions.action.confirm"
    assert entry.actor == world.people["referent"]


def test_ending_keeps_the_action_and_refuses_twice(world):
    action = ActionFactory(commune=world.geography["plerin"])
    services.action_end(actor=world.people["staff"], action=action)
    action.refresh_from_db()
    assert action.status == ActionStatus.ENDED
    assert AuditEntry.objects.about(action).get().action == "actions.action.end"
    with pytest.raises(ValidationError):
        services.action_end(actor=world.people["staff"], action=action)


def test_deletion_takes_the_zone_with_it(world):
    action = ActionFactory(commune=world.geography["plerin"])
    zone_pk = action.zone_id
    services.action_delete(actor=world.people["staff"], action=action, source=AuditSource.ADMIN)
    assert not Action.objects.filter(pk=action.pk).exists()
    assert not Perimeter.objects.filter(pk=zone_pk).exists()
    entry = AuditEntry.objects.get(action="actions.action.delete")
    assert entry.source == AuditSource.ADMIN


def test_confirming_several_counts_those_confirmed(world):
    actions = [
        ActionFactory(commune=world.geography["plerin"], to_check=True),
        ActionFactory(
            commune=world.geography["plerin"],
            verified_on=timezone.localdate() - datetime.timedelta(days=1),
        ),
        ActionFactory(commune=world.geography["plerin"]),
    ]
    assert services.actions_confirm(actor=None, actions=actions) == 2
