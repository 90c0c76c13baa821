"""The account pages in a real browser: axe-core finds nothing, the forms work by keyboard,
at 360 pixels too."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.db.models import F
from django.test import override_settings

from tests.accounts.factories import UserFactory
from tests.browser.helpers import assert_accessible, assert_no_axe_violations

from .conftest import PASSWORD

pytestmark = pytest.mark.browser

SMALL = {"viewport": {"width": 360, "height": 740}}


def submit(page, button: str) -> None:
    """Click a button of the page's content (the header has its own sign-out button)."""
    with page.expect_navigation():
        page.locator("#contenu").get_by_role("button", name=button).click()


def sign_in(page, email, password=PASSWORD):
    page.goto("/connexion/")
    page.get_by_label("Adresse e-mail").fill(email)
    page.get_by_label("Mot de passe").fill(password)
    # The keyboard alone: Enter in the password field sends the form.
    with page.expect_navigation():
        page.get_by_label("Mot de passe").press("Enter")


@pytest.mark.parametrize("options", [{}, SMALL], ids=["large", "360px"])
def test_sign_in_pages(new_page, db, options):
    page = new_page("/connexion/", **options)
    assert_accessible(page)
    sign_in(page, "personne@exemple.fr", "pas-le-bon")
    assert page.get_by_text("Adresse e-mail ou mot de passe incorrect.").is_visible()
    assert_accessible(page)
    page.goto("/mot-de-passe/oubli/")
    assert_accessible(page)
    page.get_by_label("Adresse e-mail").fill("personne@exemple.fr")
    submit(page, "Recevoir le lien")
    assert page.url.endswith("/mot-de-passe/oubli/envoye/")
    assert_accessible(page)


def test_warning_and_locked_out_pages(new_page, db):
    UserFactory(email="marie.dupont@exemple.fr")
    with override_settings(AXES_ENABLED=True):
        page = new_page("/connexion/")
        for failure in range(1, 6):
            # Wait out the pause between attempts.
            AccessAttempt.objects.update(attempt_time=F("attempt_time") - timedelta(minutes=1))
            sign_in(page, "marie.dupont@exemple.fr", "pas-le-bon")
            if failure == 3:
                assert page.get_by_text("il vous reste 2 essais").is_visible()
                assert_accessible(page)
        assert (
            page.get_by_role("heading", level=1).inner_text() == "Connexion bloquée pour un moment"
        )
        assert_no_axe_violations(page)


def test_signed_in_pages(new_page, db, dummy_role):
    UserFactory(email="marie.dupont@exemple.fr", first_name="Marie", last_name="Dupont", staff=True)
    page = new_page("/connexion/")
    sign_in(page, "marie.dupont@exemple.fr")
    assert page.url.endswith("/mon-espace/")
    assert_accessible(page)
    for path in ["/mon-espace/profil/", "/mot-de-passe/modifier/"]:
        page.goto(path)
        assert_accessible(page)
    page.goto("/mon-espace/profil/")
    # Spaces pass the browser's own check, not the server's.
    page.get_by_label("Prénom").fill("   ")
    submit(page, "Enregistrer")
    assert_accessible(page)


def test_invitation_pages(new_page, invite):
    _, token = invite("nouvelle@exemple.fr")
    page = new_page(f"/invitation/{token}/")
    assert_accessible(page)
    page.get_by_label("Prénom").fill("Nadia")
    page.get_by_label("Nom (obligatoire)", exact=True).fill("Bensaïd")
    page.get_by_label("Mot de passe (obligatoire)", exact=True).fill("court")
    page.get_by_label("Confirmation du mot de passe").fill("court")
    submit(page, "Créer mon compte et accepter")
    assert_accessible(page)
    page.get_by_label("Mot de passe (obligatoire)", exact=True).fill("un-secret-bien-long-2026")
    page.get_by_label("Confirmation du mot de passe").fill("un-secret-bien-long-2026")
    submit(page, "Créer mon compte et accepter")
    assert page.url.endswith("/mon-espace/")
    assert page.get_by_text("Membre de Coopération d'essai").is_visible()
    assert_accessible(page)

    # Used link (410), a link for someone else while signed in (403), then one for an account.
    # Error statuses show in the console: axe only.
    page.goto(f"/invitation/{token}/")
    assert_no_axe_violations(page)
    _, other_token = invite("marie.dupont@exemple.fr")
    page.goto(f"/invitation/{other_token}/")
    assert_no_axe_violations(page)
    page.console_errors.clear()
    UserFactory(email="marie.dupont@exemple.fr")
    submit(page, "Se déconnecter")
    assert "Un compte Maillage existe déjà" in page.content()
    assert_accessible(page)
