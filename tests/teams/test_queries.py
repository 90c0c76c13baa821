"""The teams' pages run a fixed number of queries, whatever the number of teams, their
organisations, kinds, actions, communes, messages or referents."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from maillage.actions.models import Kind
from maillage.territories.enums import PartKind
from tests.actions.factories import ActionFactory
from tests.organisations.factories import OrganisationFactory

from .factories import (
    CitizenTeamFactory,
    TeamCharterSignatureFactory,
    TeamReferentFactory,
    VolunteerMessageFactory,
)

# (who, URL, expected number of queries, including the session and the user when signed in)
PAGES = [
    ("anonymous", lambda w, t: reverse("teams:near") + "?commune=22278"),
    ("anonymous", lambda w, t: reverse("teams:near") + "?commune=22187"),  # nearby teams
    ("anonymous", lambda w, t: reverse("teams:near") + "?q=saint-brieuc"),
    ("anonymous", lambda w, t: t.mine.team.get_absolute_url()),
    ("team_referent", lambda w, t: reverse("teams:backoffice_home", args=[t.mine.slug])),
    ("team_referent", lambda w, t: reverse("teams:backoffice_edit", args=[t.mine.slug])),
    ("team_referent", lambda w, t: reverse("teams:backoffice_messages", args=[t.mine.slug])),
    ("team_referent", lambda w, t: reverse("teams:backoffice_referents", args=[t.mine.slug])),
    ("team_referent", lambda w, t: reverse("teams:backoffice_history", args=[t.mine.slug])),
    ("animator", lambda w, t: reverse("teams:cooperation_teams", args=["monalisa-22"])),
    ("staff", lambda w, t: reverse("teams:backoffice_list")),
]


def grow(world, teams, size: int) -> None:
    geo = world.geography
    team = teams.mine.team
    kinds = list(Kind.objects.all())
    for n in range(size):
        other = CitizenTeamFactory(
            meeting_commune=geo["saint_brieuc"],
            organisations=[OrganisationFactory()],
            cooperations=True,
            labelled=n % 2 == 0,
        )
        other.kinds.set(kinds[: n % 3 + 1])
        TeamReferentFactory(team=other)
        VolunteerMessageFactory(team=other, received_days_ago=20)
        # Teams in the EPCI, not in Plérin: the "nearest" list of Plérin.
        CitizenTeamFactory(meeting_commune=geo["saint_brieuc"], parts=[(PartKind.COMMUNE, "22278")])
        team.organisations.add(OrganisationFactory())
        team.actions.add(ActionFactory())
        VolunteerMessageFactory(team=team)
        TeamReferentFactory(team=team)
        TeamCharterSignatureFactory(team=other, recognised=True) if n % 2 else None
    team.kinds.set(kinds)


def count(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


@pytest.mark.parametrize(
    ("role", "url"), PAGES, ids=[f"{r}-{i}" for i, (r, _u) in enumerate(PAGES)]
)
def test_the_number_of_queries_does_not_grow_with_the_rows(world, teams, role, url):
    client = world.client_as(role)
    client.get(url(world, teams))  # warms the content-type cache, as a running site has
    grow(world, teams, 1)
    few = count(client, url(world, teams))
    grow(world, teams, 4)
    many = count(client, url(world, teams))
    assert many == few
