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

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="SQLite writes one transaction at a time: there is no race to lock against",
    ),
]


def test_two_simultaneous_additions_to_a_territory_both_land(
    backoffice_people, armor_cooperation, monkeypatch
):
    """Both requests read the parts, then meet before writing them: without the lock, the
    second write replaces the first (a lost commune) or hits the unique constraint."""
    meeting = threading.Barrier(2)
    real_set_parts = territory.perimeter_set_parts

    def set_parts_together(**kwargs):
        # With the lock the other request waits on the row and never comes: go on alone.
        with contextlib.suppress(threading.BrokenBarrierError):
            meeting.wait(timeout=3)
        return real_set_parts(**kwargs)

    monkeypatch.setattr(territory, "perimeter_set_parts", set_parts_together)
    url = reverse("cooperations:backoffice_perimeter", args=[armor_cooperation.slug])
    statuses = {}

    def add(code: str, person: str) -> None:
        client = Client(raise_request_exception=False)
        client.force_login(backoffice_people[person])
        try:
            statuses[code] = client.post(url, {"kind": "commune", "code": code}).status_code
        finally:
            connection.close()

    threads = [
        threading.Thread(target=add, args=("22187", "animator")),
        threading.Thread(target=add, args=("29019", "staff")),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert statuses == {"22187": 302, "29019": 302}
    pairs = set(armor_cooperation.perimeter.part_pairs())
    assert {("commune", "22187"), ("commune", "29019")} <= pairs
