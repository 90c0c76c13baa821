"""Who animates: the animators and the invitations to animate (members are in `members`)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_http_methods, require_POST

from maillage.core.actions import said_done, saved_on_form

from ... import selectors, services
from ...forms import AnimatorInviteForm
from ...models import Animator
from ._common import editable_cooperation, page

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
