"""GET /api/v1/actions and /api/v1/actions/{slug}: the public search with the same filters as
/actions/, page by page, and one action."""

import pytest

from maillage.actions.enums import KindCode
from maillage.api import throttling
from maillage.territories.enums import PartKind
from tests.actions.factories import ActionFactory

URL = "/api/v1/actions"

pytestmark = pytest.mark.django_db


def titles(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [row["title"] for row in response.json()["results"]]


def test_lists_what_reaches_a_commune_with_everything_to_take_part(client, geography):
    action = ActionFactory(
        title="Visites de convivialité",
        commune=geography["plerin"],
        parts=[(PartKind.EPCI, geography["sbaa"].code)],
        contact_phone="02 96 74 00 00",
    )
    ActionFactory(title="À Brest", commune=geography["brest"])

    body = client.get(URL, {"commune": "22187"}).json()

    assert body["count"] == 1
    assert (body["page"], body["pages"]) == (1, 1)
    (row,) = body["results"]
    assert row["slug"] == action.slug
    assert row["url"] == f"http://testserver/actions/{action.slug}/"
    assert row["commune"] == {"code": "22187", "name": "Plérin"}
    assert row["kinds"] == [{"code": "visites_domicile", "label": "Visites à domicile"}]
    assert row["contact_phone"] == "02 96 74 00 00"
    assert row["needs_check"] is False
    counts = {facet["code"]: facet["count"] for facet in body["kinds"]}
    assert counts["visites_domicile"] == 1
    assert counts["numerique"] == 0


def test_filters_by_kind_text_free_only_and_freshness(client, geography):
    plerin = geography["plerin"]
    ActionFactory(title="Appels", commune=plerin, kinds=[KindCode.PHONE_CALLS], summary="")
    ActionFactory(title="Atelier tablette", commune=plerin, kinds=[KindCode.DIGITAL], is_free=False)
    ActionFactory(title="Ancienne", commune=plerin, stale=True)

    assert titles(client.get(URL, {"commune": "Plérin", "type": "numerique"})) == [
        "Atelier tablette"
    ]
    both = client.get(f"{URL}?commune=22187&type=numerique&type=appels_convivialite")
    assert titles(both) == ["Appels", "Atelier tablette"]
    assert titles(client.get(URL, {"q": "TABLETTES"})) == ["Atelier tablette"]
    assert titles(client.get(URL, {"commune": "22187", "gratuites": "true"})) == ["Appels"]
    assert "Ancienne" in titles(client.get(URL, {"commune": "22187", "toutes": "true"}))


def test_pages_and_bad_filters(client, geography):
    for n in range(5):
        ActionFactory(title=f"Action {n}", commune=geography["plerin"])

    body = client.get(URL, {"commune": "22187", "par_page": 2, "page": 3}).json()
    assert (body["count"], body["pages"], body["page"]) == (5, 3, 3)
    assert [row["title"] for row in body["results"]] == ["Action 4"]

    ambiguous = client.get(URL, {"commune": "Saint-Denis"})
    assert ambiguous.status_code == 400
    assert ambiguous.json()["detail"].startswith("Plusieurs communes correspondent")
    assert "Saint-Denis (93066)" in ambiguous.json()["detail"]
    unknown = client.get(URL, {"commune": "Trifouilly"})
    assert unknown.json() == {"detail": "Aucune commune ne correspond à « Trifouilly »."}
    assert client.get(URL, {"type": "inconnu"}).status_code == 422
    assert client.get(URL, {"par_page": 1000}).status_code == 422


def test_one_action_with_its_hours_in_french(client, geography):
    action = ActionFactory(commune=geography["plerin"], opening_hours="Tu 14:00-17:00")

    body = client.get(f"{URL}/{action.slug}").json()

    assert body["title"] == action.title
    assert body["opening_hours"] == "Tu 14:00-17:00"
    assert body["opening_hours_text"] == "Le mardi de 14 h à 17 h"
    assert client.get(f"{URL}/nulle-part").status_code == 404


def test_the_list_queries_do_not_grow_with_the_results(
    client, geography, django_assert_max_num_queries
):
    ActionFactory(commune=geography["plerin"])
    with django_assert_max_num_queries(12):
        client.get(URL, {"commune": "22187"})
    for _ in range(10):
        ActionFactory(commune=geography["plerin"])
    with django_assert_max_num_queries(12):
        assert client.get(URL, {"commune": "22187"}).json()["count"] == 11


def test_is_throttled_like_the_rest_of_the_api(client, geography, monkeypatch):
    monkeypatch.setattr(throttling, "API_RATE", "2/m")

    statuses = [client.get(URL).status_code for _ in range(3)]

    assert statuses == [200, 200, 429]


def test_is_in_the_openapi_document(client, db):
    paths = client.get("/api/v1/openapi.json").json()["paths"]

    assert "/api/v1/actions" in paths
    assert "/api/v1/actions/{slug}" in paths
    parameters = {p["name"] for p in paths["/api/v1/actions"]["get"]["parameters"]}
    assert {
        "commune",
        "type",
        "public",
        "q",
        "gratuites",
        "toutes",
        "page",
        "par_page",
    } <= parameters
