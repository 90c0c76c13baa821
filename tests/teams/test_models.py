"""The teams' model: where a team acts, its label, and its page."""

import pytest
from django.utils import timezone

from maillage.teams.models import CitizenTeam
from maillage.territories.enums import PartKind
from tests.html import Page
from tests.organisations.factories import OrganisationFactory
from tests.teams.factories import CitizenTeamFactory

pytestmark = pytest.mark.django_db


def test_a_team_acts_in_the_communes_of_its_perimeter(geography):
    in_the_epci = CitizenTeamFactory(
        meeting_commune=geography["saint_brieuc"], parts=[(PartKind.EPCI, geography["sbaa"].code)]
    )
    in_lamballe = CitizenTeamFactory(meeting_commune=geography["lamballe"])

    assert set(CitizenTeam.objects.acting_in(geography["plerin"])) == {in_the_epci}
    assert set(CitizenTeam.objects.acting_in(geography["lamballe"])) == {in_lamballe}


def test_the_label_holds_until_it_is_withdrawn(geography):
    team = CitizenTeamFactory(meeting_commune=geography["plerin"], labelled=True)
    CitizenTeamFactory(meeting_commune=geography["plerin"])
    assert list(CitizenTeam.objects.labelled()) == [team]

    team.charter_signatures.update(withdrawn_at=timezone.now(), withdrawal_reason="Dons acceptés")
    assert not CitizenTeam.objects.labelled().exists()


def test_an_independent_team_says_so_as_plainly_as_an_affiliated_one(client, geography):
    independent = CitizenTeamFactory(
        name="Les Voisins de Plérin", meeting_commune=geography["plerin"]
    )
    affiliated = CitizenTeamFactory(
        name="Équipe de Lamballe",
        meeting_commune=geography["lamballe"],
        organisations=[OrganisationFactory(name="Petits Frères des Pauvres 22")],
        labelled=True,
    )

    independent_page = Page(client.get(independent.get_absolute_url()))
    affiliated_page = Page(client.get(affiliated.get_absolute_url()))

    assert independent_page.definitions()["Appartenance"] == "Équipe indépendante"
    assert affiliated_page.definitions()["Appartenance"] == "Petits Frères des Pauvres 22"
    assert affiliated_page.text(".team-label").startswith(
        "Équipe labellisée : signataire de la charte de l'équipe citoyenne"
    )
    assert not independent_page.has(".team-label")


def test_an_action_page_names_the_team_that_carries_it(client, geography):
    from tests.actions.factories import ActionFactory

    action = ActionFactory(
        title="Visites du jeudi à Plérin",
        commune=geography["plerin"],
        organisations=[OrganisationFactory(name="CCAS de Plérin")],
    )
    team = CitizenTeamFactory(name="Les Voisineurs de Plérin", meeting_commune=geography["plerin"])
    team.actions.add(action)
    closed = CitizenTeamFactory(name="Équipe fermée", meeting_commune=geography["plerin"])
    closed.status = "closed"
    closed.save()
    closed.actions.add(action)

    page = Page(client.get(action.get_absolute_url()))

    assert page.definitions()["Proposée par"] == (
        "CCAS de Plérin, Les Voisineurs de Plérin (équipe citoyenne)"
    )
    assert page.link("Les Voisineurs de Plérin")["href"] == team.get_absolute_url()
