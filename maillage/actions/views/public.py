"""The public pages of the inventory: an action's page."""

from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from ..models import Action


@require_safe
def action_detail(request, slug: str):
    action = get_object_or_404(
        Action.objects.select_related("commune__department", "zone").prefetch_related(
            "kinds", "publics", "organisations", "zone__parts"
        ),
        slug=slug,
    )
    return render(request, "actions/public/detail.html", {"action": action})
