"""The territory of a cooperation: search a region, department, EPCI or commune, add it, take
one out."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_http_methods, require_POST

from maillage.core.actions import said_done, saved_on_form
from maillage.core.text import normalize
from maillage.territories.enums import COUNTRY_CODE, PartKind
from maillage.territories.models import Perimeter, Region
from maillage.territories.search import search_communes, search_departments, search_epcis

from ... import services
from ...forms import PerimeterPartForm, PerimeterSearchForm
from ._common import SEARCH_LIMIT, editable_cooperation, page


def _territory_results(kind: str, query: str) -> list[dict]:
    """Search results of the perimeter picker: {code, label, detail} whatever the kind."""
    if kind == PartKind.COUNTRY:
        return [{"code": COUNTRY_CODE, "label": "France entière", "detail": ""}]
    if not query.strip():
        return []
    if kind == PartKind.COMMUNE:
        return [
            {
                "code": result.place.code,
                "label": f"{result.label} ({result.place.code})",
                "detail": result.commune.department.name,
                "population": result.place.population,
            }
            for result in search_communes(query, limit=SEARCH_LIMIT)
        ]
    if kind == PartKind.DEPARTMENT:
        return [
            {
                "code": department.code,
                "label": f"{department.name} ({department.code})",
                "detail": department.region.name,
            }
            for department in search_departments(query, limit=SEARCH_LIMIT)
        ]
    if kind == PartKind.EPCI:
        return [
            {
                "code": epci.code,
                "label": epci.name,
                "detail": f"{epci.get_kind_display()}, SIREN {epci.code}",
            }
            for epci in search_epcis(query, limit=SEARCH_LIMIT)
        ]
    key = normalize(query)
    return [
        {"code": region.code, "label": region.name, "detail": f"code {region.code}"}
        for region in Region.objects.order_by("name")
        if key in normalize(region.name) or query.strip() == region.code
    ][:SEARCH_LIMIT]


def _territory_page(request, cooperation, search_form, add_form=None):
    # The parts, read once: the population and the commune count reuse them.
    perimeter = Perimeter.objects.prefetch_related("parts").get(pk=cooperation.perimeter_id)
    parts = list(perimeter.parts.all())
    names = services.part_names((part.kind, part.code) for part in parts) if parts else {}
    rows = [{"part": part, "name": names.get((part.kind, part.code), part.code)} for part in parts]
    present = {(part.kind, part.code) for part in parts}
    results, searched = [], False
    if search_form.is_bound and search_form.is_valid():
        kind = search_form.cleaned_data["kind"]
        query = search_form.cleaned_data["q"]
        searched = kind == PartKind.COUNTRY or bool(query.strip())
        results = _territory_results(kind, query)
        for result in results:
            result["present"] = (kind, result["code"]) in present
    return page(
        request,
        cooperation,
        "cooperations/backoffice/perimeter.html",
        section="perimeter",
        title="Territoire",
        rows=rows,
        population=perimeter.population(),
        commune_count=perimeter.communes().count(),
        search_form=search_form,
        add_form=add_form,
        results=results,
        searched=searched,
    )


@login_required
@require_http_methods(["GET", "POST"])
def perimeter_edit(request, slug):
    """Perimeter picker without JavaScript: search (GET), then add the chosen result (POST)."""
    cooperation = editable_cooperation(request, slug)
    if request.method == "GET":
        search_form = PerimeterSearchForm(request.GET if "kind" in request.GET else None)
        return _territory_page(request, cooperation, search_form)
    search_form = PerimeterSearchForm(
        {"kind": request.POST.get("kind", ""), "q": request.POST.get("q", "")}
    )
    add_form = PerimeterPartForm(request.POST)
    if saved_on_form(
        request,
        add_form,
        lambda: services.cooperation_territory_add(
            actor=request.user,
            cooperation=cooperation,
            kind=add_form.cleaned_data["kind"],
            code=add_form.cleaned_data["code"],
        ),
        field="code",
    ):
        messages.success(request, "Le territoire est ajouté.")
        return redirect("cooperations:backoffice_perimeter", cooperation.slug)
    return _territory_page(request, cooperation, search_form, add_form)


@login_required
@require_POST
def perimeter_remove(request, slug, part_id):
    cooperation = editable_cooperation(request, slug)
    part = get_object_or_404(cooperation.perimeter.parts, pk=part_id)
    said_done(
        request,
        lambda: services.cooperation_territory_remove(
            actor=request.user, cooperation=cooperation, kind=part.kind, code=part.code
        ),
        done="Le territoire est retiré.",
    )
    return redirect("cooperations:backoffice_perimeter", cooperation.slug)
