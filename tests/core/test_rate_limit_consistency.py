"""Every view that accepts a POST from anyone is rate-limited (maillage.core.ratelimit)."""

from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import AccessMixin
from django.urls import URLPattern, URLResolver, get_resolver

from maillage.api.throttling import ClientThrottle
from maillage.api.urls import api

# Public POST views left without a limit, each with its reason.
EXEMPT = {
    "accounts:logout": "signs out the caller only",
    "admin:login": "the admin's sign-in: django-axes locks it out like ours",
    "core:home": "a POST only shows the home page",
}
ADMIN_PREFIX = "admin:"


def patterns(resolver=None, namespace=""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from patterns(entry, inner)
        elif isinstance(entry, URLPattern):
            yield f"{namespace}{entry.name or ''}", entry.callback


def layers(view):
    while view is not None:
        yield view
        view = getattr(view, "__wrapped__", None)


def closure(func) -> dict:
    code = getattr(func, "__code__", None)
    if code is None or not func.__closure__:
        return {}
    return dict(zip(code.co_freevars, (cell.cell_contents for cell in func.__closure__)))


def accepts_anonymous_post(view) -> bool:
    """Read from the decorators: login_required (user_passes_test) and require_http_methods
    leave their arguments in their closures; class-based views say it in their class."""
    view_class = getattr(view, "view_class", None)
    if view_class is not None:
        if issubclass(view_class, AccessMixin):
            return False
        for layer in layers(view_class.dispatch):  # method_decorator(login_required)
            if login_required in closure(layer).get("decorators", ()):
                return False
        return "post" in view_class.http_method_names and hasattr(view_class, "post")
    for layer in layers(view):
        cells = closure(layer)
        if "test_func" in cells:
            return False
        if "request_method_list" in cells:
            return "POST" in cells["request_method_list"]
    return True


def test_every_public_post_view_is_rate_limited():
    unlimited = []
    for name, view in patterns():
        if name.startswith(ADMIN_PREFIX) and name not in EXEMPT:
            continue  # the rest of the admin is for staff only
        if name.startswith("api:") or name in EXEMPT:
            continue
        if accepts_anonymous_post(view) and not getattr(view, "rate_limit_scopes", ()):
            unlimited.append(name)
    assert not unlimited, f"Vues publiques en POST sans limite de débit : {sorted(unlimited)}"


def test_the_api_is_throttled_by_the_core_limiter():
    assert isinstance(api.throttle, ClientThrottle)
