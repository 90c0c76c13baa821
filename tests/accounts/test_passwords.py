"""Forgotten password by email, and changing one's password."""

import re

import pytest
from django.contrib.auth import SESSION_KEY
from django.test import Client
from django.urls import reverse

from tests.accounts.factories import UserFactory
from tests.html import Page
from tests.mail import sent_mails

from .conftest import PASSWORD

RESET_URL = reverse("accounts:password_reset")
NEW_PASSWORD = "un-nouveau-secret-bien-long"


@pytest.fixture
def person(db):
    return UserFactory(email="marie.dupont@exemple.fr")


@pytest.fixture
def ask_reset(client, django_capture_on_commit_callbacks):
    """Ask for a reset link as a person does; the mail leaves when the request commits."""

    def ask(email: str):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(RESET_URL, {"email": email})

    return ask


def reset_link(sent) -> str:
    match = re.search(r"http://testserver(/mot-de-passe/nouveau/[^/\s]+/[^/\s]+/)", sent.text)
    assert match, sent.text
    return match.group(1)


def test_reset_page_is_in_french(client, db, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get(RESET_URL)
    assert response.status_code == 200
    page = Page(response)
    assert page.h1 == "Mot de passe oublié"
    assert page.field("Adresse e-mail")["id"] == "id_email"
    assert page.field("Adresse e-mail")["name"] == "email"


def test_same_answer_whether_the_address_has_an_account_or_not(
    client, person, ask_reset, django_assert_num_queries
):
    known = ask_reset("Marie.Dupont@exemple.fr")
    unknown = ask_reset("personne@ailleurs.fr")

    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"] == reverse("accounts:password_reset_done")
    assert [sent.to for sent in sent_mails()] == [[person.email]]
    with django_assert_num_queries(0):
        done = client.get(known["Location"])
    assert Page(done).text("main .lead") == (
        "Si un compte Maillage existe pour cette adresse, un e-mail y part dans quelques instants "
        "avec un lien pour choisir un nouveau mot de passe."
    )


def test_reset_email_is_in_french_with_a_text_and_an_html_body(person, ask_reset):
    ask_reset(person.email)
    (sent,) = sent_mails()
    assert sent.subject == "Maillage : choisir un nouveau mot de passe"
    assert sent.text.startswith("Bonjour,")
    assert "ignorez ce message" in sent.text
    assert "&#x27;" not in sent.text and "&amp;" not in sent.text
    link = sent.html.link("Choisir un nouveau mot de passe")["href"]
    assert link == f"http://testserver{reset_link(sent)}"


def test_reset_link_sets_a_new_password_once(client, person, ask_reset, django_assert_num_queries):
    ask_reset(person.email)
    link = reset_link(sent_mails()[0])

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


def test_reset_refuses_a_weak_password_in_french(client, person, ask_reset):
    ask_reset(person.email)
    form_url = client.get(reset_link(sent_mails()[0]))["Location"]
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
