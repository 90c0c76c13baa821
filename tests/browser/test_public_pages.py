"""The public pages in a real browser: keyboard only, without JavaScript, on a small screen."""

import re

import pytest
from playwright.sync_api import expect

from .helpers import assert_accessible, assert_no_console_errors, focused, tab_until

pytestmark = pytest.mark.browser

SEARCH_FIELD = "#commune-q"
COMMUNE_LINK = re.compile(r"/territoires/communes/[0-9][0-9AB][0-9]{3}/$")


def is_commune_link(element: dict) -> bool:
    return element["tag"] == "A" and bool(COMMUNE_LINK.search(element["href"] or ""))


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/territoires/communes/recherche/",
        "/territoires/communes/recherche/?q=saint",
        "/territoires/communes/recherche/?q=introuvable",
        "/territoires/communes/22278/",
        "/territoires/",
        "/territoires/departements/22/",
    ],
    ids=[
        "accueil",
        "recherche",
        "resultats",
        "aucun-resultat",
        "commune",
        "departements",
        "departement",
    ],
)
def test_key_pages_are_accessible(new_page, geography, path):
    assert_accessible(new_page(path))


@pytest.mark.parametrize("javascript", [True, False], ids=["avec-js", "sans-js"])
def test_skip_link_comes_first_and_moves_focus_to_main(new_page, javascript):
    page = new_page("/", java_script_enabled=javascript)
    page.keyboard.press("Tab")
    skip_link = focused(page)
    assert skip_link["href"] == "#contenu"
    assert skip_link["text"] == "Aller au contenu"
    box = page.locator("a.skip-link").bounding_box()
    assert box is not None and box["y"] >= 0, "le lien d'évitement reste hors de l'écran"

    page.keyboard.press("Enter")
    assert focused(page)["id"] == "contenu"
    assert page.evaluate("() => document.activeElement.tagName") == "MAIN"


def test_keyboard_only_search_reaches_the_commune_page(new_page, geography):
    page = new_page("/")
    assert_accessible(page)

    tab_until(page, lambda element: element["id"] == "commune-q", "le champ de recherche")
    page.keyboard.type("st brieuc")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "/territoires/communes/recherche/" in page.url
    assert "q=st+brieuc" in page.url
    assert_accessible(page)

    hrefs = page.locator("main a").evaluate_all("links => links.map((a) => a.getAttribute('href'))")
    results = [href for href in hrefs if COMMUNE_LINK.search(href or "")]
    assert results[:1] == ["/territoires/communes/22278/"], results
    link = tab_until(page, is_commune_link, "le premier résultat")
    assert link["href"] == results[0]
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator("h1").inner_text().strip() == "Saint-Brieuc"
    assert_accessible(page)


def test_search_works_without_javascript(new_page, geography):
    page = new_page("/", java_script_enabled=False)
    page.fill(SEARCH_FIELD, "st brieuc")
    with page.expect_navigation():
        page.press(SEARCH_FIELD, "Enter")
    assert "/territoires/communes/recherche/" in page.url
    with page.expect_navigation():
        page.locator("main a[href='/territoires/communes/22278/']").first.click()
    assert page.locator("h1").inner_text().strip() == "Saint-Brieuc"
    assert_no_console_errors(page)


@pytest.mark.parametrize(
    ("width", "scale"),
    [(360, 1), (640, 2)],
    ids=["telephone-360px", "zoom-200-pourcent"],
)
@pytest.mark.parametrize(
    "path",
    ["/", "/territoires/communes/recherche/?q=saint", "/territoires/communes/22278/"],
    ids=["accueil", "resultats", "commune"],
)
def test_pages_read_without_horizontal_scrolling(new_page, geography, path, width, scale):
    # A 1280-pixel window at 200 % zoom lays the page out in 640 CSS pixels.
    page = new_page(path, viewport={"width": width, "height": 800}, device_scale_factor=scale)
    assert page.locator("h1").is_visible()
    scroll_width = page.evaluate("() => document.documentElement.scrollWidth")
    assert scroll_width <= width, f"{path} déborde : {scroll_width} px pour {width} px de large"


def test_live_search_updates_the_results_in_place(new_page, geography):
    page = new_page("/territoires/communes/recherche/?q=brest")
    status = page.locator("#commune-search-status")
    expect(status).to_contain_text("1 commune trouvée")
    page.focus(SEARCH_FIELD)
    page.keyboard.press("Control+A")
    page.keyboard.type("saint")
    results = page.locator("#commune-results")
    expect(results.locator("a[href='/territoires/communes/22278/']")).to_be_visible()
    expect(results.locator("a[href='/territoires/communes/29019/']")).to_have_count(0)
    expect(status).to_contain_text("communes trouvées")
    expect(page).to_have_url(re.compile(r"q=saint"))
    expect(page.locator(SEARCH_FIELD)).to_be_focused()
    assert_accessible(page)
