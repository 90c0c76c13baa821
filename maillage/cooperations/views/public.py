"""Public pages of the cooperations: the national map, the list, a cooperation's page, the
cooperation of a commune. Anonymous visitors read public fields only: a cooperation's contact
address and its animators' email addresses never reach a template."""

import functools
from collections import defaultdict

from django import forms
from django.contrib import messages
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from maillage.core.forms import Form
from maillage.core.honeypot import HoneypotMixin
from maillage.core.mail import send_templated_mail
from maillage.core.paging import page_of
from maillage.core.ratelimit import delay_in_words, rate_limit
from maillage.core.text import normalize
from maillage.territories.enums import COUNTRY_CODE, CommuneKind, PartKind
from maillage.territories.models import Commune, Department, Epci, Region
from maillage.territories.search import MAX_QUERY_LENGTH, commune_by_code, find_commune

from ..enums import CooperationStatus, MemberRole
from ..map import CREDIT, map_data, map_departments
from ..models import Animator, Cooperation, Membership
from ..selectors import (
    CooperationSummary,
    cooperation_summaries,
    department_entries,
    group_by_region,
    network_rows,
    signatory_count,
)

# The digest in the key keeps the cached map exact; the timeout only bounds how long a template
# changed by a deployment can go unseen.
MAP_CACHE_SECONDS = 600
LIST_PAGE_SIZE = 50
COMMUNES_SHOWN = 50
COMMUNES_PER_PAGE = 100
NEWS_SHOWN = 10
COMMUNE_CHOICES = 10
# Every post counts, corrections included: about five messages an hour from one address.
CONTACT_RATE = "10/h"


# -- National map -------------------------------------------------------------------------------


@require_GET
def cooperation_map(request):
    """The national map, with the same content as a list beside it (the accessible alternative).
    Map and lists are cached under a digest of the rows they are made of: when the digest is
    known, the page costs four small queries; the callables below run only when it is new."""
    rows = network_rows()

    @functools.cache
    def entries():
        return department_entries(rows, cooperation_summaries(rows))

    return render(
        request,
        "cooperations/public/map.html",
        {
            "fingerprint": rows.fingerprint(),
            "cache_seconds": MAP_CACHE_SECONDS,
            "view_box": lambda: map_data().view_box,
            "shapes": lambda: map_departments(entries()),
            "overseas": lambda: [entry for entry in entries() if entry.is_overseas],
            "regions": lambda: group_by_region(entries()),
            "cooperation_count": len(rows.cooperations),
            "active_count": rows.active_count,
            "signatory_count": signatory_count(),
            "credit": CREDIT,
        },
    )


# -- List with filters --------------------------------------------------------------------------


class CooperationFilterForm(Form):
    region = forms.ChoiceField(label="Région", required=False)
    departement = forms.ChoiceField(label="Département", required=False)
    statut = forms.ChoiceField(
        label="Statut",
        required=False,
        choices=[("", "Tous les statuts"), *CooperationStatus.choices],
    )

    def __init__(self, *args, departments: list, **kwargs):
        super().__init__(*args, **kwargs)
        regions = sorted(
            {(entry.region_code, entry.region_name) for entry in departments},
            key=lambda item: normalize(item[1]),
        )
        self.fields["region"].choices = [("", "Toutes les régions"), *regions]
        self.fields["departement"].choices = [
            ("", "Tous les départements"),
            *((entry.code, f"{entry.code} — {entry.name}") for entry in departments),
        ]


def _filtered(summaries: list[CooperationSummary], data: dict, departments: list) -> list:
    if data.get("statut"):
        summaries = [s for s in summaries if s.status == data["statut"]]
    if code := data.get("departement"):
        summaries = [s for s in summaries if code in s.all_departments]
    if region := data.get("region"):
        codes = {entry.code for entry in departments if entry.region_code == region}
        summaries = [s for s in summaries if s.all_departments & codes]
    return summaries


@require_GET
def cooperation_list(request):
    rows = network_rows(with_member_counts=True)
    summaries = cooperation_summaries(rows)
    departments = department_entries(rows, [])
    names = {entry.code: entry.name for entry in departments}
    form = CooperationFilterForm(request.GET or None, departments=departments)
    filtered = form.is_valid()
    results = _filtered(summaries, form.cleaned_data, departments) if filtered else summaries
    page = page_of(request, results, LIST_PAGE_SIZE)
    rows = [
        {
            "cooperation": summary,
            "departments": [
                (code, names.get(code, code), code not in summary.departments)
                for code in sorted(summary.all_departments)
            ],
        }
        for summary in page
    ]
    chosen_department = form.cleaned_data.get("departement") if filtered else ""
    return render(
        request,
        "cooperations/public/list.html",
        {
            "form": form,
            "page": page,
            "rows": rows,
            "total": len(results),
            "is_filtered": filtered and any(form.cleaned_data.values()),
            "chosen_department": chosen_department,
            "chosen_department_name": names.get(chosen_department, ""),
        },
    )


# -- The cooperation of my commune --------------------------------------------------------------


@require_GET
def for_commune(request):
    """From a commune's name, postal code or INSEE code, to the cooperations covering it."""
    query = request.GET.get("q", "").strip()[:MAX_QUERY_LENGTH]
    code = request.GET.get("commune", "").strip().upper()
    commune = None
    choices = []
    others = []
    if code:
        commune = commune_by_code(code)
    elif query:
        match = find_commune(query, limit=COMMUNE_CHOICES)
        commune = match.commune
        # "Saint-Brieuc" is Saint-Brieuc, even though Saint-Brieuc-des-Iffs also matches.
        others = match.others if commune is not None else []
        choices = list(match.results) if commune is None else []
    cooperations = []
    if commune is not None:
        cooperations = list(Cooperation.objects.covering(commune).order_by("name"))
    return render(
        request,
        "cooperations/public/for_commune.html",
        {
            "query": query,
            "asked": query or code,
            "submitted": bool(query or code),
            "commune": commune,
            "cooperations": cooperations,
            "choices": choices,
            "others": others,
        },
    )


# -- A cooperation's page -----------------------------------------------------------------------


def _public_cooperations():
    return Cooperation.objects.select_related("perimeter").prefetch_related("perimeter__parts")


def _territory(cooperation: Cooperation) -> dict:
    """The parts of the cooperation's territory, named: one query per kind of part present."""
    codes: dict[str, list[str]] = defaultdict(list)
    for part in cooperation.perimeter.parts.all():
        codes[part.kind].append(part.code)
    departments = []
    if codes[PartKind.DEPARTMENT] or codes[PartKind.REGION]:
        departments = list(
            Department.objects.filter(
                Q(code__in=codes[PartKind.DEPARTMENT]) | Q(region_id__in=codes[PartKind.REGION])
            ).order_by("code")
        )
    return {
        "country": COUNTRY_CODE in codes[PartKind.COUNTRY],
        "regions": list(Region.objects.filter(code__in=codes[PartKind.REGION]))
        if codes[PartKind.REGION]
        else [],
        "departments": departments,
        "epcis": list(Epci.objects.filter(code__in=codes[PartKind.EPCI]))
        if codes[PartKind.EPCI]
        else [],
        "communes": list(
            Commune.objects.filter(
                code__in=codes[PartKind.COMMUNE],
                kind__in=[CommuneKind.CURRENT, CommuneKind.MUNICIPAL_DISTRICT],
            ).select_related("department")
        )
        if codes[PartKind.COMMUNE]
        else [],
    }


def _members_by_role(cooperation: Cooperation) -> list[tuple[str, list[Membership]]]:
    memberships = Membership.objects.filter(cooperation=cooperation).select_related("organisation")
    grouped: dict[str, list[Membership]] = defaultdict(list)
    for membership in memberships.order_by("organisation__name", "pk"):
        grouped[membership.role].append(membership)
    plural = {
        MemberRole.CO_ANIMATOR: "Co-animateurs",
        MemberRole.STEERING: "Comité de pilotage",
        MemberRole.MEMBER: "Membres",
        MemberRole.FUNDER: "Financeurs",
        MemberRole.PARTNER: "Partenaires",
    }
    return [(plural[role], grouped[role]) for role in MemberRole if grouped[role]]


def _animators(cooperation: Cooperation) -> list[dict]:
    """Name and organisation only: an animator's email address is not even read."""
    rows = (
        Animator.objects.filter(cooperation=cooperation)
        .order_by("user__last_name", "user__first_name", "pk")
        .values("user__first_name", "user__last_name", "organisation__name", "organisation__slug")
    )
    return [
        {
            "name": f"{row['user__first_name']} {row['user__last_name']}".strip(),
            "organisation": row["organisation__name"],
            "organisation_slug": row["organisation__slug"],
        }
        for row in rows
    ]


class ContactForm(HoneypotMixin, Form):
    name = forms.CharField(label="Votre nom", max_length=150)
    email = forms.EmailField(
        label="Votre adresse e-mail",
        help_text="La coopération vous répondra à cette adresse ; elle n'est pas publiée.",
    )
    message = forms.CharField(label="Votre message", max_length=5000, widget=forms.Textarea)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].error_messages["required"] = "Indiquez votre nom."
        self.fields["email"].error_messages["required"] = "Indiquez votre adresse e-mail."
        self.fields["message"].error_messages["required"] = "Écrivez votre message."


def _relay_contact(cooperation: Cooperation, data: dict) -> None:
    """Relay a visitor's message to the cooperation's contact address, which stays hidden:
    the visitor gets an answer by a reply to the address they typed. A mail server that is
    down only delays it (the outbox retries)."""
    send_templated_mail(
        to=cooperation.contact_email,
        template="cooperations/public/emails/contact",
        context={"cooperation": cooperation, **data},
        reply_to=(data["name"], data["email"]),
    )


def _communes_summary(cooperation: Cooperation) -> dict:
    communes = cooperation.perimeter.communes()
    return {
        "commune_count": communes.count(),
        "population": cooperation.perimeter.population(),
        "communes": list(communes.order_by("search_name", "code")[:COMMUNES_SHOWN]),
    }


@require_http_methods(["GET", "HEAD", "POST"])
@rate_limit("contact", ip=CONTACT_RATE, block=False)
def cooperation_detail(request, slug):
    cooperation = get_object_or_404(_public_cooperations(), slug=slug)
    form = ContactForm()
    status = 200
    if request.method == "POST" and cooperation.contact_email:
        form = ContactForm(request.POST)
        if form.is_valid():
            if request.rate_limited:
                form.add_error(
                    None,
                    "Vous avez envoyé plusieurs messages en peu de temps : réessayez dans "
                    f"{delay_in_words(request.rate_limited.retry_after)}. "
                    "Votre message est conservé ci-dessous.",
                )
                status = 429
            else:
                _relay_contact(cooperation, form.cleaned_data)
                messages.success(
                    request,
                    "Votre message est enregistré : il part dans quelques instants vers la "
                    "coopération, qui vous répondra à l'adresse e-mail que vous avez indiquée.",
                )
                return redirect(f"{cooperation.get_absolute_url()}#contact")
        else:
            status = 400
    member_groups = _members_by_role(cooperation)
    context = {
        "cooperation": cooperation,
        "territory": _territory(cooperation),
        **_communes_summary(cooperation),
        "aims": list(cooperation.aims.all()),
        "objectives": list(cooperation.objectives.all()),
        "news": list(cooperation.news.all()[:NEWS_SHOWN]),
        "testimonies": list(cooperation.testimonies.all()),
        "member_groups": member_groups,
        "member_count": sum(len(memberships) for _, memberships in member_groups),
        "animators": _animators(cooperation),
        "has_contact": bool(cooperation.contact_email),
        "form": form,
        "communes_shown": COMMUNES_SHOWN,
    }
    response = render(request, "cooperations/public/detail.html", context, status=status)
    if status == 429:
        response["Retry-After"] = str(request.rate_limited.retry_after)
    return response


@require_GET
def cooperation_communes(request, slug):
    """Every commune of a cooperation's territory, page by page."""
    cooperation = get_object_or_404(_public_cooperations(), slug=slug)
    communes = cooperation.perimeter.communes().select_related("department")
    page = page_of(request, communes.order_by("search_name", "code"), COMMUNES_PER_PAGE)
    return render(
        request,
        "cooperations/public/communes.html",
        {
            "cooperation": cooperation,
            "page": page,
            "commune_count": page.paginator.count,
            "population": cooperation.perimeter.population(),
        },
    )
