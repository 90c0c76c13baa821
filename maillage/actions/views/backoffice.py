"""The back office of the inventory ("Mon espace" → actions): the actions a person may edit,
their form, their history, ending one; the actions to confirm; the freshness of a territory and
the reminder to its referents. Objects are fetched only through the gatekeepers: what lies
outside a person's scope is a 404."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from maillage.core.actions import said_done
from maillage.core.audit import StaleVersion, history_rows
from maillage.core.models import AuditEntry
from maillage.core.paging import page_of
from maillage.core.ratelimit import rate_limit
from maillage.organisations.models import Organisation
from maillage.territories.models import Department

from .. import services
from ..enums import ActionStatus
from ..forms import ActionFilterForm, ActionForm
from ..models import Action, check_cutoff, stale_cutoff
from ..permissions import (
    can_add_action,
    can_follow_freshness,
    can_list_actions,
    followed_cooperations,
    followed_organisations,
)

PAGE_SIZE = 50
HISTORY_PAGE_SIZE = 50
# Reminders by hand: a few per hour per person, whatever the cooperation (the service also
# allows one a day per cooperation or organisation).
REMINDER_RATE = "10/h"


def _base_url(request) -> str:
    return request.build_absolute_uri("/").rstrip("/")


def _editable_action(request, slug: str) -> Action:
    """The gatekeeper of every page of one action: the action if the person may edit it."""
    return get_object_or_404(
        Action.objects.editable_by(request.user).select_related(
            "commune__epci", "commune__department", "commune__region", "zone"
        ),
        slug=slug,
    )


def _listed(request):
    """The actions a person may edit, for the pages that list them; a 404 for anyone who has
    none to edit by role (deny by default)."""
    if not can_list_actions(request.user):
        raise Http404
    return Action.objects.editable_by(request.user)


def _back_to(request, default: str, *args):
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect(default, *args)


# --- the list, the form, the history, the end ---------------------------------------------


@login_required
@require_GET
def action_list(request):
    scope = actions = _listed(request)
    form = ActionFilterForm(
        request.GET or None, departments=Department.objects.order_by("code").only("code", "name")
    )
    filters = form.filters()
    if query := filters.get("q", "").strip():
        actions = actions.filter(title__icontains=query)
    if status := filters.get("status"):
        actions = actions.filter(status=status)
    if filters.get("freshness") == "to_check":
        actions = actions.to_check()
    elif filters.get("freshness") == "stale":
        actions = actions.exclude(status=ActionStatus.ENDED).filter(verified_on__lt=stale_cutoff())
    if department := filters.get("department"):
        actions = actions.filter(commune__department_id=department)
    rows = (
        actions.select_related("commune").prefetch_related("organisations").order_by("title", "pk")
    )
    return render(
        request,
        "actions/backoffice/list.html",
        {
            "form": form,
            "page": page_of(request, rows, PAGE_SIZE),
            "may_add": can_add_action(request.user),
            "to_check_count": scope.to_check().count(),
            "follows_freshness": can_follow_freshness(request.user),
            "filtered": any(filters.values()),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def action_add(request):
    if not can_add_action(request.user):
        raise Http404
    form = ActionForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            action = services.action_create(
                actor=request.user, values=form.values(), zone=form.zone
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                f"L'action « {action.title} » est enregistrée ; elle figure désormais dans "
                "l'inventaire public.",
            )
            return redirect("actions:backoffice_edit", action.slug)
    return render(
        request,
        "actions/backoffice/form.html",
        {"form": form, "title": "Ajouter une action", "action": None},
    )


@login_required
@require_http_methods(["GET", "POST"])
def action_edit(request, slug):
    action = _editable_action(request, slug)
    # The form writes what was typed onto the instance; the page keeps the stored title.
    title = action.title
    form = ActionForm(request.POST or None, instance=action, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            changes = services.action_update(
                actor=request.user,
                action=action,
                values=form.values(),
                zone=form.zone,
                version=form.started_version(),
            )
        except StaleVersion as error:
            form.refuse_stale(error)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if changes.keys() - {"verified_on"}:
                messages.success(request, "Les modifications de l'action sont enregistrées.")
            else:
                messages.info(request, "Aucune modification : l'action est confirmée telle quelle.")
            return redirect("actions:backoffice_edit", action.slug)
    return render(
        request,
        "actions/backoffice/form.html",
        {"form": form, "title": f"Modifier : {title}", "action": action, "name": title},
    )


@login_required
@require_GET
def action_history(request, slug):
    """Every change of the action, made here or in the Django admin (marked so), newest first."""
    action = _editable_action(request, slug)
    entries = AuditEntry.objects.about(action).select_related("actor")
    history_page = page_of(request, entries, HISTORY_PAGE_SIZE)
    return render(
        request,
        "actions/backoffice/history.html",
        {"action": action, "page": history_page, "rows": history_rows(history_page)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def action_end(request, slug):
    """« Cette action s'arrête »: asked on a page of its own, then done on POST."""
    action = _editable_action(request, slug)
    if request.method == "POST":
        if said_done(
            request,
            lambda: services.action_end(actor=request.user, action=action),
            done=f"L'action « {action.title} » est terminée : elle ne figure plus dans les "
            "recherches. Son historique est conservé.",
        ):
            return redirect("actions:backoffice_list")
        return redirect("actions:backoffice_edit", action.slug)
    return render(request, "actions/backoffice/end.html", {"action": action})


# --- freshness ----------------------------------------------------------------------------


@login_required
@require_GET
def to_check(request):
    """The actions a person may edit that nobody has confirmed for 12 months, oldest first."""
    rows = (
        _listed(request)
        .to_check()
        .select_related("commune")
        .prefetch_related("organisations")
        .order_by("verified_on", "title", "pk")
    )
    return render(
        request, "actions/backoffice/to_check.html", {"page": page_of(request, rows, PAGE_SIZE)}
    )


@login_required
@require_POST
def action_confirm(request, slug):
    action = _editable_action(request, slug)
    said_done(
        request,
        lambda: services.action_confirm(actor=request.user, action=action),
        done=f"« {action.title} » est confirmée : merci.",
    )
    return _back_to(request, "actions:backoffice_to_check")


@login_required
@require_POST
def confirm_all(request):
    """« Tout confirmer »: the actions listed on the page the person saw, no others."""
    wanted = [pk for pk in request.POST.getlist("action") if pk.isdigit()]
    actions = list(_listed(request).to_check().filter(pk__in=wanted))
    count = services.actions_confirm(actor=request.user, actions=actions)
    if count:
        messages.success(
            request,
            f"{count} action{'s' if count > 1 else ''} confirmée{'s' if count > 1 else ''} : "
            "merci.",
        )
    else:
        messages.info(request, "Aucune action à confirmer.")
    return redirect("actions:backoffice_to_check")


def _freshness_counts(path: str) -> dict:
    """Counts of actions along `path` (not ended, to confirm, stale), as annotations: one
    query whatever the number of rows."""
    live = ~Q(**{f"{path}__status": ActionStatus.ENDED})
    return {
        "live": Count(path, filter=live, distinct=True),
        "to_check": Count(
            path, filter=live & Q(**{f"{path}__verified_on__lt": check_cutoff()}), distinct=True
        ),
        "stale": Count(
            path, filter=live & Q(**{f"{path}__verified_on__lt": stale_cutoff()}), distinct=True
        ),
    }


def _with_share(rows) -> list:
    for row in rows:
        row.share = round(100 * row.to_check / row.live) if row.live else 0
    return rows


@login_required
@require_GET
def freshness(request):
    """The share of actions to confirm, per cooperation (the actions its members carry) and per
    organisation; for animators (their territory) and staff (everything)."""
    if not can_follow_freshness(request.user):
        raise Http404
    cooperations = _with_share(
        list(
            followed_cooperations(request.user)
            .annotate(**_freshness_counts("memberships__organisation__actions"))
            .order_by("name")
        )
    )
    organisations = (
        followed_organisations(request.user)
        .annotate(**_freshness_counts("actions"))
        .order_by("-to_check", "name")
    )
    page = page_of(request, organisations, PAGE_SIZE)
    _with_share(page.object_list)
    return render(
        request,
        "actions/backoffice/freshness.html",
        {"cooperations": cooperations, "page": page},
    )


def _reminded(request, *, about, organisations) -> None:
    try:
        sent = services.action_referents_remind(
            actor=request.user,
            about=about,
            organisations=organisations,
            base_url=_base_url(request),
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return
    if sent:
        messages.success(
            request,
            f"{sent} référent{'s' if sent > 1 else ''} relancé{'s' if sent > 1 else ''} : "
            "les e-mails partent dans quelques instants.",
        )
    else:
        messages.info(request, "Aucun référent n'a d'action à confirmer : aucun e-mail envoyé.")


@login_required
@require_POST
@rate_limit("actions_reminder", user=REMINDER_RATE)
def remind_cooperation(request, slug):
    cooperation = get_object_or_404(followed_cooperations(request.user), slug=slug)
    _reminded(
        request,
        about=cooperation,
        organisations=Organisation.objects.filter(memberships__cooperation=cooperation),
    )
    return redirect("actions:backoffice_freshness")


@login_required
@require_POST
@rate_limit("actions_reminder", user=REMINDER_RATE)
def remind_organisation(request, slug):
    organisation = get_object_or_404(followed_organisations(request.user), slug=slug)
    _reminded(
        request,
        about=organisation,
        organisations=Organisation.objects.filter(pk=organisation.pk),
    )
    return redirect("actions:backoffice_freshness")
