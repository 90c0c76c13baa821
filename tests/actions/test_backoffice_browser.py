"""The inventory's back office in a real browser: a referent records an action and confirms a
stale one with the keyboard alone, no JavaScript needed; zero axe violations on every page they
and an animator reach, on a large screen and at 360 px."""

import pytest
from django.urls import reverse
from django.utils import timezone

from maillage.actions.models import Action
from tests.actions.factories import ActionFactory
from tests.browser import conftest as browser_fixtures
from tests.browser.helpers import assert_accessible, focused, tab_until
from tests.cooperations.test_backoffice_browser import PHONE, assert_fits, signed_in

# The browser fixtures, found by pytest as attributes of this module.
browser = browser_fixtures.browser
new_page = browser_fixtures.new_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def stale(world):
    return ActionFactory(
        title="Thé dansant de Plérin",
        commune=world.geography["plerin"],
        organisations=[world.organisation],
        stale=True,
    )


def type_into(page, label: str, text: str, exact: bool = False) -> None:
    page.get_by_label(label, exact=exact).focus()
    page.keyboard.type(text)


def test_a_referent_adds_an_action_and_confirms_a_stale_one_with_the_keyboard(
    new_page, live_server, world, stale
):
    page = new_page(
        reverse("actions:backoffice_list"),
        java_script_enabled=False,
        **signed_in(live_server, world.people["referent"]),
    )
    tab_until(page, lambda el: el["text"] == "Ajouter une action", "Le lien « Ajouter »")
    with page.expect_navigation():
        page.keyboard.press("Enter")

    type_into(page, "Nom de l'action", "Atelier tablette du jeudi")
    type_into(page, "En une phrase", "Apprendre à appeler ses petits-enfants en vidéo.")
    page.get_by_label("Inclusion numérique").focus()
    page.keyboard.press("Space")
    type_into(page, "Commune où elle a lieu", "Plérin")
    type_into(page, "Adresse", "Médiathèque, 2 rue de la Mairie", exact=True)
    page.get_by_label("Les habitants de son intercommunalité").focus()
    page.keyboard.press("Space")
    type_into(page, "Horaires (format OpenStreetMap, facultatif)", "Th 10:00-12:00")
    type_into(page, "Téléphone", "0296123456", exact=True)
    page.get_by_role("button", name="Ajouter l'action").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")

    assert page.get_by_text("L'action « Atelier tablette du jeudi » est enregistrée").is_visible()
    action = Action.objects.get(title="Atelier tablette du jeudi")
    assert action.zone.part_pairs() == [("epci", "200069409")]
    assert [kind.code for kind in action.kinds.all()] == ["numerique"]
    assert action.contact_phone == "02 96 12 34 56"

    page.goto(reverse("actions:backoffice_to_check"))
    tab_until(
        page,
        lambda el: el["tag"] == "BUTTON" and el["text"].startswith("Confirmer"),
        "Le bouton « Confirmer »",
    )
    assert focused(page)["text"].split() == ["Confirmer", "Thé", "dansant", "de", "Plérin"]
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.get_by_text("« Thé dansant de Plérin » est confirmée : merci.").is_visible()
    stale.refresh_from_db()
    assert stale.verified_on == timezone.localdate()


@pytest.mark.parametrize("viewport", [None, PHONE], ids=["large", "360px"])
def test_every_page_is_accessible(new_page, live_server, world, stale, viewport):
    referent = signed_in(live_server, world.people["referent"])
    animator = signed_in(live_server, world.people["animator"])
    if viewport:
        referent["viewport"] = animator["viewport"] = viewport
    slug = stale.slug
    visits = [
        (referent, reverse("actions:backoffice_list")),
        (referent, reverse("actions:backoffice_list") + "?freshness=stale"),
        (referent, reverse("actions:backoffice_add")),
        (referent, reverse("actions:backoffice_edit", args=[slug])),
        (referent, reverse("actions:backoffice_history", args=[slug])),
        (referent, reverse("actions:backoffice_end", args=[slug])),
        (referent, reverse("actions:backoffice_to_check")),
        (animator, reverse("actions:backoffice_freshness")),
        (referent, reverse("accounts:space")),
    ]
    for options, url in visits:
        page = new_page(url, **options)
        assert_accessible(page)
        if viewport:
            assert_fits(page)


def test_a_form_with_errors_is_accessible(new_page, live_server, world):
    page = new_page(
        reverse("actions:backoffice_add"), **signed_in(live_server, world.people["referent"])
    )
    page.get_by_label("Nom de l'action").fill("Atelier")
    page.get_by_label("Autres territoires concernés").fill("Nulle-Part-sur-Mer")
    page.get_by_label("Adresse électronique").fill("pas-une-adresse")
    with page.expect_navigation():
        page.get_by_role("button", name="Ajouter l'action").click()
    assert page.get_by_text("Le formulaire contient des erreurs").is_visible()
    assert page.get_by_label("Autres territoires concernés").input_value() == "Nulle-Part-sur-Mer"
    assert_accessible(page)
