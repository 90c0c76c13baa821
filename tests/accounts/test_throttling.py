"""Repeated failed sign-ins are slowed, then refused for a while (django-axes); the password
reset lifts the lock-out. See docs/adr/004-sign-in-throttling.md."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import SESSION_KEY
from django.core import mail
from django.db.models import F, Sum
from django.test import override_settings
from django.urls import reverse

from maillage.accounts import forms
from tests.accounts.factories import UserFactory
from tests.html import Page

from .conftest import PASSWORD

LOGIN_URL = reverse("accounts:login")

pytestmark = pytest.mark.usefixtures("axes_enabled")


@pytest.fixture
def axes_enabled(db):
    with override_settings(AXES_ENABLED=True, AXES_FAILURE_LIMIT=5, AXES_COOLOFF_TIME=0.25):
        yield


@pytest.fixture
def person(db):
    return UserFactory(email="marie.dupont@exemple.fr")


def backdate(**delta) -> None:
    """Move every recorded failure back in time, as if the person had waited."""
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - timedelta(**delta))


def sign_in(client, email, password, **extra):
    return client.post(LOGIN_URL, {"username": email, "password": password}, **extra)


def fail(client, email, times: int):
    """Fail `times` times, waiting out the slowdown pause before each attempt."""
    response = None
    for _ in range(times):
        backdate(minutes=1)
        response = sign_in(client, email, "pas-le-bon")
    return response


def warning(response) -> str:
    """The warning shown above the sign-in form before the lock-out."""
    return Page(response).text("main .warning")


def failures() -> int:
    return AccessAttempt.objects.aggregate(total=Sum("failures_since_start"))["total"] or 0


def test_failures_are_counted_without_warning_at_first(client, person):
    response = fail(client, person.email, 2)
    assert response.status_code == 200
    assert failures() == 2
    assert not Page(response).has(".warning")


def test_third_failure_warns_of_the_coming_lock_out(client, person):
    response = fail(client, person.email, 3)
    assert response.status_code == 200
    assert warning(response) == (
        "Attention : il vous reste 2 essais. Après 5 échecs, la connexion à ce compte sera "
        "bloquée pendant 15 minutes. Si vous avez oublié votre mot de passe, "
        "choisissez-en un nouveau."
    )

    response = fail(client, person.email, 1)
    assert warning(response).startswith("Attention : il vous reste 1 essai.")


def test_after_three_failures_the_next_attempt_must_wait(client, person):
    fail(client, person.email, 3)

    # At once, even with the right password: refused, and not counted as a failure.
    response = sign_in(client, person.email, PASSWORD)
    assert response.status_code == 200
    [error] = Page(response).errors()
    assert "Patientez encore 5 secondes avant de réessayer" in error
    assert SESSION_KEY not in client.session
    assert failures() == 3

    backdate(seconds=forms.SLOWDOWN_STEP.seconds + 1)
    response = sign_in(client, person.email, PASSWORD)
    assert response.status_code == 302
    assert client.session[SESSION_KEY] == str(person.pk)
    # A successful sign-in clears the counter (AXES_RESET_ON_SUCCESS).
    assert failures() == 0


def test_the_pause_grows_with_the_failures(client, person):
    fail(client, person.email, 4)
    response = sign_in(client, person.email, PASSWORD)
    [error] = Page(response).errors()
    assert "Patientez encore 10 secondes" in error


def test_five_failures_lock_the_address_out_with_a_french_message(client, person):
    response = fail(client, person.email, 5)
    assert response.status_code == 429
    page = Page(response)
    assert page.h1 == "Connexion bloquée pour un moment"
    assert page.text("main .lead") == (
        "Trop de tentatives de connexion ont échoué pour cette adresse. Par sécurité, la "
        "connexion est bloquée : réessayez dans 15 minutes, ou réinitialisez votre mot de passe."
    )
    reset = page.link("Réinitialiser mon mot de passe")
    assert reset["href"] == reverse("accounts:password_reset")

    # The right password does not help during the cool-off.
    backdate(minutes=1)
    response = sign_in(client, person.email, PASSWORD)
    assert response.status_code == 429
    assert Page(response).h1 == "Connexion bloquée pour un moment"
    assert SESSION_KEY not in client.session

    # Fifteen minutes later the address may sign in again.
    backdate(minutes=15)
    response = sign_in(client, person.email, PASSWORD)
    assert response.status_code == 302
    assert client.session[SESSION_KEY] == str(person.pk)


def test_changing_the_case_of_the_address_does_not_reset_the_counter(client, person):
    fail(client, "Marie.Dupont@exemple.fr", 2)
    fail(client, "MARIE.DUPONT@EXEMPLE.FR", 2)
    response = fail(client, person.email, 1)
    assert response.status_code == 429


def test_the_lock_out_is_for_one_address_from_one_client(client, person):
    fail(client, person.email, 5)
    other = UserFactory(email="autre@exemple.fr")

    # Another address from the same client, and the same address from elsewhere, still work.
    assert sign_in(client, other.email, PASSWORD).status_code == 302
    client.logout()
    response = sign_in(client, person.email, PASSWORD, REMOTE_ADDR="192.0.2.10")
    assert response.status_code == 302


def test_resetting_the_password_lifts_the_lock_out(
    client, person, django_capture_on_commit_callbacks
):
    fail(client, person.email, 5)
    assert sign_in(client, person.email, PASSWORD).status_code == 429

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:password_reset"), {"email": person.email})
    link = next(word for word in mail.outbox[0].body.split() if "/mot-de-passe/nouveau/" in word)
    form_url = client.get(link)["Location"]
    new_password = "un-nouveau-secret-bien-long"
    client.post(form_url, {"new_password1": new_password, "new_password2": new_password})

    assert failures() == 0
    response = sign_in(client, person.email, new_password)
    assert response.status_code == 302


def test_login_page_query_count_with_axes(client, person, django_assert_num_queries):
    fail(client, person.email, 3)
    backdate(minutes=1)
    # Our failures aggregate, axes' own check, the user, axes' clean-up, the failure written
    # (savepoint, row locked, updated, released) and counted again. No session yet.
    with django_assert_num_queries(9):
        response = sign_in(client, person.email, "pas-le-bon")
    assert warning(response).startswith("Attention : il vous reste 1 essai.")


def test_a_successful_sign_in_leaves_no_trace_of_ip_or_browser(client, person):
    from axes.models import AccessLog

    fail(client, person.email, 2)
    response = sign_in(client, person.email, PASSWORD, HTTP_USER_AGENT="Navigateur de test")
    assert response.status_code == 302
    assert not AccessLog.objects.exists()
    assert not AccessAttempt.objects.exists()
