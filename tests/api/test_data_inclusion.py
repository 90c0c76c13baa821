"""/api/v1/data-inclusion/structures and /services: the records of the open data files, page
by page, each passing the models of `data-inclusion-schema`, throttled, documented."""

import pytest
from data_inclusion.schema import v1
from django.db import connection
from django.test.utils import CaptureQueriesContext

from maillage.api import data_inclusion as endpoints
from maillage.api import throttling
from maillage.territories.enums import PartKind
from tests.actions.factories import ActionFactory
from tests.organisations.factories import OrganisationFactory

SERVICES = "/api/v1/data-inclusion/services"
STRUCTURES = "/api/v1/data-inclusion/structures"
STRICT = {"ignore_warnings": False}


@pytest.fixture
def actions(geography):
    """Five current actions, each with two carriers; one ended, left out."""
    found = [
        ActionFactory(
            organisations=[OrganisationFactory(), OrganisationFactory()],
            parts=[(PartKind.REGION, "53"), (PartKind.EPCI, "200069409")],
            commune=geography["saint_brieuc"],
        )
        for _ in range(5)
    ]
    ActionFactory(ended=True, commune=geography["brest"])
    return found


def page(client, url, **params) -> dict:
    response = client.get(url, params)
    assert response.status_code == 200, response.content
    return response.json()


def test_the_services_come_page_by_page_and_pass_the_schema(client, actions):
    first = page(client, SERVICES, page_size=2)
    last = page(client, SERVICES, page_size=2, page=3)

    assert first["count"] == 5
    assert len(first["items"]) == 2
    assert len(last["items"]) == 1
    every = page(client, SERVICES)["items"]
    services = [v1.Service.model_validate(item, context=STRICT) for item in every]
    assert [service.id for service in services] == [f"maillage--{a.pk}" for a in actions]
    assert services[0].zone_eligibilite == ["200069409", "22", "29"]
    assert services[0].publics == {v1.Public.SENIORS}


def test_the_structures_pass_the_schema(client, actions):
    found = page(client, STRUCTURES)

    assert found["count"] == 10
    structures = [v1.Structure.model_validate(item, context=STRICT) for item in found["items"]]
    carriers = {f"maillage--{o.pk}" for action in actions for o in action.organisations.all()}
    assert {structure.id for structure in structures} == carriers


def test_a_page_size_beyond_the_cap_is_served_not_refused(client, actions):
    response = client.get(SERVICES, {"page_size": endpoints.MAX_PAGE_SIZE + 1})

    assert response.status_code == 200
    assert len(response.json()["items"]) == 5


def test_a_page_past_the_end_is_empty(client, actions):
    assert page(client, SERVICES, page=9)["items"] == []


def test_a_bad_page_number_is_refused(client, actions):
    assert client.get(SERVICES, {"page": 0}).status_code == 422


def count_queries(client, url, rows: int) -> int:
    for _ in range(rows):
        ActionFactory(organisations=[OrganisationFactory(), OrganisationFactory()])
    with CaptureQueriesContext(connection) as queries:
        assert page(client, url)["items"]
    return len(queries)


@pytest.mark.parametrize("url", [SERVICES, STRUCTURES])
def test_the_query_count_does_not_grow_with_the_page(client, geography, url):
    assert count_queries(client, url, 2) == count_queries(client, url, 9)


@pytest.mark.parametrize("url", [SERVICES, STRUCTURES])
def test_the_endpoints_are_throttled_like_the_rest_of_the_api(client, db, monkeypatch, url):
    monkeypatch.setattr(throttling, "API_RATE", "2/m")

    statuses = [client.get(url).status_code for _ in range(3)]
    assert statuses == [200, 200, 429]
    assert client.get(url).json()["detail"].startswith("Trop de requêtes")


def test_the_endpoints_are_in_the_openapi_document(client, db):
    document = client.get("/api/v1/openapi.json").json()

    for url in (SERVICES, STRUCTURES):
        operation = document["paths"][url]["get"]
        assert operation["tags"] == ["data·inclusion"]
        parameters = {parameter["name"] for parameter in operation["parameters"]}
        assert {"page", "page_size"} <= parameters
    schemas = document["components"]["schemas"]
    assert {"zone_eligibilite", "thematiques", "publics", "date_maj"} <= set(
        schemas["ServiceOut"]["properties"]
    )
    assert {"siret", "reseaux_porteurs"} <= set(schemas["StructureOut"]["properties"])
