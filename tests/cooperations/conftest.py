"""Fixtures for the cooperation tests (public pages and back office)."""

import pytest
from django.core.cache import cache

from .factories import CooperationFactory


@pytest.fixture(autouse=True)
def empty_cache():
    """The public pages keep rendered fragments, rate limits and geography look-ups in the
    cache, which outlives a test: every test starts from an empty one."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def armor_cooperation(geography):
    """The cooperation of Côtes-d'Armor (22), where Saint-Brieuc is."""
    return CooperationFactory(name="MONALISA 22", slug="monalisa-22", department=geography["armor"])


@pytest.fixture
def finistere_cooperation(geography):
    """Another cooperation, to check that nothing leaks from one to the other."""
    return CooperationFactory(
        name="MONALISA 29", slug="monalisa-29", department=geography["finistere"]
    )


# --- back office (appended by the back-office tests) -----------------------------------------


@pytest.fixture
def backoffice_people(armor_cooperation, finistere_cooperation):
    """One person per role the back office knows, around the cooperation of Côtes-d'Armor:
    {"anonymous", "no_role", "other_animator", "referent", "animator", "staff"}."""
    from maillage.organisations.enums import AffiliationRole
    from maillage.organisations.models import Affiliation
    from tests.factories import UserFactory

    from .factories import AnimatorFactory, MembershipFactory

    animator = AnimatorFactory(
        cooperation=armor_cooperation,
        user=UserFactory(email="anne.lebihan@exemple.fr", first_name="Anne", last_name="Le Bihan"),
        organisation__name="CCAS de Saint-Brieuc",
    ).user
    other_animator = AnimatorFactory(
        cooperation=finistere_cooperation,
        user=UserFactory(email="yann.kerouac@exemple.fr", first_name="Yann", last_name="Kerouac"),
        organisation__name="CCAS de Brest",
    ).user
    # The referent of a member organisation of the cooperation: a role on the organisation,
    # none on the cooperation.
    referent = UserFactory(email="referente@exemple.fr", first_name="Rose", last_name="Morvan")
    member = MembershipFactory(
        cooperation=armor_cooperation, organisation__name="Petits Frères des Pauvres 22"
    )
    Affiliation.objects.create(
        user=referent, organisation=member.organisation, role=AffiliationRole.REFERENT
    )
    return {
        "anonymous": None,
        "no_role": UserFactory(email="sans-role@exemple.fr"),
        "other_animator": other_animator,
        "referent": referent,
        "animator": animator,
        "staff": UserFactory(email="equipe.nationale@exemple.fr", staff=True),
    }


# The browser fixtures, for test_backoffice_browser.py (appended by the back-office tests).
from tests.browser.conftest import browser, new_page  # noqa: E402, F401
