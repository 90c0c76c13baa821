"""Invitations by email: the link creates the account or asks to sign in, then grants the role."""

from datetime import timedelta

import pytest
from django.contrib.auth import SESSION_KEY
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from maillage.accounts.models import Invitation, User
from maillage.accounts.services import invitation_accept, invitation_create, invitation_revoke
from tests.accounts.factories import UserFactory
from tests.html import Page, text_of

from .conftest import PASSWORD

NEW_PASSWORD = "un-secret-bien-long-2026"
LABEL = "animer la coopération d'essai"


def accept_url(token: str) -> str:
    return reverse("accounts:invitation_accept", args=[token])


# Where the page goes on once the link's token is exchanged for the session.
SESSION_URL = reverse("accounts:invitation_accept", args=["accepter"])


def open_link(client, token: str) -> str:
    """Follow the emailed link as a browser does: the token goes into the session."""
    response = client.get(accept_url(token))
    assert response.status_code == 302
    assert response["Location"] == SESSION_URL
    return SESSION_URL


def signup_data(**overrides):
    return {
        "first_name": "Nadia",
        "last_name": "Bensaïd",
        "password1": NEW_PASSWORD,
        "password2": NEW_PASSWORD,
        **overrides,
    }


def assert_pending(invitation):
    invitation.refresh_from_db()
    assert invitation.accepted_at is None
    assert invitation.accepted_by is None


# The services


def test_the_invitation_email_carries_the_link_and_the_token_is_not_stored(invite):
    invitation, token = invite("nouvelle@exemple.fr")

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["nouvelle@exemple.fr"]
    assert message.subject == f"Invitation sur Maillage : {LABEL}"
    assert f"http://testserver{accept_url(token)}" in message.body
    assert "Claire Martin vous invite" in message.body
    assert token not in invitation.token_hash
    assert Invitation.objects.filter(token_hash=token).count() == 0


def test_no_second_pending_invitation_for_the_same_role(invite):
    invite("nouvelle@exemple.fr")
    with pytest.raises(ValidationError):
        invite("Nouvelle@Exemple.fr")


def test_an_unknown_role_cannot_be_offered(dummy_role, inviter, team):
    with pytest.raises(ValueError):
        invitation_create(
            invited_by=inviter, email="x@exemple.fr", role="inconnu", target=team, label="x"
        )


def unavailable_reason(response) -> str:
    """Why the link no longer works, as the page says it under its heading."""
    page = Page(response)
    assert page.h1 == "Invitation indisponible"
    return page.text("main .lead")


# A new account


def test_link_shows_what_the_invitation_is_for_and_the_signup_form(
    client, invite, django_assert_num_queries
):
    _, token = invite("nouvelle@exemple.fr")
    # The session, the invitation, whether an account exists, who invited.
    url = open_link(client, token)
    with django_assert_num_queries(4):
        response = client.get(url)
    assert response.status_code == 200
    page = Page(response)
    assert page.text("main .lead").startswith("Claire Martin vous invite sur Maillage")
    assert page.text("main .lead strong") == LABEL
    assert page.value("Adresse e-mail") == "nouvelle@exemple.fr"
    assert page.field("Mot de passe")["name"] == "password1"
    assert response["Cache-Control"].startswith("max-age=0")


def test_new_account_is_created_signed_in_and_given_the_role(client, invite, team):
    invitation, token = invite("nouvelle@exemple.fr")
    client.get(open_link(client, token))
    key_before = client.session.session_key

    # The address is the invited one, whatever is posted.
    response = client.post(open_link(client, token), signup_data(email="pirate@exemple.fr"))

    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:space")
    user = User.objects.get(email="nouvelle@exemple.fr")
    assert not User.objects.filter(email="pirate@exemple.fr").exists()
    assert (user.first_name, user.last_name) == ("Nadia", "Bensaïd")
    assert user.check_password(NEW_PASSWORD)
    assert client.session[SESSION_KEY] == str(user.pk)
    assert client.session.session_key != key_before
    assert list(user.groups.all()) == [team]
    invitation.refresh_from_db()
    assert invitation.accepted_by == user
    assert invitation.accepted_at is not None

    space = client.get(response["Location"])
    page = Page(space)
    [message] = page.messages()
    assert message.startswith("Invitation acceptée : vous pouvez désormais animer la coopération")
    assert "Membre de Coopération d'essai" in [
        a.get_text() for a in page.section("Mes rôles").links()
    ]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            signup_data(password2="autre-chose-encore"),
            "Les deux mots de passe ne sont pas identiques.",
        ),
        (signup_data(password1="court", password2="court"), "Ce mot de passe est trop court"),
        (signup_data(first_name=""), "Ce champ est obligatoire."),
    ],
)
def test_bad_signup_keeps_what_was_typed_and_saves_nothing(client, invite, data, message):
    invitation, token = invite("nouvelle@exemple.fr")
    response = client.post(open_link(client, token), data)

    assert response.status_code == 200
    page = Page(response)
    assert [error for error in page.errors() if message in error]
    assert page.text(".error-summary h2") == "Le formulaire contient des erreurs"
    assert page.value("Nom") == "Bensaïd"
    assert not User.objects.filter(email="nouvelle@exemple.fr").exists()
    assert SESSION_KEY not in client.session
    assert_pending(invitation)


def test_a_password_like_the_name_is_refused(client, invite):
    _, token = invite("nouvelle@exemple.fr")
    response = client.post(
        open_link(client, token),
        signup_data(password1="bensaïd-2026", password2="bensaïd-2026"),
    )
    assert response.status_code == 200
    errors = Page(response).errors()
    assert [error for error in errors if "Le mot de passe est trop semblable" in error]
    assert not User.objects.filter(email="nouvelle@exemple.fr").exists()


# An existing account


def test_existing_account_is_asked_to_sign_in_and_comes_back_to_accept(
    client, invite, team, django_assert_num_queries
):
    person = UserFactory(email="marie.dupont@exemple.fr")
    invitation, token = invite("marie.dupont@exemple.fr")
    url = open_link(client, token)
    login_url = reverse("accounts:login") + "?" + urlencode({"next": url})

    with django_assert_num_queries(4):
        response = client.get(url)
    assert response.status_code == 200
    page = Page(response)
    assert page.h1 == "Connectez-vous pour accepter l'invitation"
    account = "Un compte Maillage existe déjà pour l'adresse marie.dupont@exemple.fr."
    assert [text for text in page.texts("main p") if text.startswith(account)]
    assert page.one("main a.button")["href"] == login_url
    assert not page.has("main form")

    # Posting without signing in creates nothing and leads to the sign-in page.
    response = client.post(url, signup_data())
    assert response.status_code == 302
    assert response["Location"] == login_url
    assert_pending(invitation)

    response = client.post(login_url, {"username": person.email, "password": PASSWORD})
    assert response["Location"] == url

    # Signed in: the invitation, the session, the user, who invited.
    with django_assert_num_queries(4):
        page = client.get(url)
    assert Page(page).h1 == "Accepter l'invitation"
    assert not person.groups.exists()

    response = client.post(url)
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:space")
    assert list(person.groups.all()) == [team]
    invitation.refresh_from_db()
    assert invitation.accepted_by == person


def test_address_case_does_not_matter_when_accepting(client, invite, team):
    person = UserFactory(email="marie.dupont@exemple.fr")
    _, token = invite("Marie.Dupont@Exemple.fr")
    client.force_login(person)
    assert client.post(open_link(client, token)).status_code == 302
    assert list(person.groups.all()) == [team]


def test_someone_signed_in_with_another_address_cannot_accept(
    client, invite, django_assert_num_queries
):
    other = UserFactory(email="quelquun@exemple.fr")
    invitation, token = invite("marie.dupont@exemple.fr")
    client.force_login(other)

    url = open_link(client, token)
    with django_assert_num_queries(3):
        response = client.get(url)
    assert response.status_code == 403
    page = Page(response)
    assert page.h1 == "Cette invitation est adressée à une autre adresse"
    assert page.texts("main .lead strong") == ["marie.dupont@exemple.fr", "quelquun@exemple.fr"]
    sign_out = page.within("main").button("Se déconnecter")
    assert sign_out.find_parent("form")["action"] == reverse("accounts:logout")

    response = client.post(open_link(client, token))
    assert response.status_code == 403
    assert not other.groups.exists()
    assert_pending(invitation)


# Links that no longer work


def test_an_expired_invitation_is_gone(client, invite, django_assert_num_queries):
    invitation, token = invite("nouvelle@exemple.fr")
    Invitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - timedelta(minutes=1)
    )
    url = open_link(client, token)
    with django_assert_num_queries(3):
        response = client.get(url)
    assert response.status_code == 410
    assert unavailable_reason(response).startswith("Cette invitation a expiré")

    response = client.post(open_link(client, token), signup_data())
    assert response.status_code == 410
    assert not User.objects.filter(email="nouvelle@exemple.fr").exists()


def test_an_invitation_serves_only_once(client, invite):
    _, token = invite("nouvelle@exemple.fr")
    assert client.post(open_link(client, token), signup_data()).status_code == 302

    # The same person coming back, then someone else with the link.
    response = client.get(open_link(client, token))
    assert response.status_code == 410
    assert unavailable_reason(response) == "Cette invitation a déjà été acceptée."
    client.logout()
    response = client.post(open_link(client, token), signup_data(first_name="Autre"))
    assert response.status_code == 410
    assert User.objects.filter(email="nouvelle@exemple.fr").count() == 1


def test_a_revoked_invitation_is_gone(client, invite):
    invitation, token = invite("nouvelle@exemple.fr")
    invitation_revoke(actor=None, invitation=invitation)
    response = client.get(open_link(client, token))
    assert response.status_code == 410
    assert unavailable_reason(response) == "Cette invitation a été annulée."


def test_an_unknown_token_is_not_found(client, db, django_assert_num_queries):
    url = open_link(client, "pas-un-vrai-jeton")
    # The session, the invitation, whether the token was ever issued.
    with django_assert_num_queries(3):
        response = client.get(url)
    assert response.status_code == 404
    assert unavailable_reason(response).startswith("Ce lien d'invitation n'est pas valide.")


def test_accepting_twice_through_the_service_is_refused(invite, team):
    person = UserFactory(email="marie.dupont@exemple.fr")
    invitation, _ = invite("marie.dupont@exemple.fr")
    invitation_accept(invitation=invitation, user=person)
    with pytest.raises(ValidationError):
        invitation_accept(invitation=invitation, user=person)


def test_an_invitation_that_expired_after_it_was_read_is_refused_under_the_lock(invite, team):
    """Read while valid, expired before the accept takes its lock: the role is not granted."""
    person = UserFactory(email="marie.dupont@exemple.fr")
    invitation, _ = invite("marie.dupont@exemple.fr")
    Invitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - timedelta(minutes=1)
    )
    with pytest.raises(ValidationError, match="expiré"):
        invitation_accept(invitation=invitation, user=person)
    assert_pending(invitation)


def test_an_invitation_revoked_after_it_was_read_is_refused_under_the_lock(invite, team):
    person = UserFactory(email="marie.dupont@exemple.fr")
    invitation, _ = invite("marie.dupont@exemple.fr")
    Invitation.objects.filter(pk=invitation.pk).update(revoked_at=timezone.now())
    with pytest.raises(ValidationError, match="plus valable"):
        invitation_accept(invitation=invitation, user=person)
    assert_pending(invitation)


def test_the_invitation_accepted_meanwhile_is_refused_on_post(client, invite):
    """Two tabs: the form was shown, then the invitation was accepted elsewhere."""
    person = UserFactory(email="marie.dupont@exemple.fr")
    invitation, token = invite("marie.dupont@exemple.fr")
    client.force_login(person)
    assert client.get(open_link(client, token)).status_code == 200
    invitation_accept(invitation=invitation, user=person)
    response = client.post(open_link(client, token))
    assert response.status_code == 410


@pytest.mark.parametrize("field", ["first_name", "last_name"])
def test_a_newline_in_the_name_is_refused_and_nothing_saved(client, invite, field):
    invitation, token = invite("nouvelle@exemple.fr")
    typed = "Nadia\nBcc: pirate@exemple.fr"
    response = client.post(open_link(client, token), signup_data(**{field: typed}))

    assert response.status_code == 200
    page = Page(response)
    label = {"first_name": "Prénom", "last_name": "Nom"}[field]
    assert page.field_errors(label) == [
        "Ce champ tient sur une seule ligne : retirez les retours à la ligne, tabulations et "
        "autres caractères invisibles."
    ]
    assert page.value(label) == typed
    assert not User.objects.filter(email="nouvelle@exemple.fr").exists()
    assert SESSION_KEY not in client.session
    assert_pending(invitation)


def test_the_signup_form_marks_required_fields_and_ties_hints(client, invite):
    _, token = invite("nouvelle@exemple.fr")
    page = Page(client.get(open_link(client, token)))
    assert text_of(page.label_for("Prénom")) == "Prénom (obligatoire)"
    assert page.texts(".required-note") == [
        "Les champs marqués « obligatoire » doivent être remplis."
    ]
    assert page.described_by("Adresse e-mail") == [
        "L'adresse à laquelle l'invitation a été envoyée."
    ]
