"""Who takes part: member organisations, animators and the invitations to animate."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_http_methods, require_POST

from maillage.core.actions import said_done, saved_on_form

from ... import selectors, services
from ...forms import AnimatorInviteForm, MemberSearchForm, MembershipAddForm, MembershipForm
from ...models import Animator, Membership
from ._common import SEARCH_LIMIT, editable_cooperation, form_page, page

# --- members -------------------------------------------------------------------------------


def _members_page(request, cooperation, search_form, add_form):
    groups = selectors.members_by_role(cooperation)
    query = search_form.cleaned_data["q"].strip() if search_form.is_valid() else ""
    candidates = (
        selectors.member_candidates(cooperation, query, limit=SEARCH_LIMIT) if query else []
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


# --- animators and invitations -------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def animator_list(request, slug):
    cooperation = editable_cooperation(request, slug)
    form = AnimatorInviteForm(request.POST or None, cooperation=cooperation)
    if saved_on_form(
        request,
        form,
        lambda: services.animator_invite(
            actor=request.user,
            cooperation=cooperation,
            base_url=request.build_absolute_uri("/")[:-1],
            **form.cleaned_data,
        ),
        field="email",
    ):
        messages.success(
            request,
            f"L'invitation pour {form.cleaned_data['email']} est enregistrée : "
            "l'e-mail part dans quelques instants.",
        )
        return redirect("cooperations:backoffice_animators", cooperation.slug)
    pending = selectors.pending_invitation_rows(services.pending_invitations(cooperation))
    return page(
        request,
        cooperation,
        "cooperations/backoffice/animators.html",
        section="animators",
        title="Animateurs et invitations",
        form=form,
        animators=selectors.animators_of(cooperation),
        pending=pending,
        has_members=form.fields["organisation"].queryset.exists(),
    )


@login_required
@require_POST
def invitation_revoke(request, slug, pk):
    cooperation = editable_cooperation(request, slug)
    invitation = get_object_or_404(services.pending_invitations(cooperation), pk=pk)
    services.animator_invitation_revoke(
        actor=request.user, cooperation=cooperation, invitation=invitation
    )
    messages.success(request, f"L'invitation de {invitation.email} est annulée.")
    return redirect("cooperations:backoffice_animators", cooperation.slug)


@login_required
@require_http_methods(["GET", "POST"])
def animator_remove(request, slug, pk):
    """Take an animator off the cooperation, after a confirmation page."""
    cooperation = editable_cooperation(request, slug)
    animator = get_object_or_404(
        Animator.objects.select_related("user", "organisation"), cooperation=cooperation, pk=pk
    )
    if request.method == "POST":
        said_done(
            request,
            lambda: services.animator_remove(actor=request.user, animator=animator),
            done=f"{animator.user} n'anime plus la coopération ; un e-mail l'en informe.",
        )
        return redirect("cooperations:backoffice_animators", cooperation.slug)
    return page(
        request,
        cooperation,
        "cooperations/backoffice/animator_remove.html",
        section="animators",
        title="Retirer un animateur",
        animator=animator,
        is_last=cooperation.animators.count() == 1,
    )
