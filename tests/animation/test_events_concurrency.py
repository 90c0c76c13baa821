"""Many people register to the last places at the same moment: the event row is locked, so
the capacity is never exceeded and the others go to the waiting list, in order. Needs a
database that locks rows: run it with
DATABASE_URL=postgres://postgres@127.0.0.1:5432/maillage_events."""

import threading

import pytest
from django.db import connection

from maillage.animation import services
from maillage.animation.enums import RegistrationStatus
from maillage.animation.models import Registration

from .factories import EventFactory, RegistrationFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="SQLite writes one transaction at a time: there is no race to lock against",
    ),
]

PEOPLE = 24


def test_simultaneous_registrations_never_exceed_the_capacity():
    event = EventFactory(capacity=10)
    RegistrationFactory.create_batch(7, event=event)  # three places left
    start = threading.Barrier(PEOPLE)
    errors = []

    def register(number):
        try:
            start.wait(timeout=10)
            services.registration_create(
                event=event,
                name=f"Personne {number}",
                email=f"simultanee-{number}@exemple.fr",
                base_url="https://maillage.example",
            )
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=register, args=(n,)) for n in range(PEOPLE)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert errors == []
    rows = Registration.objects.filter(event=event)
    assert rows.filter(status=RegistrationStatus.REGISTERED).count() == 10
    assert rows.filter(status=RegistrationStatus.WAITING).count() == PEOPLE - 3


def test_simultaneous_cancellations_promote_each_waiting_person_once():
    event = EventFactory(capacity=4)
    registered = RegistrationFactory.create_batch(4, event=event)
    waiting = RegistrationFactory.create_batch(6, event=event, waiting=True)
    start = threading.Barrier(len(registered))
    errors = []

    def cancel(registration):
        try:
            start.wait(timeout=10)
            services.registration_cancel(
                registration=registration, base_url="https://maillage.example"
            )
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=cancel, args=(r,)) for r in registered]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert errors == []
    statuses = dict(Registration.objects.filter(event=event).values_list("pk", "status"))
    # The first four of the waiting list, in order, now hold the four places.
    assert [statuses[r.pk] for r in waiting] == [RegistrationStatus.REGISTERED] * 4 + [
        RegistrationStatus.WAITING
    ] * 2
