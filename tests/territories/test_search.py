"""Commune, department and EPCI search: what people type, what they find, in what order."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from maillage.territories.search import (
    of_name,
    search_communes,
    search_departments,
    search_epcis,
)
from tests.territories.factories import CommuneFactory


def codes(results) -> list[str]:
    return [result.commune.code for result in results]


def names(results) -> list[str]:
    return [result.commune.name for result in results]


@pytest.mark.parametrize(
    "query",
    [
        "Saint-Brieuc",
        "saint-brieuc",
        "SAINT BRIEUC",
        "st brieuc",
        "St-Brieuc",
        "ST. BRIEUC",
        "  saint   brieuc  ",
        "Saint Brieuc",
    ],
)
def test_name_ignores_case_accents_hyphens_and_saint_abbreviation(geography, query):
    assert names(search_communes(query)) == ["Saint-Brieuc"]


@pytest.mark.parametrize("query", ["plerin", "PLÉRIN", "Plérin", "plérin", "PLERIN"])
def test_name_ignores_accents(geography, query):
    assert codes(search_communes(query)) == ["22187"]


def test_prefix_of_the_name_finds_the_commune(geography):
    CommuneFactory(code="22215", name="Ploufragan", department=geography["armor"], population=11507)
    assert names(search_communes("plouf")) == ["Ploufragan"]
    assert names(search_communes("Ploufr")) == ["Ploufragan"]


def test_a_word_inside_the_name_finds_the_commune(geography):
    assert names(search_communes("brieuc")) == ["Saint-Brieuc"]
    assert names(search_communes("armor")) == ["Lamballe-Armor"]


def test_the_middle_of_a_word_finds_nothing(geography):
    assert search_communes("rieuc") == []


def test_prefix_matches_come_before_words_inside_names(geography):
    brie = CommuneFactory(code="35039", name="Brie", department=geography["armor"], population=900)
    assert names(search_communes("brie")) == ["Brie", "Saint-Brieuc"]
    # A prefix match that fills the page spares the scan for words inside names.
    with CaptureQueriesContext(connection) as captured:
        assert search_communes("brie", limit=1)[0].commune == brie
    assert not any("LIKE" in query["sql"].upper() for query in captured.captured_queries)


def test_exact_match_first_then_population_descending(geography):
    CommuneFactory(code="77053", name="Brie-Comte-Robert", population=19000)
    CommuneFactory(code="35039", name="Brie", population=900)
    assert names(search_communes("brie")) == ["Brie", "Brie-Comte-Robert", "Saint-Brieuc"]
    assert codes(search_communes("saint denis")) == ["97411", "93066"]


def test_communes_without_population_come_last(geography):
    # A delegated Saint-Denis (no population of its own), attached to another commune.
    host = CommuneFactory(code="49069", name="Chemillé-en-Anjou", population=21000)
    CommuneFactory(code="49283", name="Saint-Denis", delegated_of=host)
    CommuneFactory(code="45274", name="Saint-Denis-en-Val", population=7766)
    results = search_communes("saint denis")
    assert codes(results) == ["97411", "93066", "49283", "45274"]
    assert results[2].label == "Saint-Denis — commune déléguée de Chemillé-en-Anjou"
    assert results[2].url == "/territoires/communes/49069/"


def test_delegated_commune_leads_to_its_current_commune(geography):
    results = search_communes("lamballe")
    # Lamballe (delegated) and Lamballe-Armor (its current commune) are one place: one result.
    assert len(results) == 1
    assert results[0].label == "Lamballe — commune déléguée de Lamballe-Armor"
    assert results[0].url == "/territoires/communes/22093/"
    assert results[0].place == geography["lamballe"]
    assert results[0].is_former
    # A former commune has no postal code of its own: those of its current commune are shown.
    assert results[0].postal_codes == ("22400",)


def test_delegated_commune_with_its_own_code(geography):
    (result,) = search_communes("morieux")
    assert result.label == "Morieux — commune déléguée de Lamballe-Armor"
    assert result.url == "/territoires/communes/22093/"
    (result,) = search_communes("22168")
    assert result.commune.name == "Morieux"
    assert result.place == geography["lamballe"]


def test_results_leading_to_the_same_commune_are_deduplicated(geography):
    CommuneFactory(code="22272", name="Saint-Aaron", delegated_of=geography["lamballe"])
    CommuneFactory(code="22317", name="Saint-Rieul", delegated_of=geography["lamballe"])
    results = search_communes("saint")
    assert names(results) == ["Saint-Denis", "Saint-Denis", "Saint-Brieuc", "Saint-Aaron"]
    assert [result.place for result in results].count(geography["lamballe"]) == 1
    # The shared code 22093 is both Lamballe-Armor and its delegated Lamballe.
    assert names(search_communes("22093")) == ["Lamballe-Armor"]


def test_municipal_district_is_a_place_of_its_own(geography):
    results = search_communes("paris")
    assert names(results) == ["Paris", "Paris 1er Arrondissement"]
    district = results[1]
    assert district.label == "Paris 1er Arrondissement — arrondissement municipal de Paris"
    assert district.url == "/territoires/communes/75101/"
    assert not district.is_former
    assert names(search_communes("paris 1er")) == ["Paris 1er Arrondissement"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("22000", ["22278"]),
        ("22 000", ["22278"]),
        ("93210", ["93066"]),
        ("97400", ["97411"]),
        ("75001", ["75056", "75101"]),
        ("292", ["29019"]),
    ],
)
def test_postal_code(geography, query, expected):
    assert codes(search_communes(query)) == expected


@pytest.mark.parametrize(
    ("query", "expected"),
    [("22278", "22278"), ("2A004", "2A004"), ("2a004", "2A004"), ("97411", "97411")],
)
def test_insee_code(geography, query, expected):
    assert codes(search_communes(query)) == [expected]


def test_shared_code_shows_the_current_commune(geography):
    (result,) = search_communes("22093")
    assert result.commune == geography["lamballe"]
    assert result.label == "Lamballe-Armor"


def test_former_code_finds_the_commune_that_absorbed_it(geography):
    saint_denis = geography["saint_denis"]
    saint_denis.former_codes = "75059 75066"
    saint_denis.save()
    (result,) = search_communes("75059")
    assert result.commune == saint_denis
    assert result.former_code == "75059"
    assert search_communes("93066")[0].former_code == ""


def test_former_code_comes_after_the_same_postal_code(geography):
    # 75001 was Alfortville's INSEE code before 1968; today it is Paris 1er's postal code.
    CommuneFactory(
        code="94002",
        name="Alfortville",
        former_codes="75001",
        population=44000,
        postal=["94140"],
    )
    assert codes(search_communes("75001")) == ["75056", "75101", "94002"]


@pytest.mark.parametrize("query", ["", "   ", "--", "'", None])
def test_empty_query_finds_nothing_without_asking_the_database(
    geography, query, django_assert_num_queries
):
    with django_assert_num_queries(0):
        assert search_communes(query) == []


@pytest.mark.parametrize("query", ["xyzzy", "zz", "00000", "2B999", "p", "9"])
def test_nonsense_finds_nothing(geography, query):
    assert search_communes(query) == []


def test_one_letter_finds_only_a_commune_of_that_name(geography):
    CommuneFactory(code="80829", name="Y", population=87)
    assert names(search_communes("y")) == ["Y"]
    assert names(search_communes("Y")) == ["Y"]
    assert search_communes("b") == []


def test_limit(geography):
    for number in range(12):
        CommuneFactory(code=f"22{300 + number}", name=f"Saint-Test {number}")
    assert len(search_communes("saint")) == 10
    assert len(search_communes("saint", limit=3)) == 3
    # And the fixture's Saint-Brieuc and two Saint-Denis.
    assert len(search_communes("saint", limit=50)) == 12 + 3


def test_very_long_query_is_cut(geography):
    assert names(search_communes("saint brieuc" + " " * 200 + "x")) == ["Saint-Brieuc"]


@pytest.mark.parametrize("query", ["saint", "22", "2A004", "brieuc", "75001"])
def test_query_count_does_not_grow_with_the_data(geography, query):
    with CaptureQueriesContext(connection) as few:
        search_communes(query)
    for number in range(60):
        CommuneFactory(
            code=f"22{500 + number}",
            name=f"Saint-Brieuc-Test {number}",
            postal=["22000"],
            population=number,
        )
    with CaptureQueriesContext(connection) as many:
        search_communes(query)
    assert len(few) <= 3
    assert len(many) <= 3


def test_names_are_read_from_the_index_and_rows_by_primary_key(geography):
    """The index is built once; then a search reads the rows it found by primary key, with the
    latest geography import to tell whether the index is still up to date: one query, whatever
    the size of the table."""
    search_communes("saint", limit=1)
    with CaptureQueriesContext(connection) as captured:
        search_communes("saint", limit=1)
    (rows,) = (query["sql"] for query in captured.captured_queries)
    assert "territories_geographyimport" in rows
    assert "territories_commune" in rows
    assert "LIKE" not in rows.upper()
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN QUERY PLAN " + rows)
            plan = " ".join(str(row[-1]) for row in cursor.fetchall())
        assert "USING INTEGER PRIMARY KEY" in plan, plan


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Paris", "de Paris"),
        ("Annecy", "d'Annecy"),
        ("Évian-les-Bains", "d'Évian-les-Bains"),
        ("Le Mans", "du Mans"),
        ("Les Sables-d'Olonne", "des Sables-d'Olonne"),
        ("La Flèche", "de La Flèche"),
        ("Lamballe-Armor", "de Lamballe-Armor"),
    ],
)
def test_of_name(name, expected):
    assert of_name(name) == expected


def test_search_departments(geography):
    assert [d.code for d in search_departments("22")] == ["22"]
    assert [d.code for d in search_departments("2a")] == ["2A"]
    assert [d.code for d in search_departments("armor")] == ["22"]
    assert [d.code for d in search_departments("COTES D'ARMOR")] == ["22"]
    assert [d.code for d in search_departments("finistere")] == ["29"]
    assert [d.code for d in search_departments("st denis")] == ["93"]
    # Names starting with the query first.
    assert [d.code for d in search_departments("se")] == ["93", "2A"]
    assert search_departments("") == []
    assert search_departments("zzz") == []


def test_search_epcis(geography):
    assert [e.code for e in search_epcis("200069409")] == ["200069409"]
    assert [e.name for e in search_epcis("st brieuc")] == ["Saint-Brieuc Armor Agglomération"]
    assert [e.name for e in search_epcis("metropole")] == [
        "Métropole du Grand Paris",
        "Brest Métropole",
    ]
    assert len(search_epcis("a", limit=2)) == 2
    assert search_epcis(" ") == []


@pytest.mark.django_db
def test_search_keys_compare_bytewise_on_postgresql():
    """The prefix range relies on byte order; a linguistic collation would break it."""

    if connection.vendor != "postgresql":
        pytest.skip("SQLite compares bytes already")
    with connection.cursor() as cursor:
        cursor.execute(
            "select table_name, column_name, collation_name from information_schema.columns "
            "where table_name in ('territories_commune', 'territories_postalcode') "
            "and column_name in ('search_name', 'code')"
        )
        rows = {(table, column): collation for table, column, collation in cursor.fetchall()}
    assert rows[("territories_commune", "search_name")] == "C"
    assert rows[("territories_postalcode", "code")] == "C"
