"""A commune search that forgives what people type (issue 12, ADR 021): misspelt names, glued or
split words, saints, accents, hyphens, apostrophes, articles, codes labelled as what they are,
former communes leading to their current one; the best match first."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from maillage.territories.models import Commune, GeographyImport
from maillage.territories.search import Match, find_commune, resolve_commune, search_communes
from tests.html import Page
from tests.territories.factories import CommuneFactory, DepartmentFactory

SEARCH_URL = reverse("territories:commune_search")
FOR_COMMUNE_URL = reverse("cooperations:for_commune")


@pytest.fixture
def france(geography):
    """The test geography, and communes whose names are easy to get wrong or to confuse."""
    departments = {
        code: DepartmentFactory(code=code, name=name)
        for code, name in [
            ("02", "Aisne"),
            ("13", "Bouches-du-Rhône"),
            ("14", "Calvados"),
            ("17", "Charente-Maritime"),
            ("26", "Drôme"),
            ("2B", "Haute-Corse"),
            ("34", "Hérault"),
            ("35", "Ille-et-Vilaine"),
            ("42", "Loire"),
            ("44", "Loire-Atlantique"),
            ("50", "Manche"),
            ("59", "Nord"),
            ("69", "Rhône"),
            ("72", "Sarthe"),
            ("76", "Seine-Maritime"),
            ("82", "Tarn-et-Garonne"),
            ("83", "Var"),
            ("85", "Vendée"),
        ]
    }
    communes = {}
    for code, name, population, postal in [
        ("13055", "Marseille", 873076, ["13001"]),
        ("34150", "Marseillan", 8213, ["34340"]),
        ("34172", "Montpellier", 302454, ["34000"]),
        ("26197", "Montélier", 4101, ["26120"]),
        ("69123", "Lyon", 522250, ["69001"]),
        ("14365", "Lion-sur-Mer", 2585, ["14780"]),
        ("02408", "Laon", 24292, ["02000"]),
        ("72181", "Le Mans", 145004, ["72000"]),
        ("72180", "Mansigné", 1706, ["72510"]),
        ("17300", "La Rochelle", 77205, ["17000"]),
        ("85194", "Les Sables-d'Olonne", 48740, ["85100"]),
        ("2B134", "L'Île-Rousse", 3112, ["20220"]),
        ("13001", "Aix-en-Provence", 147122, ["13090"]),
        ("59009", "Villeneuve-d'Ascq", 62727, ["59650"]),
        ("59350", "Lille", 236710, ["59000"]),
        ("35288", "Saint-Malo", 46803, ["35400"]),
        ("44184", "Saint-Nazaire", 72299, ["44600"]),
        ("42218", "Saint-Étienne", 173089, ["42000"]),
        ("83115", "Sainte-Maxime", 14191, ["83120"]),
        ("76351", "Le Havre", 166058, ["76600"]),
        ("26362", "Valence", 64726, ["26000"]),
        ("82186", "Valence", 5261, ["82400"]),
        ("50129", "Cherbourg-en-Cotentin", 78549, ["50100"]),
    ]:
        communes[code] = CommuneFactory(
            code=code,
            name=name,
            department=departments[code[:2]],
            population=population,
            postal=postal,
        )
    cherbourg = communes["50129"]
    CommuneFactory(
        code="50129",
        name="Cherbourg-Octeville",
        delegated_of=cherbourg,
        department=cherbourg.department,
    )
    CommuneFactory(
        code="50602", name="Tourlaville", delegated_of=cherbourg, department=cherbourg.department
    )
    # Plérin's postal code, 22190, is Pleslin-Trigavou's INSEE code.
    communes["22190"] = CommuneFactory(
        code="22190",
        name="Pleslin-Trigavou",
        department=geography["armor"],
        population=3541,
        postal=["22490"],
    )
    communes["75115"] = CommuneFactory(
        code="75115",
        name="Paris 15e Arrondissement",
        district_of=geography["paris"],
        department=geography["paris_dep"],
        population=233392,
        postal=["75015"],
    )
    return communes


def first_place(query: str) -> str:
    results = search_communes(query)
    assert results, f"nothing found for {query!r}"
    return results[0].place.code


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        # A letter wrong.
        ("Marseilke", "13055"),
        ("Saint-Briauc", "22278"),
        ("Plerim", "22187"),
        ("Ajaccia", "2A004"),
        ("Lamballe-Armot", "22093"),
        # A letter missing.
        ("Marseile", "13055"),
        ("Monpellier", "34172"),
        ("Plrin", "22187"),
        ("Ajacio", "2A004"),
        ("Sain-Malo", "35288"),
        ("Villeneuve d'Asq", "59009"),
        # A letter too many.
        ("Parris", "75056"),
        ("Lyonn", "69123"),
        ("Brestt", "29019"),
        ("Lillle", "59350"),
        # Two letters swapped.
        ("Marsielle", "13055"),
        ("Pelrin", "22187"),
        ("Saint-Breiuc", "22278"),
        ("Lilel", "59350"),
        ("Berst", "29019"),
        # Two mistakes.
        ("Marsaile", "13055"),
        ("Sain Etiene", "42218"),
        ("Vileneuve dasq", "59009"),
        ("Aix an Provance", "13001"),
        # Words glued together.
        ("saintbrieuc", "22278"),
        ("aixenprovence", "13001"),
        ("lessablesdolonne", "85194"),
        ("larochelle", "17300"),
        ("lamballearmor", "22093"),
        # Words split.
        ("Lam balle", "22093"),
        ("Mont pellier", "34172"),
        ("Saint Na zaire", "44184"),
        # Saints written short, glued or as the other saint.
        ("st malo", "35288"),
        ("St-Etienne", "42218"),
        ("ste maxime", "83115"),
        ("stmalo", "35288"),
        ("stnazaire", "44184"),
        ("saint maxime", "83115"),
        ("st brieuk", "22278"),
        # Accents, hyphens and apostrophes left out.
        ("Villeneuve d Ascq", "59009"),
        ("villeneuve-dascq", "59009"),
        ("L Ile Rousse", "2B134"),
        ("SAINT-ÉTIENNE", "42218"),
        ("plerin", "22187"),
        # Articles left out or wrong.
        ("Mans", "72181"),
        ("Havre", "76351"),
        ("Rochelle", "17300"),
        ("le Rochelle", "17300"),
        ("la Havre", "76351"),
        ("Sables d'Olonne", "85194"),
        ("Ile Rousse", "2B134"),
        ("les sable dolonne", "85194"),
        # Codes.
        ("22000", "22278"),
        ("22 190", "22187"),
        ("22278", "22278"),
        ("2a004", "2A004"),
        # Former communes, even misspelt.
        ("Morieux", "22093"),
        ("Cherbourg-Octeville", "50129"),
        ("Cherbourg Octevile", "50129"),
        ("Tourlavile", "50129"),
        # A department or a postal code beside the name.
        ("saint denis 974", "97411"),
        ("sain denis 93", "93066"),
        ("Valence 82", "82186"),
        ("Valence (26)", "26362"),
        ("Plerin 22190", "22187"),
        ("22190 Plerin", "22187"),
        ("Paris 15", "75115"),
        # A whole name one letter away before the names it starts, by population.
        ("lion", "69123"),
    ],
)
def test_misspelt_query_finds_the_commune_first(france, query, expected):
    assert first_place(query) == expected


def codes(query: str) -> list[str]:
    return [result.place.code for result in search_communes(query)]


def test_a_name_typed_right_gets_no_close_spellings(france):
    # Laon is one letter away from Lyon and from Lion: neither is offered to who typed Laon.
    assert codes("Laon") == ["02408"]
    assert codes("lyon") == ["69123"]


def test_names_started_and_names_one_letter_away_are_ranked_by_population(france):
    assert codes("lion") == ["69123", "02408", "14365"]
    results = search_communes("lion")
    assert [result.match for result in results] == [Match.CLOSE_NAME, Match.CLOSE_NAME, Match.NAME]


def test_close_spellings_come_after_what_was_typed(france):
    # "marseill" starts Marseille and Marseillan; nothing else is needed.
    assert codes("marseill") == ["13055", "34150"]
    # Close spellings by distance: Montpellier lacks one letter, Montélier is two away.
    assert codes("Monpellier")[:2] == ["34172", "26197"]


def test_a_name_without_its_article_ranks_with_the_names_it_starts(france):
    le_saint = CommuneFactory(code="56213", name="Le Saint", population=611)
    found = codes("saint")
    assert found[0] == "42218"  # Saint-Étienne, the most populated saint
    assert le_saint.code in found
    # "sainte" starts "saintetienne" once spaces are ignored: Sainte-Maxime comes first,
    # though Saint-Étienne is twelve times more populated.
    found = codes("sainte")
    assert found[0] == "83115"
    assert "42218" in found


def test_short_queries_are_not_corrected(france):
    # Under four letters, a query is the start of a name, never a misspelling.
    assert codes("lyo") == ["69123"]
    assert codes("lio") == ["14365"]


def test_the_middle_of_a_word_is_still_nothing(france):
    assert search_communes("ieuc") == []
    assert search_communes("xyzzy") == []


def test_each_code_is_labelled_as_what_it_is(client, france):
    page = Page(client.get(SEARCH_URL, {"q": "22190"}))
    assert page.hrefs(".results > li > a") == [
        "/territoires/communes/22187/",
        "/territoires/communes/22190/",
    ]
    assert page.texts(".results > li") == [
        "Plérin, Côtes-d'Armor (22) code postal 22190 14\xa0606 habitants",
        "Pleslin-Trigavou, Côtes-d'Armor (22) code INSEE 22190 code postal 22490 "
        "3\xa0541 habitants",
    ]


def test_a_former_commune_says_which_commune_it_is_today(client, france):
    page = Page(client.get(SEARCH_URL, {"q": "tourlavile"}))
    assert page.hrefs(".results > li > a") == ["/territoires/communes/50129/"]
    assert page.texts(".results > li .detail > span") == [
        "ancienne commune, aujourd'hui Cherbourg-en-Cotentin",
        "code postal 50100",
    ]


def test_a_misspelt_name_is_found_on_the_page_and_in_the_api(client, france):
    page = Page(client.get(SEARCH_URL, {"q": "Marsielle"}))
    assert page.hrefs(".results > li > a")[0] == "/territoires/communes/13055/"
    found = client.get("/api/v1/communes", {"q": "Marsielle"}).json()
    assert found[0]["code"] == "13055"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("stbrieuc", "22278"),
        ("Rochelle", "17300"),
        ("les sables dolonne", "85194"),
        ("Saint-Etienne", "42218"),
        ("Lamballe Armor", "22093"),
    ],
)
def test_a_name_written_another_way_is_taken_by_a_form(france, text, expected):
    assert resolve_commune(text).code == expected


def test_a_misspelt_name_is_never_taken_without_asking(france):
    match = find_commune("Plerim")
    assert match.commune is None
    assert match.results[0].place.code == "22187"
    with pytest.raises(ValidationError) as refused:
        resolve_commune("Plerim")
    assert refused.value.code == "commune_misspelt"
    assert refused.value.messages[0].startswith(
        "Aucune commune ne s'appelle « Plerim ». Vouliez-vous dire « Plérin (22187) », "
        "Côtes-d'Armor"
    )
    assert refused.value.messages[0].endswith(" ? Recopiez la bonne proposition.")


def test_a_postal_code_that_is_another_communes_insee_code_is_asked_about(france):
    match = find_commune("22190")
    assert match.commune is None
    assert [r.place.code for r in match.results] == ["22187", "22190"]
    assert [r.match for r in match.results] == [Match.POSTAL_CODE, Match.INSEE_CODE]
    assert resolve_commune("Pleslin-Trigavou (22190)").code == "22190"


def test_the_commune_of_a_cooperation_page_suggests_close_spellings(client, france):
    page = Page(client.get(FOR_COMMUNE_URL, {"q": "Plerim"}))
    heading = page.heading("Aucune commune ne s'appelle « Plerim »")
    choices = heading.find_next_sibling("ul")
    assert choices.select("a")[0]["href"] == f"{FOR_COMMUNE_URL}?commune=22187"
    assert choices.select("a")[0].get_text(" ", strip=True) == "Plérin, Côtes-d'Armor (22)"


def test_the_index_follows_an_import_made_by_another_process(france):
    assert codes("Plerim") == ["22187"]
    # Another process (the import) renames a commune: no signal reaches this one...
    Commune.objects.filter(code="22187").update(name="Plérin-sur-Mer", search_name="plerin sur mer")
    assert codes("plerin sur mer") == []
    # ...but the import's record does, through the database.
    GeographyImport.objects.bulk_create([GeographyImport(source_version="6.0.1", fingerprint="x")])
    assert codes("plerin sur mer") == ["22187"]


def test_a_commune_saved_here_is_found_at_once(france):
    CommuneFactory(code="22215", name="Ploufragan", department=france["22190"].department)
    assert codes("Ploufragn") == ["22215"]


def test_one_query_per_search_three_when_the_index_is_rebuilt(france):
    search_communes("x")
    with CaptureQueriesContext(connection) as warm:
        search_communes("Marsielle")
    CommuneFactory(code="22215", name="Ploufragan", department=france["22190"].department)
    with CaptureQueriesContext(connection) as rebuilt_here:
        search_communes("Marsielle")
    GeographyImport.objects.bulk_create([GeographyImport(source_version="6.0.1", fingerprint="x")])
    with CaptureQueriesContext(connection) as rebuilt_after_an_import:
        search_communes("Marsielle")
    with CaptureQueriesContext(connection) as nothing_found:
        search_communes("Zzyzx")
    assert len(warm) == 1
    assert len(rebuilt_here) == 3
    assert len(rebuilt_after_an_import) == 3
    assert len(nothing_found) == 1
