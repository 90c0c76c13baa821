"""Downloads of the inventory: a list of actions as a spreadsheet (a cooperation's inventory
from its public page and its back office, the search's results), and the open data files in
the data·inclusion schema with the page that lists them."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, StreamingHttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_safe

from maillage.cooperations.models import Cooperation
from maillage.core.exports import FORMATS, spreadsheet_response
from maillage.core.ratelimit import rate_limit

from .. import data_inclusion
from ..exports import HEADERS, action_rows
from ..models import Action

# A download reads every row of a list: generous for people, a wall for a script in a loop.
EXPORT_RATE = "60/h"
EXPORT_METHODS = ("GET", "HEAD")
# The open data files change with every confirmation; an hour in shared caches is fresh enough.
OPEN_DATA_MAX_AGE = 3600


def export_actions(request, actions, fmt: str, *, filename: str = "Actions"):
    """The download of `actions` (any queryset of actions, in its order) as a CSV or an XLSX
    spreadsheet (`fmt`), one row per action: what the search's « Télécharger » links call."""
    if fmt not in FORMATS:
        raise Http404("Format inconnu.")
    return spreadsheet_response(
        action_rows(actions, absolute=request.build_absolute_uri),
        headers=HEADERS,
        filename=filename,
        fmt=fmt,
        sheet_title="Actions",
    )


@require_safe
@rate_limit("actions.export", ip=EXPORT_RATE, methods=EXPORT_METHODS)
def cooperation_inventory(request, slug: str, fmt: str):
    """The current actions of a cooperation's territory, as the public sees them."""
    cooperation = get_object_or_404(Cooperation.objects.select_related("perimeter"), slug=slug)
    actions = Action.objects.in_territory_of(cooperation).current()
    return export_actions(request, actions, fmt, filename=f"Actions {cooperation.name}")


@login_required
@require_safe
@rate_limit("actions.export", ip=EXPORT_RATE, methods=EXPORT_METHODS)
def cooperation_inventory_backoffice(request, slug: str, fmt: str):
    """Every action of the territory its animators curate, ended and stale ones included."""
    cooperation = get_object_or_404(
        Cooperation.objects.editable_by(request.user).select_related("perimeter"), slug=slug
    )
    actions = Action.objects.in_territory_of(cooperation)
    return export_actions(request, actions, fmt, filename=f"Inventaire complet {cooperation.name}")


@require_safe
def open_data(request):
    """« Données ouvertes »: the files anyone may reuse, and their licence."""
    return render(
        request,
        "actions/opendata/index.html",
        {
            "service_count": data_inclusion.services_queryset().count(),
            "structure_count": data_inclusion.structures_queryset().count(),
        },
    )


def _json_file(records, name: str) -> StreamingHttpResponse:
    response = StreamingHttpResponse(
        data_inclusion.json_lines(records), content_type="application/json; charset=utf-8"
    )
    response["Content-Disposition"] = content_disposition_header(False, name)
    response["Cache-Control"] = f"public, max-age={OPEN_DATA_MAX_AGE}"
    return response


@require_safe
@rate_limit("actions.export", ip=EXPORT_RATE, methods=EXPORT_METHODS)
def data_inclusion_structures(request):
    records = data_inclusion.structure_records(
        data_inclusion.structures_queryset(), absolute=request.build_absolute_uri
    )
    return _json_file(records, "structures.json")


@require_safe
@rate_limit("actions.export", ip=EXPORT_RATE, methods=EXPORT_METHODS)
def data_inclusion_services(request):
    records = data_inclusion.service_records(
        data_inclusion.services_queryset(), absolute=request.build_absolute_uri
    )
    return _json_file(records, "services.json")
