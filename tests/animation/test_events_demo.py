"""The demo events: past and upcoming, with registrations and waiting lists; created once."""

import pytest

from maillage.animation.enums import RegistrationStatus
from maillage.animation.models import Event, Registration
from maillage.demo.events import build_demo_events

pytestmark = pytest.mark.django_db


def test_the_demo_events_are_created_once(world):
    assert build_demo_events() == ("Événements de démonstration : 12 événements, 415 inscriptions.")
    assert build_demo_events() == "Événements de démonstration : déjà là."
    assert Event.objects.upcoming().exists()
    assert Event.objects.filter(ends_at__lt=Event.objects.upcoming().first().starts_at).exists()
    for event in Event.objects.filter(capacity__isnull=False):
        assert event.registrations.registered().count() <= event.capacity
    assert Registration.objects.filter(status=RegistrationStatus.WAITING).exists()
