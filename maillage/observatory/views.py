"""The diagnosis pages: a cooperation's communes, a département's, and the national white zones.
Public: they show census statistics and counts of public teams and actions, never below a
team. They read the stored coverage (`refresh_coverage`): a page is a few queries."""

from django import forms
from django.db.models import Case, F, IntegerField, Q, Value, When
from django.shortcuts import get_object_or_404, render
from django.urls import NoReverseMatch, reverse
from django.views.decorators.http import require_GET

from maillage.actions.models import Kind
from maillage.cooperations.models import Cooperation
from maillage.core.forms import Form
from maillage.core.paging import page_of
from maillage.territories.enums import CommuneKind
from maillage.territories.models import Commune, Department

from .coverage import white_zone_threshold, white_zones, white_zones_by_epci
from .models import CommuneCoverage, CommunePopulation

COMMUNES_PER_PAGE = 100
EPCIS_SHOWN = 50

ALL, WHITE, UNCOVERED, COVERED = "", "zones-blanches", "non-couvertes", "couvertes"


class CoverageFilterForm(Form):
    couverture = forms.ChoiceField(
        label="Communes",
        required=False,
        choices=[
            (ALL, "Toutes les communes"),
            (WHITE, "Les zones blanches seulement"),
            (UNCOVERED, "Sans équipe citoyenne labellisée"),
            (COVERED, "Avec au moins une équipe citoyenne labellisée"),
        ],
    )


def _figures_context() -> dict:
    """What every page says about its figures: the census year and whether they are fictional."""
    latest = CommunePopulation.objects.order_by("-year").values("year", "is_fictional").first()
    return {
        "census_year": latest["year"] if latest else None,
        "fictional": CommunePopulation.objects.filter(is_fictional=True).exists(),
        "threshold": white_zone_threshold(),
        "computed_at": CommuneCoverage.objects.order_by("-computed_at")
        .values_list("computed_at", flat=True)
        .first(),
    }


def start_team_url() -> str:
    """Where a person starts a team: the start-up request once it exists, else « Devenir
    bénévole »."""
    try:
        return reverse("teams:startup_request")
    except NoReverseMatch:
        return reverse("teams:near")


def _ranked(coverages, form):
    """White zones first, then by the number of people aged 80+ living alone."""
    threshold = white_zone_threshold()
    choice = form.cleaned_data.get("couverture") if form.is_valid() else ALL
    if choice == WHITE:
        coverages = coverages.filter(team_count=0, aged_80_plus_alone__gte=threshold)
    elif choice == UNCOVERED:
        coverages = coverages.filter(team_count=0)
    elif choice == COVERED:
        coverages = coverages.filter(team_count__gt=0)
    return (
        coverages.select_related("commune", "department")
        .annotate(
            white=Case(
                When(Q(team_count=0, aged_80_plus_alone__gte=threshold), then=Value(1)),
                default=Value(0),
                output_field=IntegerField(),
            )
        )
        .order_by(
            "-white",
            F("aged_80_plus_alone").desc(nulls_last=True),
            "commune__search_name",
            "commune__code",
        )
    )


def _rows(page) -> list[dict]:
    kinds = dict(Kind.objects.order_by("position").values_list("code", "label"))
    start = start_team_url()
    return [
        {
            "coverage": coverage,
            "commune": coverage.commune,
            "is_white": bool(coverage.white),
            "actions": [
                (label, coverage.actions_by_kind[code])
                for code, label in kinds.items()
                if code in coverage.actions_by_kind
            ],
            "start_url": f"{start}?commune={coverage.commune.code}",
        }
        for coverage in page
    ]


def _diagnosis(request, template: str, coverages, context: dict):
    form = CoverageFilterForm(request.GET or None)
    page = page_of(request, _ranked(coverages, form), COMMUNES_PER_PAGE)
    summary = {
        "communes": coverages.count(),
        "white": white_zones(coverages).count(),
        "uncovered": coverages.filter(team_count=0).count(),
    }
    return render(
        request,
        template,
        {
            **context,
            **_figures_context(),
            "form": form,
            "page": page,
            "rows": _rows(page),
            "summary": summary,
            "is_filtered": form.is_valid() and bool(form.cleaned_data.get("couverture")),
        },
    )


@require_GET
def cooperation_diagnosis(request, slug):
    cooperation = get_object_or_404(Cooperation.objects.select_related("perimeter"), slug=slug)
    communes = cooperation.perimeter.communes()
    places = Commune.objects.filter(
        Q(pk__in=communes.filter(kind=CommuneKind.CURRENT).values("pk"))
        | Q(pk__in=communes.filter(kind=CommuneKind.MUNICIPAL_DISTRICT).values("current_id"))
    )
    coverages = CommuneCoverage.objects.filter(commune__in=places.values("pk"))
    return _diagnosis(
        request,
        "observatory/cooperation.html",
        coverages,
        {"cooperation": cooperation, "title": f"Diagnostic du territoire — {cooperation.name}"},
    )


@require_GET
def department_diagnosis(request, code):
    department = get_object_or_404(Department, code=code)
    coverages = CommuneCoverage.objects.filter(department=department)
    return _diagnosis(
        request,
        "observatory/department.html",
        coverages,
        {
            "department": department,
            "title": f"Diagnostic du département — {department.name}",
            "epcis": list(white_zones_by_epci(coverages)[:EPCIS_SHOWN]),
        },
    )


@require_GET
def national_white_zones(request):
    zones = white_zones().select_related("commune", "department")
    page = page_of(request, zones, COMMUNES_PER_PAGE)
    return render(
        request,
        "observatory/white_zones.html",
        {
            **_figures_context(),
            "page": page,
            "start_url": start_team_url(),
            "epcis": list(white_zones_by_epci()[:EPCIS_SHOWN]),
            "departments": Department.objects.order_by("code"),
        },
    )
