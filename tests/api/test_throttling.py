"""The API is rate-limited per client address, with a French answer."""

from maillage.api import throttling

URL = "/api/v1/communes"


def test_the_api_refuses_a_client_over_its_rate_in_french(client, db, monkeypatch):
    monkeypatch.setattr(throttling, "API_RATE", "3/m")

    statuses = [client.get(URL, {"q": "brest"}).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    response = client.get(URL, {"q": "brest"})
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 60
    assert response["Content-Type"].startswith("application/json")
    detail = response.json()["detail"]
    assert detail.startswith("Trop de requêtes en peu de temps depuis votre adresse : réessayez")
    # Another client is served.
    assert client.get(URL, {"q": "brest"}, REMOTE_ADDR="203.0.113.7").status_code == 200
