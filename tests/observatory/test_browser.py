"""The diagnosis pages in a real browser: zero axe violations, on a large screen and at 360 px,
and the white zones filter used with the keyboard alone."""

import pytest

from maillage.cooperations.models import Cooperation
from maillage.observatory.coverage import refresh_coverage
from tests.browser.conftest import browser, new_page  # noqa: F401  (browser fixtures)
from tests.browser.helpers import assert_accessible

from .files import alone

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 360, "height": 740}


@pytest.fixture
def paths(network):
    alone(network["brest"], 3500, fictional=True)
    alone(network["saint_brieuc"], 1400, fictional=True)
    alone(network["saint_denis"], 300, fictional=True)
    refresh_coverage()
    slug = Cooperation.objects.get().slug
    return [
        "/observatoire/zones-blanches/",
        "/observatoire/departements/29/",
        "/observatoire/departements/22/?couverture=zones-blanches",
        f"/observatoire/cooperations/{slug}/",
    ]


@pytest.mark.parametrize("viewport", [None, PHONE], ids=["ecran", "telephone"])
def test_the_diagnosis_pages_are_accessible(new_page, paths, viewport):  # noqa: F811
    for path in paths:
        page = new_page(path, **({"viewport": viewport} if viewport else {}))
        assert_accessible(page)
        if viewport:
            width = page.evaluate("() => document.documentElement.scrollWidth")
            assert width <= PHONE["width"], f"{path} déborde : {width} px"


def test_the_filter_works_with_the_keyboard_and_without_javascript(new_page, paths):  # noqa: F811
    page = new_page(paths[1], java_script_enabled=False)
    page.get_by_label("Communes", exact=True).focus()
    page.keyboard.press("ArrowDown")
    page.get_by_role("button", name="Filtrer").focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**couverture=zones-blanches**")
    assert page.locator("main table tbody th").all_inner_texts()[0].startswith("Brest")
