"""Activity reports: a team's referents fill in the year's report (counts only); a cooperation's
animators see their teams' totals, the teams still owing one, and export the year's reports;
« Chiffres du réseau » shows the national totals. Rules in services/reports.py (ADR 023)."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from maillage.cooperations.models import Cooperation
from maillage.core.actions import saved_on_form
from maillage.core.exports import FORMATS, spreadsheet_response
from maillage.core.forms import Form

from ..models import ActivityReport
from ..services import reports
from .backoffice import page, referred_team

MAX_COUNT = 1_000_000


def _count(label: str, help_text: str = "") -> forms.IntegerField:
    field = forms.IntegerField(
        label=label, min_value=0, max_value=MAX_COUNT, initial=0, help_text=help_text
    )
    field.error_messages.update(
        {
            "required": "Indiquez un nombre (0 si aucun).",
            "invalid": "Indiquez un nombre entier, sans espace ni lettre.",
            "min_value": "Un nombre ne peut pas être négatif.",
            "max_value": f"{MAX_COUNT:,} au plus.".replace(",", "\u202f"),
        }
    )
    return field


class ReportForm(Form):
    """Counts only: no field here holds a name or an address."""

    volunteers = _count("Bénévoles", "Les bénévoles actifs dans l'année.")
    new_volunteers = _count("Dont nouveaux bénévoles", "Arrivés dans l'année.")
    volunteers_trained = _count("Bénévoles formés dans l'année")
    people_accompanied = _count("Personnes âgées accompagnées", "Un nombre, sans aucun nom.")
    visits = _count("Visites")
    phone_calls = _count("Appels téléphoniques")
    collective_activities = _count("Activités collectives")
    outings = _count("Sorties")
    hours = _count("Heures données", "Par l'ensemble des bénévoles, trajets compris.")
    comments = forms.CharField(
        label="Commentaires",
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Ce qui a marché, ce qui a manqué (2 000 caractères au plus). "
        "N'y écrivez ni le nom ni l'adresse d'une personne accompagnée.",
    )


@login_required
@require_GET
def team_reports(request, slug):
    team = referred_team(request, slug)
    years = reports.open_years(team)
    filed = {r.year: r for r in ActivityReport.objects.filter(team=team).order_by("-year")}
    return page(
        request,
        team,
        "teams/reports/team_reports.html",
        section="reports",
        title="Bilans d'activité",
        years=[
            {"year": y, "report": filed.get(y), "until": reports.editable_until(y)} for y in years
        ],
        past=[r for y, r in filed.items() if y not in years],
    )


@login_required
@require_http_methods(["GET", "POST"])
def team_report(request, slug, year):
    team = referred_team(request, slug)
    if year not in reports.open_years(team):
        raise Http404
    report = ActivityReport.objects.filter(team=team, year=year).first()
    initial = {name: getattr(report, name) for name in reports.FIELDS} if report else None
    form = ReportForm(request.POST or None, initial=initial)
    if saved_on_form(
        request,
        form,
        lambda: reports.report_save(
            actor=request.user, team=team, year=year, values=form.cleaned_data
        ),
    ):
        messages.success(request, f"Le bilan {year} est enregistré. Merci !")
        return redirect("teams:team_reports", team.slug)
    response = page(
        request,
        team,
        "teams/reports/team_report.html",
        section="reports",
        title=f"Bilan d'activité {year}",
        form=form,
        year=year,
        report=report,
        until=reports.editable_until(year),
        aged=reports.aged_population(team),
    )
    if request.method == "POST":
        response.status_code = 400
    return response


def _animated(request, slug) -> Cooperation:
    return get_object_or_404(Cooperation.objects.editable_by(request.user), slug=slug)


def _year(request) -> int:
    last = reports.last_complete_year()
    try:
        year = int(request.GET.get("annee", last))
    except ValueError:
        return last
    return year if 2000 <= year <= last else last


@login_required
@require_GET
def cooperation_reports(request, slug):
    cooperation = _animated(request, slug)
    year = _year(request)
    rows = (
        reports.cooperation_reports(cooperation, year).select_related("team").order_by("team__name")
    )
    return render(
        request,
        "teams/reports/cooperation_reports.html",
        {
            "cooperation": cooperation,
            "year": year,
            "years": list(
                range(reports.last_complete_year(), reports.last_complete_year() - 5, -1)
            ),
            "totals": reports.cooperation_totals(cooperation, year),
            "rows": rows,
            "missing": list(reports.missing_reports(cooperation, year)),
            "title": f"Bilans d'activité {year}",
        },
    )


HEADERS = [
    "Équipe",
    "Année",
    "Bénévoles",
    "Nouveaux bénévoles",
    "Bénévoles formés",
    "Personnes accompagnées",
    "Visites",
    "Appels",
    "Activités collectives",
    "Sorties",
    "Heures",
    "Commentaires",
    "Rempli le",
]


@login_required
@require_GET
def cooperation_reports_export(request, slug, year, fmt):
    cooperation = _animated(request, slug)
    if fmt not in FORMATS:
        raise Http404
    rows = (
        reports.cooperation_reports(cooperation, year)
        .order_by("team__name")
        .values_list("team__name", "year", *reports.FIELDS, "submitted_at")
    )
    return spreadsheet_response(
        rows.iterator(),
        headers=HEADERS,
        filename=f"Bilans {year} {cooperation.name}",
        fmt=fmt,
        sheet_title=f"Bilans {year}",
    )


@require_GET
def network_figures(request):
    """« Chiffres du réseau »: what the teams did last year, in national totals."""
    year = reports.last_complete_year()
    return render(
        request,
        "teams/reports/figures.html",
        {
            "totals": reports.national_totals(year),
            "previous": reports.national_totals(year - 1),
            "title": "Chiffres du réseau",
        },
    )
