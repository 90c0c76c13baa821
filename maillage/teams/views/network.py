"""The teams as a cooperation's animators and national staff see them: the teams of a
cooperation, opening a team, recognising or withdrawing its label. No page here shows a
message's sender: the animators see how many messages wait for more than 14 days."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from maillage.cooperations.models import Cooperation
from maillage.core.actions import said_done, saved_on_form
from maillage.core.paging import page_of

from .. import permissions, selectors, services
from ..forms import LabelWithdrawForm, TeamForm
from ..models import CitizenTeam
from .backoffice import editable_team, page

TEAMS_PER_PAGE = 50


def _animated_cooperation(request, slug: str) -> Cooperation:
    """Gatekeeper: the cooperation if the person animates it (or is staff), else 404."""
    return get_object_or_404(Cooperation.objects.editable_by(request.user), slug=slug)


@login_required
@require_http_methods(["GET"])
def cooperation_teams(request, slug):
    cooperation = _animated_cooperation(request, slug)
    rows = page_of(request, selectors.cooperation_team_rows(cooperation), TEAMS_PER_PAGE)
    return render(
        request,
        "teams/backoffice/cooperation_teams.html",
        {"cooperation": cooperation, "page": rows, "title": f"Équipes de {cooperation.name}"},
    )


@login_required
@require_http_methods(["GET"])
def team_list(request):
    """Every team, for national staff: those without a cooperation are theirs to recognise."""
    if not (request.user.is_staff and request.user.is_active):
        raise PermissionDenied
    teams = CitizenTeam.objects.all()
    without = request.GET.get("sans_cooperation") == "1"
    if without:
        teams = teams.filter(cooperation_links__isnull=True)
    rows = page_of(request, selectors.team_rows(teams), TEAMS_PER_PAGE)
    return render(
        request,
        "teams/backoffice/list.html",
        {"page": rows, "without": without, "title": "Toutes les équipes citoyennes"},
    )


def _create(request, cooperation: Cooperation | None):
    form = TeamForm(request.POST or None, cooperation=cooperation)
    if request.method == "POST" and form.is_valid():
        communes = form.cleaned_data["communes"]
        if cooperation is not None and not any(
            cooperation.perimeter.contains(commune) for commune in communes
        ):
            form.add_error(
                "communes",
                f"Aucune de ces communes n'est dans le territoire de {cooperation.name}.",
            )
        else:
            try:
                team = services.team_create(
                    actor=request.user, communes=communes, **form.service_data()
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request,
                    f"L'équipe {team.name} est créée. Invitez maintenant ses référents.",
                )
                return redirect("teams:backoffice_referents", team.slug)
    return render(
        request,
        "teams/backoffice/create.html",
        {"cooperation": cooperation, "form": form, "title": "Ajouter une équipe citoyenne"},
    )


@login_required
@require_http_methods(["GET", "POST"])
def team_create(request, slug):
    """An animator (or staff) adds a team acting in their cooperation's territory."""
    cooperation = _animated_cooperation(request, slug)
    return _create(request, cooperation)


@login_required
@require_http_methods(["GET", "POST"])
def team_create_national(request):
    """National staff add a team anywhere, a territory without a cooperation included."""
    if not permissions.can_create_team(request.user, None):
        raise PermissionDenied
    return _create(request, None)


@login_required
@require_POST
def label_recognise(request, slug):
    team = editable_team(request, slug)
    if not permissions.can_recognise_label(request.user, team):
        raise PermissionDenied
    cooperation = (
        Cooperation.objects.filter(team_links__team=team, animators__user=request.user)
        .order_by("name")
        .first()
    )
    said_done(
        request,
        lambda: services.label_recognise(actor=request.user, team=team, cooperation=cooperation),
        done=f"Le label de l'équipe {team.name} est reconnu ; ses référents en sont informés.",
    )
    return redirect("teams:backoffice_home", team.slug)


@login_required
@require_http_methods(["GET", "POST"])
def label_withdraw(request, slug):
    team = editable_team(request, slug)
    if not permissions.can_withdraw_label(request.user, team):
        raise PermissionDenied
    signature = services.current_signature(team)
    form = LabelWithdrawForm(request.POST or None)
    if signature is not None and saved_on_form(
        request,
        form,
        lambda: services.label_withdraw(
            actor=request.user, team=team, reason=form.cleaned_data["reason"]
        ),
        field="reason",
    ):
        messages.success(
            request,
            f"Le label de l'équipe {team.name} est retiré ; ses référents en sont informés "
            "avec le motif.",
        )
        return redirect("teams:backoffice_home", team.slug)
    return page(
        request,
        team,
        "teams/backoffice/label_withdraw.html",
        section="home",
        title="Retirer le label",
        signature=signature,
        form=form,
    )


@login_required
@require_POST
def cooperation_confirm(request, slug, cooperation_slug):
    """An animator confirms that their cooperation works with the team: the link then stays
    if the team's communes change."""
    team = editable_team(request, slug)
    cooperation = get_object_or_404(
        Cooperation.objects.editable_by(request.user).filter(team_links__team=team),
        slug=cooperation_slug,
    )
    services.team_cooperation_confirm(actor=request.user, team=team, cooperation=cooperation)
    messages.success(request, f"{cooperation.name} travaille avec l'équipe : c'est confirmé.")
    return redirect("teams:backoffice_home", team.slug)
