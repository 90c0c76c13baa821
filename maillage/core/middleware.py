"""Middleware every response goes through: security headers, the request size cap and the
French page of a refused method."""

from django.conf import settings
from django.utils.cache import patch_cache_control

from .errors import error_page, plain_error_page

# Powerful browser features the platform never uses: off for every page and every frame.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "payment",
        "publickey-credentials-get",
        "usb",
    )
)

# Pages about a signed-in person (back office, admin, sign-in, password, invitation): never
# kept by a shared computer's browser or a proxy.
PRIVATE_PATH_PREFIXES = (
    "/mon-espace/",
    "/admin/",
    "/connexion/",
    "/deconnexion/",
    "/mot-de-passe/",
    "/invitation/",
)


def is_private_path(path: str) -> bool:
    return path.startswith(PRIVATE_PATH_PREFIXES)


class SecurityHeadersMiddleware:
    """Permissions-Policy on every response; `Cache-Control: private, no-store` on private pages."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        if is_private_path(request.path_info):
            patch_cache_control(response, private=True, no_store=True)
        return response


class RequestSizeLimitMiddleware:
    """Refuse a request announcing a body above MAILLAGE_MAX_REQUEST_BYTES before anything
    reads it (the proxy caps it too; this holds wherever the application runs)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        limit = settings.MAILLAGE_MAX_REQUEST_BYTES
        if length > limit:
            return plain_error_page(
                "413.html",
                status=413,
                request=request,
                context={"limit_mb": round(limit / 1024 / 1024)},
            )
        return self.get_response(request)


class MethodNotAllowedPageMiddleware:
    """Django answers a refused method (405) with an empty body: give it the French page,
    keeping the Allow header. The API answers for itself."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            response.status_code != 405
            or response.streaming
            or response.content
            or request.path_info.startswith("/api/")
        ):
            return response
        page = error_page(request, "405.html", status=405)
        page["Allow"] = response.get("Allow", "")
        return page
