"""The existing pages as their users need them, in a real browser at 360 px and at 1280 px: the
compact menu, a table wider than the phone, the map's keyboard path, printing (ADR 020)."""

import pytest

from tests.cooperations.factories import CooperationFactory

from .helpers import assert_accessible, focused, tab_until

pytestmark = pytest.mark.browser

PHONE = {"width": 360, "height": 740}
WIDE = {"width": 1280, "height": 800}
JAVASCRIPT = pytest.mark.parametrize("javascript", [True, False], ids=["avec-js", "sans-js"])


@pytest.fixture
def network(geography):
    """A cooperation on Côtes-d'Armor; Finistère and the rest have none."""
    return CooperationFactory(name="MONALISA 22", slug="monalisa-22", department=geography["armor"])


def menu_link(page):
    return page.get_by_role("navigation", name="Menu principal").get_by_role(
        "link", name="Signataires"
    )


def menu_is_open(page) -> bool:
    return page.evaluate("() => document.querySelector('details.site-menu').open")


def page_width(page) -> int:
    return page.evaluate("() => document.documentElement.scrollWidth")


# -- The main menu ------------------------------------------------------------------------------


@JAVASCRIPT
def test_the_phone_menu_opens_and_closes_with_the_keyboard(new_page, network, javascript):
    page = new_page("/territoires/departements/22/", viewport=PHONE, java_script_enabled=javascript)
    assert not menu_is_open(page)
    assert not menu_link(page).is_visible()
    assert page.get_by_role("search", name="Chercher une commune").is_visible()
    assert page_width(page) <= PHONE["width"]
    if javascript:  # axe-core runs in the page: it needs JavaScript
        assert_accessible(page)

    summary = tab_until(page, lambda element: element["tag"] == "SUMMARY", "le bouton Menu")
    assert summary["text"] == "Menu"
    page.keyboard.press("Enter")
    assert menu_is_open(page)
    assert menu_link(page).is_visible()
    assert page_width(page) <= PHONE["width"]
    if javascript:
        assert_accessible(page)
    page.keyboard.press("Tab")
    assert focused(page)["text"] == "Coopérations"
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Space")
    assert not menu_is_open(page)
    assert not menu_link(page).is_visible()


def test_escape_closes_the_phone_menu_and_keeps_the_focus_on_its_button(new_page, network):
    page = new_page("/territoires/departements/22/", viewport=PHONE)
    page.locator("summary").click()
    menu_link(page).focus()
    page.keyboard.press("Escape")
    assert not menu_is_open(page)
    assert focused(page)["tag"] == "SUMMARY"


@JAVASCRIPT
def test_a_wide_screen_shows_the_whole_menu_without_a_button(new_page, network, javascript):
    page = new_page("/territoires/departements/22/", viewport=WIDE, java_script_enabled=javascript)
    assert not page.locator("summary").is_visible()
    for name in ["Coopérations", "Signataires", "Départements", "Se connecter"]:
        assert (
            page.get_by_role("navigation", name="Menu principal")
            .get_by_role("link", name=name)
            .is_visible()
        )
    # The script keeps the state true to what is seen; without it the stylesheet shows the list.
    assert menu_is_open(page) is javascript
    if javascript:
        assert_accessible(page)


@JAVASCRIPT
def test_the_header_search_finds_a_commune_from_any_page(new_page, network, javascript):
    page = new_page("/cooperations/liste/", viewport=PHONE, java_script_enabled=javascript)
    page.get_by_role("searchbox", name="Commune ou code postal").fill("st brieuc")
    with page.expect_navigation():
        page.get_by_role("searchbox", name="Commune ou code postal").press("Enter")
    assert page.url.endswith("/territoires/communes/recherche/?q=st+brieuc")
    # The search page has its own form: no second one in the header.
    assert page.get_by_role("search").count() == 1


# -- Tables -------------------------------------------------------------------------------------


@JAVASCRIPT
def test_a_wide_table_scrolls_in_its_frame_and_the_page_does_not(new_page, network, javascript):
    page = new_page("/cooperations/liste/", viewport=PHONE, java_script_enabled=javascript)
    assert page_width(page) <= PHONE["width"], f"la page déborde : {page_width(page)} px"
    frame = page.get_by_role("region", name="Coopérations territoriales")
    sizes = frame.evaluate("(el) => [el.scrollWidth, el.clientWidth]")
    assert sizes[0] > sizes[1], f"le tableau tient dans l'écran, rien à faire défiler : {sizes}"
    hint = page.get_by_text("Tableau plus large que l'écran")
    assert hint.is_visible() is javascript

    tab_until(page, lambda element: element["tag"] == "DIV", "le cadre du tableau", max_tabs=30)
    assert frame.evaluate("(el) => el === document.activeElement")
    for _ in range(4):
        page.keyboard.press("ArrowRight")
    # The browser may scroll smoothly: give the frame up to five seconds to move.
    for _ in range(50):
        if frame.evaluate("(el) => el.scrollLeft") > 0:
            break
        page.wait_for_timeout(100)
    assert frame.evaluate("(el) => el.scrollLeft") > 0
    assert page.evaluate("() => window.scrollX") == 0
    if javascript:
        assert_accessible(page)


def test_a_table_that_fits_is_no_tab_stop(new_page, network):
    page = new_page("/cooperations/liste/", viewport=WIDE)
    frame = page.get_by_role("region", name="Coopérations territoriales")
    assert frame.get_attribute("tabindex") is None
    assert not page.get_by_text("Tableau plus large que l'écran").is_visible()


# -- The national map ---------------------------------------------------------------------------


@JAVASCRIPT
@pytest.mark.parametrize("viewport", [PHONE, WIDE], ids=["360px", "1280px"])
def test_the_map_skip_link_moves_focus_past_the_map(new_page, network, javascript, viewport):
    page = new_page("/cooperations/", viewport=viewport, java_script_enabled=javascript)
    skip = tab_until(
        page, lambda element: element["href"] == "#titre-liste-departements", "le lien"
    )
    assert skip["text"].startswith("Passer la carte")
    page.keyboard.press("Enter")
    assert focused(page)["id"] == "titre-liste-departements"
    page.keyboard.press("Tab")
    first = focused(page)
    assert first["tag"] == "A"
    assert first["href"].startswith("/territoires/departements/")
    assert page_width(page) <= viewport["width"]
    if javascript:
        assert_accessible(page)


def test_without_javascript_the_map_takes_no_tab_stop(new_page, network):
    page = new_page("/cooperations/", java_script_enabled=False)
    tab_until(
        page,
        lambda element: element["href"] == "/territoires/departements/22/",
        "les Côtes-d'Armor dans la liste",
        max_tabs=40,
    )
    assert page.locator("svg a[tabindex='0']").count() == 0


def test_with_javascript_the_map_is_one_tab_stop_walked_with_the_arrow_keys(new_page, network):
    page = new_page("/cooperations/")
    assert page.get_by_text("Au clavier, la carte est un seul arrêt").is_visible()
    first = tab_until(page, lambda element: element["tag"] == "A" and element["label"], "la carte")
    page.keyboard.press("ArrowRight")
    second = focused(page)
    assert second["label"] and second["label"] != first["label"]
    for _ in range(120):
        if focused(page)["label"].startswith("Côtes-d'Armor"):
            break
        page.keyboard.press("ArrowRight")
    assert focused(page)["label"] == "Côtes-d'Armor : coopération active MONALISA 22"
    # Tab leaves the map at once, and Shift+Tab comes back to the department last visited.
    page.keyboard.press("Tab")
    assert not focused(page)["label"]
    page.keyboard.press("Shift+Tab")
    assert focused(page)["label"].startswith("Côtes-d'Armor")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith("/cooperations/monalisa-22/")


# -- Printing -----------------------------------------------------------------------------------


def test_a_printed_page_has_no_menu_shows_its_links_and_keeps_the_demo_label(
    new_page, network, settings
):
    settings.MAILLAGE_DEMO = True
    page = new_page("/territoires/communes/22278/", viewport=WIDE)
    page.emulate_media(media="print")
    assert not page.get_by_role("navigation", name="Menu principal").is_visible()
    assert not page.get_by_role("search").is_visible()
    assert page.get_by_text("Données de démonstration").is_visible()
    assert page.get_by_role("heading", name="Saint-Brieuc").is_visible()
    shown = page.get_by_role("link", name="MONALISA 22").evaluate(
        "(a) => getComputedStyle(a, '::after').content"
    )
    assert shown == '" (/cooperations/monalisa-22/)"'
    page.emulate_media(media="screen")
    assert page.get_by_role("search").is_visible()


# -- Zero axe violation on the pages of this work -----------------------------------------------


@pytest.mark.parametrize("viewport", [PHONE, WIDE], ids=["360px", "1280px"])
@pytest.mark.parametrize(
    "path",
    [
        "/mentions-legales/",
        "/accessibilite/",
        "/donnees-personnelles/",
        "/contact/",
        "/territoires/departements/22/",
        "/territoires/departements/29/",
        "/territoires/communes/29019/",
        "/cooperations/pour-ma-commune/?commune=29019",
    ],
)
def test_pages_are_accessible_and_fit(new_page, network, path, viewport):
    page = new_page(path, viewport=viewport)
    assert_accessible(page)
    assert page_width(page) <= viewport["width"], f"{path} déborde : {page_width(page)} px"
    footer = page.get_by_role("navigation", name="Informations sur le site")
    assert footer.get_by_role("link").all_inner_texts() == [
        "Mentions légales",
        "Accessibilité : non conforme",
        "Données personnelles",
        "Contact",
    ]
