"""Public pages of the geography: commune search, departments, communes."""

from django.db.models import Count, Sum
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_safe
from django.views.decorators.vary import vary_on_headers

from maillage.core.paging import page_of
from maillage.core.text import normalize
from maillage.core.validators import is_commune_code, is_department_code

from ..enums import CommuneKind
from ..forms import CommuneSearchForm
from ..models import Commune, Department, Epci
from ..search import MIN_PREFIX_LENGTH, search_communes

SEARCH_PAGE_SIZE = 20
COMMUNES_PER_PAGE = 100


@require_safe
def department_list(request):
    departments = Department.objects.select_related("region")
    regions: dict[str, dict] = {}
    for department in departments:
        region = regions.setdefault(
            department.region_id, {"region": department.region, "departments": []}
        )
        region["departments"].append(department)
    groups = sorted(regions.values(), key=lambda group: normalize(group["region"].name))
    return render(request, "territories/public/department_list.html", {"groups": groups})


@require_safe
def department_detail(request, code):
    code = code.upper()
    if not is_department_code(code):
        raise Http404("Département inconnu")
    department = get_object_or_404(Department.objects.select_related("region"), code=code)
    communes = Commune.objects.current().filter(department=department)
    totals = communes.aggregate(count=Count("pk"), population=Sum("population"))
    epcis = (
        Epci.objects.filter(communes__department=department, communes__kind=CommuneKind.CURRENT)
        .annotate(communes_here=Count("communes"))
        .order_by("search_name")
    )
    page = page_of(request, communes.order_by("search_name", "code"), COMMUNES_PER_PAGE)
    return render(
        request,
        "territories/public/department_detail.html",
        {
            "department": department,
            "commune_count": totals["count"],
            "population": totals["population"] or 0,
            "epcis": epcis,
            "page": page,
        },
    )


@require_safe
def commune_detail(request, code):
    canonical = code.upper()
    if not is_commune_code(canonical):
        raise Http404("Commune inconnue")
    if canonical != code:
        return redirect("territories:commune_detail", canonical, permanent=True)
    rows = {
        row.kind: row
        for row in Commune.objects.filter(code=code).select_related(
            "department", "region", "epci", "current"
        )
    }
    commune = rows.get(CommuneKind.CURRENT) or rows.get(CommuneKind.MUNICIPAL_DISTRICT)
    if commune is None:
        former = rows.get(CommuneKind.DELEGATED) or rows.get(CommuneKind.ASSOCIATED)
        if former is None:
            # An old code kept by the commune it merged into: the page has moved there.
            former = Commune.objects.current().filter(former_codes__contains=code).first()
            if former is None:
                raise Http404("Commune inconnue")
        return redirect(former.get_absolute_url(), permanent=True)
    attached = list(commune.attached.order_by("search_name"))
    return render(
        request,
        "territories/public/commune_detail.html",
        {
            "commune": commune,
            "postal_codes": list(commune.postal_codes.values_list("code", flat=True)),
            "former_communes": [c for c in attached if c.kind != CommuneKind.MUNICIPAL_DISTRICT],
            "districts": [c for c in attached if c.kind == CommuneKind.MUNICIPAL_DISTRICT],
        },
    )


@require_safe
@vary_on_headers("HX-Request")
def commune_search(request):
    """The search page; htmx asks for the results alone while someone types."""
    form = CommuneSearchForm(request.GET or None, live=True)
    query = form.query
    key = normalize(query)
    results = search_communes(query, limit=SEARCH_PAGE_SIZE + 1) if key else []
    # A history restore wants the whole page back, not the fragment.
    partial = bool(request.headers.get("HX-Request")) and not request.headers.get(
        "HX-History-Restore-Request"
    )
    context = {
        "search_form": form,
        "query": query,
        "results": results[:SEARCH_PAGE_SIZE],
        "more": len(results) > SEARCH_PAGE_SIZE,
        "partial": partial,
        # Someone who clears the field while typing needs no reminder; a submitted form does.
        "empty": not key and "q" in request.GET and not partial,
        "too_short": bool(key) and not results and len(key) < MIN_PREFIX_LENGTH,
    }
    if partial:
        return render(request, "territories/public/_commune_results.html", context)
    return render(request, "territories/public/commune_search.html", context)
