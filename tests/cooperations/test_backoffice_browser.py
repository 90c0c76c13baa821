"""The back office of a cooperation in a real browser: zero axe violations on every page, on a
large screen and at 360 px, and an animator adds a member with the keyboard alone, no JavaScript
needed."""

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from maillage.cooperations.models import Membership
from tests.browser.helpers import assert_accessible as assert_page_accessible
from tests.organisations.factories import OrganisationFactory

from .test_backoffice_permissions import furnish

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 360, "height": 740}
CSS = "/static/css/cooperations-backoffice.css"


def with_css(page) -> None:
    """Apply the back-office stylesheet if base.html does not link it (yet)."""
    if not page.locator(f'link[href$="{CSS.rsplit("/", 1)[1]}"]').count():
        page.add_style_tag(url=CSS)


def assert_accessible(page) -> None:
    with_css(page)
    assert_page_accessible(page)


def assert_fits(page) -> None:
    width = page.evaluate("() => document.documentElement.scrollWidth")
    # What sticks out, for the message: tables scroll inside their .table-wrap.
    wide = page.evaluate(
        """() => [...document.querySelectorAll('#contenu *')]
        .filter((el) => !el.closest('.table-wrap'))
        .filter((el) => el.getBoundingClientRect().right > window.innerWidth + 1)
        .slice(0, 5).map((el) => el.outerHTML.slice(0, 120))"""
    )
    assert width <= PHONE["width"], f"{page.url} déborde : {width} px\n{wide}"


def signed_in(live_server, user) -> dict:
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    return {
        "storage_state": {
            "cookies": [{"name": cookie.key, "value": cookie.value, "url": live_server.url}],
            "origins": [],
        }
    }


@pytest.fixture
def furnished(backoffice_people, armor_cooperation, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return furnish(armor_cooperation, inviter=backoffice_people["staff"])


def pages(furnished) -> list[str]:
    slug = furnished.slug
    names = [
        ("backoffice_home", None),
        ("backoffice_edit", None),
        ("backoffice_aims", None),
        ("backoffice_objectives", None),
        ("backoffice_news", None),
        ("backoffice_news_add", None),
        ("backoffice_news_edit", furnished.news.pk),
        ("backoffice_news_delete", furnished.news.pk),
        ("backoffice_testimonies", None),
        ("backoffice_testimony_add", None),
        ("backoffice_testimony_edit", furnished.testimony.pk),
        ("backoffice_testimony_delete", furnished.testimony.pk),
        ("backoffice_perimeter", None),
        ("backoffice_members", None),
        ("backoffice_member_create", None),
        ("backoffice_member_edit", furnished.membership.pk),
        ("backoffice_member_remove", furnished.membership.pk),
        ("backoffice_animators", None),
        ("backoffice_history", None),
    ]
    urls = [
        reverse(f"cooperations:{name}", args=[slug] + ([pk] if pk else [])) for name, pk in names
    ]
    base = reverse("cooperations:backoffice_perimeter", args=[slug])
    urls.append(base + "?kind=commune&q=saint")
    urls.append(reverse("cooperations:backoffice_members", args=[slug]) + "?q=maison")
    return urls


@pytest.mark.parametrize("viewport", [None, PHONE], ids=["large", "360px"])
def test_every_back_office_page_is_accessible(
    new_page, live_server, backoffice_people, furnished, viewport
):
    options = signed_in(live_server, backoffice_people["animator"])
    if viewport:
        options["viewport"] = viewport
    page = new_page(reverse("cooperations:backoffice_home", args=[furnished.slug]), **options)
    for url in pages(furnished):
        page.goto(url)
        assert_accessible(page)
        if viewport:
            assert_fits(page)


def test_staff_list_is_accessible(new_page, live_server, backoffice_people, furnished):
    page = new_page(
        reverse("cooperations:backoffice_list"),
        **signed_in(live_server, backoffice_people["staff"]),
    )
    assert_accessible(page)


def test_an_animator_adds_a_member_with_the_keyboard(
    new_page, live_server, backoffice_people, furnished
):
    OrganisationFactory(name="Centre social de Plérin")
    page = new_page(
        reverse("cooperations:backoffice_members", args=[furnished.slug]),
        java_script_enabled=False,
        **signed_in(live_server, backoffice_people["animator"]),
    )
    page.get_by_label("Nom de l'organisation").fill("plérin")
    with page.expect_navigation():
        page.get_by_label("Nom de l'organisation").press("Enter")
    page.get_by_label("Centre social de Plérin").check()
    page.get_by_label("Rôle").select_option(label="comité de pilotage")
    page.get_by_role("button", name="Ajouter à la coopération").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.get_by_text("Centre social de Plérin est membre de la coopération.").is_visible()
    assert Membership.objects.filter(
        cooperation=furnished.cooperation,
        organisation__name="Centre social de Plérin",
        role="steering",
    ).exists()


def test_a_form_with_errors_is_accessible(new_page, live_server, backoffice_people, furnished):
    # JavaScript on: axe-core and the stylesheet fallback need it (the keyboard test above
    # runs without).
    page = new_page(
        reverse("cooperations:backoffice_edit", args=[furnished.slug]),
        **signed_in(live_server, backoffice_people["animator"]),
    )
    page.locator("#id_name").fill("")
    page.get_by_label("Adresse de contact").fill("pas-une-adresse")
    with page.expect_navigation():
        page.get_by_role("button", name="Enregistrer la présentation").click()
    assert page.get_by_text("Le formulaire contient des erreurs").is_visible()
    assert_accessible(page)
