"""The public pages of the citizen teams: « Devenir bénévole » (the teams near a commune), the
team charter, a team's page and its « Écrire à l'équipe » form. A sender's address goes to the
team's referents only: no public page ever shows a referent's or a sender's address."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.views.decorators.http import require_GET, require_http_methods

from maillage.core.actions import saved_on_form
from maillage.core.ratelimit import delay_in_words, rate_limit
from maillage.territories.search import MAX_QUERY_LENGTH, commune_by_code, find_commune

from .. import selectors, services
from ..forms import VolunteerMessageForm

COMMUNE_CHOICES = 10
# Every post counts, corrections included: about five messages an hour from one address.
MESSAGE_RATE = "10/h"
MESSAGE_FIELDS = ("sender_name", "sender_email", "sender_phone", "body", "consent")


def startup_url() -> str:
    """Where a person starts a team: the start-up request page once it exists."""
    try:
        return reverse("teams:startup_request")
    except NoReverseMatch:
        return ""


@require_GET
def teams_near(request):
    """« Devenir bénévole »: from a commune's name, postal code or INSEE code, to the teams
    acting there, or the nearest ones and the way to start a team."""
    query = request.GET.get("q", "").strip()[:MAX_QUERY_LENGTH]
    code = request.GET.get("commune", "").strip().upper()
    commune, choices, others = None, [], []
    if code:
        commune = commune_by_code(code)
        if commune is None and not query:
            # A shared link may name the commune instead of giving its code: search for it.
            query, code = request.GET["commune"].strip()[:MAX_QUERY_LENGTH], ""
    if commune is None and query:
        match = find_commune(query, limit=COMMUNE_CHOICES)
        commune = match.commune
        others = match.others if commune is not None else []
        choices = list(match.results) if commune is None else []
    return render(
        request,
        "teams/public/near.html",
        {
            "query": query,
            "asked": query or code,
            "submitted": bool(query or code),
            "commune": commune,
            "near": selectors.teams_near(commune) if commune is not None else None,
            "choices": choices,
            "others": others,
            "startup_url": startup_url(),
        },
    )


@require_GET
def charter(request):
    """The text of the charte de l'équipe citoyenne, which every labelled team signed."""
    return render(request, "teams/public/charter.html")


@require_http_methods(["GET", "HEAD", "POST"])
@rate_limit("team_message", ip=MESSAGE_RATE, block=False)
def team_detail(request, slug: str):
    team = get_object_or_404(selectors.team_page(slug))
    form = VolunteerMessageForm()
    status = 200
    if request.method == "POST" and team.has_referent:
        form = VolunteerMessageForm(request.POST)
        status = 400
        if form.is_valid() and request.rate_limited:
            form.add_error(
                None,
                "Vous avez envoyé plusieurs messages en peu de temps : réessayez dans "
                f"{delay_in_words(request.rate_limited.retry_after)}. "
                "Votre message est conservé ci-dessous.",
            )
            status = 429
        elif saved_on_form(
            request,
            form,
            lambda: services.message_send(
                team=team,
                base_url=request.build_absolute_uri("/")[:-1],
                **{name: form.cleaned_data[name] for name in MESSAGE_FIELDS},
            ),
        ):
            messages.success(
                request,
                "Votre message est enregistré : il part dans quelques instants vers les "
                "référents de l'équipe, qui vous répondront.",
            )
            return redirect(f"{team.get_absolute_url()}#ecrire")
    response = render(
        request,
        "teams/public/detail.html",
        {
            "team": team,
            "communes": selectors.named_parts(team),
            "actions": list(team.actions.all()),
            "cooperations": list(team.cooperations.all()),
            "form": form,
        },
        status=status,
    )
    if status == 429:
        response["Retry-After"] = str(request.rate_limited.retry_after)
    return response
