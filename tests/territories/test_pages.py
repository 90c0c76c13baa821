"""Public geography pages through the test client: search, departments, communes, 404."""

import pytest
from django.urls import reverse

from tests.html import Page, text_of
from tests.territories.factories import CommuneFactory, DepartmentFactory, EpciFactory

SEARCH_URL = "/territoires/communes/recherche/"


def result_links(page: Page) -> list[str]:
    return page.hrefs(".results > li > a")


def status(page: Page) -> str:
    """The live status line of the search (number of results, or what to type)."""
    return page.text("#commune-search-status")


def assert_one_h1(page: Page):
    assert len(page.select("h1")) == 1


def assert_breadcrumb(page: Page, *items: str):
    assert page.texts(".breadcrumb li") == list(items)


def many_communes(department, number: int, prefix: str = "Commune"):
    for index in range(number):
        CommuneFactory(
            code=f"{department.code}{700 + index:03d}",
            name=f"{prefix} {index:03d}",
            department=department,
            population=100 + index,
            postal=[f"{department.code}999"],
        )


# Search page -------------------------------------------------------------------------------


def test_search_page_without_query_shows_the_form_and_no_message(client, geography):
    response = client.get(SEARCH_URL)
    assert response.status_code == 200
    page = Page(response)
    field = page.field("Commune, code postal ou code INSEE")
    assert field["name"] == "q"
    assert "Par exemple : Saint-Brieuc, st brieuc ou 22000" in page.described_by(
        "Commune, code postal ou code INSEE"
    )
    assert status(page) == ""
    assert result_links(page) == []
    assert_one_h1(page)
    assert_breadcrumb(page, "Accueil", "Chercher une commune")


def test_search_finds_saint_brieuc_written_any_way(client, geography):
    for query in ["st brieuc", "Saint-Brieuc", "SAINT BRIEUC"]:
        page = Page(client.get(SEARCH_URL, {"q": query}))
        assert result_links(page) == ["/territoires/communes/22278/"]
        assert status(page) == "1 commune trouvée."


def test_search_results_show_department_postal_codes_and_population(client, geography):
    page = Page(client.get(SEARCH_URL, {"q": "saint denis"}))
    assert result_links(page) == [
        "/territoires/communes/97411/",
        "/territoires/communes/93066/",
    ]
    assert status(page) == "2 communes trouvées."
    assert page.texts(".results > li") == [
        "Saint-Denis, La Réunion (974) code postal 97400 153\xa0810 habitants",
        "Saint-Denis, Seine-Saint-Denis (93) codes postaux 93200, 93210 113\xa0942 habitants",
    ]
    # The query stays in the field and in the title.
    assert page.one("#commune-q")["value"] == "saint denis"
    assert page.title.startswith("Résultats pour « saint denis »")


def test_search_former_commune_links_to_its_current_commune(client, geography):
    page = Page(client.get(SEARCH_URL, {"q": "lamballe"}))
    assert result_links(page) == ["/territoires/communes/22093/"]
    assert page.texts(".results .place-name") == ["Lamballe — commune déléguée de Lamballe-Armor"]


def test_search_municipal_district_links_to_its_own_page(client, geography):
    page = Page(client.get(SEARCH_URL, {"q": "75001"}))
    assert result_links(page) == [
        "/territoires/communes/75056/",
        "/territoires/communes/75101/",
    ]
    assert page.texts(".results .place-name") == [
        "Paris",
        "Paris 1er Arrondissement — arrondissement municipal de Paris",
    ]


def test_search_without_result_says_so_in_french(client, geography):
    response = client.get(SEARCH_URL, {"q": "xyz"})
    assert response.status_code == 200
    page = Page(response)
    assert result_links(page) == []
    assert status(page) == (
        "Aucune commune ne correspond à « xyz ». Vérifiez l'orthographe ou essayez le code postal."
    )


def test_search_with_empty_query_asks_for_one(client, geography):
    for query in ["", "   ", "--"]:
        page = Page(client.get(SEARCH_URL, {"q": query}))
        assert status(page) == "Saisissez le nom d'une commune, un code postal ou un code INSEE."
        assert result_links(page) == []


def test_search_with_one_letter_asks_for_more(client, geography):
    page = Page(client.get(SEARCH_URL, {"q": "b"}))
    assert status(page) == "Saisissez au moins deux lettres ou deux chiffres."


def test_search_escapes_the_query(client, geography):
    query = '<script>alert("x")</script>'
    page = Page(client.get(SEARCH_URL, {"q": query}))
    # Shown as text where it is echoed, never parsed as an element.
    assert status(page).startswith(f"Aucune commune ne correspond à « {query} ».")
    assert page.one("#commune-q")["value"] == query
    assert not [script for script in page.select("script") if "alert" in script.get_text()]


def test_search_says_when_there_are_more_results_than_shown(client, geography):
    many_communes(geography["armor"], 25, prefix="Saint-Essai")
    page = Page(client.get(SEARCH_URL, {"q": "saint essai"}))
    assert len(result_links(page)) == 20
    assert status(page) == (
        "Plus de 20 communes trouvées : voici les 20 premières. "
        "Précisez votre recherche pour voir les autres."
    )


def test_search_page_enhances_the_field_with_htmx(client, geography):
    page = Page(client.get(SEARCH_URL))
    field = page.one("input#commune-q")
    assert field["type"] == "search"
    assert field["hx-get"] == "/territoires/communes/recherche/"
    assert field["hx-trigger"] == "input changed delay:300ms, search"
    assert field["hx-target"] == "#commune-results"
    assert page.one("#commune-results").name == "div"
    live = page.one("#commune-search-status")
    assert (live.name, live["role"], live["aria-live"]) == ("p", "status", "polite")
    # CSP: no inline script nor style attribute.
    assert [script for script in page.select("script") if not script.get("src")] == []
    assert not page.has("[style]") and not page.has("[onclick]")


def test_home_page_form_is_a_plain_form(client, geography):
    page = Page(client.get("/"))
    assert page.one("#commune-q").find_parent("form")["action"] == SEARCH_URL
    assert not page.has("[hx-get]")


def test_htmx_request_gets_the_results_and_the_status_alone(client, geography):
    response = client.get(SEARCH_URL, {"q": "saint"}, headers={"HX-Request": "true"})
    page = Page(response)
    assert not page.has("html") and not page.has("h1")
    assert result_links(page) == [
        "/territoires/communes/97411/",
        "/territoires/communes/93066/",
        "/territoires/communes/22278/",
    ]
    live = page.one("#commune-search-status")
    assert (live.name, live["hx-swap-oob"]) == ("span", "innerHTML")
    assert status(page) == "3 communes trouvées."
    assert "HX-Request" in response["Vary"]


def test_htmx_request_with_cleared_field_empties_the_results_quietly(client, geography):
    response = client.get(SEARCH_URL, {"q": ""}, headers={"HX-Request": "true"})
    page = Page(response)
    assert result_links(page) == []
    assert page.one("#commune-search-status")["hx-swap-oob"] == "innerHTML"
    assert status(page) == ""


def test_htmx_history_restore_gets_the_whole_page(client, geography):
    response = client.get(
        SEARCH_URL,
        {"q": "brest"},
        headers={"HX-Request": "true", "HX-History-Restore-Request": "true"},
    )
    page = Page(response)
    assert page.has("html")
    assert_one_h1(page)


@pytest.mark.parametrize("query", ["saint", "22", "brieuc", "2A004", "xyz"])
def test_search_page_query_count_does_not_grow(
    client, geography, django_assert_max_num_queries, query
):
    many_communes(geography["armor"], 5, prefix="Saint-Petit")
    with django_assert_max_num_queries(3):
        client.get(SEARCH_URL, {"q": query})
    many_communes(geography["finistere"], 50, prefix="Saint-Grand")
    with django_assert_max_num_queries(3):
        client.get(SEARCH_URL, {"q": query})


# Departments -------------------------------------------------------------------------------


def test_department_list_groups_departments_by_region(client, geography, django_assert_num_queries):
    with django_assert_num_queries(1):
        response = client.get("/territoires/")
    page = Page(response)
    assert_one_h1(page)
    assert_breadcrumb(page, "Accueil", "Départements")
    # Alphabetical, accents aside: Île-de-France between Corse and La Réunion.
    assert page.headings(2) == ["Bretagne", "Corse", "Île-de-France", "La Réunion"]
    bretagne = page.heading("Bretagne").find_parent("section")
    assert [(a.get_text(), a["href"]) for a in bretagne.select("li a")] == [
        ("Côtes-d'Armor (22)", "/territoires/departements/22/"),
        ("Finistère (29)", "/territoires/departements/29/"),
    ]


def test_department_list_query_count_does_not_grow(client, geography, django_assert_num_queries):
    for number in range(30):
        DepartmentFactory(code=f"{number + 40}", name=f"Département {number}")
    with django_assert_num_queries(1):
        client.get("/territoires/")


def test_department_page(client, geography):
    CommuneFactory(
        code="22055",
        name="Étables-sur-Mer",
        department=geography["armor"],
        population=3000,
        epci=geography["sbaa"],
    )
    response = client.get("/territoires/departements/22/")
    assert response.status_code == 200
    page = Page(response)
    assert_one_h1(page)
    assert page.h1 == "Côtes-d'Armor"
    assert_breadcrumb(page, "Accueil", "Départements", "Côtes-d'Armor (22)")
    # Population and count of the current communes: delegated ones are not counted twice.
    assert page.definitions() == {
        "Code INSEE": "22",
        "Région": "Bretagne",
        "Population municipale": "79\xa0171 habitants",  # 44372 + 14606 + 17193 + 3000
        "Communes": "4",
    }
    # EPCIs with their number of communes in this department.
    epcis = page.heading("Intercommunalités").find_parent("section")
    assert Page(str(epcis)).table() == [
        ["Lamballe Terre et Mer communauté d'agglomération", "1"],
        ["Saint-Brieuc Armor Agglomération communauté d'agglomération", "3"],
    ]
    # Communes in French alphabetical order: Étables before Lamballe; no delegated commune
    # (Morieux); a captioned table with column headers.
    communes = page.one("#communes").find_parent("section")
    assert Page(str(communes)).table() == [
        ["Étables-sur-Mer", "22055", "3\xa0000"],
        ["Lamballe-Armor", "22093", "17\xa0193"],
        ["Plérin", "22187", "14\xa0606"],
        ["Saint-Brieuc", "22278", "44\xa0372"],
    ]
    assert communes.select_one("tbody a")["href"] == "/territoires/communes/22055/"
    assert communes.find("caption") is not None
    assert [text_of(th) for th in communes.select("thead th[scope=col]")] == [
        "Commune",
        "Code INSEE",
        "Population municipale",
    ]


def test_department_page_is_paged_by_hundred(client, geography):
    many_communes(geography["finistere"], 150)
    first = Page(client.get("/territoires/departements/29/"))
    rows = [row[1] for row in first.table("#communes ~ div table")]
    assert len(rows) == 100
    assert rows[0] == "29019"  # Brest
    assert first.text("#communes ~ div caption").endswith(", page 1 sur 2")
    assert first.link("Page suivante")["href"] == "?page=2#communes"
    assert first.link("Page 2")["href"] == "?page=2#communes"
    second = Page(client.get("/territoires/departements/29/", {"page": 2}))
    rows = [row[1] for row in second.table("#communes ~ div table")]
    assert len(rows) == 51
    assert rows[-1] == "29849"
    assert second.link("Page 2")["aria-current"] == "page"
    assert second.link("Page précédente")["href"] == "?page=1#communes"
    assert second.links("Page suivante") == []


def test_department_page_query_count_does_not_grow(client, geography, django_assert_num_queries):
    other_epci = EpciFactory(name="Pays de Test")
    many_communes(geography["finistere"], 5)
    # 5 for the department, 3 for the cooperations present in it (the map's reading), 2 for
    # its actions (the first few and their number), 1 for its upcoming events.
    with django_assert_num_queries(11):
        client.get("/territoires/departements/29/")
    many_communes(geography["finistere"], 50)
    for commune in geography["finistere"].communes.all()[:20]:
        commune.epci = other_epci
        commune.save()
    with django_assert_num_queries(11):
        client.get("/territoires/departements/29/")


def test_department_code_is_case_insensitive(client, geography):
    response = client.get("/territoires/departements/2a/")
    assert response.status_code == 200
    assert Page(response).h1 == "Corse-du-Sud"


@pytest.mark.parametrize("code", ["99", "2C", "abc", "0"])
def test_unknown_department_is_a_french_404(client, geography, code):
    response = client.get(f"/territoires/departements/{code}/")
    assert response.status_code == 404
    page = Page(response)
    assert page.h1 == "Page introuvable"
    assert page.one("html")["lang"] == "fr"


# Communes ----------------------------------------------------------------------------------


def test_commune_page(client, geography):
    response = client.get("/territoires/communes/22278/")
    assert response.status_code == 200
    page = Page(response)
    assert_one_h1(page)
    assert page.h1 == "Saint-Brieuc"
    assert_breadcrumb(page, "Accueil", "Départements", "Côtes-d'Armor (22)", "Saint-Brieuc")
    assert page.definitions() == {
        "Code INSEE": "22278",
        "Département": "Côtes-d'Armor (22)",
        "Région": "Bretagne",
        "Intercommunalité": "Saint-Brieuc Armor Agglomération (communauté d'agglomération)",
        "Population municipale": "44\xa0372 habitants",
        "Code postal": "22000",
    }
    department_links = [a["href"] for a in page.select("main dl a")]
    assert department_links == ["/territoires/departements/22/"]
    assert page.headings(2) == [
        "Coopération territoriale",
        "Actions contre l'isolement",
        "Équipes citoyennes",
    ]


def test_commune_page_lists_its_former_communes(client, geography):
    page = Page(client.get("/territoires/communes/22093/"))
    assert page.h1 == "Lamballe-Armor"
    former = page.heading("Anciennes communes rattachées").find_parent("section")
    assert Page(str(former)).texts("li") == [
        "Lamballe : commune déléguée, code INSEE 22093",
        "Morieux : commune déléguée, code INSEE 22168",
    ]


def test_city_page_lists_its_municipal_districts(client, geography):
    page = Page(client.get("/territoires/communes/75056/"))
    assert page.headings(2) == [
        "Coopération territoriale",
        "Actions contre l'isolement",
        "Équipes citoyennes",
        "Arrondissements municipaux",
    ]
    assert page.link("Paris 1er Arrondissement")["href"] == "/territoires/communes/75101/"
    assert page.definitions()["Codes postaux"] == "75001, 75015"


def test_municipal_district_page_names_its_city(client, geography):
    response = client.get("/territoires/communes/75101/")
    assert response.status_code == 200
    page = Page(response)
    assert page.h1 == "Paris 1er Arrondissement"
    assert page.text("main .lead") == "Arrondissement municipal de Paris."
    assert page.one("main .lead a")["href"] == "/territoires/communes/75056/"
    assert_breadcrumb(
        page, "Accueil", "Départements", "Paris (75)", "Paris", "Paris 1er Arrondissement"
    )


def test_code_of_a_delegated_commune_only_redirects_to_its_current_commune(client, geography):
    response = client.get("/territoires/communes/22168/")
    assert response.status_code == 301
    assert response["Location"] == "/territoires/communes/22093/"


def test_code_shared_by_current_and_delegated_commune_shows_the_current_one(client, geography):
    response = client.get("/territoires/communes/22093/")
    assert response.status_code == 200
    assert Page(response).h1 == "Lamballe-Armor"


def test_former_code_redirects_to_the_commune_that_kept_it(client, geography):
    geography["saint_denis"].former_codes = "75059 75066"
    geography["saint_denis"].save()
    response = client.get("/territoires/communes/75059/")
    assert response.status_code == 301
    assert response["Location"] == "/territoires/communes/93066/"


def test_lowercase_corsican_code_redirects_to_the_official_one(client, geography):
    response = client.get("/territoires/communes/2a004/")
    assert response.status_code == 301
    assert response["Location"] == "/territoires/communes/2A004/"
    assert client.get("/territoires/communes/2A004/").status_code == 200


@pytest.mark.parametrize("code", ["99999", "2C004", "abc", "220000", "recherch"])
def test_unknown_commune_is_a_french_404(client, geography, code):
    response = client.get(f"/territoires/communes/{code}/")
    assert response.status_code == 404
    page = Page(response)
    assert page.h1 == "Page introuvable"
    assert page.one("#commune-q").find_parent("form")["action"] == SEARCH_URL


def test_commune_page_query_count_does_not_grow(client, geography, django_assert_num_queries):
    paris = geography["paris"]
    # 3 for the commune, 1 for the cooperations covering it, 2 for the actions reaching it,
    # 1 for the teams acting there, 1 for its upcoming events.
    with django_assert_num_queries(8):
        client.get("/territoires/communes/75056/")
    for number in range(2, 21):
        CommuneFactory(
            code=f"751{number:02d}",
            name=f"Paris {number}e Arrondissement",
            district_of=paris,
            department=geography["paris_dep"],
            postal=[f"750{number:02d}"],
        )
    with django_assert_num_queries(8):
        response = client.get("/territoires/communes/75056/")
    districts = Page(response).heading("Arrondissements municipaux").find_parent("section")
    assert len(districts.select("tbody tr")) == 20


@pytest.mark.parametrize(
    "path", ["/territoires/", "/territoires/departements/22/", "/territoires/communes/22278/"]
)
def test_pages_answer_head_requests_and_refuse_posts(client, geography, path):
    assert client.head(path).status_code == 200
    assert client.post(path).status_code == 405


def test_urls_are_named(geography):
    assert reverse("territories:department_list") == "/territoires/"
    assert reverse("territories:commune_search") == SEARCH_URL
    assert geography["saint_brieuc"].get_absolute_url() == "/territoires/communes/22278/"
    assert geography["armor"].get_absolute_url() == "/territoires/departements/22/"
