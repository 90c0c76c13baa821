"""The public pages of the citizen teams: a team's page."""

from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from ..models import CitizenTeam


@require_safe
def team_detail(request, slug: str):
    team = get_object_or_404(
        CitizenTeam.objects.visible()
        .select_related("meeting_commune__department")
        .prefetch_related("organisations", "kinds", "cooperations"),
        slug=slug,
    )
    labelled = team.charter_signatures.filter(
        recognised_at__isnull=False, withdrawn_at__isnull=True
    ).first()
    return render(request, "teams/public/detail.html", {"team": team, "label": labelled})
