"""Finding an action in a real browser, keyboard only: the actions reaching a small rural
commune, filtered by kind, one opened, the print view; zero axe violations on the way, and the
pages readable at 360 px."""

import pytest

from maillage.actions.enums import KindCode, PublicCode
from maillage.actions.models import Kind, Public
from maillage.territories.enums import PartKind
from tests.actions.factories import ActionFactory
from tests.browser.conftest import browser, new_page  # noqa: F401  (browser fixtures)
from tests.browser.helpers import assert_accessible, assert_no_console_errors, tab_until
from tests.html import Page
from tests.territories.factories import CommuneFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def village(geography):
    """Plémy, 1,500 inhabitants, in Lamballe Terre et Mer; what reaches it and what does not."""
    # A transactional test empties every table afterwards, the kinds and publics that
    # migration 0002 seeds among them: put them back.
    for model, choices in ((Kind, KindCode.choices), (Public, PublicCode.choices)):
        for position, (code, label) in enumerate(choices):
            model.objects.get_or_create(code=code, defaults={"label": label, "position": position})
    armor = geography["armor"]
    plemy = CommuneFactory(
        code="22198",
        name="Plémy",
        department=armor,
        epci=geography["lamballe"].epci,
        population=1548,
        postal=["22150"],
    )
    ActionFactory(
        title="Visites à domicile du Secours populaire",
        commune=geography["lamballe"],
        kinds=[KindCode.HOME_VISITS],
        contact_phone="02 96 31 00 00",
    )
    ActionFactory(
        title="Appels de convivialité de Lamballe Terre et Mer",
        commune=geography["lamballe"],
        parts=[(PartKind.EPCI, geography["lamballe"].epci_id)],
        kinds=[KindCode.PHONE_CALLS],
        opening_hours="Mo-Fr 09:00-12:00",
        contact_phone="02 96 50 00 00",
    )
    ActionFactory(title="Café des aînés de Brest", commune=geography["brest"])
    return plemy


def titles(page) -> list[str]:
    return [
        text.strip() for text in page.locator(".action-results .action-title").all_inner_texts()
    ]


def test_keyboard_only_find_filter_open_and_print(new_page, village):  # noqa: F811
    page = new_page("/")
    tab_until(page, lambda el: el["text"] == "Trouver une action", "le lien du menu")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert_accessible(page)

    tab_until(page, lambda el: el["id"] == "recherche-commune", "le champ de la commune")
    page.keyboard.type("plemy")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator("h1").inner_text().strip() == "Actions pour les habitants de Plémy"
    assert titles(page) == [
        "Appels de convivialité de Lamballe Terre et Mer",
        "Visites à domicile du Secours populaire",
    ]
    assert_accessible(page)

    tab_until(
        page,
        lambda el: el["id"] == "recherche-type-2",
        "la case des appels téléphoniques",
        max_tabs=60,
    )
    page.keyboard.press("Space")
    tab_until(page, lambda el: el["tag"] == "BUTTON" and el["text"] == "Chercher", "Chercher")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert titles(page) == ["Appels de convivialité de Lamballe Terre et Mer"]
    assert "type=appels_convivialite" in page.url
    assert_accessible(page)
    results_url = page.url

    tab_until(page, lambda el: el["text"].startswith("Appels de convivialité"), "le résultat")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator("h1").inner_text().strip() == (
        "Appels de convivialité de Lamballe Terre et Mer"
    )
    assert page.get_by_text("Du lundi au vendredi de 9 h à 12 h").is_visible()
    assert page.locator("a[href='tel:0296500000']").is_visible()
    assert_accessible(page)

    page.go_back()
    assert page.url == results_url
    tab_until(page, lambda el: el["text"] == "Imprimer cette liste", "Imprimer cette liste", 80)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator("h1").inner_text().strip() == "Actions pour les habitants de Plémy"
    assert page.locator(".print-list h2").all_inner_texts() == [
        "Appels de convivialité de Lamballe Terre et Mer"
    ]
    assert_accessible(page)
    # On paper: the list alone, without the site's menu, search form or links back.
    page.emulate_media(media="print")
    assert not page.locator(".site-header").is_visible()
    assert not page.locator(".print-back").is_visible()
    assert page.locator(".print-list").is_visible()


def test_the_search_reads_at_360_pixels(new_page, village):  # noqa: F811
    page = new_page("/actions/?commune=22198", viewport={"width": 360, "height": 740})
    assert len(titles(page)) == 2
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 360
    assert_accessible(page)


def test_the_search_works_without_javascript(new_page, village):  # noqa: F811
    # A plain GET form: the address it submits gives the results, no script involved.
    page = new_page("/actions/?commune=Pl%C3%A9my&type=visites_domicile", java_script_enabled=False)
    # Read from the HTML itself: with JavaScript off, Playwright cannot read the text.
    found = Page(page.content())
    assert found.h1 == "Actions pour les habitants de Plémy"
    assert found.texts(".action-title") == ["Visites à domicile du Secours populaire"]
    assert_no_console_errors(page)
