"""The home page, the pages every French public-interest site has (legal notice, accessibility,
personal data, contact), the error pages (config/urls.py names the handlers) and the preview of
rich text."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_POST, require_safe

from .errors import error_page, plain_error_page


def home(request):
    return render(request, "core/home.html")


def operator() -> dict:
    """Who runs this instance, from the settings; an empty value is said as not given yet."""
    return {
        "publisher": settings.MAILLAGE_PUBLISHER,
        "publisher_address": settings.MAILLAGE_PUBLISHER_ADDRESS,
        "director": settings.MAILLAGE_PUBLICATION_DIRECTOR,
        "host": settings.MAILLAGE_HOST,
        "email": settings.MAILLAGE_CONTACT_EMAIL,
    }


def _info_page(template: str):
    @require_safe
    def view(request):
        context = {
            "operator": operator(),
            # Read by the teams' purge (teams.services.team_data_purge) from the same setting.
            "team_retention_days": settings.MAILLAGE_TEAM_DATA_RETENTION_DAYS,
        }
        return render(request, template, context)

    return view


legal_notice = _info_page("core/legal_notice.html")
accessibility = _info_page("core/accessibility.html")
privacy = _info_page("core/privacy.html")
contact = _info_page("core/contact.html")


def bad_request(request, exception=None):
    # A malformed request (unknown host, oversized form): nothing of it is trusted.
    return plain_error_page("400.html", status=400, request=request)


def permission_denied(request, exception=None):
    return error_page(request, "403.html", status=403)


def page_not_found(request, exception=None):
    return error_page(request, "404.html", status=404)


def server_error(request=None):
    # No request context: the page must render when the database or the session is down.
    return plain_error_page("500.html", status=500, request=request)


def csrf_failure(request, reason=""):
    """settings.CSRF_FAILURE_VIEW: the form expired or cookies are off; say what to do."""
    return error_page(request, "403_csrf.html", status=403)


@login_required
@require_POST
def richtext_preview(request):
    """The text of an editor as the site will publish it (fetched by static/js/richtext.js)."""
    return render(request, "core/_richtext_preview.html", {"text": request.POST.get("text", "")})
