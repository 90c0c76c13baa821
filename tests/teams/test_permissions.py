"""The permission matrix of the teams' back office: every route x every role x (own team,
another cooperation's team). Deny by default: a referent of team A never sees team B's messages,
an animator of cooperation X never sees the teams of cooperation Y, and a message's sender is
seen by the team's referents only (neither animators nor staff open the inbox)."""

from dataclasses import dataclass

import pytest
from django.conf import settings
from django.shortcuts import resolve_url
from django.urls import reverse

from maillage.teams.models import TeamCharterSignature, VolunteerMessage

from .conftest import TEAM_ROLES
from .factories import TeamCharterSignatureFactory, TeamReferentFactory

EDIT = frozenset({"team_referent", "animator", "staff"})
REFERENT = frozenset({"team_referent"})
ANIMATION = frozenset({"animator", "staff"})
STAFF = frozenset({"staff"})
# The same role on the other team's side.
SWAP = {
    "team_referent": "other_team_referent",
    "other_team_referent": "team_referent",
    "animator": "other_animator",
    "other_animator": "animator",
}


@dataclass(frozen=True)
class Route:
    name: str
    allowed: frozenset
    method: str = "get"
    # "team": the team's slug; "message", "invitation", "co_referent": the slug and that object;
    # "cooperation": the slug of the team's cooperation; "": none.
    arg: str = "team"
    forbidden: frozenset = frozenset()  # roles that reach the team but may not act: 403
    data: tuple = ()

    def url(self, side) -> str:
        if self.arg == "team":
            return reverse(f"teams:{self.name}", args=[side.team.slug])
        if self.arg in ("message", "invitation", "co_referent"):
            obj = getattr(side, self.arg)
            return reverse(f"teams:{self.name}", args=[side.team.slug, obj.pk])
        if self.arg == "team_cooperation":
            cooperation = side.team.cooperations.get()
            return reverse(f"teams:{self.name}", args=[side.team.slug, cooperation.slug])
        if self.arg == "cooperation":
            cooperation = side.team.cooperations.get()
            return reverse(f"teams:{self.name}", args=[cooperation.slug])
        return reverse(f"teams:{self.name}")


ROUTES = [
    Route("backoffice_home", EDIT),
    Route("backoffice_edit", EDIT),
    Route("backoffice_referents", EDIT),
    Route("backoffice_history", EDIT),
    Route("backoffice_referents", EDIT, "post", data=(("email", "nouvelle@exemple.fr"),)),
    Route("backoffice_invitation_revoke", EDIT, "post", "invitation"),
    Route("backoffice_referent_remove", EDIT, "post", "co_referent"),
    Route(
        "backoffice_edit",
        EDIT,
        "post",
        data=(("name", "Nouveau nom"), ("status", "active"), ("communes", "Brest")),
    ),
    Route("backoffice_messages", REFERENT),
    Route("backoffice_message", REFERENT, arg="message"),
    Route("backoffice_message", REFERENT, "post", "message", data=(("text", "Bienvenue !"),)),
    Route("backoffice_message_close", REFERENT, "post", "message"),
    Route("backoffice_charter", REFERENT),
    # A referent reaches the team, but only its cooperation's animators confirm (staff: any).
    Route("cooperation_confirm", ANIMATION, "post", "team_cooperation"),
    Route("label_recognise", frozenset({"animator"}), "post", forbidden=REFERENT | STAFF),
    Route("label_withdraw", ANIMATION, forbidden=REFERENT),
    Route("cooperation_teams", ANIMATION, arg="cooperation"),
    Route("cooperation_team_create", ANIMATION, arg="cooperation"),
    Route("backoffice_list", STAFF, arg=""),
    Route("backoffice_create", STAFF, arg=""),
]


@pytest.fixture(autouse=True)
def _co_referents(teams):
    """A second referent on each side, for the removal route."""
    for side in (teams.mine, teams.other):
        side.co_referent = TeamReferentFactory(
            team=side.team, user__email=f"co-referent-{side.slug}@exemple.fr"
        )


def expected(route: Route, role: str) -> str:
    if role == "anonymous":
        return "sign in"
    if role in route.allowed:
        return "allowed"
    if role in route.forbidden or not route.arg:
        return "403"
    return "404"


def outcome(response) -> str:
    if response.status_code == 302 and response["Location"].startswith(
        resolve_url(settings.LOGIN_URL)
    ):
        return "sign in"
    if response.status_code in (403, 404):
        return str(response.status_code)
    assert response.status_code in (200, 302), response.status_code
    return "allowed"


@pytest.mark.parametrize("role", TEAM_ROLES)
@pytest.mark.parametrize("route", ROUTES, ids=lambda r: f"{r.method.upper()} {r.name}")
def test_each_role_on_its_own_side(world, teams, route, role):
    TeamCharterSignatureFactory(team=teams.mine.team)
    response = getattr(world.client_as(role), route.method)(route.url(teams.mine), dict(route.data))
    assert outcome(response) == expected(route, role)


@pytest.mark.parametrize("role", TEAM_ROLES)
@pytest.mark.parametrize(
    "route", [r for r in ROUTES if r.arg], ids=lambda r: f"{r.method.upper()} {r.name}"
)
def test_each_role_on_the_other_side(world, teams, route, role):
    """The other team, of the other cooperation: a role holds there only as its mirror."""
    response = getattr(world.client_as(role), route.method)(
        route.url(teams.other), dict(route.data)
    )
    assert outcome(response) == expected(route, SWAP.get(role, role))


def test_a_referent_never_reads_another_teams_message_through_their_own_team(world, teams):
    client = world.client_as("team_referent")
    url = reverse("teams:backoffice_message", args=[teams.mine.slug, teams.other.message.pk])
    assert client.get(url).status_code == 404
    close = reverse(
        "teams:backoffice_message_close", args=[teams.mine.slug, teams.other.message.pk]
    )
    assert client.post(close).status_code == 404
    assert VolunteerMessage.objects.get(pk=teams.other.message.pk).closed_at is None


def test_refused_writes_change_nothing(world, teams):
    TeamCharterSignatureFactory(team=teams.other.team)
    for role in ("team_referent", "animator", "staff"):
        client = world.client_as(role)
        client.post(reverse("teams:label_recognise", args=[teams.other.slug]))
        client.post(
            reverse(
                "teams:backoffice_message_close", args=[teams.other.slug, teams.other.message.pk]
            )
        )
    assert not TeamCharterSignature.objects.filter(recognised_at__isnull=False).exists()
    assert not VolunteerMessage.objects.filter(closed_at__isnull=False).exists()
