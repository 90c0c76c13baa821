"""The password policy refuses long passwords that are guessed at once: spaces only, or one
character repeated."""

import pytest
from django.contrib.auth.password_validation import password_validators_help_texts
from django.urls import reverse

from maillage.accounts.models import User
from tests.html import Page


def sign_up(client, invite, password: str):
    """Open a fresh invitation and sign up with `password`."""
    _, token = invite("nouvelle@exemple.fr")
    page_url = client.get(reverse("accounts:invitation_accept", args=[token]))["Location"]
    data = {"first_name": "Nadia", "last_name": "Bensaïd"}
    return client.post(page_url, {**data, "password1": password, "password2": password})


@pytest.mark.parametrize(
    ("password", "error"),
    [
        (" " * 12, "Le mot de passe ne peut pas être fait seulement d'espaces."),
        ("\t \u00a0" * 5, "Le mot de passe ne peut pas être fait seulement d'espaces."),
        (
            "aaaaaaaaaaaa",
            "Le mot de passe doit compter au moins 5 caractères différents : évitez de répéter "
            "le même caractère.",
        ),
        (
            "abababababab",
            "Le mot de passe doit compter au moins 5 caractères différents : évitez de répéter "
            "le même caractère.",
        ),
    ],
)
def test_a_blank_or_repetitive_password_is_refused_at_sign_up(client, invite, password, error):
    response = sign_up(client, invite, password)
    assert response.status_code == 200
    assert error in Page(response).field_errors("Confirmation du mot de passe")
    assert not User.objects.filter(email="nouvelle@exemple.fr").exists()


def test_a_varied_password_is_accepted(client, invite):
    password = "un secret de douze"
    response = sign_up(client, invite, password)
    assert response.status_code == 302
    assert User.objects.get(email="nouvelle@exemple.fr").check_password(password)


def test_the_rule_is_explained_in_french():
    assert (
        "Votre mot de passe doit compter au moins 5 caractères différents et pas seulement des "
        "espaces." in password_validators_help_texts()
    )
