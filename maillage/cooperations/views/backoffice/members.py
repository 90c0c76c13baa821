"""The member organisations of a cooperation: the list by role, a search that looks in the
cooperation's territory first, and, for an organisation Maillage does not know yet, its creation
(and an invitation to its referent) in the same flow."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_http_methods, require_POST

from maillage.core.actions import saved_on_form

from ... import selectors, services
from ...forms import MemberOrganisationForm, MemberSearchForm, MembershipAddForm, MembershipForm
from ...models import Membership
from ._common import SEARCH_LIMIT, editable_cooperation, form_page, page


def _members_page(request, cooperation, search_form, add_form):
    groups = selectors.members_by_role(cooperation)
    query = search_form.cleaned_data["q"].strip() if search_form.is_valid() else ""
    candidates = (
        selectors.member_candidates(cooperation, query, limit=SEARCH_LIMIT) if query else None
    )
    return page(
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
    cooperation = editable_cooperation(request, slug)
    search_form = MemberSearchForm(request.GET)
    add_form = MembershipAddForm(cooperation=cooperation)
    return _members_page(request, cooperation, search_form, add_form)


@login_required
@require_POST
def member_add(request, slug):
    cooperation = editable_cooperation(request, slug)
    add_form = MembershipAddForm(request.POST, cooperation=cooperation)
    if saved_on_form(
        request,
        add_form,
        lambda: services.membership_add(
            actor=request.user, cooperation=cooperation, **add_form.cleaned_data
        ),
        field="organisation",
    ):
        name = add_form.cleaned_data["organisation"].name
        messages.success(request, f"{name} est membre de la coopération.")
        return redirect("cooperations:backoffice_members", cooperation.slug)
    search_form = MemberSearchForm({"q": request.POST.get("q", "")})
    return _members_page(request, cooperation, search_form, add_form)


@login_required
@require_http_methods(["GET", "POST"])
def member_create(request, slug):
    """An organisation the search did not find: its page is created and it joins at once; an
    address given invites someone of it to become its referent."""
    cooperation = editable_cooperation(request, slug)
    query = request.GET.get("nom", "")[:200].strip()
    form = MemberOrganisationForm(request.POST or None, initial={"name": query})
    if saved_on_form(
        request,
        form,
        lambda: services.member_organisation_create(
            actor=request.user,
            cooperation=cooperation,
            base_url=request.build_absolute_uri("/")[:-1],
            **form.cleaned_data,
        ),
        # The one refusal left once the form is valid: too many invitations in a short time.
        field="referent_email",
    ):
        data = form.cleaned_data
        done = (
            f"La fiche « {data['name']} » est créée ; l'organisation est membre de la coopération."
        )
        if data["referent_email"]:
            done += (
                f" L'invitation à devenir référent part dans quelques instants pour "
                f"{data['referent_email']}."
            )
        messages.success(request, done)
        return redirect("cooperations:backoffice_members", cooperation.slug)
    return page(
        request,
        cooperation,
        "cooperations/backoffice/member_create.html",
        section="members",
        title="Ajouter une organisation nouvelle sur Maillage",
        form=form,
        query=request.POST.get("name", query) if request.method == "POST" else query,
    )


def _membership(cooperation, pk):
    return get_object_or_404(
        Membership.objects.select_related("organisation"), cooperation=cooperation, pk=pk
    )


@login_required
@require_http_methods(["GET", "POST"])
def member_edit(request, slug, pk):
    cooperation = editable_cooperation(request, slug)
    membership = _membership(cooperation, pk)
    return form_page(
        request,
        cooperation,
        MembershipForm(request.POST or None, instance=membership),
        save=lambda form: services.membership_update(
            actor=request.user,
            membership=membership,
            role=form.cleaned_data["role"],
            since=form.cleaned_data["since"],
        ),
        done="cooperations:backoffice_members",
        template="cooperations/backoffice/member_edit.html",
        section="members",
        title="Modifier un membre",
        membership=membership,
    )


@login_required
@require_http_methods(["GET", "POST"])
def member_remove(request, slug, pk):
    cooperation = editable_cooperation(request, slug)
    membership = _membership(cooperation, pk)
    if request.method == "POST":
        services.membership_remove(actor=request.user, membership=membership)
        messages.success(
            request, f"{membership.organisation.name} ne fait plus partie de la coopération."
        )
        return redirect("cooperations:backoffice_members", cooperation.slug)
    return page(
        request,
        cooperation,
        "cooperations/backoffice/member_remove.html",
        section="members",
        title="Retirer un membre",
        membership=membership,
    )
