"""The forgiving commune search in a real browser: a misspelt name typed live, the labelled
results and the suggestions, on a phone and on a desktop, without axe violations."""

import pytest
from playwright.sync_api import expect

from .helpers import assert_accessible

pytestmark = pytest.mark.browser


def open_at(new_page, path: str, width: int):
    return new_page(path, viewport={"width": width, "height": 800})


def fits_and_is_accessible(page, width: int) -> None:
    assert page.evaluate("() => document.documentElement.scrollWidth") <= width
    assert_accessible(page)


WIDTHS = pytest.mark.parametrize("width", [360, 1280], ids=["telephone-360px", "bureau-1280px"])


@WIDTHS
def test_a_misspelt_name_typed_live_finds_the_commune(new_page, geography, width):
    page = open_at(new_page, "/territoires/communes/recherche/", width)
    page.focus("#commune-q")
    page.keyboard.type("Pelrin")
    first = page.locator("#commune-results .results > li").first
    expect(first.locator("a")).to_have_attribute("href", "/territoires/communes/22187/")
    expect(page.locator("#commune-search-status")).to_contain_text("trouvée")
    fits_and_is_accessible(page, width)


@WIDTHS
def test_labelled_codes_and_former_communes_are_accessible(new_page, geography, width):
    page = open_at(new_page, "/territoires/communes/recherche/?q=22168", width)
    details = page.locator(".results > li .detail")
    expect(details.first).to_contain_text("code INSEE 22168")
    expect(details.first).to_contain_text("ancienne commune, aujourd'hui Lamballe-Armor")
    fits_and_is_accessible(page, width)


@WIDTHS
def test_suggestions_for_a_misspelt_commune_are_accessible(new_page, geography, width):
    page = open_at(new_page, "/cooperations/pour-ma-commune/?q=Plerim", width)
    expect(
        page.get_by_role("heading", name="Aucune commune ne s'appelle « Plerim »")
    ).to_be_visible()
    fits_and_is_accessible(page, width)
