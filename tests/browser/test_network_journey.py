"""Issue 3's journey: find the Côtes-d'Armor cooperation on the map with the keyboard, sign in
as its animator, add a member organisation, and see it on the public page."""

import pytest
from django.core.management import call_command
from django.test import override_settings

from maillage.cooperations.models import Membership
from maillage.demo.loader import DEMO_ANIMATOR_EMAIL, DEMO_PASSWORD
from maillage.organisations.enums import OrganisationKind
from maillage.organisations.models import Organisation

from .helpers import assert_accessible, focused, tab_until

pytestmark = pytest.mark.browser


@pytest.fixture
def demo_network(geography):
    with override_settings(MAILLAGE_DEMO=True):
        call_command("load_demo", verbosity=0)
    return Organisation.objects.create(
        name="Club des Aînés de Plérin",
        slug="club-des-aines-de-plerin",
        kind=OrganisationKind.ASSOCIATION,
        commune=geography["plerin"],
    )


def test_find_the_cooperation_sign_in_and_add_a_member(new_page, demo_network):
    page = new_page("/cooperations/")
    assert_accessible(page)
    # The map is one tab stop; the arrow keys go from one department to the next (ADR 020).
    tab_until(page, lambda el: el["tag"] == "A" and el["label"], "la carte")
    for _ in range(120):
        if focused(page)["label"].startswith("Côtes-d'Armor"):
            break
        page.keyboard.press("ArrowRight")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator("h1").inner_text().startswith("Coopération MONALISA 22")
    cooperation_url = page.url
    assert "Club des Aînés de Plérin" not in page.content()
    assert_accessible(page)

    # Sign in as the cooperation's animator, with the keyboard.
    page.goto("/connexion/")
    assert_accessible(page)
    page.get_by_label("Adresse e-mail").focus()
    page.keyboard.type(DEMO_ANIMATOR_EMAIL)
    page.keyboard.press("Tab")
    page.keyboard.type(DEMO_PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith("/mon-espace/")
    assert_accessible(page)
    with page.expect_navigation():
        page.get_by_role("link", name="Coopération MONALISA 22", exact=False).first.click()
    assert_accessible(page)

    page.goto("/mon-espace/cooperations/monalisa-22/membres/")
    assert_accessible(page)
    page.get_by_label("Nom de l'organisation").fill("aînés de plérin")
    with page.expect_navigation():
        page.get_by_label("Nom de l'organisation").press("Enter")
    assert_accessible(page)
    page.get_by_label("Club des Aînés de Plérin").check()
    page.get_by_label("Rôle").select_option(label="partenaire")
    with page.expect_navigation():
        page.get_by_role("button", name="Ajouter à la coopération").click()
    assert page.get_by_text("Club des Aînés de Plérin est membre de la coopération.").is_visible()
    assert_accessible(page)
    assert Membership.objects.filter(
        cooperation__slug="monalisa-22", organisation=demo_network, role="partner"
    ).exists()

    page.goto(cooperation_url)
    assert page.get_by_role("link", name="Club des Aînés de Plérin").is_visible()
    assert_accessible(page)
