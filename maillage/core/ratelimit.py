"""Rate limits for what anyone can trigger (contact messages, password resets, invitations, the
API): one counter per scope, identity and time window in the default cache (Redis when
REDIS_URL is set). Check and count are one atomic cache operation, so simultaneous requests
cannot overshoot; a cache that is down lets requests through (logged) rather than failing pages.
See docs/adr/010-rate-limits.md.

    @rate_limit("contact", ip="10/h")                 # a view: refused with the French 429 page
    limit("password_reset_address", ident=email, rate="3/h")   # a service: raises RateLimited
"""

from __future__ import annotations

import functools
import hashlib
import ipaddress
import logging
import math
import re
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse

from .errors import back_url, error_page

logger = logging.getLogger(__name__)

_RATE = re.compile(r"^\s*(\d+)\s*/\s*(\d*)\s*([smhd])\s*$")
_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


@dataclass(frozen=True)
class Rate:
    """At most `limit` actions per `seconds`."""

    limit: int
    seconds: int

    @classmethod
    def parse(cls, text: str | Rate) -> Rate:
        """ "5/h", "30/m", "3/15m" (three per quarter of an hour), "100/d"."""
        if isinstance(text, Rate):
            return text
        match = _RATE.match(text)
        if not match:
            raise ValueError(f"Invalid rate {text!r}: write it like '5/h' or '30/m'.")
        count, multiple, unit = match.groups()
        return cls(limit=int(count), seconds=int(multiple or 1) * _UNITS[unit])


def delay_in_words(seconds: int) -> str:
    """ "1 minute", "12 minutes", "2 heures": when to try again, in French."""
    minutes = max(1, math.ceil(seconds / 60))
    if minutes < 90:
        return f"{minutes} minute" if minutes == 1 else f"{minutes} minutes"
    hours = round(minutes / 60)
    return f"{hours} heure" if hours == 1 else f"{hours} heures"


class RateLimited(ValidationError):
    """Too many actions of one kind by one person or client: a French message saying when to
    try again. A ValidationError, so that a form view shows it like any refusal."""

    def __init__(self, scope: str, retry_after: int):
        self.scope = scope
        self.retry_after = max(1, int(retry_after))
        super().__init__(
            "Vous avez fait cette demande plusieurs fois en peu de temps. Par sécurité, elle est "
            f"suspendue pour un moment : réessayez dans {delay_in_words(self.retry_after)}.",
            code="rate_limited",
        )


def hit(scope: str, ident: str, rate: str | Rate) -> int | None:
    """Count one action of `ident` in `scope`; the seconds to wait when it goes over `rate`,
    None when allowed.

    Windows are fixed and aligned on the clock (a "5/h" counter starts on the hour), so that
    the wait is known without a second key. The count is `cache.incr`, atomic in Redis and in
    the local-memory cache: among simultaneous requests exactly `limit` get through."""
    rate = Rate.parse(rate)
    now = time.time()
    window = int(now // rate.seconds)
    retry_after = math.ceil((window + 1) * rate.seconds - now)
    digest = hashlib.sha256(ident.encode()).hexdigest()[:32]  # fixed length, no personal data
    key = f"ratelimit:{scope}:{digest}:{rate.seconds}:{window}"
    try:
        # add() only creates the counter; incr() counts and reads in one step.
        cache.add(key, 0, retry_after + 1)
        try:
            count = cache.incr(key)
        except ValueError:  # the counter expired between add() and incr()
            cache.add(key, 0, retry_after + 1)
            count = cache.incr(key)
    except Exception:
        # Fail open: a limiter must not turn every page into a 500 when Redis is away.
        logger.warning("Rate limit %s not checked: cache unavailable", scope, exc_info=True)
        return None
    return retry_after if count > rate.limit else None


def limit(scope: str, *, ident: str, rate: str | Rate) -> None:
    """For services: count one action of `ident` (an address, an account id) in `scope`;
    raise RateLimited when over `rate`."""
    retry_after = hit(scope, ident, rate)
    if retry_after is not None:
        raise RateLimited(scope, retry_after)


def client_ip(request: HttpRequest) -> str | None:
    """The visitor's address (None if unknown). Behind TRUSTED_PROXY_COUNT reverse proxies
    (settings), the entry the nearest trusted proxy added to X-Forwarded-For, counted from the
    right: entries further left are typed by the client and would let anyone pick a fresh
    counter. Also django-axes' client address (AXES_CLIENT_IP_CALLABLE), stored in an IP column:
    only a valid address is returned."""
    hops = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [part for part in forwarded if part]
    candidates = [forwarded[-hops]] if hops > 0 and len(forwarded) >= hops else []
    for candidate in [*candidates, request.META.get("REMOTE_ADDR", "")]:
        try:
            return str(ipaddress.ip_address(candidate))
        except ValueError:
            continue
    return None


def check_request(
    request: HttpRequest, scope: str, *, ip: str | None = None, user: str | None = None
) -> RateLimited | None:
    """Count the request against the client-address rate `ip` and, for a signed-in person, the
    account rate `user`; the refusal with the longest wait, if any."""
    waits = []
    if ip:
        waits.append(hit(f"{scope}:ip", client_ip(request) or "inconnue", ip))
    account = getattr(request, "user", None)
    if user and account is not None and account.is_authenticated:
        waits.append(hit(f"{scope}:user", str(account.pk), user))
    waits = [wait for wait in waits if wait is not None]
    return RateLimited(scope, max(waits)) if waits else None


def too_many_requests(request: HttpRequest, refusal: RateLimited) -> HttpResponse:
    """The French 429 page: what happened, when to try again, a way back."""
    # The way back: the page the person came from, else the refused page itself (its form).
    context = {"delay": delay_in_words(refusal.retry_after)}
    context["back_url"] = back_url(request) or request.path
    response = error_page(request, "429.html", status=429, context=context)
    response["Retry-After"] = str(refusal.retry_after)
    return response


def rate_limit(
    scope: str,
    *,
    ip: str | None = None,
    user: str | None = None,
    methods: Iterable[str] = ("POST",),
    block: bool = True,
) -> Callable:
    """Limit a view: each request with one of `methods` counts against `ip` (per client address)
    and `user` (per signed-in account). Over the limit, the French 429 page answers, or, with
    block=False, the view runs with the refusal in `request.rate_limited` (to keep what the
    person typed on the page). Marks the view with `rate_limit_scopes` for the consistency test.
    """
    if not (ip or user):
        raise ValueError("rate_limit needs an ip or a user rate")
    for rate in (ip, user):
        if rate:
            Rate.parse(rate)  # a typo fails at import, not at the first request
    methods = {method.upper() for method in methods}

    def decorator(view):
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            request.rate_limited = None
            if request.method in methods:
                refusal = check_request(request, scope, ip=ip, user=user)
                if refusal is not None and block:
                    return too_many_requests(request, refusal)
                request.rate_limited = refusal
            return view(request, *args, **kwargs)

        wrapper.rate_limit_scopes = (*getattr(view, "rate_limit_scopes", ()), scope)
        return wrapper

    return decorator
