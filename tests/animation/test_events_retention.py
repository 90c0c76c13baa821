"""Registrations (names and addresses) go a retention time after their event; events stay."""

import io

import pytest
from django.core.management import call_command

from maillage.animation.models import Event, Registration
from tests.animation.factories import EventFactory, RegistrationFactory, in_days

pytestmark = pytest.mark.django_db


def test_the_purge_deletes_exactly_the_registrations_of_events_past_the_retention(settings):
    settings.MAILLAGE_TEAM_DATA_RETENTION_DAYS = 365
    long_past = EventFactory(starts_at=in_days(-400), ends_at=in_days(-400, 17))
    just_within = EventFactory(starts_at=in_days(-364), ends_at=in_days(-364, 17))
    upcoming = EventFactory()
    gone = RegistrationFactory.create_batch(3, event=long_past)
    kept = [
        RegistrationFactory(event=just_within),
        RegistrationFactory(event=upcoming),
        RegistrationFactory(event=upcoming, waiting=True),
    ]

    call_command("purge_event_registrations", stdout=io.StringIO())

    assert set(Registration.objects.all()) == set(kept)
    assert not Registration.objects.filter(pk__in=[r.pk for r in gone]).exists()
    assert Event.objects.count() == 3
