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
def backoffice_people(world):
    """One person per role the back office knows, around the cooperation of Côtes-d'Armor:
    {"anonymous", "no_role", "other_animator", "referent", "animator", "staff"} and the rest of
    tests/world.py ROLES."""
    return world.people


# The browser fixtures, for test_backoffice_browser.py (appended by the back-office tests).
from tests.browser.conftest import browser, new_page  # noqa: E402, F401
