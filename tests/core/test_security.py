"""The security baseline every page carries, and the production settings that add to it."""

import importlib
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.test import Client, override_settings
from django.urls import reverse

from tests.accounts.factories import UserFactory

BASE_DIR = Path(settings.BASE_DIR)
PROD_HOST = "maillage.example.org"


def csp_directives(header: str) -> dict[str, list[str]]:
    directives = {}
    for part in header.split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


def load_prod_settings(monkeypatch) -> object:
    """Import config.settings.prod afresh, with the environment a real deployment gives it."""
    monkeypatch.setenv("SECRET_KEY", secrets.token_urlsafe(64))
    monkeypatch.setenv("ALLOWED_HOSTS", PROD_HOST)
    sys.modules.pop("config.settings.prod", None)
    try:
        return importlib.import_module("config.settings.prod")
    finally:
        sys.modules.pop("config.settings.prod", None)


@pytest.fixture
def prod_security(monkeypatch):
    """The production values of every setting that shapes headers and cookies."""
    prod = load_prod_settings(monkeypatch)
    prefixes = ("SECURE_", "SESSION_COOKIE_", "CSRF_COOKIE_")
    values = {name: getattr(prod, name) for name in dir(prod) if name.startswith(prefixes)}
    values["DEBUG"] = prod.DEBUG
    with override_settings(**values):
        yield values


@pytest.fixture
def home_response(db, client):
    return client.get(reverse("core:home"))


def test_content_security_policy_allows_only_our_own_resources(home_response):
    header = home_response.headers["Content-Security-Policy"]
    assert "unsafe-inline" not in header
    assert "unsafe-eval" not in header
    directives = csp_directives(header)
    assert directives["default-src"] == ["'self'"]
    assert directives["script-src"] == ["'self'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["object-src"] == ["'none'"]
    assert directives["base-uri"] == ["'self'"]
    assert directives["form-action"] == ["'self'"]


def test_headers_forbid_sniffing_framing_and_leaking_the_referrer(home_response):
    assert home_response.headers["X-Content-Type-Options"] == "nosniff"
    assert home_response.headers["X-Frame-Options"] == "DENY"
    assert home_response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert home_response.headers["Cross-Origin-Opener-Policy"] == "same-origin"


def test_argon2_hashes_passwords_in_every_real_environment(monkeypatch):
    base = importlib.import_module("config.settings.base")
    prod = load_prod_settings(monkeypatch)
    argon2 = "django.contrib.auth.hashers.Argon2PasswordHasher"
    assert base.PASSWORD_HASHERS[0] == argon2
    assert prod.PASSWORD_HASHERS[0] == argon2


def test_production_refuses_to_start_without_a_secret_key(monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    sys.modules.pop("config.settings.prod", None)
    with pytest.raises(ImproperlyConfigured):
        importlib.import_module("config.settings.prod")
    sys.modules.pop("config.settings.prod", None)


def test_production_passes_the_deployment_checklist():
    # The deployment's own environment: no test database, no async-safety switch.
    inherited = {"DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {key: value for key, value in os.environ.items() if key not in inherited}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.prod",
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS=PROD_HOST,
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr + result.stdout
    assert "WARNINGS" not in result.stderr
    assert "no issues" in result.stdout


def test_production_sends_strict_transport_security(db, prod_security):
    response = Client().get(reverse("core:home"), secure=True)
    assert response.status_code == 200
    hsts = [part.strip() for part in response.headers["Strict-Transport-Security"].split(";")]
    max_age = next(int(part.split("=")[1]) for part in hsts if part.startswith("max-age="))
    assert max_age >= 31536000
    assert "includeSubDomains" in hsts


def test_production_redirects_plain_http_to_https(db, prod_security):
    response = Client().get(reverse("core:home"))
    assert response.status_code == 301
    assert response.headers["Location"].startswith("https://")


def test_production_cookies_travel_only_over_https(db, prod_security):
    staff = UserFactory(staff=True)
    client = Client()
    login_url = reverse("admin:login")

    form = client.get(login_url, secure=True)
    csrf_cookie = form.cookies[settings.CSRF_COOKIE_NAME]
    assert csrf_cookie["secure"] is True
    assert csrf_cookie["httponly"] is True

    logged_in = client.post(
        login_url,
        {"username": staff.email, "password": "mot-de-passe-solide-42", "next": "/admin/"},
        secure=True,
    )
    assert logged_in.status_code == 302
    session_cookie = logged_in.cookies[settings.SESSION_COOKIE_NAME]
    assert session_cookie["secure"] is True
    assert session_cookie["httponly"] is True
    assert session_cookie["samesite"] == "Lax"
