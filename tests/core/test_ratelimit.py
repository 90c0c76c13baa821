"""The core rate limiter: rates, atomic counting, client address, fail-open, the 429 page."""

import os
import threading

import pytest
from django.http import HttpResponse
from django.test import RequestFactory, override_settings

from maillage.core import ratelimit
from maillage.core.ratelimit import Rate, RateLimited, client_ip, hit, limit, rate_limit
from tests.html import Page

CACHE_DOWN = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",
    }
}


@pytest.mark.parametrize(
    ("text", "rate"),
    [
        ("5/h", Rate(5, 3600)),
        ("30/m", Rate(30, 60)),
        ("3/15m", Rate(3, 900)),
        ("100/d", Rate(100, 86400)),
        (" 2 / s ", Rate(2, 1)),
    ],
)
def test_rates_are_written_like_five_an_hour(text, rate):
    assert Rate.parse(text) == rate


@pytest.mark.parametrize("text", ["5", "5/y", "h/5", "-1/h", ""])
def test_a_mistyped_rate_is_refused(text):
    with pytest.raises(ValueError, match="Invalid rate"):
        Rate.parse(text)


def test_the_limit_counts_and_then_refuses_until_the_window_ends():
    assert [hit("essai", "a", "3/h") for _ in range(3)] == [None, None, None]
    wait = hit("essai", "a", "3/h")
    assert 0 < wait <= 3600
    # Another identity and another scope have their own counters.
    assert hit("essai", "b", "3/h") is None
    assert hit("autre", "a", "3/h") is None


def test_the_next_window_starts_afresh(monkeypatch):
    now = 1_000_000 * 60 + 59.5  # half a second before a new minute
    monkeypatch.setattr(ratelimit.time, "time", lambda: now)
    assert hit("essai", "a", "1/m") is None
    assert hit("essai", "a", "1/m") == 1
    monkeypatch.setattr(ratelimit.time, "time", lambda: now + 1)
    assert hit("essai", "a", "1/m") is None


def race(scope: str, threads: int = 20) -> list[int | None]:
    """`threads` hits against "5/h" released at the same instant."""
    barrier = threading.Barrier(threads)
    results = []

    def attempt():
        barrier.wait()
        results.append(hit(scope, "même-client", "5/h"))

    started = [threading.Thread(target=attempt) for _ in range(threads)]
    for thread in started:
        thread.start()
    for thread in started:
        thread.join()
    return results


def test_simultaneous_hits_never_overshoot():
    """Twenty threads released at once against a limit of five: exactly five get through."""
    assert race("course").count(None) == 5


def test_a_service_limit_raises_a_french_refusal():
    limit("reset", ident="marie@exemple.fr", rate="1/h")
    with pytest.raises(RateLimited) as refused:
        limit("reset", ident="marie@exemple.fr", rate="1/h")
    assert refused.value.code == "rate_limited"
    assert refused.value.messages[0].startswith(
        "Vous avez fait cette demande plusieurs fois en peu de temps."
    )
    assert "réessayez dans" in refused.value.messages[0]


@pytest.mark.parametrize(
    ("seconds", "words"),
    [
        (1, "1 minute"),
        (60, "1 minute"),
        (61, "2 minutes"),
        (3600, "60 minutes"),
        (7200, "2 heures"),
    ],
)
def test_the_delay_is_said_in_french(seconds, words):
    assert ratelimit.delay_in_words(seconds) == words


def test_a_cache_that_is_down_lets_requests_through_and_logs_it(caplog):
    with override_settings(CACHES=CACHE_DOWN):
        assert [hit("essai", "a", "1/h") for _ in range(3)] == [None, None, None]
    assert "Rate limit essai not checked: cache unavailable" in caplog.text


def test_the_client_is_the_remote_address_without_a_trusted_proxy():
    request = RequestFactory().get(
        "/", REMOTE_ADDR="198.51.100.4", HTTP_X_FORWARDED_FOR="203.0.113.9"
    )
    assert client_ip(request) == "198.51.100.4"


@override_settings(TRUSTED_PROXY_COUNT=1)
def test_behind_a_trusted_proxy_the_client_is_the_hop_it_added():
    # The visitor typed the first entry; the proxy appended the address it saw.
    request = RequestFactory().get(
        "/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.9"
    )
    assert client_ip(request) == "203.0.113.9"
    # A request that did not come through the proxy keeps its own address.
    assert client_ip(RequestFactory().get("/", REMOTE_ADDR="10.0.0.2")) == "10.0.0.2"


def test_an_address_that_is_not_one_is_never_returned():
    # django-axes stores it in an IP column: garbage would fail the insert on PostgreSQL.
    with override_settings(TRUSTED_PROXY_COUNT=1):
        request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="pirate")
        assert client_ip(request) == "10.0.0.2"
    assert client_ip(RequestFactory().get("/", REMOTE_ADDR="")) is None


@rate_limit("essai-vue", ip="2/h", user="3/h")
def limited_view(request):
    return HttpResponse("envoyé")


def test_the_decorator_marks_the_view():
    assert limited_view.rate_limit_scopes == ("essai-vue",)


def test_rate_limit_needs_a_rate_and_a_well_written_one():
    with pytest.raises(ValueError):
        rate_limit("x")
    with pytest.raises(ValueError):
        rate_limit("x", ip="cinq par heure")


def test_only_the_given_methods_count(rf):
    for _ in range(5):
        assert limited_view(rf.get("/")).status_code == 200


def test_over_the_limit_a_french_429_page_says_when_to_retry(rf):
    from django.contrib.auth.models import AnonymousUser

    def post():
        request = rf.post("/contact/envoyer/")
        request.user = AnonymousUser()
        return limited_view(request)

    assert [post().status_code for _ in range(2)] == [200, 200]
    response = post()
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 3600
    page = Page(response.content.decode())
    assert page.h1 == "Trop de demandes en peu de temps"
    assert "réessayez dans" in page.text(".lead")
    assert page.link("Revenir à la page précédente")["href"] == "/contact/envoyer/"
    assert page.link("Revenir à l'accueil")["href"] == "/"


def test_the_account_rate_follows_the_person_across_addresses(rf):
    from tests.accounts.factories import UserFactory

    person = UserFactory.build(pk=42)
    statuses = []
    for number in range(4):
        request = rf.post("/", REMOTE_ADDR=f"198.51.100.{number}")
        request.user = person
        statuses.append(limited_view(request).status_code)
    assert statuses == [200, 200, 200, 429]


@pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="REDIS_URL names no Redis server")
def test_simultaneous_hits_never_overshoot_on_redis():
    redis = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
            "KEY_PREFIX": f"maillage-test-{os.getpid()}",
        }
    }
    with override_settings(CACHES=redis):
        assert race("course-redis").count(None) == 5
