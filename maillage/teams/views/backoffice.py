"""A team's space ("Mon espace" → the team): its presentation, its messages, its charter, its
referents. Every view fetches the team through a gatekeeper before anything else: the teams
the person may edit (`editable_team`) or, for the messages and the charter, the teams they
speak for (`referred_team`); anyone else gets a 404, whether the team exists or not."""

import copy

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from maillage.cooperations.models import Cooperation
from maillage.core.actions import said_done, saved_on_form
from maillage.core.audit import StaleVersion, history_rows
from maillage.core.models import AuditEntry
from maillage.core.paging import page_of

from .. import permissions, selectors, services
from ..forms import CharterSignForm, ReferentInviteForm, ReplyForm, TeamForm
from ..models import CitizenTeam, TeamReferent

LAYOUT = "teams/backoffice/base.html"
MESSAGES_PER_PAGE = 30
HISTORY_PER_PAGE = 50


def editable_team(request, slug: str) -> CitizenTeam:
    """Gatekeeper: the team if the person may edit it (referent, animator of one of its
    cooperations, staff), else 404."""
    return get_object_or_404(
        CitizenTeam.objects.editable_by(request.user).select_related("perimeter"), slug=slug
    )


def referred_team(request, slug: str) -> CitizenTeam:
    """Gatekeeper of the messages and the charter: the team if the person is one of its
    referents, else 404 (staff and animators included: a sender's address is for referents)."""
    return get_object_or_404(CitizenTeam.objects.referred_by(request.user), slug=slug)


def page(request, team, template: str, *, section: str, title: str, **context):
    return render(
        request,
        template,
        {
            "team": team,
            "section": section,
            "title": title,
            "is_referent": permissions.is_referent(request.user, team),
            **context,
        },
    )


@login_required
@require_http_methods(["GET"])
def team_home(request, slug):
    team = editable_team(request, slug)
    is_referent = permissions.is_referent(request.user, team)
    waiting = team.volunteer_messages.waiting().count() if is_referent else None
    return page(
        request,
        team,
        "teams/backoffice/home.html",
        section="home",
        title=team.name,
        signature=services.current_signature(team),
        waiting=waiting,
        can_recognise=permissions.can_recognise_label(request.user, team),
        can_withdraw=permissions.can_withdraw_label(request.user, team),
        links=list(
            team.cooperation_links.select_related("cooperation").order_by("cooperation__name")
        ),
        animated=set(Cooperation.objects.editable_by(request.user).values_list("pk", flat=True)),
    )


@login_required
@require_http_methods(["GET", "POST"])
def team_edit(request, slug):
    team = editable_team(request, slug)
    # The form works on a copy: the page around it keeps the stored name when the form fails.
    form = TeamForm(request.POST or None, instance=copy.copy(team))

    if request.method == "POST" and form.is_valid():
        try:
            services.team_update(
                actor=request.user,
                team=team,
                data=form.service_data(),
                communes=form.cleaned_data["communes"],
                version=form.started_version(),
            )
        except StaleVersion as error:
            form.refuse_stale(error)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Les modifications sont enregistrées.")
            return redirect("teams:backoffice_edit", team.slug)
    return page(
        request, team, "teams/backoffice/edit.html", section="edit", title="Présentation", form=form
    )


# --- messages (referents only) ----------------------------------------------------------------


@login_required
@require_http_methods(["GET"])
def message_list(request, slug):
    team = referred_team(request, slug)
    page_rows = page_of(request, selectors.inbox(team), MESSAGES_PER_PAGE)
    return page(
        request,
        team,
        "teams/backoffice/messages.html",
        section="messages",
        title="Messages reçus",
        page=page_rows,
        retention=services.retention_in_words(),
    )


def _message(team, pk):
    return get_object_or_404(team.volunteer_messages.select_related("answered_by"), pk=pk)


@login_required
@require_http_methods(["GET", "POST"])
def message_detail(request, slug, pk):
    """Read a message and answer it by mail from the platform."""
    team = referred_team(request, slug)
    message = _message(team, pk)
    form = ReplyForm(request.POST or None)
    if saved_on_form(
        request,
        form,
        lambda: services.message_reply(
            actor=request.user, message=message, text=form.cleaned_data["text"]
        ),
        field="text",
    ):
        messages.success(
            request, f"Votre réponse à {message.sender_name} part dans quelques instants."
        )
        return redirect("teams:backoffice_message", team.slug, message.pk)
    return page(
        request,
        team,
        "teams/backoffice/message.html",
        section="messages",
        title=f"Message de {message.sender_name}",
        message=message,
        form=form,
    )


@login_required
@require_POST
def message_close(request, slug, pk):
    team = referred_team(request, slug)
    message = _message(team, pk)
    services.message_close(actor=request.user, message=message)
    messages.success(request, f"Le message de {message.sender_name} est clos.")
    return redirect("teams:backoffice_messages", team.slug)


# --- the charter -----------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def charter_sign(request, slug):
    team = referred_team(request, slug)
    signature = services.current_signature(team)
    form = CharterSignForm(request.POST or None)
    if signature is None and saved_on_form(
        request,
        form,
        lambda: services.charter_sign(
            actor=request.user,
            team=team,
            signatory_name=form.cleaned_data["signatory_name"],
        ),
    ):
        messages.success(
            request,
            "La charte est signée au nom de l'équipe. La coopération de votre territoire en "
            "est informée pour la reconnaître.",
        )
        return redirect("teams:backoffice_charter", team.slug)
    return page(
        request,
        team,
        "teams/backoffice/charter.html",
        section="charter",
        title="Charte de l'équipe citoyenne",
        signature=signature,
        form=form,
        withdrawn=team.charter_signatures.filter(withdrawn_at__isnull=False).first(),
    )


# --- referents -------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def referent_list(request, slug):
    team = editable_team(request, slug)
    form = ReferentInviteForm(request.POST or None)
    if saved_on_form(
        request,
        form,
        lambda: services.referent_invite(
            actor=request.user,
            team=team,
            email=form.cleaned_data["email"],
            base_url=request.build_absolute_uri("/")[:-1],
        ),
        field="email",
    ):
        messages.success(
            request,
            f"L'invitation pour {form.cleaned_data['email']} est enregistrée : "
            "l'e-mail part dans quelques instants.",
        )
        return redirect("teams:backoffice_referents", team.slug)
    return page(
        request,
        team,
        "teams/backoffice/referents.html",
        section="referents",
        title="Référents",
        form=form,
        referents=list(team.referents.select_related("user").order_by("user__last_name", "pk")),
        pending=list(services.pending_referent_invitations(team)),
    )


@login_required
@require_POST
def referent_invitation_revoke(request, slug, pk):
    team = editable_team(request, slug)
    invitation = get_object_or_404(services.pending_referent_invitations(team), pk=pk)
    services.referent_invitation_revoke(actor=request.user, team=team, invitation=invitation)
    messages.success(request, f"L'invitation de {invitation.email} est annulée.")
    return redirect("teams:backoffice_referents", team.slug)


@login_required
@require_POST
def referent_remove(request, slug, pk):
    team = editable_team(request, slug)
    referent = get_object_or_404(TeamReferent.objects.select_related("user"), team=team, pk=pk)
    said_done(
        request,
        lambda: services.referent_remove(actor=request.user, referent=referent),
        done=f"{referent.user} n'est plus référent de l'équipe.",
    )
    return redirect("teams:backoffice_referents", team.slug)


@login_required
@require_http_methods(["GET"])
def history(request, slug):
    team = editable_team(request, slug)
    entries = AuditEntry.objects.about(team).select_related("actor").order_by("-pk")
    page_rows = page_of(request, entries, HISTORY_PER_PAGE)
    return page(
        request,
        team,
        "teams/backoffice/history.html",
        section="history",
        title="Historique",
        page=page_rows,
        rows=history_rows(page_rows),
    )
