"""Rate limits on the account pages: password reset per address and per client, sign-in per
client, invitation sign-up per client; and the invitation token kept out of later URLs."""

from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse

from maillage.accounts.models import User
from tests.accounts.factories import UserFactory
from tests.html import Page
from tests.mail import nothing_mailed, sent_mails

RESET_URL = reverse("accounts:password_reset")
LOGIN_URL = reverse("accounts:login")


@pytest.fixture
def person(db):
    return UserFactory(email="marie.dupont@exemple.fr")


def assert_refused_in_french(response):
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    page = Page(response)
    assert page.h1 == "Trop de demandes en peu de temps"
    assert "réessayez dans" in page.text(".lead")


def test_password_reset_mails_one_address_three_times_an_hour_at_most(
    client, person, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        for number in range(3):
            response = client.post(
                RESET_URL, {"email": "Marie.Dupont@exemple.fr"}, REMOTE_ADDR=f"198.51.100.{number}"
            )
            assert response.status_code == 302
        # From yet another client, in another spelling: the same address.
        response = client.post(
            RESET_URL, {"email": "MARIE.DUPONT@EXEMPLE.FR"}, REMOTE_ADDR="192.0.2.1"
        )
    assert_refused_in_french(response)
    assert len(sent_mails()) == 3


def test_the_address_limit_says_nothing_about_whether_an_account_exists(client, db):
    statuses = [
        client.post(RESET_URL, {"email": "personne@ailleurs.fr"}).status_code for _ in range(4)
    ]
    assert statuses == [302, 302, 302, 429]
    assert nothing_mailed()


def test_password_reset_is_limited_per_client_across_addresses(client, db):
    statuses = [
        client.post(RESET_URL, {"email": f"personne{number}@exemple.fr"}).status_code
        for number in range(11)
    ]
    assert statuses == [302] * 10 + [429]
    assert (
        client.post(RESET_URL, {"email": "x@exemple.fr"}, REMOTE_ADDR="192.0.2.9").status_code
        == 302
    )


def test_sign_in_is_limited_per_client_across_addresses(client, db):
    statuses = [
        client.post(LOGIN_URL, {"username": f"p{number}@exemple.fr", "password": "x"}).status_code
        for number in range(31)
    ]
    assert statuses == [200] * 30 + [429]
    assert_refused_in_french(client.post(LOGIN_URL, {"username": "p@exemple.fr", "password": "x"}))


# Invitations


def signup_data():
    return {
        "first_name": "Nadia",
        "last_name": "Bensaïd",
        "password1": "un-secret-bien-long-2026",
        "password2": "un-secret-bien-long-2026",
    }


def test_the_invitation_token_is_exchanged_for_the_session(client, invite, team):
    _, token = invite("nouvelle@exemple.fr")
    link = reverse("accounts:invitation_accept", args=[token])

    response = client.get(link)
    assert response.status_code == 302
    page_url = response["Location"]
    assert token not in page_url
    page = client.get(page_url)
    assert page.status_code == 200
    assert token not in page.content.decode()
    assert Page(page).form()["method"] == "post"

    response = client.post(page_url, signup_data())
    assert response.status_code == 302
    assert list(User.objects.get(email="nouvelle@exemple.fr").groups.all()) == [team]
    # Used: the session forgets the token.
    assert "_invitation_token" not in client.session


def test_the_token_stays_out_of_the_sign_in_detour(client, invite, team):
    UserFactory(email="marie.dupont@exemple.fr")
    _, token = invite("marie.dupont@exemple.fr")
    page_url = client.get(reverse("accounts:invitation_accept", args=[token]))["Location"]
    page = Page(client.get(page_url))
    assert not [href for href in page.hrefs() if token in href]
    sign_in = urlsplit(page.one("main a.button")["href"])
    assert sign_in.path == LOGIN_URL
    assert parse_qs(sign_in.query) == {"next": [page_url]}


def test_the_token_less_page_without_a_token_in_the_session_is_not_found(client, db):
    response = client.get(reverse("accounts:invitation_accept", args=["accepter"]))
    assert response.status_code == 404
    assert "Ce lien d'invitation n'est pas valide." in Page(response).text("main")


def test_invitation_sign_ups_are_limited_per_client(client, invite):
    _, token = invite("nouvelle@exemple.fr")
    page_url = client.get(reverse("accounts:invitation_accept", args=[token]))["Location"]
    bad = {**signup_data(), "password2": "autre-chose-encore"}
    statuses = [client.post(page_url, bad).status_code for _ in range(21)]
    assert statuses == [200] * 20 + [429]
    assert not User.objects.filter(email="nouvelle@exemple.fr").exists()


def test_signing_out_of_another_account_keeps_the_invitation_open(client, invite):
    other = UserFactory(email="quelquun@exemple.fr")
    _, token = invite("nouvelle@exemple.fr")
    client.force_login(other)
    page_url = client.get(reverse("accounts:invitation_accept", args=[token]))["Location"]
    wrong = Page(client.get(page_url))
    assert wrong.h1 == "Cette invitation est adressée à une autre adresse"

    response = client.post(reverse("accounts:logout"), {"next": page_url}, follow=True)
    page = Page(response)
    assert response.redirect_chain[-1][0] == page_url
    assert page.field("Prénom") is not None
    assert page.value("Adresse e-mail") == "nouvelle@exemple.fr"
