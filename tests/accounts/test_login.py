"""Sign-in with the email address, sign-out, and where people land afterwards."""

import pytest
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse

from tests.accounts.factories import UserFactory
from tests.html import Page

from .conftest import PASSWORD

LOGIN_URL = reverse("accounts:login")


@pytest.fixture
def person(db):
    return UserFactory(email="marie.dupont@exemple.fr", first_name="Marie")


def test_login_page_asks_for_the_email_address_in_french(client, db, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get(LOGIN_URL)
    assert response.status_code == 200
    page = Page(response)
    assert page.field("Adresse e-mail")["id"] == "id_username"
    # django-axes reads this field name (AXES_USERNAME_FORM_FIELD).
    assert page.field("Adresse e-mail")["name"] == "username"
    assert settings.AXES_USERNAME_FORM_FIELD == "username"
    assert page.field("Mot de passe")["id"] == "id_password"
    assert page.field("Mot de passe")["type"] == "password"
    assert page.link("Mot de passe oublié ?")["href"] == reverse("accounts:password_reset")


def test_sign_in_starts_a_new_session(client, person, django_assert_num_queries):
    session = client.session
    session["avant"] = "connexion"
    session.save()
    key_before = session.session_key
    assert client.cookies[settings.SESSION_COOKIE_NAME].value == key_before

    # Session read, user, new session key (exists?, insert, old one read and deleted),
    # last_login, session write; and two savepoint pairs.
    with django_assert_num_queries(12):
        response = client.post(LOGIN_URL, {"username": person.email, "password": PASSWORD})

    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:space")
    new_key = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert new_key != key_before
    assert client.session[SESSION_KEY] == str(person.pk)


def test_sign_in_ignores_the_case_of_the_address(client, person):
    response = client.post(
        LOGIN_URL, {"username": " Marie.Dupont@Exemple.FR ", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert client.session[SESSION_KEY] == str(person.pk)


def test_wrong_password_is_refused_in_french_and_keeps_the_address(client, person):
    response = client.post(LOGIN_URL, {"username": person.email, "password": "pas-le-bon"})
    assert response.status_code == 200
    page = Page(response)
    assert page.errors() == ["Adresse e-mail ou mot de passe incorrect."]
    assert page.text(".error-summary h2") == "La connexion a échoué"
    assert page.value("Adresse e-mail") == person.email
    assert SESSION_KEY not in client.session


def test_inactive_account_cannot_sign_in(client, db):
    user = UserFactory(is_active=False)
    response = client.post(LOGIN_URL, {"username": user.email, "password": PASSWORD})
    assert response.status_code == 200
    assert SESSION_KEY not in client.session


def test_next_leads_back_to_a_page_of_the_site(client, person):
    profile = reverse("accounts:profile")
    response = client.post(
        f"{LOGIN_URL}?next={profile}", {"username": person.email, "password": PASSWORD}
    )
    assert response["Location"] == profile


@pytest.mark.parametrize(
    "target", ["https://pirate.example/", "//pirate.example/", "http://testserver.pirate.example/"]
)
def test_next_to_another_site_is_ignored(client, person, target):
    response = client.post(
        LOGIN_URL, {"username": person.email, "password": PASSWORD, "next": target}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:space")


def test_a_signed_in_person_is_sent_to_their_space(client, person):
    client.force_login(person)
    response = client.get(LOGIN_URL)
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:space")


def test_sign_out_is_a_post_that_ends_the_session(client, person):
    client.force_login(person)
    assert client.get(reverse("accounts:logout")).status_code == 405
    assert SESSION_KEY in client.session

    response = client.post(reverse("accounts:logout"))

    assert response.status_code == 302
    assert response["Location"] == reverse("core:home")
    assert SESSION_KEY not in client.session
    assert client.get(reverse("accounts:space")).status_code == 302


def render_nav(user):
    request = RequestFactory().get("/")
    request.user = user
    return render_to_string("accounts/_account_nav.html", request=request)


def test_header_offers_to_sign_in_to_anonymous_visitors(db):
    from django.contrib.auth.models import AnonymousUser

    nav = Page(render_nav(AnonymousUser()))
    assert [(link.get_text(), link["href"]) for link in nav.links()] == [
        ("Se connecter", LOGIN_URL)
    ]
    assert nav.buttons() == []


def test_header_offers_my_space_and_a_sign_out_button_when_signed_in(person):
    nav = Page(render_nav(person))
    assert [(link.get_text(), link["href"]) for link in nav.links()] == [
        ("Mon espace", reverse("accounts:space"))
    ]
    form = nav.button("Se déconnecter").find_parent("form")
    assert (form["method"], form["action"]) == ("post", reverse("accounts:logout"))
    assert form.find("input", attrs={"name": "csrfmiddlewaretoken"}) is not None
