"""The teams of the `world`: one in Saint-Brieuc (MONALISA 22's territory) and one in Brest
(MONALISA 29's), each with a referent and a message; the referents join `world.people` as the
roles "team_referent" and "other_team_referent"."""

from types import SimpleNamespace

import pytest

from maillage.accounts.services import invitation_create
from maillage.core.models import OutboundMail
from maillage.teams.services import REFERENT_ROLE
from tests.accounts.factories import UserFactory

from .factories import CitizenTeamFactory, TeamReferentFactory, VolunteerMessageFactory

TEAM_ROLES = [
    "anonymous",
    "no_role",
    "referent",
    "animator",
    "other_animator",
    "team_referent",
    "other_team_referent",
    "staff",
]


def furnished_team(name: str, slug: str, commune, referent_email: str) -> SimpleNamespace:
    team = CitizenTeamFactory(name=name, slug=slug, meeting_commune=commune, cooperations=True)
    referent = TeamReferentFactory(
        team=team,
        user=UserFactory(email=referent_email, first_name="Claire", last_name=f"Référente {slug}"),
    )
    message = VolunteerMessageFactory(
        team=team, sender_name=f"Bénévole de {name}", sender_email=f"benevole-{slug}@exemple.fr"
    )
    invitation, _token = invitation_create(
        invited_by=referent.user,
        email=f"invite-{slug}@exemple.fr",
        role=REFERENT_ROLE,
        target=team,
        label=f"être référent de l'équipe citoyenne {name}",
    )
    return SimpleNamespace(
        team=team,
        slug=slug,
        referent=referent.user,
        message=message,
        invitation=invitation,
    )


@pytest.fixture
def teams(world):
    """`teams.mine` acts in Saint-Brieuc (MONALISA 22), `teams.other` in Brest (MONALISA 29)."""
    mine = furnished_team(
        "Les Visiteurs de Saint-Brieuc",
        "visiteurs-saint-brieuc",
        world.geography["saint_brieuc"],
        "claire.referente@exemple.fr",
    )
    other = furnished_team(
        "Brest Solidarité Aînés",
        "brest-solidarite-aines",
        world.geography["brest"],
        "referent.brest@exemple.fr",
    )
    world.people["team_referent"] = mine.referent
    world.people["other_team_referent"] = other.referent
    # The referents' invitations above wrote their mails: a test starts with an empty outbox.
    OutboundMail.objects.all().delete()
    return SimpleNamespace(mine=mine, other=other)


# The browser fixtures, for test_browser.py.
from tests.browser.conftest import browser, new_page  # noqa: E402, F401
