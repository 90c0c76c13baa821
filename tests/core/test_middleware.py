"""Headers every response carries, private pages kept out of caches, the request size cap."""

import pytest
from django.test import override_settings
from django.urls import reverse

from maillage.core.middleware import is_private_path
from tests.accounts.factories import UserFactory
from tests.html import Page

pytestmark = pytest.mark.django_db


def permissions(response) -> dict[str, str]:
    return dict(
        part.strip().split("=", 1) for part in response.headers["Permissions-Policy"].split(",")
    )


def cache_directives(response) -> set[str]:
    return {part.strip() for part in response.headers.get("Cache-Control", "").split(",")}


@pytest.mark.parametrize(
    "url", ["/", "/nulle-part/", reverse("accounts:login"), "/static/css/maillage.css"]
)
def test_every_response_turns_off_powerful_browser_features(client, url):
    features = permissions(client.get(url))
    for feature in ("geolocation", "camera", "microphone", "payment", "usb"):
        assert features[feature] == "()"


@pytest.mark.parametrize(
    ("url", "signed_in"),
    [
        (reverse("accounts:space"), True),
        (reverse("accounts:profile"), True),
        (reverse("organisations:backoffice_signatures"), True),
        (reverse("admin:index"), True),
        (reverse("accounts:login"), False),
        (reverse("accounts:password_reset"), False),
    ],
)
def test_back_office_and_account_pages_are_never_cached(client, url, signed_in):
    if signed_in:
        client.force_login(UserFactory(staff=True))
    response = client.get(url)
    assert response.status_code == 200
    assert {"private", "no-store"} <= cache_directives(response)


def test_public_pages_may_be_cached(client):
    response = client.get(reverse("territories:department_list"))
    assert "no-store" not in cache_directives(response)
    assert not is_private_path(reverse("cooperations:map"))


@override_settings(MAILLAGE_MAX_REQUEST_BYTES=2000)
def test_a_request_above_the_cap_gets_the_french_413_before_its_body_is_read(client):
    response = client.post(
        reverse("accounts:login"), data=b"x" * 2001, content_type="application/octet-stream"
    )

    assert response.status_code == 413
    page = Page(response)
    assert page.h1 == "Envoi trop volumineux"
    assert page.link("Revenir à l'accueil")["href"] == "/"


@override_settings(MAILLAGE_MAX_REQUEST_BYTES=2000)
def test_a_request_within_the_cap_goes_through(client):
    response = client.post(reverse("accounts:login"), {"username": "a@exemple.fr", "password": "x"})
    assert response.status_code == 200
    assert Page(response).h1 != "Envoi trop volumineux"


def test_the_application_caps_what_it_keeps_in_memory(settings):
    assert settings.DATA_UPLOAD_MAX_MEMORY_SIZE <= settings.MAILLAGE_MAX_REQUEST_BYTES
    assert settings.FILE_UPLOAD_MAX_MEMORY_SIZE <= settings.MAILLAGE_MAX_REQUEST_BYTES
