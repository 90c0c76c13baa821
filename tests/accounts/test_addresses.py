"""One form of each address for storage, look-up and sign-in lock-out (Unicode NFKC, case-folded,
trimmed), and addresses too long for the lock-out record refused in French. Runs on SQLite and,
in CI, on PostgreSQL, whose case-insensitive look-ups fold "ı" into "I"."""

import importlib

import pytest
from axes.models import AccessAttempt
from django.apps import apps
from django.contrib.auth import SESSION_KEY
from django.db.models import Sum
from django.test import override_settings
from django.urls import reverse

from maillage.accounts.models import User, canonical_email
from tests.accounts.factories import UserFactory
from tests.html import Page

from .conftest import PASSWORD
from .test_throttling import backdate

LOGIN_URL = reverse("accounts:login")
# "ı" (dotless i) for "i": PostgreSQL's UPPER() makes both "I".
LOOK_ALIKE = "marıe.dupont@exemple.fr"
# A full-width "ｍ", capitals and spaces: NFKC and case-folding make both the real address.
SAME_ADDRESS = ["ｍarie.dupont@exemple.fr", " MARIE.Dupont@Exemple.FR "]


@pytest.fixture
def person(db):
    return UserFactory(email="marie.dupont@exemple.fr")


def sign_in(client, email, password):
    return client.post(LOGIN_URL, {"username": email, "password": password})


def failures() -> int:
    return AccessAttempt.objects.aggregate(total=Sum("failures_since_start"))["total"] or 0


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        (" Marie.DUPONT@Exemple.FR ", "marie.dupont@exemple.fr"),
        ("ｍａｒｉｅ@exemple.fr", "marie@exemple.fr"),
        ("STRASSE@exemple.de", "strasse@exemple.de"),
        ("Straße@exemple.de", "strasse@exemple.de"),
        (LOOK_ALIKE, LOOK_ALIKE),
    ],
)
def test_addresses_are_stored_in_their_canonical_form(db, typed, stored):
    assert canonical_email(typed) == stored
    assert User.objects.create_user(typed, PASSWORD).email == stored
    User.objects.all().delete()
    user = UserFactory.build(email=typed)
    user.save()
    assert User.objects.get(pk=user.pk).email == stored


@pytest.mark.parametrize("typed", SAME_ADDRESS)
def test_other_spellings_of_the_address_sign_in(client, person, typed):
    assert sign_in(client, typed, PASSWORD).status_code == 302
    assert client.session[SESSION_KEY] == str(person.pk)


def test_a_look_alike_address_does_not_reach_the_account(client, person):
    response = sign_in(client, LOOK_ALIKE, PASSWORD)
    assert response.status_code == 200
    assert Page(response).errors() == ["Adresse e-mail ou mot de passe incorrect."]
    assert SESSION_KEY not in client.session


@override_settings(AXES_ENABLED=True, AXES_FAILURE_LIMIT=3)
def test_spellings_of_one_address_share_one_lock_out_counter(client, person):
    for typed in [*SAME_ADDRESS, person.email]:
        backdate(minutes=1)  # past the slowdown pause
        sign_in(client, typed, "pas-le-bon")
    assert AccessAttempt.objects.count() == 1
    assert failures() == 3

    # Locked out: neither the address nor a look-alike of it signs in with the right password.
    assert sign_in(client, person.email, PASSWORD).status_code == 429
    sign_in(client, LOOK_ALIKE, PASSWORD)
    assert SESSION_KEY not in client.session


@override_settings(AXES_ENABLED=True)
def test_a_very_long_address_is_refused_in_french(client, person):
    response = sign_in(client, "a" * 5000 + "@exemple.fr", PASSWORD)
    assert response.status_code == 200
    page = Page(response)
    assert page.field_errors("Adresse e-mail") == [
        "Une adresse e-mail compte au plus 254 caractères : vérifiez celle que vous avez saisie."
    ]
    assert not AccessAttempt.objects.exists()


def test_existing_addresses_are_made_canonical_by_the_migration(db):
    kept = UserFactory(email="marie.dupont@exemple.fr")
    User.objects.filter(pk=kept.pk).update(email="Marie.Dupont@Exemple.fr ")
    fullwidth = UserFactory(email="autre@exemple.fr")
    User.objects.filter(pk=fullwidth.pk).update(email="ａｕｔｒｅ@exemple.fr")
    migration = importlib.import_module("maillage.accounts.migrations.0004_user_email_canonical")

    migration.store_canonical_addresses(apps, None)

    assert User.objects.get(pk=kept.pk).email == "marie.dupont@exemple.fr"
    assert User.objects.get(pk=fullwidth.pk).email == "autre@exemple.fr"


@override_settings(AXES_ENABLED=True)
def test_a_very_long_address_at_the_admin_sign_in_is_counted_not_a_500(client, person):
    # The admin's own form has no length check: axes records the canonical address, cut to fit.
    response = client.post(
        reverse("admin:login"), {"username": "a" * 5000 + "@exemple.fr", "password": "x"}
    )
    assert response.status_code == 200
    (attempt,) = AccessAttempt.objects.all()
    assert len(attempt.username) == 254
