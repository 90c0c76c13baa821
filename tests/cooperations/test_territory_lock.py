"""Two animators add communes to the same territory at the same moment: each edit locks the
cooperation row, so the second reads what the first wrote; neither is lost and nobody gets a
500. Needs a database that locks rows: run it with
DATABASE_URL=postgres://postgres@127.0.0.1:5432/maillage_coop."""

import contextlib
import threading

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from maillage.cooperations.services import territory
from maillage.territories.services import perimeter_set_parts

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="SQLite writes one transaction at a time: there is no race to lock against",
    ),
]


@pytest.fixture
def side_by_side(backoffice_people, monkeypatch):
    """`run({key: (url, data, person)})` posts them all at once, each from its own thread
    and connection, the writes of the parts meeting at a barrier; returns {key: status}."""
    meeting = threading.Barrier(2)
    real_set_parts = territory.perimeter_set_parts

    def set_parts_together(**kwargs):
        # With the lock the other request waits on the row and never comes: go on alone.
        with contextlib.suppress(threading.BrokenBarrierError):
            meeting.wait(timeout=3)
        return real_set_parts(**kwargs)

    monkeypatch.setattr(territory, "perimeter_set_parts", set_parts_together)

    def run(requests: dict) -> dict:
        statuses = {}

        def post(key, url, data, person):
            client = Client(raise_request_exception=False)
            client.force_login(backoffice_people[person])
            try:
                statuses[key] = client.post(url, data).status_code
            finally:
                connection.close()

        threads = [
            threading.Thread(target=post, args=(key, *args)) for key, args in requests.items()
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
        return statuses

    return run


def test_two_simultaneous_additions_to_a_territory_both_land(side_by_side, armor_cooperation):
    """Both requests read the parts, then meet before writing them: without the lock, the
    second write replaces the first (a lost commune) or hits the unique constraint."""
    url = reverse("cooperations:backoffice_perimeter", args=[armor_cooperation.slug])
    statuses = side_by_side(
        {
            "22187": (url, {"kind": "commune", "code": "22187"}, "animator"),
            "29019": (url, {"kind": "commune", "code": "29019"}, "staff"),
        }
    )
    assert statuses == {"22187": 302, "29019": 302}
    pairs = set(armor_cooperation.perimeter.part_pairs())
    assert {("commune", "22187"), ("commune", "29019")} <= pairs


def test_two_simultaneous_removals_from_a_territory_both_land(side_by_side, armor_cooperation):
    """Without the lock each request writes back the parts it read minus its own: the other
    removal comes back."""
    perimeter = armor_cooperation.perimeter
    perimeter_set_parts(  # the real one: the barrier is for the two requests
        perimeter=perimeter,
        parts=[*perimeter.part_pairs(), ("commune", "22187"), ("commune", "29019")],
    )
    requests = {
        code: (
            reverse(
                "cooperations:backoffice_perimeter_remove",
                args=[armor_cooperation.slug, perimeter.parts.get(code=code).pk],
            ),
            {},
            person,
        )
        for code, person in (("22187", "animator"), ("29019", "staff"))
    }
    assert side_by_side(requests) == {"22187": 302, "29019": 302}
    assert set(perimeter.part_pairs()) == {("department", "22")}
