"""Public geography pages through the test client: search, departments, communes, 404."""

import re
from html import unescape

import pytest
from django.urls import reverse

from ..factories import CommuneFactory, DepartmentFactory, EpciFactory

SEARCH_URL = "/territoires/communes/recherche/"


def html(response) -> str:
    return response.content.decode()


def main_of(response) -> str:
    page = html(response)
    return page[page.index("<main") : page.index("</main>")]


def result_links(response) -> list[str]:
    page = html(response)
    if '<ul class="results">' not in page:
        return []
    results = page[page.index('<ul class="results">') :]
    results = results[: results.index("</ul>")]
    return re.findall(r'<li>\s*<a href="(/territoires/communes/[^"]+/)"', results)


def assert_one_h1(response):
    assert html(response).count("<h1") == 1


def assert_breadcrumb(response, *items: str):
    page = html(response)
    nav = page[page.index('<nav class="breadcrumb" aria-label="Fil d\'Ariane">') :]
    nav = nav[: nav.index("</nav>")]
    items_html = re.findall(r"<li>(.*?)</li>", nav, re.S)
    labels = [unescape(re.sub(r"<[^>]+>", "", item)).strip() for item in items_html]
    assert labels == list(items)


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
    page = html(response)
    assert 'id="commune-q"' in page and 'name="q"' in page
    assert '<label for="commune-q">' in page
    assert "Saisissez" not in page
    assert "Aucune commune" not in page
    assert_one_h1(response)
    assert_breadcrumb(response, "Accueil", "Chercher une commune")


def test_search_finds_saint_brieuc_written_any_way(client, geography):
    for query in ["st brieuc", "Saint-Brieuc", "SAINT BRIEUC"]:
        response = client.get(SEARCH_URL, {"q": query})
        assert result_links(response) == ["/territoires/communes/22278/"]
        assert "1 commune trouvée." in html(response)


def test_search_results_show_department_postal_codes_and_population(client, geography):
    response = client.get(SEARCH_URL, {"q": "saint denis"})
    page = html(response)
    assert result_links(response) == [
        "/territoires/communes/97411/",
        "/territoires/communes/93066/",
    ]
    assert "2 communes trouvées." in page
    assert "La Réunion (974)" in page
    assert "Seine-Saint-Denis (93)" in page
    assert "codes postaux 93200, 93210" in page
    assert "153\xa0810 habitants" in page
    # The query stays in the field and in the title.
    assert 'value="saint denis"' in page
    assert "<title>Résultats pour « saint denis »" in page


def test_search_former_commune_links_to_its_current_commune(client, geography):
    response = client.get(SEARCH_URL, {"q": "lamballe"})
    assert result_links(response) == ["/territoires/communes/22093/"]
    assert "Lamballe — commune déléguée de Lamballe-Armor" in html(response)


def test_search_municipal_district_links_to_its_own_page(client, geography):
    response = client.get(SEARCH_URL, {"q": "75001"})
    assert result_links(response) == [
        "/territoires/communes/75056/",
        "/territoires/communes/75101/",
    ]
    assert "Paris 1er Arrondissement — arrondissement municipal de Paris" in html(response)


def test_search_without_result_says_so_in_french(client, geography):
    response = client.get(SEARCH_URL, {"q": "xyz"})
    assert response.status_code == 200
    assert result_links(response) == []
    assert (
        "Aucune commune ne correspond à « xyz ». Vérifiez l'orthographe ou essayez le code postal."
        in html(response)
    )


def test_search_with_empty_query_asks_for_one(client, geography):
    for query in ["", "   ", "--"]:
        response = client.get(SEARCH_URL, {"q": query})
        assert "Saisissez le nom d'une commune, un code postal ou un code INSEE." in html(response)
        assert result_links(response) == []


def test_search_with_one_letter_asks_for_more(client, geography):
    response = client.get(SEARCH_URL, {"q": "b"})
    assert "Saisissez au moins deux lettres ou deux chiffres." in html(response)
    assert "Aucune commune" not in html(response)


def test_search_escapes_the_query(client, geography):
    response = client.get(SEARCH_URL, {"q": '<script>alert("x")</script>'})
    assert "<script>alert" not in html(response)
    assert "&lt;script&gt;alert" in html(response)


def test_search_says_when_there_are_more_results_than_shown(client, geography):
    many_communes(geography["armor"], 25, prefix="Saint-Essai")
    response = client.get(SEARCH_URL, {"q": "saint essai"})
    assert len(result_links(response)) == 20
    assert "Plus de 20 communes trouvées : voici les 20 premières." in html(response)


def test_search_page_enhances_the_field_with_htmx(client, geography):
    page = html(client.get(SEARCH_URL))
    field = page[page.index('<input type="search"') :]
    field = field[: field.index(">")]
    assert 'hx-get="/territoires/communes/recherche/"' in field
    assert 'hx-trigger="input changed delay:300ms, search"' in field
    assert 'hx-target="#commune-results"' in field
    assert '<div id="commune-results">' in page
    assert re.search(
        r'<p id="commune-search-status"[^>]*role="status"[^>]*aria-live="polite"', page
    )
    # CSP: no inline script nor style attribute.
    assert "<script>" not in page and "style=" not in page and "onclick" not in page


def test_home_page_form_is_a_plain_form(client, geography):
    page = html(client.get("/"))
    assert 'id="commune-q"' in page
    assert 'action="/territoires/communes/recherche/"' in page
    assert "hx-get" not in page


def test_htmx_request_gets_the_results_and_the_status_alone(client, geography):
    response = client.get(SEARCH_URL, {"q": "saint"}, headers={"HX-Request": "true"})
    page = html(response)
    assert "<html" not in page and "<h1" not in page
    assert result_links(response) == [
        "/territoires/communes/97411/",
        "/territoires/communes/93066/",
        "/territoires/communes/22278/",
    ]
    assert re.search(
        r'<span id="commune-search-status" hx-swap-oob="innerHTML">\s*3 communes trouvées\.', page
    )
    assert "HX-Request" in response["Vary"]


def test_htmx_request_with_cleared_field_empties_the_results_quietly(client, geography):
    response = client.get(SEARCH_URL, {"q": ""}, headers={"HX-Request": "true"})
    page = html(response)
    assert result_links(response) == []
    assert "Saisissez" not in page
    assert 'hx-swap-oob="innerHTML"' in page


def test_htmx_history_restore_gets_the_whole_page(client, geography):
    response = client.get(
        SEARCH_URL,
        {"q": "brest"},
        headers={"HX-Request": "true", "HX-History-Restore-Request": "true"},
    )
    assert "<html" in html(response)
    assert_one_h1(response)


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
    page = main_of(response)
    assert_one_h1(response)
    assert_breadcrumb(response, "Accueil", "Départements")
    headings = re.findall(r"<h2[^>]*>(.*?)</h2>", page)
    # Alphabetical, accents aside: Île-de-France between Corse and La Réunion.
    assert headings == ["Bretagne", "Corse", "Île-de-France", "La Réunion"]
    bretagne = page[page.index(">Bretagne</h2>") : page.index(">Corse</h2>")]
    assert 'href="/territoires/departements/22/">Côtes-d&#x27;Armor (22)</a>' in bretagne
    assert 'href="/territoires/departements/29/">Finistère (29)</a>' in bretagne
    assert "Paris" not in bretagne


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
    page = main_of(response)
    assert_one_h1(response)
    assert "<h1>Côtes-d&#x27;Armor</h1>" in page
    assert_breadcrumb(response, "Accueil", "Départements", "Côtes-d'Armor (22)")
    assert "<dd>22</dd>" in page
    assert "<dd>Bretagne</dd>" in page
    # Population and count of the current communes: delegated ones are not counted twice.
    assert "79\xa0171 habitants" in page  # 44372 + 14606 + 17193 + 3000
    assert re.search(r"<dt>Communes</dt>\s*<dd>4</dd>", page)
    # EPCIs with their number of communes in this department.
    epcis = re.findall(
        r'<th scope="row">\s*([^<]+?) <span class="detail">([^<]+)</span>\s*</th>\s*'
        r'<td class="num">(\d+)</td>',
        page,
    )
    assert epcis == [
        ("Lamballe Terre et Mer", "communauté d&#x27;agglomération", "1"),
        ("Saint-Brieuc Armor Agglomération", "communauté d&#x27;agglomération", "3"),
    ]
    # Communes in French alphabetical order: Étables before Lamballe; no delegated commune.
    communes = re.findall(r'<a href="/territoires/communes/(\w+)/">([^<]+)</a>', page)
    assert communes == [
        ("22055", "Étables-sur-Mer"),
        ("22093", "Lamballe-Armor"),
        ("22187", "Plérin"),
        ("22278", "Saint-Brieuc"),
    ]
    assert "Morieux" not in page
    assert "<caption>" in page
    assert '<th scope="col">Commune</th>' in page


def test_department_page_is_paged_by_hundred(client, geography):
    many_communes(geography["finistere"], 150)
    first = main_of(client.get("/territoires/departements/29/"))
    rows = re.findall(r'<a href="/territoires/communes/(\w+)/">', first)
    assert len(rows) == 100
    assert rows[0] == "29019"  # Brest
    assert "page 1 sur 2" in first
    assert 'href="?page=2#communes"' in first
    second = main_of(client.get("/territoires/departements/29/", {"page": 2}))
    rows = re.findall(r'<a href="/territoires/communes/(\w+)/">', second)
    assert len(rows) == 51
    assert rows[-1] == "29849"
    assert '<a href="?page=2#communes" aria-current="page">' in second
    assert "Page précédente" in second and "Page suivante" not in second


def test_department_page_query_count_does_not_grow(client, geography, django_assert_num_queries):
    other_epci = EpciFactory(name="Pays de Test")
    many_communes(geography["finistere"], 5)
    with django_assert_num_queries(5):
        client.get("/territoires/departements/29/")
    many_communes(geography["finistere"], 50)
    for commune in geography["finistere"].communes.all()[:20]:
        commune.epci = other_epci
        commune.save()
    with django_assert_num_queries(5):
        client.get("/territoires/departements/29/")


def test_department_code_is_case_insensitive(client, geography):
    response = client.get("/territoires/departements/2a/")
    assert response.status_code == 200
    assert "<h1>Corse-du-Sud</h1>" in html(response)


@pytest.mark.parametrize("code", ["99", "2C", "abc", "0"])
def test_unknown_department_is_a_french_404(client, geography, code):
    response = client.get(f"/territoires/departements/{code}/")
    assert response.status_code == 404
    assert "<h1>Page introuvable</h1>" in html(response)
    assert '<html lang="fr">' in html(response)
    assert_one_h1(response)


# Communes ----------------------------------------------------------------------------------


def test_commune_page(client, geography):
    response = client.get("/territoires/communes/22278/")
    assert response.status_code == 200
    page = main_of(response)
    assert_one_h1(response)
    assert "<h1>Saint-Brieuc</h1>" in page
    assert_breadcrumb(response, "Accueil", "Départements", "Côtes-d'Armor (22)", "Saint-Brieuc")
    assert "<dd>22278</dd>" in page
    assert '<a href="/territoires/departements/22/">Côtes-d&#x27;Armor (22)</a>' in page
    assert "<dd>Bretagne</dd>" in page
    assert "Saint-Brieuc Armor Agglomération (communauté d&#x27;agglomération)" in page
    assert "44\xa0372 habitants" in page
    assert re.search(r"Code postal\s*</dt>\s*<dd>22000</dd>", page)
    assert "Anciennes communes" not in page
    assert "Arrondissements" not in page


def test_commune_page_lists_its_former_communes(client, geography):
    response = client.get("/territoires/communes/22093/")
    page = main_of(response)
    assert "<h1>Lamballe-Armor</h1>" in page
    assert '<h2 id="titre-anciennes">Anciennes communes rattachées</h2>' in page
    assert "Lamballe : commune déléguée, code INSEE 22093" in page
    assert "Morieux : commune déléguée, code INSEE 22168" in page


def test_city_page_lists_its_municipal_districts(client, geography):
    page = main_of(client.get("/territoires/communes/75056/"))
    assert '<h2 id="titre-arrondissements">Arrondissements municipaux</h2>' in page
    assert '<a href="/territoires/communes/75101/">Paris 1er Arrondissement</a>' in page
    assert re.search(r"Codes postaux\s*</dt>\s*<dd>75001, 75015</dd>", page)
    assert "Anciennes communes" not in page


def test_municipal_district_page_names_its_city(client, geography):
    response = client.get("/territoires/communes/75101/")
    assert response.status_code == 200
    page = main_of(response)
    assert "<h1>Paris 1er Arrondissement</h1>" in page
    assert 'Arrondissement municipal de <a href="/territoires/communes/75056/">Paris</a>' in page
    assert_breadcrumb(
        response, "Accueil", "Départements", "Paris (75)", "Paris", "Paris 1er Arrondissement"
    )


def test_code_of_a_delegated_commune_only_redirects_to_its_current_commune(client, geography):
    response = client.get("/territoires/communes/22168/")
    assert response.status_code == 301
    assert response["Location"] == "/territoires/communes/22093/"


def test_code_shared_by_current_and_delegated_commune_shows_the_current_one(client, geography):
    response = client.get("/territoires/communes/22093/")
    assert response.status_code == 200
    assert "<h1>Lamballe-Armor</h1>" in html(response)


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
    page = html(response)
    assert "<h1>Page introuvable</h1>" in page
    assert 'id="commune-q"' in page


def test_commune_page_query_count_does_not_grow(client, geography, django_assert_num_queries):
    paris = geography["paris"]
    with django_assert_num_queries(3):
        client.get("/territoires/communes/75056/")
    for number in range(2, 21):
        CommuneFactory(
            code=f"751{number:02d}",
            name=f"Paris {number}e Arrondissement",
            district_of=paris,
            department=geography["paris_dep"],
            postal=[f"750{number:02d}"],
        )
    with django_assert_num_queries(3):
        response = client.get("/territoires/communes/75056/")
    assert html(response).count('href="/territoires/communes/751') == 20


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
