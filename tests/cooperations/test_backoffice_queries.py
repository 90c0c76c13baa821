"""Every back-office page runs a fixed number of queries, whatever the number of members, news
items, objectives, testimonies, animators, invitations, history lines or territory parts."""

from types import SimpleNamespace

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from maillage.accounts.services import invitation_create
from maillage.cooperations.services import ANIMATOR_ROLE
from maillage.core.models import audit
from maillage.territories.services import perimeter_set_parts
from tests.accounts.factories import UserFactory
from tests.organisations.factories import OrganisationFactory

from . import factories
from .test_backoffice_permissions import furnish

# (URL name, object in the URL, query string, queries expected). The count includes the session
# and the user of the signed-in animator (2 queries) and the gatekeeper's look-up (1 query).
PAGES = [
    ("backoffice_home", None, {}, 4),
    ("backoffice_edit", None, {}, 3),
    ("backoffice_aims", None, {}, 4),
    ("backoffice_objectives", None, {}, 4),
    ("backoffice_news", None, {}, 4),
    ("backoffice_news_add", None, {}, 3),
    ("backoffice_news_edit", "news", {}, 4),
    ("backoffice_news_delete", "news", {}, 4),
    ("backoffice_testimonies", None, {}, 4),
    ("backoffice_testimony_add", None, {}, 3),
    ("backoffice_testimony_edit", "testimony", {}, 4),
    ("backoffice_testimony_delete", "testimony", {}, 4),
    ("backoffice_perimeter", None, {}, 9),
    ("backoffice_perimeter", None, {"kind": "commune", "q": "saint"}, 10),
    ("backoffice_perimeter", None, {"kind": "department", "q": "armor"}, 10),
    ("backoffice_members", None, {}, 4),
    # The search also reads the territory's parts and counts every match (« N autres »).
    ("backoffice_members", None, {"q": "association"}, 7),
    ("backoffice_member_create", None, {}, 3),
    ("backoffice_member_edit", "membership", {}, 4),
    ("backoffice_member_remove", "membership", {}, 4),
    ("backoffice_animators", None, {}, 8),
    ("backoffice_history", None, {}, 5),
]


@pytest.fixture
def world(backoffice_people, armor_cooperation, finistere_cooperation, geography):
    # One line of history already, so that the history page has a page to read.
    audit(actor=None, target=armor_cooperation, action="test", summary="ligne initiale")
    return SimpleNamespace(
        people=backoffice_people,
        armor=furnish(armor_cooperation, inviter=backoffice_people["staff"]),
        geography=geography,
    )


def grow(world, size: int) -> None:
    """Add `size` rows of everything a back-office page lists. Territory parts are looked up
    with one query per kind of part (at most four kinds): more parts of the same kinds."""
    cooperation = world.armor.cooperation
    staff = world.people["staff"]
    for number in range(size):
        membership = factories.MembershipFactory(
            cooperation=cooperation,
            organisation__name=f"Association d'entraide n° {number}",
            organisation__commune=world.geography["plerin"],
        )
        factories.NewsItemFactory(cooperation=cooperation)
        factories.ObjectiveFactory(cooperation=cooperation)
        factories.TestimonyFactory(cooperation=cooperation)
        factories.AnimatorFactory(
            cooperation=cooperation,
            user=UserFactory(email=f"animateur-{number}@exemple.fr"),
            organisation=membership.organisation,
        )
        invitation_create(
            invited_by=staff,
            email=f"invitee-{number}@exemple.fr",
            role=ANIMATOR_ROLE,
            target=cooperation,
            label="animer",
            extra={"organisation_id": membership.organisation.pk},
        )
        audit(
            actor=staff,
            target=cooperation,
            action="test",
            summary=f"ligne {number}",
            changes={"name": ["a", "b"]},
        )
        if number < 8:
            factories.CooperationAimFactory(cooperation=cooperation, aim=number + 1)
        # Unmatched by the search ("association") so that the results stay one page.
        OrganisationFactory(name=f"Club {number}")
    perimeter_set_parts(
        perimeter=cooperation.perimeter,
        parts=[
            *cooperation.perimeter.part_pairs(),
            ("commune", "29019"),
            ("commune", "22187"),
            ("department", "29"),
        ],
    )


def page_url(world, name, obj, query) -> str:
    args = [world.armor.slug]
    if obj:
        args.append(getattr(world.armor, obj).pk)
    return reverse(f"cooperations:{name}", args=args), query


@pytest.mark.parametrize(
    ("name", "obj", "query", "expected"),
    PAGES,
    ids=[f"{name}{'?' + '&'.join(query) if query else ''}" for name, _o, query, _e in PAGES],
)
def test_back_office_pages_run_a_constant_number_of_queries(
    client, world, django_assert_num_queries, name, obj, query, expected
):
    client.force_login(world.people["animator"])
    url, params = page_url(world, name, obj, query)
    client.get(url, params)  # warm the content-type cache, as any running server has
    with CaptureQueriesContext(connection) as small:
        assert client.get(url, params).status_code == 200
    grow(world, 6)
    with django_assert_num_queries(len(small.captured_queries)):
        assert client.get(url, params).status_code == 200
    assert len(small.captured_queries) == expected


def test_the_staff_list_runs_a_constant_number_of_queries(client, world, django_assert_num_queries):
    client.force_login(world.people["staff"])
    url = reverse("cooperations:backoffice_list")
    # The menu counts the signature requests waiting for staff: one query of its own.
    with django_assert_num_queries(5):
        assert client.get(url).status_code == 200
    for number in range(5):
        cooperation = factories.CooperationFactory(name=f"Coopération test {number}")
        factories.MembershipFactory.create_batch(3, cooperation=cooperation)
        factories.AnimatorFactory(cooperation=cooperation)
    with django_assert_num_queries(5):
        assert client.get(url).status_code == 200
