"""Perimeters: contain a commune, list its communes, total population, reverse look-up."""

import pytest
from django.core.exceptions import ValidationError

from maillage.territories.enums import PartKind
from maillage.territories.models import Commune, Perimeter, PerimeterPart
from maillage.territories.services import perimeter_create, perimeter_set_parts
from tests.territories.factories import CommuneFactory


@pytest.fixture
def perimeters(geography):
    g = geography
    return {
        "armor": perimeter_create(parts=[(PartKind.DEPARTMENT, "22")], label="Côtes-d'Armor"),
        "sbaa": perimeter_create(parts=[(PartKind.EPCI, g["sbaa"].code)], label="Agglo"),
        "brest": perimeter_create(parts=[(PartKind.COMMUNE, "29019")], label="Brest"),
        "bretagne": perimeter_create(parts=[(PartKind.REGION, "53")], label="Bretagne"),
        "france": perimeter_create(parts=[(PartKind.COUNTRY, "")], label="France"),
        "paris_1": perimeter_create(parts=[(PartKind.COMMUNE, "75101")], label="Paris 1er"),
        "mixed": perimeter_create(
            parts=[(PartKind.DEPARTMENT, "22"), (PartKind.COMMUNE, "22278"), ("commune", "29019")],
            label="Mixte",
        ),
    }


def test_contains_follows_every_level(geography, perimeters):
    g, p = geography, perimeters
    assert p["armor"].contains(g["saint_brieuc"])
    assert p["sbaa"].contains(g["plerin"])
    assert not p["sbaa"].contains(g["lamballe"])
    assert p["bretagne"].contains(g["brest"])
    assert p["brest"].contains(g["brest"])
    assert not p["brest"].contains(g["saint_brieuc"])
    assert p["france"].contains(g["ajaccio"])
    assert not p["armor"].contains(g["paris"])


def test_a_delegated_commune_counts_as_its_current_commune(geography, perimeters):
    morieux = Commune.objects.get(code="22168")
    assert perimeters["armor"].contains(morieux)
    assert not perimeters["brest"].contains(morieux)


def test_a_district_is_inside_its_city_but_not_the_reverse(geography):
    paris = perimeter_create(parts=[(PartKind.COMMUNE, "75056")])
    first = perimeter_create(parts=[(PartKind.COMMUNE, "75101")])
    assert paris.contains(geography["paris_1"])
    assert first.contains(geography["paris_1"])
    assert not first.contains(geography["paris"])


def test_covering_lists_exactly_the_perimeters_that_contain_the_commune(geography, perimeters):
    p = perimeters
    covering = set(Perimeter.objects.covering(geography["saint_brieuc"]))
    assert covering == {p["armor"], p["sbaa"], p["bretagne"], p["france"], p["mixed"]}
    covering_paris_1 = set(Perimeter.objects.covering(geography["paris_1"]))
    assert covering_paris_1 == {p["france"], p["paris_1"]}


def test_covering_is_one_query(geography, perimeters, django_assert_num_queries):
    with django_assert_num_queries(1):
        ids = list(Perimeter.objects.covering(geography["brest"]).values_list("pk", flat=True))
    assert set(ids) == {
        perimeters["brest"].pk,
        perimeters["bretagne"].pk,
        perimeters["france"].pk,
        perimeters["mixed"].pk,
    }


def test_communes_and_population(geography, perimeters):
    p = perimeters
    armor = set(p["armor"].communes().values_list("code", flat=True))
    assert armor == {"22278", "22187", "22093"}
    assert p["armor"].population() == 44372 + 14606 + 17193
    # Overlapping parts count each commune once.
    assert p["mixed"].population() == 44372 + 14606 + 17193 + 139926
    assert p["mixed"].communes().count() == 4
    assert p["sbaa"].population() == 44372 + 14606
    assert p["paris_1"].population() == 15917
    france = p["france"].communes()
    assert france.count() == Commune.objects.current().count()


def test_population_counts_a_district_once_when_its_city_is_named_too(geography):
    both = perimeter_create(parts=[(PartKind.COMMUNE, "75056"), (PartKind.COMMUNE, "75101")])
    assert both.population() == 2113705


def test_communes_are_paged_in_a_fixed_number_of_queries(geography, django_assert_num_queries):
    from django.core.paginator import Paginator

    for n in range(30):
        CommuneFactory(code=f"22{500 + n}", name=f"Bourg {n}", department=geography["armor"])
    perimeter = perimeter_create(parts=[(PartKind.DEPARTMENT, "22")])
    perimeter = Perimeter.objects.prefetch_related("parts").get(pk=perimeter.pk)
    with django_assert_num_queries(2):
        page = Paginator(perimeter.communes().order_by("name", "code"), 10).page(2)
        names = [commune.name for commune in page]
    assert len(names) == 10
    assert page.paginator.count == 33


def test_unknown_codes_are_refused_with_a_clear_message(geography):
    with pytest.raises(ValidationError) as error:
        perimeter_create(parts=[(PartKind.DEPARTMENT, "99"), (PartKind.COMMUNE, "00000")])
    messages = error.value.messages
    assert "Code de département inconnu : « 99 »." in messages
    assert "Code INSEE de commune inconnu : « 00000 »." in messages
    assert not Perimeter.objects.exists()


def test_a_delegated_code_is_refused_with_its_current_commune(geography):
    with pytest.raises(ValidationError) as error:
        perimeter_create(parts=[(PartKind.COMMUNE, "22168")])
    assert "Morieux fait partie de Lamballe-Armor, code 22093" in error.value.messages[0]


def test_unknown_kind_and_empty_perimeter_are_refused(geography):
    with pytest.raises(ValidationError, match="Nature de territoire inconnue"):
        perimeter_create(parts=[("canton", "2201")])
    with pytest.raises(ValidationError, match="au moins un territoire"):
        perimeter_create(parts=[])


def test_set_parts_is_all_or_nothing(geography, perimeters):
    perimeter = perimeters["brest"]
    with pytest.raises(ValidationError):
        perimeter_set_parts(perimeter=perimeter, parts=[("department", "22"), ("epci", "123")])
    assert perimeter.part_pairs() == [("commune", "29019")]
    perimeter_set_parts(perimeter=perimeter, parts=[("department", "2a"), ("department", "22")])
    assert sorted(perimeter.part_pairs()) == [("department", "22"), ("department", "2A")]
    assert PerimeterPart.objects.filter(perimeter=perimeter).count() == 2
