"""The teams of a cooperation, as its public page will show them through `{% load teams %}`."""

from django.template import Context, Template

from tests.html import Page

from .factories import CitizenTeamFactory

TAG = Template("{% load teams %}{% cooperation_teams cooperation %}")


def test_a_cooperation_lists_its_teams_labelled_ones_marked(world, teams):
    CitizenTeamFactory(
        name="Amitiés Plérin",
        meeting_commune=world.geography["plerin"],
        cooperations=True,
        labelled=True,
    )
    CitizenTeamFactory(
        name="Équipe fermée",
        meeting_commune=world.geography["plerin"],
        cooperations=True,
        status="closed",
    )
    page = Page(TAG.render(Context({"cooperation": world.cooperation})))
    assert page.texts("p")[0] == "2 équipes citoyennes agissent avec la coopération :"
    assert page.texts(".team-results h3") == ["Amitiés Plérin", "Les Visiteurs de Saint-Brieuc"]
    assert page.texts(".team-results .team-label")[0].startswith("Équipe labellisée")


def test_a_cooperation_without_team_says_so(world):
    page = Page(TAG.render(Context({"cooperation": world.other_cooperation})))
    assert page.texts("p")[0] == (
        "Aucune équipe citoyenne n'est encore connue dans le territoire de la coopération."
    )


COMMUNE_TAG = Template("{% load teams %}{% commune_teams commune %}")


def test_a_commune_page_lists_the_teams_acting_there(world, teams):
    page = Page(COMMUNE_TAG.render(Context({"commune": world.geography["saint_brieuc"]})))
    assert page.texts(".team-results h3") == ["Les Visiteurs de Saint-Brieuc"]
    plerin = Page(COMMUNE_TAG.render(Context({"commune": world.geography["plerin"]})))
    assert plerin.link("Voir les équipes les plus proches")["href"] == (
        "/equipes/pres-de-chez-moi/?commune=22187"
    )
