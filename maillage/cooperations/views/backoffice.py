"""Back office of a cooperation ("Mon espace"): its animators and national staff keep it current.

Every view fetches the cooperation through `Cooperation.objects.editable_by(user)`: anyone else
gets a 404, whether the cooperation exists or not. Objects inside a cooperation (a member, a news
item…) are fetched through the cooperation, so an id from another one is a 404 too.
"""

import copy

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import FieldDoesNotExist, PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.views.decorators.http import require_http_methods, require_POST

from maillage.core.models import AuditEntry
from maillage.core.text import normalize
from maillage.organisations.models import Organisation
from maillage.territories.enums import COUNTRY_CODE, PartKind
from maillage.territories.models import Perimeter, Region
from maillage.territories.search import search_communes, search_departments, search_epcis

from .. import services
from ..enums import MemberRole
from ..forms import (
    AimsForm,
    AnimatorInviteForm,
    CooperationCreateForm,
    CooperationForm,
    MemberSearchForm,
    MembershipAddForm,
    MembershipForm,
    NewsItemForm,
    ObjectiveFormSet,
    PerimeterPartForm,
    PerimeterSearchForm,
    TestimonyForm,
)
from ..models import (
    Animator,
    Cooperation,
    CooperationAim,
    Membership,
    NewsItem,
    Objective,
    Testimony,
)
from ..permissions import can_create_cooperation

HISTORY_PAGE_SIZE = 50
SEARCH_LIMIT = 20
SAVED = "Les modifications sont enregistrées."


def _count_of(model) -> Coalesce:
    """The number of `model` rows of the cooperation, as a subquery: several counts in one
    query without multiplying the joined rows."""
    rows = (
        model.objects.filter(cooperation=OuterRef("pk"))
        .order_by()
        .values("cooperation")
        .annotate(total=Count("pk"))
        .values("total")
    )
    return Coalesce(Subquery(rows), 0)


def _cooperation(request, slug: str) -> Cooperation:
    """The gatekeeper of every view below: the cooperation if the user may edit it, else 404."""
    return get_object_or_404(Cooperation.objects.editable_by(request.user), slug=slug)


def _page(request, cooperation, template: str, *, section: str, title: str, **context):
    """Render a page of one cooperation's back office: `section` marks the sub-navigation."""
    return render(
        request,
        template,
        {"cooperation": cooperation, "section": section, "title": title, **context},
    )


# --- national staff: all cooperations ------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def cooperation_list(request):
    """National staff: every cooperation, and the form that opens a new one."""
    if not can_create_cooperation(request.user):
        raise PermissionDenied("Réservé à l'équipe nationale.")
    form = CooperationCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            cooperation = services.cooperation_create(
                actor=request.user,
                name=form.cleaned_data["name"],
                slug=form.slug,
                department_code=form.cleaned_data["department"].code,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"La coopération {cooperation.name} est créée.")
            return redirect("cooperations:backoffice_home", cooperation.slug)
    cooperations = Cooperation.objects.annotate(
        member_count=_count_of(Membership), animator_count=_count_of(Animator)
    ).order_by("name")
    return render(
        request,
        "cooperations/backoffice/list.html",
        {"cooperations": cooperations, "form": form},
    )


# --- one cooperation -----------------------------------------------------------------------


@login_required
@require_http_methods(["GET"])
def cooperation_home(request, slug):
    cooperation = _cooperation(request, slug)
    counts = (
        Cooperation.objects.filter(pk=cooperation.pk)
        .values(
            members=_count_of(Membership),
            animators_=_count_of(Animator),
            objectives_=_count_of(Objective),
            news_=_count_of(NewsItem),
            testimonies_=_count_of(Testimony),
            aims_=_count_of(CooperationAim),
        )
        .get()
    )
    # The names of the relations are taken on the model: count them under other names.
    counts = {name.rstrip("_"): value for name, value in counts.items()}
    return _page(
        request,
        cooperation,
        "cooperations/backoffice/home.html",
        section="home",
        title=cooperation.name,
        counts=counts,
    )


@login_required
@require_http_methods(["GET", "POST"])
def cooperation_edit(request, slug):
    cooperation = _cooperation(request, slug)
    # The form works on a copy: the page around it keeps the stored name when the form fails.
    form = CooperationForm(request.POST or None, instance=copy.copy(cooperation))
    if request.method == "POST" and form.is_valid():
        services.cooperation_update(
            actor=request.user,
            cooperation=cooperation,
            data={name: form.cleaned_data[name] for name in form.Meta.fields},
        )
        if stripped := form.stripped_message():
            messages.warning(request, stripped)
        messages.success(request, SAVED)
        return redirect("cooperations:backoffice_edit", cooperation.slug)
    return _page(
        request,
        cooperation,
        "cooperations/backoffice/edit.html",
        section="edit",
        title="Présentation",
        form=form,
    )


@login_required
@require_http_methods(["GET", "POST"])
def cooperation_aims(request, slug):
    cooperation = _cooperation(request, slug)
    form = AimsForm(request.POST or None, cooperation=cooperation)
    if request.method == "POST" and form.is_valid():
        services.cooperation_set_aims(
            actor=request.user, cooperation=cooperation, aims=form.chosen_aims()
        )
        messages.success(request, SAVED)
        return redirect("cooperations:backoffice_aims", cooperation.slug)
    return _page(
        request,
        cooperation,
        "cooperations/backoffice/aims.html",
        section="aims",
        title="Axes de travail",
        form=form,
    )


@login_required
@require_http_methods(["GET", "POST"])
def objective_list(request, slug):
    """All objectives in one form: edit, tick to delete, fill an empty row to add."""
    cooperation = _cooperation(request, slug)
    formset = ObjectiveFormSet(
        request.POST or None, queryset=cooperation.objectives.all(), prefix="objectifs"
    )
    if request.method == "POST" and formset.is_valid():
        deleted = {form.prefix for form in formset.deleted_forms}
        with transaction.atomic():
            for form in formset.forms:
                objective = form.instance
                if form.prefix in deleted:
                    if objective.pk:
                        services.objective_delete(actor=request.user, objective=objective)
                    continue
                if not form.has_changed():
                    continue
                fields = {
                    name: form.cleaned_data[name]
                    for name in ("title", "description", "status", "position")
                }
                if objective.pk:
                    services.objective_update(actor=request.user, objective=objective, **fields)
                else:
                    services.objective_create(actor=request.user, cooperation=cooperation, **fields)
        messages.success(request, SAVED)
        return redirect("cooperations:backoffice_objectives", cooperation.slug)
    return _page(
        request,
        cooperation,
        "cooperations/backoffice/objectives.html",
        section="objectives",
        title="Objectifs",
        formset=formset,
    )


# --- news ----------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET"])
def news_list(request, slug):
    cooperation = _cooperation(request, slug)
    return _page(
        request,
        cooperation,
        "cooperations/backoffice/news_list.html",
        section="news",
        title="Actualités",
        items=cooperation.news.all(),
    )


@login_required
@require_http_methods(["GET", "POST"])
def news_add(request, slug):
    cooperation = _cooperation(request, slug)
    form = NewsItemForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.news_create(
            actor=request.user,
            cooperation=cooperation,
            **{name: form.cleaned_data[name] for name in ("title", "body", "published_on")},
        )
        if stripped := form.stripped_message():
            messages.warning(request, stripped)
        messages.success(request, "L'actualité est publiée.")
        return redirect("cooperations:backoffice_news", cooperation.slug)
    return _page(
        request,
        cooperation,
        "cooperations/backoffice/news_form.html",
        section="news",
        title="Publier une actualité",
        form=form,
        item=None,
    )


@login_required
@require_http_methods(["GET", "POST"])
def news_edit(request, slug, pk):
    cooperation = _cooperation(request, slug)
    item = get_object_or_404(NewsItem, cooperation=cooperation, pk=pk)
    form = NewsItemForm(request.POST or None, instance=item)
    if request.method == "POST" and form.is_valid():
        services.news_update(
            actor=request.user,
            news_item=item,
            **{name: form.cleaned_data[name] for name in ("title", "body", "published_on")},
        )
        if stripped := form.stripped_message():
            messages.warning(request, stripped)
        messages.success(request, SAVED)
        return redirect("cooperations:backoffice_news", cooperation.slug)
    return _page(
        request,
        cooperation,
        "cooperations/backoffice/news_form.html",
        section="news",
        title="Modifier une actualité",
        form=form,
        item=item,
    )


@login_required
@require_http_methods(["GET", "POST"])
def news_delete(request, slug, pk):
    cooperation = _cooperation(request, slug)
    item = get_object_or_404(NewsItem, cooperation=cooperation, pk=pk)
    if request.method == "POST":
        services.news_delete(actor=request.user, news_item=item)
        messages.success(request, f"L'actualité « {item.title} » est supprimée.")
        return redirect("cooperations:backoffice_news", cooperation.slug)
    return _page(
        request,
        cooperation,
        "cooperations/backoffice/news_delete.html",
        section="news",
        title="Supprimer une actualité",
        item=item,
    )


# --- testimonies ---------------------------------------------------------------------------

TESTIMONY_TEXT_FIELDS = ("quote", "person_name", "person_role", "organisation_name", "position")


@login_required
@require_http_methods(["GET"])
def testimony_list(request, slug):
    cooperation = _cooperation(request, slug)
    return _page(
        request,
        cooperation,
        "cooperations/backoffice/testimony_list.html",
        section="testimonies",
        title="Témoignages",
        testimonies=cooperation.testimonies.all(),
    )


@login_required
@require_http_methods(["GET", "POST"])
def testimony_add(request, slug):
    cooperation = _cooperation(request, slug)
    form = TestimonyForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        services.testimony_create(
            actor=request.user,
            cooperation=cooperation,
            photo=form.cleaned_data.get("photo") or None,
            **{name: form.cleaned_data[name] for name in TESTIMONY_TEXT_FIELDS},
        )
        messages.success(request, "Le témoignage est ajouté.")
        return redirect("cooperations:backoffice_testimonies", cooperation.slug)
    return _page(
        request,
        cooperation,
        "cooperations/backoffice/testimony_form.html",
        section="testimonies",
        title="Ajouter un témoignage",
        form=form,
        testimony=None,
    )


@login_required
@require_http_methods(["GET", "POST"])
def testimony_edit(request, slug, pk):
    cooperation = _cooperation(request, slug)
    testimony = get_object_or_404(Testimony, cooperation=cooperation, pk=pk)
    form = TestimonyForm(request.POST or None, request.FILES or None, instance=testimony)
    if request.method == "POST" and form.is_valid():
        photo = form.cleaned_data.get("photo")
        services.testimony_update(
            actor=request.user,
            testimony=testimony,
            # A new upload replaces the photo; the "clear" box gives False.
            photo=photo if "photo" in request.FILES else None,
            remove_photo=photo is False,
            **{name: form.cleaned_data[name] for name in TESTIMONY_TEXT_FIELDS},
        )
        messages.success(request, SAVED)
        return redirect("cooperations:backoffice_testimonies", cooperation.slug)
    return _page(
        request,
        cooperation,
        "cooperations/backoffice/testimony_form.html",
        section="testimonies",
        title="Modifier un témoignage",
        form=form,
        testimony=testimony,
    )


@login_required
@require_http_methods(["GET", "POST"])
def testimony_delete(request, slug, pk):
    cooperation = _cooperation(request, slug)
    testimony = get_object_or_404(Testimony, cooperation=cooperation, pk=pk)
    if request.method == "POST":
        services.testimony_delete(actor=request.user, testimony=testimony)
        messages.success(request, f"Le témoignage de {testimony.person_name} est supprimé.")
        return redirect("cooperations:backoffice_testimonies", cooperation.slug)
    return _page(
        request,
        cooperation,
        "cooperations/backoffice/testimony_delete.html",
        section="testimonies",
        title="Supprimer un témoignage",
        testimony=testimony,
    )


# --- territory -----------------------------------------------------------------------------


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
    return _page(
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
    cooperation = _cooperation(request, slug)
    if request.method == "GET":
        search_form = PerimeterSearchForm(request.GET if "kind" in request.GET else None)
        return _territory_page(request, cooperation, search_form)
    search_form = PerimeterSearchForm(
        {"kind": request.POST.get("kind", ""), "q": request.POST.get("q", "")}
    )
    add_form = PerimeterPartForm(request.POST)
    if add_form.is_valid():
        try:
            services.cooperation_territory_add(
                actor=request.user,
                cooperation=cooperation,
                kind=add_form.cleaned_data["kind"],
                code=add_form.cleaned_data["code"],
            )
        except ValidationError as error:
            add_form.add_error("code", error)
        else:
            messages.success(request, "Le territoire est ajouté.")
            return redirect("cooperations:backoffice_perimeter", cooperation.slug)
    return _territory_page(request, cooperation, search_form, add_form)


@login_required
@require_POST
def perimeter_remove(request, slug, part_id):
    cooperation = _cooperation(request, slug)
    part = get_object_or_404(cooperation.perimeter.parts, pk=part_id)
    try:
        services.cooperation_territory_remove(
            actor=request.user, cooperation=cooperation, kind=part.kind, code=part.code
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, "Le territoire est retiré.")
    return redirect("cooperations:backoffice_perimeter", cooperation.slug)


# --- members -------------------------------------------------------------------------------


def _members_page(request, cooperation, search_form, add_form):
    memberships = cooperation.memberships.select_related("organisation__commune").order_by(
        "organisation__name"
    )
    by_role = {role: [] for role in MemberRole.values}
    for membership in memberships:
        by_role[membership.role].append(membership)
    groups = [
        {"role": role, "label": label, "memberships": by_role[role]}
        for role, label in MemberRole.choices
    ]
    candidates = []
    query = ""
    if search_form.is_valid():
        query = search_form.cleaned_data["q"].strip()
    if query:
        candidates = list(
            Organisation.objects.filter(name__icontains=query)
            .exclude(memberships__cooperation=cooperation)
            .select_related("commune")
            .order_by("name")[:SEARCH_LIMIT]
        )
    return _page(
        request,
        cooperation,
        "cooperations/backoffice/members.html",
        section="members",
        title="Membres",
        groups=groups,
        member_count=sum(len(group["memberships"]) for group in groups),
        search_form=search_form,
        add_form=add_form,
        candidates=candidates,
        query=query,
    )


@login_required
@require_http_methods(["GET"])
def member_list(request, slug):
    cooperation = _cooperation(request, slug)
    search_form = MemberSearchForm(request.GET)
    add_form = MembershipAddForm(cooperation=cooperation)
    return _members_page(request, cooperation, search_form, add_form)


@login_required
@require_POST
def member_add(request, slug):
    cooperation = _cooperation(request, slug)
    add_form = MembershipAddForm(request.POST, cooperation=cooperation)
    if add_form.is_valid():
        try:
            membership = services.membership_add(
                actor=request.user,
                cooperation=cooperation,
                organisation=add_form.cleaned_data["organisation"],
                role=add_form.cleaned_data["role"],
                since=add_form.cleaned_data["since"],
            )
        except ValidationError as error:
            add_form.add_error("organisation", error)
        else:
            messages.success(
                request, f"{membership.organisation.name} est membre de la coopération."
            )
            return redirect("cooperations:backoffice_members", cooperation.slug)
    search_form = MemberSearchForm({"q": request.POST.get("q", "")})
    return _members_page(request, cooperation, search_form, add_form)


@login_required
@require_http_methods(["GET", "POST"])
def member_edit(request, slug, pk):
    cooperation = _cooperation(request, slug)
    membership = get_object_or_404(
        Membership.objects.select_related("organisation"), cooperation=cooperation, pk=pk
    )
    form = MembershipForm(request.POST or None, instance=membership)
    if request.method == "POST" and form.is_valid():
        services.membership_update(
            actor=request.user,
            membership=membership,
            role=form.cleaned_data["role"],
            since=form.cleaned_data["since"],
        )
        messages.success(request, SAVED)
        return redirect("cooperations:backoffice_members", cooperation.slug)
    return _page(
        request,
        cooperation,
        "cooperations/backoffice/member_edit.html",
        section="members",
        title="Modifier un membre",
        form=form,
        membership=membership,
    )


@login_required
@require_http_methods(["GET", "POST"])
def member_remove(request, slug, pk):
    cooperation = _cooperation(request, slug)
    membership = get_object_or_404(
        Membership.objects.select_related("organisation"), cooperation=cooperation, pk=pk
    )
    if request.method == "POST":
        services.membership_remove(actor=request.user, membership=membership)
        messages.success(
            request, f"{membership.organisation.name} ne fait plus partie de la coopération."
        )
        return redirect("cooperations:backoffice_members", cooperation.slug)
    return _page(
        request,
        cooperation,
        "cooperations/backoffice/member_remove.html",
        section="members",
        title="Retirer un membre",
        membership=membership,
    )


# --- animators and invitations -------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def animator_list(request, slug):
    cooperation = _cooperation(request, slug)
    form = AnimatorInviteForm(request.POST or None, cooperation=cooperation)
    if request.method == "POST" and form.is_valid():
        try:
            invitation = services.animator_invite(
                actor=request.user,
                cooperation=cooperation,
                email=form.cleaned_data["email"],
                organisation=form.cleaned_data["organisation"],
                base_url=request.build_absolute_uri("/")[:-1],
            )
        except ValidationError as error:
            form.add_error("email", error)
        else:
            messages.success(request, f"L'invitation est envoyée à {invitation.email}.")
            return redirect("cooperations:backoffice_animators", cooperation.slug)
    animators = cooperation.animators.select_related("user", "organisation").order_by(
        "user__last_name", "user__first_name", "user__email"
    )
    invitations = services.pending_invitations(cooperation).select_related("invited_by")
    organisations = (
        {
            org.pk: org
            for org in Organisation.objects.filter(
                pk__in=[invitation.extra.get("organisation_id") for invitation in invitations]
            )
        }
        if invitations
        else {}
    )
    pending = [
        {
            "invitation": invitation,
            "organisation": organisations.get(invitation.extra.get("organisation_id")),
        }
        for invitation in invitations
    ]
    return _page(
        request,
        cooperation,
        "cooperations/backoffice/animators.html",
        section="animators",
        title="Animateurs et invitations",
        form=form,
        animators=animators,
        pending=pending,
        has_members=form.fields["organisation"].queryset.exists(),
    )


@login_required
@require_POST
def invitation_revoke(request, slug, pk):
    cooperation = _cooperation(request, slug)
    invitation = get_object_or_404(services.pending_invitations(cooperation), pk=pk)
    services.animator_invitation_revoke(
        actor=request.user, cooperation=cooperation, invitation=invitation
    )
    messages.success(request, f"L'invitation de {invitation.email} est annulée.")
    return redirect("cooperations:backoffice_animators", cooperation.slug)


# --- history -------------------------------------------------------------------------------

_CHANGE_MODELS = {
    "cooperation": Cooperation,
    "objective": Objective,
    "news": NewsItem,
    "testimony": Testimony,
    "membership": Membership,
}
_EXTRA_LABELS = {"territoire": "territoire", "organisation": "organisation"}


def _change_label(action: str, name: str) -> str:
    model = _CHANGE_MODELS.get(action.split(".")[0])
    if model is not None:
        try:
            return str(model._meta.get_field(name).verbose_name)
        except FieldDoesNotExist:
            pass
    return _EXTRA_LABELS.get(name, name)


def _shorten(value) -> str:
    return Truncator(strip_tags(str(value))).chars(200)


@login_required
@require_http_methods(["GET"])
def history(request, slug):
    cooperation = _cooperation(request, slug)
    entries = AuditEntry.objects.about(cooperation).select_related("actor")
    page = Paginator(entries, HISTORY_PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [
        {
            "entry": entry,
            "changes": [
                {
                    "label": _change_label(entry.action, name),
                    "old": _shorten(values[0]) if isinstance(values, list) else "",
                    "new": _shorten(values[1]) if isinstance(values, list) else _shorten(values),
                }
                for name, values in (entry.changes or {}).items()
            ],
        }
        for entry in page
    ]
    return _page(
        request,
        cooperation,
        "cooperations/backoffice/history.html",
        section="history",
        title="Historique",
        page=page,
        rows=rows,
    )
