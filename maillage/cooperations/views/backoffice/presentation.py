"""The cooperation itself: the staff's list of all, its home, presentation, aims, objectives
and history."""

import copy

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from maillage.core.audit import StaleVersion, history_rows
from maillage.core.models import AuditEntry
from maillage.core.paging import page_of

from ... import models, services
from ...forms import AimsForm, CooperationCreateForm, CooperationForm, ObjectiveFormSet
from ...permissions import can_create_cooperation
from ._common import SAVED, count_of, editable_cooperation, form_page, page

HISTORY_PAGE_SIZE = 50


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
    cooperations = models.Cooperation.objects.annotate(
        member_count=count_of(models.Membership), animator_count=count_of(models.Animator)
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
    cooperation = editable_cooperation(request, slug)
    counts = (
        models.Cooperation.objects.filter(pk=cooperation.pk)
        .values(
            members=count_of(models.Membership),
            animators_=count_of(models.Animator),
            objectives_=count_of(models.Objective),
            news_=count_of(models.NewsItem),
            testimonies_=count_of(models.Testimony),
            aims_=count_of(models.CooperationAim),
        )
        .get()
    )
    # The names of the relations are taken on the model: count them under other names.
    counts = {name.rstrip("_"): value for name, value in counts.items()}
    return page(
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
    cooperation = editable_cooperation(request, slug)
    # The form works on a copy: the page around it keeps the stored name when the form fails.
    form = CooperationForm(request.POST or None, instance=copy.copy(cooperation))

    def save(form):
        try:
            services.cooperation_update(
                actor=request.user,
                cooperation=cooperation,
                data={name: form.cleaned_data[name] for name in form.Meta.fields},
                version=form.started_version(),
            )
        except StaleVersion as error:
            form.refuse_stale(error)

    return form_page(
        request,
        cooperation,
        form,
        save=save,
        done="cooperations:backoffice_edit",
        template="cooperations/backoffice/edit.html",
        section="edit",
        title="Présentation",
    )


@login_required
@require_http_methods(["GET", "POST"])
def cooperation_aims(request, slug):
    cooperation = editable_cooperation(request, slug)
    return form_page(
        request,
        cooperation,
        AimsForm(request.POST or None, cooperation=cooperation),
        save=lambda form: services.cooperation_set_aims(
            actor=request.user, cooperation=cooperation, aims=form.chosen_aims()
        ),
        done="cooperations:backoffice_aims",
        template="cooperations/backoffice/aims.html",
        section="aims",
        title="Axes de travail",
    )


@login_required
@require_http_methods(["GET", "POST"])
def objective_list(request, slug):
    """All objectives in one form: edit, tick to delete, fill an empty row to add."""
    cooperation = editable_cooperation(request, slug)
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
                fields = {name: form.cleaned_data[name] for name in services.OBJECTIVE_FIELDS}
                if objective.pk:
                    services.objective_update(actor=request.user, objective=objective, **fields)
                else:
                    services.objective_create(actor=request.user, cooperation=cooperation, **fields)
        messages.success(request, SAVED)
        return redirect("cooperations:backoffice_objectives", cooperation.slug)
    return page(
        request,
        cooperation,
        "cooperations/backoffice/objectives.html",
        section="objectives",
        title="Objectifs",
        formset=formset,
    )


@login_required
@require_http_methods(["GET"])
def history(request, slug):
    """Every change, made here or in the Django admin (marked so), newest first."""
    cooperation = editable_cooperation(request, slug)
    entries = AuditEntry.objects.about(cooperation).select_related("actor")
    history_page = page_of(request, entries, HISTORY_PAGE_SIZE)
    return page(
        request,
        cooperation,
        "cooperations/backoffice/history.html",
        section="history",
        title="Historique",
        page=history_page,
        rows=history_rows(history_page),
    )
