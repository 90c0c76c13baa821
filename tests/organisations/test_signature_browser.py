"""Staff validate the week's signatures from a phone (360 px): each decision confirmed, undone
within its window, several requests validated at once; zero axe violations on every page."""

import pytest

from maillage.organisations.enums import SignatureStatus
from maillage.organisations.models import CharterSignature

from .factories import CharterSignatureFactory, OrganisationFactory
from .test_browser import PHONE, assert_accessible, assert_fits, signed_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def week(geography, organisation, other_organisation):
    """Three requests of the week, one of them from a long-named organisation."""
    long_name = OrganisationFactory(
        name="Association intercommunale d'aide et de visites à domicile du pays de Plérin",
        commune=geography["plerin"],
    )
    return [
        CharterSignatureFactory(organisation=organisation),
        CharterSignatureFactory(organisation=other_organisation),
        CharterSignatureFactory(organisation=long_name),
    ]


def status_of(signature) -> str:
    return CharterSignature.objects.get(pk=signature.pk).status


def test_a_validation_confirmed_then_undone_on_a_phone(new_page, live_server, staff, week):
    page = new_page("/mon-espace/signatures/", viewport=PHONE, **signed_in(live_server, staff))
    # The menu counts the requests (it may sit in a closed menu on a phone).
    assert page.locator("header .count-badge").text_content() == "3 en attente"
    assert_accessible(page)
    assert_fits(page)

    with page.expect_navigation():
        page.get_by_role("link", name="Valider la demande : Amitiés Saint-Brieuc").click()
    assert page.locator("h1").inner_text() == "Valider la demande : Amitiés Saint-Brieuc ?"
    assert page.get_by_text("Claire Martin, présidente").is_visible()
    assert_accessible(page)
    assert_fits(page)
    assert status_of(week[0]) == SignatureStatus.REQUESTED

    with page.expect_navigation():
        page.get_by_role("button", name="Valider la demande").click()
    assert status_of(week[0]) == SignatureStatus.VALIDATED
    assert page.get_by_role("heading", name="Décisions des 10 dernières minutes").is_visible()
    assert_accessible(page)
    assert_fits(page)

    with page.expect_navigation():
        page.get_by_role(
            "button", name="Annuler la décision sur la demande : Amitiés Saint-Brieuc"
        ).click()
    assert status_of(week[0]) == SignatureStatus.REQUESTED
    assert page.get_by_text("aucun e-mail ne partira").is_visible()
    assert page.locator(".signature-card").count() == 3
    assert_accessible(page)


def test_several_requests_validated_at_once_without_javascript(new_page, live_server, staff, week):
    page = new_page(
        "/mon-espace/signatures/",
        viewport=PHONE,
        java_script_enabled=False,
        **signed_in(live_server, staff),
    )
    page.get_by_label("Sélectionner la demande : Amitiés Saint-Brieuc").check()
    page.get_by_label("Sélectionner la demande : CCAS de Brest").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Valider la sélection").click()
    assert page.locator("h1").inner_text() == "Valider 2 demandes de signature ?"
    assert [status_of(signature) for signature in week] == [SignatureStatus.REQUESTED] * 3
    with page.expect_navigation():
        page.get_by_role("button", name="Valider les 2 demandes").click()
    assert [status_of(signature) for signature in week] == [
        SignatureStatus.VALIDATED,
        SignatureStatus.VALIDATED,
        SignatureStatus.REQUESTED,
    ]
    assert page.locator(".signature-card").count() == 1


def test_the_filtered_list_and_the_bulk_confirmation_are_accessible(
    new_page, live_server, staff, week
):
    page = new_page(
        "/mon-espace/signatures/?department=22&since=2999-01-01",
        viewport=PHONE,
        **signed_in(live_server, staff),
    )
    assert page.get_by_text("Aucune demande en attente pour ces filtres.").is_visible()
    assert_accessible(page)
    page.goto("/mon-espace/signatures/?since=2025-05-01&until=2025-01-01")
    assert page.locator(".error-summary").is_visible()
    assert_accessible(page)
    assert_fits(page)
    ids = "&".join(f"demande={signature.pk}" for signature in week)
    page.goto(f"/mon-espace/signatures/valider/?{ids}")
    assert_accessible(page)
    assert_fits(page)
