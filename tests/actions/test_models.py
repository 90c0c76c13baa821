"""The inventory's model: the reverse perimeter look-up, freshness, and who may edit what."""

import pytest

from maillage.actions.models import Action
from maillage.territories.enums import PartKind
from tests.accounts.factories import UserFactory
from tests.actions.factories import ActionFactory
from tests.html import Page

pytestmark = pytest.mark.django_db


def test_an_action_reaches_the_communes_of_its_zone_and_no_other(geography):
    by_epci = ActionFactory(
        commune=geography["saint_brieuc"], parts=[(PartKind.EPCI, geography["sbaa"].code)]
    )
    by_commune = ActionFactory(
        commune=geography["lamballe"], parts=[(PartKind.COMMUNE, geography["lamballe"].code)]
    )
    national = ActionFactory(commune=None, remote=True, parts=[(PartKind.COUNTRY, "FR")])

    assert set(Action.objects.reaching(geography["plerin"])) == {by_epci, national}
    assert set(Action.objects.reaching(geography["lamballe"])) == {by_commune, national}
    assert set(Action.objects.reaching(geography["brest"])) == {national}


def test_freshness_splits_recent_to_check_and_stale_actions(geography):
    recent = ActionFactory(commune=geography["plerin"])
    to_check = ActionFactory(commune=geography["plerin"], to_check=True)
    stale = ActionFactory(commune=geography["plerin"], stale=True)
    ended = ActionFactory(commune=geography["plerin"], ended=True)

    assert set(Action.objects.current()) == {recent, to_check}
    assert set(Action.objects.to_check()) == {to_check, stale}
    assert (recent.needs_check, to_check.needs_check, stale.needs_check) == (False, True, True)
    assert (to_check.is_stale, stale.is_stale) == (False, True)
    assert ended.needs_check is False


def test_referents_animators_and_staff_edit_what_is_theirs(world):
    geography = world.geography
    ours = ActionFactory(commune=geography["plerin"], organisations=[world.organisation])
    held_in_our_territory = ActionFactory(commune=geography["lamballe"])
    theirs = ActionFactory(commune=geography["brest"], organisations=[world.other_organisation])

    def editable(role):
        return set(Action.objects.editable_by(world.people[role]))

    assert editable("referent") == {ours}
    assert editable("other_referent") == {theirs}
    assert editable("animator") == {ours, held_in_our_territory}
    assert editable("other_animator") == {theirs}
    assert editable("staff") == {ours, held_in_our_territory, theirs}
    assert editable("no_role") == set()
    assert not Action.objects.editable_by(UserFactory(is_active=False, staff=True)).exists()


def test_the_action_page_says_how_to_take_part(client, geography):
    action = ActionFactory(
        title="Café des aînés de Plérin",
        commune=geography["plerin"],
        contact_phone="02 96 74 00 00",
        is_free=False,
        cost_details="2 € la séance",
        to_check=True,
    )

    page = Page(client.get(action.get_absolute_url()))

    assert page.h1 == "Café des aînés de Plérin"
    assert page.link("02 96 74 00 00")["href"] == "tel:0296740000"
    assert page.text(".notice").startswith("À vérifier")
    assert page.definitions()["Coût"] == "Payant : 2 € la séance"


@pytest.mark.django_db(transaction=True)
def test_the_kinds_and_publics_come_back_after_the_database_is_emptied():
    from django.core.management import call_command

    from maillage.actions.enums import KindCode, PublicCode
    from maillage.actions.models import Kind, Public

    call_command("flush", interactive=False, verbosity=0)

    assert list(Kind.objects.values_list("code", flat=True)) == list(KindCode.values)
    assert list(Public.objects.values_list("code", flat=True)) == list(PublicCode.values)
