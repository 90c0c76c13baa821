"""The diagnosis pages, read from the stored coverage: public, ranked, French figures."""

import pytest
from django.urls import reverse

from maillage.cooperations.models import Cooperation
from maillage.observatory.coverage import refresh_coverage
from tests.html import Page
from tests.territories.factories import CommuneFactory

from .files import alone

pytestmark = pytest.mark.django_db


@pytest.fixture
def figures(network):
    g = network
    alone(g["saint_brieuc"], 1400)
    alone(g["plerin"], 15)
    alone(g["lamballe"], 600)
    alone(g["brest"], 3500)
    alone(g["saint_denis"], 300)
    refresh_coverage()
    return g


def test_a_department_page_ranks_its_communes_white_zones_first(client, figures):
    page = Page(client.get(reverse("observatory:department", args=["22"])))
    assert page.h1 == "Diagnostic du département : Côtes-d'Armor (22)"
    rows = page.section("Les communes").table()
    assert [row[0] for row in rows] == [
        "Saint-Brieuc (22278)",
        "Lamballe-Armor (22093)",
        "Plérin (22187)",
    ]
    assert rows[0][1:3] == ["2", "1\xa0400"]


def test_white_zones_come_first_and_link_to_starting_a_team(client, figures):
    page = Page(client.get(reverse("observatory:department", args=["29"])))
    rows = page.section("Les communes").table()
    assert rows == [
        [
            "Brest (29019) zone blanche",
            "aucune",
            "3\xa0500",
            # In the order of the kinds, not of their codes.
            "Visites à domicile : 2 Appels téléphoniques de convivialité : 1 "
            "Sorties et activités collectives : 1",
            "Créer une équipe à Brest",
        ]
    ]
    start = page.link("Créer une équipe à Brest")["href"]
    assert start.endswith("?commune=29019")
    assert page.heading("Qu'appelle-t-on ici une « zone blanche » ?")
    assert "au moins 20 personnes de 80 ans ou plus" in page.text("main")


def test_the_filters_keep_the_communes_asked_for(client, figures):
    paris = CommuneFactory(
        code="75999", name="Commune sans équipe", department=figures["paris_dep"]
    )
    alone(paris, 500)
    CommuneFactory(code="75998", name="Commune sans chiffres", department=figures["paris_dep"])
    refresh_coverage()
    url = reverse("observatory:department", args=["75"])
    white = Page(client.get(url, {"couverture": "zones-blanches"}))
    assert [row[0] for row in white.section("Les communes").table()] == [
        "Commune sans équipe (75999) zone blanche"
    ]
    uncovered = Page(client.get(url, {"couverture": "non-couvertes"}))
    assert [row[0] for row in uncovered.section("Les communes").table()] == [
        "Commune sans équipe (75999) zone blanche",
        "Commune sans chiffres (75998)",
    ]
    assert uncovered.value("Communes") == "non-couvertes"
    covered = Page(client.get(url, {"couverture": "couvertes"}))
    assert [row[0] for row in covered.section("Les communes").table()] == ["Paris (75056)"]

    url = reverse("observatory:department", args=["22"])
    page = Page(client.get(url, {"couverture": "non-couvertes"}))
    assert not page.has("main table")
    assert "Aucune commune ne correspond au filtre." in page.text("main")
    wrong = Page(client.get(url, {"couverture": "n-importe-quoi"}))
    assert wrong.errors()


def test_a_cooperation_page_lists_its_territory(client, figures):
    cooperation = Cooperation.objects.get()
    page = Page(client.get(reverse("observatory:cooperation", args=[cooperation.slug])))
    assert page.h1 == "Diagnostic du territoire de MONALISA Côtes-d'Armor"
    assert [row[0] for row in page.table()] == [
        "Saint-Brieuc (22278)",
        "Lamballe-Armor (22093)",
        "Plérin (22187)",
    ]


def test_the_national_page_ranks_the_white_zones_and_their_epcis(client, figures):
    page = Page(client.get(reverse("observatory:white_zones")))
    assert page.headings(2)[0] == "2 zones blanches"
    rows = page.section("2 zones blanches").table()
    assert [row[:3] for row in rows] == [
        ["Brest (29019)", "Finistère (29)", "3\xa0500"],
        ["Saint-Denis (93066)", "Seine-Saint-Denis (93)", "300"],
    ]
    epcis = page.section("Par intercommunalité").table()
    assert epcis == [["Brest Métropole", "1", "3\xa0500"], ["Métropole du Grand Paris", "1", "300"]]
    assert "Source : INSEE, recensement de la population 2021" in page.text("main")
    assert not page.has("#chiffres-fictifs")


def test_fictional_figures_are_said_on_every_page(client, network):
    alone(network["brest"], 3500, fictional=True)
    refresh_coverage()
    cooperation = Cooperation.objects.get()
    for url in (
        reverse("observatory:white_zones"),
        reverse("observatory:department", args=["29"]),
        reverse("observatory:cooperation", args=[cooperation.slug]),
    ):
        page = Page(client.get(url))
        assert page.text("#chiffres-fictifs").startswith("Chiffres fictifs :"), url


def test_an_unknown_department_or_cooperation_is_not_found(client, figures):
    assert client.get(reverse("observatory:department", args=["00"])).status_code == 404
    assert client.get(reverse("observatory:cooperation", args=["inconnue"])).status_code == 404


def test_the_pages_take_a_fixed_number_of_queries(client, figures, django_assert_max_num_queries):
    url = reverse("observatory:department", args=["22"])
    client.get(url)
    with django_assert_max_num_queries(12) as few:
        client.get(url)
    for index in range(30):
        commune = CommuneFactory(code=f"22{index + 500}", department=figures["armor"])
        alone(commune, 40 + index)
    refresh_coverage()
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = Page(client.get(url))
    assert len(page.section("Les communes").table()) == 33
