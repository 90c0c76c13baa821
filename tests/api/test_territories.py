"""GET /api/v1/communes: the commune search for autocomplete."""

import pytest

from tests.territories.factories import CommuneFactory

URL = "/api/v1/communes"


def test_finds_a_commune_with_everything_autocomplete_needs(client, geography):
    response = client.get(URL, {"q": "st brieuc"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert response.json() == [
        {
            "code": "22278",
            "name": "Saint-Brieuc",
            "kind": "COM",
            "label": "Saint-Brieuc",
            "department": {"code": "22", "name": "Côtes-d'Armor"},
            "postal_codes": ["22000"],
            "population": 44372,
            "url": "http://testserver/territoires/communes/22278/",
            "current": None,
        }
    ]


def test_former_commune_leads_to_its_current_commune(client, geography):
    (found,) = client.get(URL, {"q": "Morieux"}).json()
    assert found["code"] == "22168"
    assert found["kind"] == "COMD"
    assert found["label"] == "Morieux — commune déléguée de Lamballe-Armor"
    assert found["population"] is None
    assert found["postal_codes"] == ["22400"]
    assert found["url"] == "http://testserver/territoires/communes/22093/"
    assert found["current"] == {
        "code": "22093",
        "name": "Lamballe-Armor",
        "url": "http://testserver/territoires/communes/22093/",
    }


def test_municipal_district_has_its_own_page_and_names_its_city(client, geography):
    found = client.get(URL, {"q": "75001"}).json()
    assert [item["code"] for item in found] == ["75056", "75101"]
    district = found[1]
    assert district["kind"] == "ARM"
    assert district["url"] == "http://testserver/territoires/communes/75101/"
    assert district["current"]["code"] == "75056"


@pytest.mark.parametrize("query", ["2A004", "2a004", "20000", "ajaccio", "AJACCIO"])
def test_corsica(client, geography, query):
    assert [item["code"] for item in client.get(URL, {"q": query}).json()] == ["2A004"]


@pytest.mark.parametrize("params", [{}, {"q": ""}, {"q": "  "}, {"q": "b"}, {"q": "-"}])
def test_empty_or_too_short_query_gives_an_empty_list(client, geography, params):
    response = client.get(URL, params)
    assert response.status_code == 200
    assert response.json() == []


def test_limit_is_kept_between_one_and_fifty(client, geography):
    for number in range(60):
        CommuneFactory(code=f"22{500 + number}", name=f"Saint-Essai {number}")
    assert len(client.get(URL, {"q": "saint"}).json()) == 10
    assert len(client.get(URL, {"q": "saint", "limit": 3}).json()) == 3
    assert len(client.get(URL, {"q": "saint", "limit": 0}).json()) == 1
    assert len(client.get(URL, {"q": "saint", "limit": 1000}).json()) == 50


def test_query_count_does_not_grow(client, geography, django_assert_max_num_queries):
    with django_assert_max_num_queries(3):
        assert client.get(URL, {"q": "saint", "limit": 50}).status_code == 200
    for number in range(40):
        CommuneFactory(code=f"22{500 + number}", name=f"Saint-Essai {number}", postal=["22000"])
    with django_assert_max_num_queries(3):
        assert len(client.get(URL, {"q": "saint", "limit": 50}).json()) == 43


def test_is_described_in_the_openapi_schema(client, db):
    schema = client.get("/api/v1/openapi.json").json()
    operation = schema["paths"]["/api/v1/communes"]["get"]
    assert operation["summary"] == "Chercher une commune"
    assert {parameter["name"] for parameter in operation["parameters"]} == {"q", "limit"}
