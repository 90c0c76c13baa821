"""The API's rate limit: the core limiter per client address, refused in French JSON."""

from ninja.errors import Throttled
from ninja.throttling import BaseThrottle

from maillage.core.ratelimit import client_ip, delay_in_words, hit

# Autocomplete asks once per pause in typing; a shared address (town hall, mobile carrier)
# carries many people.
API_RATE = "120/m"


class ClientThrottle(BaseThrottle):
    """Counts every API request of one client address, atomically, in the default cache."""

    def __init__(self, rate: str | None = None):
        self.rate = rate  # None: API_RATE
        self.retry_after: int | None = None

    def allow_request(self, request) -> bool:
        # Kept on the request too: ninja shares one throttle instance among threads.
        request.api_retry_after = hit(
            "api:ip", client_ip(request) or "inconnue", self.rate or API_RATE
        )
        self.retry_after = request.api_retry_after
        return request.api_retry_after is None

    def wait(self) -> float | None:
        return self.retry_after


def throttled(request, exc: Throttled, *, api):
    """429 in French, with Retry-After (ninja adds the header from the throttle's wait)."""
    wait = getattr(request, "api_retry_after", None) or exc.wait or 60
    return api.create_response(
        request,
        {
            "detail": (
                "Trop de requêtes en peu de temps depuis votre adresse : "
                f"réessayez dans {delay_in_words(int(wait))}."
            )
        },
        status=429,
    )
