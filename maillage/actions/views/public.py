"""The public pages of the inventory: the search, its print view, an action's page."""

from django import forms
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_safe

from maillage.cooperations.models import Cooperation
from maillage.core.forms import Form
from maillage.core.ratelimit import rate_limit
from maillage.territories.enums import PartKind
from maillage.territories.models import Commune, Department, Epci, Region
from maillage.territories.search import MAX_QUERY_LENGTH, commune_label, find_commune, of_name

from ..enums import KindCode, PublicCode
from ..hours import describe_opening_hours
from ..models import Action
from ..search import MAX_TEXT_LENGTH, Criteria, Facet, find, matching, ordered
from .exports import EXPORT_METHODS, EXPORT_RATE, export_actions

# The print view lists at most this many actions: one search's worth for a family, on paper.
PRINT_LIMIT = 100
# A download of search results holds at most this many rows (the first, in the page's order).
EXPORT_LIMIT = 5000


class ActionSearchForm(Form):
    """The search (GET): every field optional, the address of the results shareable."""

    commune = forms.CharField(
        label="Commune où vit la personne",
        required=False,
        max_length=MAX_QUERY_LENGTH,
        help_text="Nom, code postal ou code INSEE, par exemple : Plérin ou 22190",
        widget=forms.TextInput(attrs={"autocomplete": "off", "enterkeyhint": "search"}),
    )
    q = forms.CharField(
        label="Mots-clés",
        required=False,
        max_length=MAX_TEXT_LENGTH,
        help_text="Par exemple : visite, repas, informatique",
        widget=forms.SearchInput(attrs={"enterkeyhint": "search"}),
    )
    type = forms.MultipleChoiceField(
        label="Type d'action",
        required=False,
        choices=KindCode.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    public = forms.MultipleChoiceField(
        label="Pour qui",
        required=False,
        choices=PublicCode.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    gratuites = forms.BooleanField(label="Gratuites seulement", required=False)
    toutes = forms.BooleanField(
        label="Y compris les actions anciennes ou terminées",
        required=False,
        help_text="Celles qui n'ont pas été confirmées depuis plus de 18 mois n'existent "
        "peut-être plus.",
    )
    departement = forms.CharField(required=False, widget=forms.HiddenInput, max_length=3)
    cooperation = forms.CharField(required=False, widget=forms.HiddenInput, max_length=100)

    def __init__(self, data):
        super().__init__(data, auto_id="recherche-%s")
        self.candidates = []
        self.scope = None

    def clean_commune(self):
        text = self.cleaned_data["commune"].strip()
        if not text:
            return None
        match = find_commune(text)
        if match.commune is not None:
            return match.commune
        if not match.results:
            raise forms.ValidationError(
                f"Aucune commune ne correspond à « {text} ». Vérifiez l'orthographe ou "
                "saisissez le code postal.",
                code="commune_not_found",
            )
        self.candidates = [result.place for result in match.results]
        raise forms.ValidationError(
            "Plusieurs communes correspondent : choisissez la bonne dans la liste "
            "ci-dessous, ou précisez le code postal.",
            code="commune_ambiguous",
        )

    def clean_departement(self):
        code = self.cleaned_data["departement"].strip().upper()
        return Department.objects.filter(code=code).first() if code else None

    def clean_cooperation(self):
        slug = self.cleaned_data["cooperation"].strip()
        return (
            Cooperation.objects.select_related("perimeter").filter(slug=slug).first()
            if slug
            else None
        )

    def criteria(self) -> Criteria | None:
        """What to search for, or None while the commune is not known for sure."""
        self.is_valid()
        if self.has_error("commune"):
            return None
        data = self.cleaned_data
        return Criteria(
            commune=data.get("commune"),
            kinds=tuple(data.get("type") or ()),
            publics=tuple(data.get("public") or ()),
            text=data.get("q") or "",
            free_only=bool(data.get("gratuites")),
            include_old=bool(data.get("toutes")),
            department=data.get("departement"),
            cooperation=data.get("cooperation"),
        )


def _search_context(request, form: ActionSearchForm, criteria: Criteria | None) -> dict:
    query = request.GET.copy()
    query.pop("page", None)
    commune = criteria.commune if criteria is not None else None
    return {
        "form": form,
        "criteria": criteria,
        "commune_of": of_name(commune.name) if commune is not None else "",
        "candidates": [(commune, commune_label(commune)) for commune in form.candidates],
        "is_filtered": any(value for key, value in request.GET.items() if key != "page"),
        "query_string": query.urlencode(),
    }


def _facets(form: ActionSearchForm, name: str, found: list[Facet] | None) -> list[Facet]:
    """The choices of a filter with the number of results each gives (None: not counted)."""
    if found is not None:
        return found
    chosen = set(form.data.getlist(name))
    return [
        Facet(code=code, label=label, count=None, chosen=code in chosen)
        for code, label in form.fields[name].choices
    ]


@require_safe
def action_search(request):
    form = ActionSearchForm(request.GET)
    criteria = form.criteria()
    context = _search_context(request, form, criteria)
    found = None
    if criteria is not None:
        found = context["found"] = find(criteria, page=request.GET.get("page"))
    context["kind_facets"] = _facets(form, "type", found and found.kinds)
    context["public_facets"] = _facets(form, "public", found and found.publics)
    return render(request, "actions/public/search.html", context)


def _criteria_lines(criteria: Criteria) -> list[str]:
    """The search, in words, at the top of the printed list."""
    lines = []
    if criteria.commune is not None:
        lines.append(f"Commune : {commune_label(criteria.commune)}")
    if criteria.department is not None:
        lines.append(f"Département : {criteria.department.name}")
    if criteria.cooperation is not None:
        lines.append(f"Coopération : {criteria.cooperation.name}")
    if criteria.kinds:
        lines.append("Types : " + ", ".join(KindCode(code).label for code in criteria.kinds))
    if criteria.publics:
        lines.append("Pour : " + ", ".join(PublicCode(code).label for code in criteria.publics))
    if criteria.text:
        lines.append(f"Mots-clés : {criteria.text}")
    if criteria.free_only:
        lines.append("Gratuites seulement")
    if criteria.include_old:
        lines.append("Y compris les actions anciennes ou terminées")
    return lines


@require_safe
def action_search_print(request):
    """The same search on one printable page: the first PRINT_LIMIT results, no pager."""
    form = ActionSearchForm(request.GET)
    criteria = form.criteria()
    context = _search_context(request, form, criteria)
    if criteria is not None:
        context["found"] = find(criteria, page=1, per_page=PRINT_LIMIT)
    context["print_limit"] = PRINT_LIMIT
    context["heading"] = (
        f"Actions pour les habitants {context['commune_of']}"
        if context["commune_of"]
        else "Actions contre l'isolement des personnes âgées"
    )
    context["criteria_lines"] = _criteria_lines(criteria) if criteria is not None else []
    return render(request, "actions/public/print.html", context)


@require_safe
@rate_limit("actions.export", ip=EXPORT_RATE, methods=EXPORT_METHODS)
def action_search_export(request, fmt: str):
    """The results of a search as a spreadsheet (CSV or XLSX), in the page's order: the first
    EXPORT_LIMIT. Without a valid search, back to the search page."""
    form = ActionSearchForm(request.GET)
    criteria = form.criteria()
    if criteria is None:
        return redirect("actions:search")
    actions = ordered(matching(criteria), criteria)[:EXPORT_LIMIT]
    return export_actions(request, actions, fmt, filename="Actions contre l'isolement")


_PLACES = {
    PartKind.REGION: Region,
    PartKind.DEPARTMENT: Department,
    PartKind.EPCI: Epci,
}


def zone_names(action: Action) -> list[str]:
    """The names of the places the eligibility zone is made of (one query per kind of part)."""
    by_kind: dict[str, list[str]] = {}
    for part in action.zone.parts.all():
        by_kind.setdefault(part.kind, []).append(part.code)
    names = []
    if PartKind.COUNTRY in by_kind:
        names.append("toute la France")
    for kind, model in _PLACES.items():
        if codes := by_kind.get(kind):
            rows = model.objects.filter(code__in=codes).order_by("name")
            if kind == PartKind.DEPARTMENT:
                names += [f"{row.name} ({row.code})" for row in rows]
            else:
                names += [row.name for row in rows]
    if codes := by_kind.get(PartKind.COMMUNE):
        rows = Commune.objects.current().filter(code__in=codes).select_related("department")
        names += [f"{row.name} ({row.department_id})" for row in rows.order_by("name")]
    return names


@require_safe
def action_detail(request, slug: str):
    action = get_object_or_404(
        Action.objects.select_related("commune__department", "zone").prefetch_related(
            "kinds", "publics", "organisations", "zone__parts", "teams"
        ),
        slug=slug,
    )
    context = {
        "action": action,
        "hours": describe_opening_hours(action.opening_hours),
        "zone_names": zone_names(action),
        "search_url": reverse("actions:search"),
    }
    return render(request, "actions/public/detail.html", context)
