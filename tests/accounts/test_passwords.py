"""Forgotten password by email, and changing one's password."""

import re

import pytest
from django.contrib.auth import SESSION_KEY
from django.core import mail
from django.test import Client
from django.urls import reverse

from tests.accounts.factories import UserFactory
from tests.html import Page

from .conftest import PASSWORD

RESET_URL = reverse("accounts:password_reset")
NEW_PASSWORD = "un-nouveau-secret-bien-long"


@pytest.fixture
def person(db):
    return UserFactory(email="marie.dupont@exemple.fr")


def reset_link(message) -> str:
    match = re.search(r"http://testserver(/mot-de-passe/nouveau/[^/\s]+/[^/\s]+/)", message.body)
    assert match, message.body
    return match.group(1)


def test_reset_page_is_in_french(client, db, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get(RESET_URL)
    assert response.status_code == 200
    page = Page(response)
    assert page.h1 == "Mot de passe oublié"
    assert page.field("Adresse e-mail")["name"] == "email"


def test_same_answer_whether_the_address_has_an_account_or_not(
    client, person, django_assert_num_queries
):
    known = client.post(RESET_URL, {"email": "Marie.Dupont@exemple.fr"})
    unknown = client.post(RESET_URL, {"email": "personne@ailleurs.fr"})

    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"] == reverse("accounts:password_reset_done")
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [person.email]
    with django_assert_num_queries(0):
        done = client.get(known["Location"])
    assert (
        Page(done)
        .text("main .lead")
        .startswith(
            "Si un compte Maillage existe pour cette adresse, un e-mail vient d'y être envoyé"
        )
    )


def test_reset_email_is_in_french_plain_text(client, person):
    client.post(RESET_URL, {"email": person.email})
    message = mail.outbox[0]
    assert message.subject == "Maillage : choisir un nouveau mot de passe"
    assert "Bonjour," in message.body
    assert "ignorez ce message" in message.body
    assert "&#x27;" not in message.body and "&amp;" not in message.body
    assert not message.alternatives


def test_reset_link_sets_a_new_password_once(client, person, django_assert_num_queries):
    client.post(RESET_URL, {"email": person.email})
    link = reset_link(mail.outbox[0])

    # Django moves the token out of the address (into the session) before showing the form.
    response = client.get(link)
    assert response.status_code == 302
    form_url = response["Location"]
    with django_assert_num_queries(2):
        page = client.get(form_url)
    form_page = Page(page)
    assert form_page.h1 == "Choisir un nouveau mot de passe"
    assert form_page.field("Nouveau mot de passe")["name"] == "new_password1"

    response = client.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:password_reset_complete")
    with django_assert_num_queries(0):
        complete = Client().get(response["Location"])
    assert (
        Page(complete).text("main .lead").startswith("Votre nouveau mot de passe est enregistré.")
    )
    person.refresh_from_db()
    assert person.check_password(NEW_PASSWORD)
    assert not person.check_password(PASSWORD)

    client.logout()
    again = client.get(link, follow=True)
    assert Page(again).text("main .lead") == (
        "Ce lien n'est plus valable : il a déjà servi ou il a expiré."
    )


def test_reset_refuses_a_weak_password_in_french(client, person):
    client.post(RESET_URL, {"email": person.email})
    form_url = client.get(reset_link(mail.outbox[0]))["Location"]
    response = client.post(form_url, {"new_password1": "court", "new_password2": "court"})
    assert response.status_code == 200
    errors = Page(response).errors()
    assert [error for error in errors if "Ce mot de passe est trop court" in error]
    person.refresh_from_db()
    assert person.check_password(PASSWORD)


def test_change_password_requires_sign_in(client, db):
    url = reverse("accounts:password_change")
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('accounts:login')}?next={url}"


def test_change_password_keeps_me_signed_in(client, person, django_assert_num_queries):
    client.force_login(person)
    url = reverse("accounts:password_change")
    with django_assert_num_queries(2):
        page = client.get(url)
    assert Page(page).h1 == "Changer mon mot de passe"

    wrong = client.post(
        url,
        {
            "old_password": "pas-le-bon",
            "new_password1": NEW_PASSWORD,
            "new_password2": NEW_PASSWORD,
        },
    )
    assert wrong.status_code == 200
    [error] = Page(wrong).errors()
    assert "Votre ancien mot de passe est incorrect" in error

    response = client.post(
        url,
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:profile")
    person.refresh_from_db()
    assert person.check_password(NEW_PASSWORD)
    profile = client.get(response["Location"])
    assert profile.status_code == 200
    assert Page(profile).messages() == ["Votre mot de passe a été modifié."]
    assert client.session[SESSION_KEY] == str(person.pk)
