"""French error pages in the site's layout: a way back, nothing internal shown."""

import pytest
from django.db import OperationalError
from django.db.backends.utils import CursorWrapper
from django.test import Client
from django.urls import reverse

from tests.accounts.factories import UserFactory
from tests.html import Page

from .error_urls import SECRET

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.core.error_urls")]

HOME = "/"
INTERNALS = (SECRET, "Traceback", "URLconf", "DEBUG", "Django")


@pytest.fixture
def quiet_client():
    """A client that gets the 500 page instead of the exception, as a browser would."""
    client = Client()
    client.raise_request_exception = False
    return client


def assert_error_page(response, status: int, h1: str) -> Page:
    assert response.status_code == status
    page = Page(response)
    assert page.h1 == h1
    assert page.link("Revenir à l'accueil")["href"] == HOME
    assert page.title.endswith("— Maillage")
    assert page.one("html")["lang"] == "fr"
    body = page.text("body")
    for internal in INTERNALS:
        assert internal not in body
    return page


def test_a_wrong_address_gives_the_french_404(client):
    response = client.get("/nulle-part/")
    page = assert_error_page(response, 404, "Page introuvable")
    assert page.button("Chercher")


def test_the_way_back_leads_to_the_previous_page_of_the_site(client):
    previous = "http://testserver/territoires/departements/"
    page = assert_error_page(
        client.get("/nulle-part/", HTTP_REFERER=previous), 404, "Page introuvable"
    )
    assert page.link("Revenir à la page précédente")["href"] == previous


def test_no_way_back_to_another_site(client):
    page = Page(client.get("/nulle-part/", HTTP_REFERER="https://ailleurs.example/piege"))
    assert page.links("Revenir à la page précédente") == []


def test_a_refused_page_gives_the_french_403_with_a_sign_in_link(client):
    page = assert_error_page(client.get("/essai/refus/"), 403, "Accès refusé")
    assert page.link("se connecter")["href"] == f"{reverse('accounts:login')}?next=/essai/refus/"


def test_a_signed_in_person_refused_is_not_asked_to_sign_in(client):
    client.force_login(UserFactory())
    page = assert_error_page(client.get("/essai/refus/"), 403, "Accès refusé")
    assert page.links("se connecter") == []


def test_a_malformed_request_gives_the_french_400(client):
    assert_error_page(client.get("/essai/malforme/"), 400, "Demande incorrecte")


def test_an_unknown_host_gives_the_french_400(client):
    assert_error_page(client.get("/", HTTP_HOST="inconnu.example"), 400, "Demande incorrecte")


def test_a_crash_gives_the_french_500(quiet_client):
    assert_error_page(quiet_client.get("/essai/panne/"), 500, "Une erreur est survenue")


def test_the_500_page_renders_when_the_database_is_down(quiet_client, monkeypatch):
    quiet_client.force_login(UserFactory(first_name="Nadia"))

    def database_down(*args, **kwargs):
        raise OperationalError("connexion refusée")

    monkeypatch.setattr(CursorWrapper, "execute", database_down)
    monkeypatch.setattr(CursorWrapper, "executemany", database_down)

    response = quiet_client.get(reverse("accounts:space"))

    page = assert_error_page(response, 500, "Une erreur est survenue")
    # Nothing of the session is shown: neither "Mon espace" nor the sign-in link.
    assert page.links("Mon espace") == page.links("Se connecter") == []
    assert "connexion refusée" not in page.text("body")


def test_a_failed_csrf_check_gives_a_french_page_styled_within_the_csp(db):
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("accounts:login"), {"username": "a@exemple.fr"})

    page = assert_error_page(response, 403, "Le formulaire n'a pas pu être envoyé")
    assert page.select("style") == [] and page.select("[style]") == []
    stylesheets = [link["href"] for link in page.select("link[rel=stylesheet]")]
    assert "/static/css/maillage.css" in stylesheets
    assert "unsafe-inline" not in response.headers["Content-Security-Policy"]
    steps = page.texts("main ol li")
    assert any("rechargez la page" in step for step in steps)
    assert any("cookies" in step for step in steps)


def test_a_refused_method_gives_the_french_405_and_keeps_the_allow_header(client):
    response = client.get(reverse("accounts:logout"))

    assert_error_page(response, 405, "Action impossible sur cette page")
    assert "POST" in response.headers["Allow"]
