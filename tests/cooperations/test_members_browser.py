"""An animator adds, from a phone (360 px), the association down the road that Maillage does not
know yet: the search finds nothing, the same flow creates it and invites its referent; zero axe
violations on every page reached."""

import pytest
from django.urls import reverse

from maillage.accounts.models import Invitation
from maillage.cooperations.models import Membership
from maillage.organisations.services import REFERENT_ROLE
from tests.organisations.factories import OrganisationFactory

from .test_backoffice_browser import PHONE, assert_accessible, assert_fits, signed_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_animator_adds_a_member_that_does_not_exist_yet(
    new_page, live_server, backoffice_people, armor_cooperation, geography
):
    OrganisationFactory(name="Club de l'amitié de Brest", commune=geography["brest"])
    OrganisationFactory(name="Club de l'amitié de Plérin", commune=geography["plerin"])
    page = new_page(
        reverse("cooperations:backoffice_members", args=[armor_cooperation.slug]),
        viewport=PHONE,
        **signed_in(live_server, backoffice_people["animator"]),
    )
    page.get_by_label("Nom de l'organisation").fill("club")
    with page.expect_navigation():
        page.get_by_role("region", name="Ajouter une organisation").get_by_role(
            "button", name="Chercher"
        ).click()
    labels = page.locator(".candidate-list label").all_inner_texts()
    assert labels[0].startswith("Club de l'amitié de Plérin")
    assert "hors du territoire" in labels[1]
    assert_accessible(page)
    assert_fits(page)

    page.get_by_label("Nom de l'organisation").fill("Les Jardins partagés du Légué")
    with page.expect_navigation():
        page.get_by_label("Nom de l'organisation").press("Enter")
    assert page.get_by_text("Aucune organisation trouvée").is_visible()
    with page.expect_navigation():
        page.get_by_role(
            "link", name="Créer la fiche de « Les Jardins partagés du Légué » et l'ajouter"
        ).click()
    assert page.get_by_label("Nom de l'organisation").input_value() == (
        "Les Jardins partagés du Légué"
    )
    assert_accessible(page)
    assert_fits(page)

    # A commune typed wrongly: the page says so and keeps the rest.
    page.get_by_label("Nature de l'organisation").select_option(label="association")
    page.get_by_role("textbox", name="Commune (obligatoire)").fill("Pleirn-sur-Nulle-Part")
    page.get_by_label("Adresse e-mail d'une personne de l'organisation").fill(
        "contact@jardins-legue.fr"
    )
    with page.expect_navigation():
        page.get_by_role("button", name="Créer la fiche et ajouter l'organisation").click()
    assert page.locator(".error-summary").is_visible()
    assert (
        page.get_by_label("Adresse e-mail d'une personne de l'organisation").input_value()
        == "contact@jardins-legue.fr"
    )
    assert_accessible(page)
    assert_fits(page)

    page.get_by_role("textbox", name="Commune (obligatoire)").fill("22187")
    with page.expect_navigation():
        page.get_by_role("button", name="Créer la fiche et ajouter l'organisation").click()
    assert page.get_by_text(
        "L'invitation à devenir référent part dans quelques instants"
    ).is_visible()
    membership = Membership.objects.get(
        cooperation=armor_cooperation, organisation__name="Les Jardins partagés du Légué"
    )
    assert membership.organisation.commune == geography["plerin"]
    assert Invitation.objects.get(role=REFERENT_ROLE).email == "contact@jardins-legue.fr"
    assert_accessible(page)
    assert_fits(page)
