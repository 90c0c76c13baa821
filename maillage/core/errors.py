"""The French error pages: one helper renders them all, in the site's layout.

Two kinds: pages that may use the request (404, 403, 405, CSRF failure) and pages that must
render with nothing but the templates (400, 500, 413): no session, user or database, so that
they hold when the database is down or the request is malformed.
"""

import logging

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.http import HttpResponse
from django.shortcuts import render
from django.template import loader
from django.utils.http import url_has_allowed_host_and_scheme

logger = logging.getLogger(__name__)

# Shown when even the layout cannot be rendered (a template error during a 500).
LAST_RESORT = (
    '<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8">'
    "<title>Erreur — Maillage</title></head><body><h1>Une erreur est survenue</h1>"
    "<p>Le service rencontre un problème. Réessayez dans quelques minutes.</p>"
    '<p><a href="/">Revenir à l’accueil</a></p></body></html>'
)


def back_url(request) -> str:
    """The page the person came from, when it is one of ours; "" otherwise (or unknown host)."""
    referer = request.META.get("HTTP_REFERER", "") if request is not None else ""
    if not referer:
        return ""
    try:
        host = request.get_host()
    except DisallowedHost:
        return ""
    if url_has_allowed_host_and_scheme(
        referer, allowed_hosts={host}, require_https=request.is_secure()
    ):
        return referer
    return ""


def error_page(request, template: str, *, status: int, context: dict | None = None):
    """An error page with the request: the layout shows who is signed in, the page a way back."""
    context = {"back_url": back_url(request), **(context or {})}
    return render(request, template, context, status=status)


def plain_error_page(
    template: str, *, status: int, request=None, context: dict | None = None
) -> HttpResponse:
    """An error page from the templates alone (no request context, no session, no database);
    of the request only the Referer header is read, for the way back."""
    context = {
        "MAILLAGE_DEMO": settings.MAILLAGE_DEMO,
        "plain_error": True,
        "back_url": back_url(request),
        **(context or {}),
    }
    try:
        content = loader.get_template(template).render(context)
    except Exception:  # the page that says something broke must not break itself
        logger.exception("La page d'erreur %s n'a pas pu être affichée.", template)
        content = LAST_RESORT
    return HttpResponse(content, status=status)
