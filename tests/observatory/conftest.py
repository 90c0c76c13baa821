import pytest

from maillage.teams.enums import TeamStatus
from maillage.territories.enums import COUNTRY_CODE, PartKind
from tests.actions.factories import ActionFactory
from tests.cooperations.factories import CooperationFactory
from tests.teams.factories import CitizenTeamFactory


@pytest.fixture
def network(geography):
    """Teams, actions and a cooperation on the `geography` fixture, whose coverage the tests
    write out by hand."""
    g = geography
    CitizenTeamFactory(
        name="Équipe de l'agglomération briochine",
        meeting_commune=g["saint_brieuc"],
        parts=[(PartKind.EPCI, "200069409")],
        labelled=True,
    )
    CitizenTeamFactory(
        name="Équipe des Côtes-d'Armor",
        meeting_commune=g["saint_brieuc"],
        parts=[(PartKind.DEPARTMENT, "22"), (PartKind.COMMUNE, "22278")],
        labelled=True,
    )
    CitizenTeamFactory(
        name="Équipe du premier arrondissement",
        meeting_commune=g["paris_1"],
        parts=[(PartKind.COMMUNE, "75101")],
        labelled=True,
    )
    # Not counted: without a label, or asleep.
    CitizenTeamFactory(
        name="Équipe sans label",
        meeting_commune=g["brest"],
        parts=[(PartKind.DEPARTMENT, "29")],
    )
    CitizenTeamFactory(
        name="Équipe en sommeil",
        meeting_commune=g["brest"],
        parts=[(PartKind.REGION, "53")],
        status=TeamStatus.DORMANT,
        labelled=True,
    )
    ActionFactory(
        title="Ligne d'écoute nationale",
        commune=g["paris"],
        parts=[(PartKind.COUNTRY, COUNTRY_CODE)],
        kinds=["appels_convivialite"],
    )
    ActionFactory(
        title="Visites dans le Finistère",
        commune=g["brest"],
        parts=[(PartKind.DEPARTMENT, "29")],
        kinds=["visites_domicile", "sorties_activites"],
    )
    ActionFactory(
        title="Ateliers brestois",
        commune=g["brest"],
        parts=[(PartKind.COMMUNE, "29019"), (PartKind.EPCI, "242900314")],
        kinds=["visites_domicile"],
    )
    # Not counted: stale, or ended.
    ActionFactory(title="Action ancienne", commune=g["brest"], stale=True)
    ActionFactory(title="Action terminée", commune=g["brest"], ended=True)
    CooperationFactory(name="MONALISA Côtes-d'Armor", parts=[(PartKind.DEPARTMENT, "22")])
    return g
