"""The French 429 page in a real browser: accessible, and whole on a 360-pixel screen."""

import pytest

from tests.browser.conftest import browser, new_page  # noqa: F401 (fixtures)
from tests.browser.helpers import assert_no_axe_violations

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_429_page_is_accessible_on_a_small_screen(new_page):  # noqa: F811
    page = new_page("/mot-de-passe/oubli/", viewport={"width": 360, "height": 740})
    for _ in range(4):
        page.goto("/mot-de-passe/oubli/")
        page.get_by_label("Adresse e-mail").fill("marie.dupont@exemple.fr")
        with page.expect_navigation() as navigation:
            page.get_by_role("button", name="Recevoir le lien").click()
    assert navigation.value.status == 429
    assert page.get_by_role("heading", level=1).inner_text() == "Trop de demandes en peu de temps"
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 360
    # The status shows in the console as an error: axe only.
    assert_no_axe_violations(page)
    page.get_by_role("link", name="Revenir à la page précédente").click()
    assert page.url.endswith("/mot-de-passe/oubli/")
