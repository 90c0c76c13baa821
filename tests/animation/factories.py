"""Factories of the animation app: events and registrations (one factory per model)."""

import datetime

import factory
from django.utils import timezone

from maillage.animation.enums import Audience, EventKind, EventStatus, RegistrationStatus
from maillage.animation.models import Event, Registration


def in_days(days: int, hour: int = 14) -> datetime.datetime:
    """An aware datetime `days` from today at `hour` (Paris time)."""
    day = timezone.localdate() + datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


class EventFactory(factory.django.DjangoModelFactory):
    """A public rendez-vous in ten days, 14 h to 17 h; `cooperation=None` for a national one."""

    class Meta:
        model = Event

    cooperation = factory.SubFactory("tests.cooperations.factories.CooperationFactory")
    title = factory.Sequence(lambda n: f"Rendez-vous des coopérations n° {n}")
    kind = EventKind.RENDEZ_VOUS
    description = "<p>Une après-midi d'échanges entre coopérations.</p>"
    starts_at = factory.LazyFunction(lambda: in_days(10, 14))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + datetime.timedelta(hours=3))
    address = "Salle des fêtes, 2 rue de la Mairie"
    audience = Audience.PUBLIC
    capacity = None
    status = EventStatus.PUBLISHED

    class Params:
        members_only = factory.Trait(audience=Audience.MEMBERS)
        cancelled = factory.Trait(status=EventStatus.CANCELLED)
        past = factory.Trait(
            starts_at=factory.LazyFunction(lambda: in_days(-10, 14)),
        )
        national = factory.Trait(cooperation=None)


class RegistrationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Registration

    event = factory.SubFactory(EventFactory)
    name = factory.Sequence(lambda n: f"Personne {n}")
    email = factory.Sequence(lambda n: f"personne-{n}@exemple.fr")
    status = RegistrationStatus.REGISTERED

    class Params:
        waiting = factory.Trait(status=RegistrationStatus.WAITING)


class QuestionFactory(factory.django.DjangoModelFactory):
    """A question asked of a cooperation by a visitor, unanswered; `cooperation=None` for the
    national team."""

    class Meta:
        model = "animation.Question"

    cooperation = factory.SubFactory("tests.cooperations.factories.CooperationFactory")
    name = factory.Sequence(lambda n: f"Visiteur {n}")
    email = factory.Sequence(lambda n: f"visiteur-{n}@exemple.fr")
    text = factory.Sequence(lambda n: f"Comment devenir bénévole d'une équipe citoyenne ? ({n})")

    class Params:
        national = factory.Trait(cooperation=None)
        answered = factory.Trait(
            answer="Contactez l'animatrice de la coopération.",
            answered_at=factory.LazyFunction(timezone.now),
        )


class FaqEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "animation.FaqEntry"

    cooperation = factory.SubFactory("tests.cooperations.factories.CooperationFactory")
    question = factory.Sequence(lambda n: f"Comment devenir bénévole ? ({n})")
    answer = "<p>Prenez contact avec l'équipe citoyenne la plus proche.</p>"
    theme = "Bénévolat"

    class Params:
        national = factory.Trait(cooperation=None)
