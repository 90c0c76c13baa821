"""Demo events: past and upcoming rendez-vous, trainings and committees of a few cooperations
and of the national team, with registrations and waiting lists (no mail is sent)."""

import datetime

from django.utils import timezone

from maillage.animation.enums import Audience, EventKind, RegistrationStatus
from maillage.animation.models import Event, Registration
from maillage.cooperations.models import Cooperation

FIRST_NAMES = [
    "Nora", "Yann", "Maëlle", "Gwenaël", "Hélène", "Loïc", "Soizic", "Erwan", "Annick", "Pierre",
    "Rozenn", "Mathieu", "Catherine", "Tanguy", "Isabelle", "Ronan", "Véronique", "Kévin",
]  # fmt: skip
LAST_NAMES = [
    "Le Gall", "Kerouac", "Le Bihan", "Morvan", "Guével", "Tanguy", "Le Goff", "Riou",
    "Caradec", "Le Roux", "Jézéquel", "Hamon",
]  # fmt: skip

# (kind, title, days from today, start hour, hours, audience, capacity, registered, waiting)
PLAN = [
    (EventKind.RENDEZ_VOUS, "Rendez-vous des coopérations", 12, 14, 3, Audience.PUBLIC, 40, 40, 6),
    (EventKind.TRAINING, "Formation socle des bénévoles", 20, 9, 7, Audience.PUBLIC, 15, 9, 0),
    (EventKind.STEERING, "Comité de pilotage", 33, 10, 2, Audience.MEMBERS, None, 11, 0),
    (EventKind.PUBLIC_MEETING, "Réunion publique : rompre l'isolement", -25, 18, 2,
     Audience.PUBLIC, 80, 52, 0),
    (EventKind.WORKING_GROUP, "Groupe de travail repérage", -8, 14, 2, Audience.MEMBERS, 12, 12, 2),
]  # fmt: skip
NATIONAL = [
    (EventKind.RENDEZ_VOUS, "Rendez-vous national des coopérations MONALISA", 45, 10, 30,
     Audience.MEMBERS, 120, 120, 14),
    (EventKind.TRAINING, "Formation des animateurs de coopération (en ligne)", 9, 14, 2,
     Audience.MEMBERS, 30, 17, 0),
]  # fmt: skip
DEMO_MARK = "Rendez-vous national des coopérations MONALISA"


def _at(days: int, hour: int) -> datetime.datetime:
    day = timezone.localdate() + datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def _event(cooperation, kind, title, days, hour, hours, audience, capacity) -> Event:
    starts = _at(days, hour)
    commune = None
    if cooperation is not None:
        organisation = cooperation.memberships.select_related("organisation__commune").first()
        commune = organisation.organisation.commune if organisation else None
    online = cooperation is None and "en ligne" in title
    return Event.objects.create(
        cooperation=cooperation,
        kind=kind,
        title=title if cooperation is None else f"{title} — {cooperation.name}",
        description=(
            "<p>Un temps pour partager les pratiques, les réussites et les difficultés des "
            "coopérations, et préparer les prochains mois ensemble.</p>"
        ),
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=hours),
        commune=None if online else commune,
        address="" if online else "Salle du conseil, 1 place de la Mairie",
        online_url="https://visio.example.org/monalisa" if online or commune is None else "",
        audience=audience,
        capacity=capacity,
        registration_deadline=starts - datetime.timedelta(days=2),
    )


def _people(event: Event, registered: int, waiting: int) -> list[Registration]:
    rows = []
    for number in range(registered + waiting):
        first = FIRST_NAMES[number % len(FIRST_NAMES)]
        last = LAST_NAMES[(number // len(FIRST_NAMES) + number) % len(LAST_NAMES)]
        rows.append(
            Registration(
                event=event,
                name=f"{first} {last}",
                email=f"inscription-{event.pk}-{number}@demo.maillage.fr",
                status=RegistrationStatus.REGISTERED
                if number < registered
                else RegistrationStatus.WAITING,
                created_at=event.starts_at - datetime.timedelta(days=30, minutes=-number * 37),
            )
        )
    return rows


def build_demo_events() -> str:
    """Create the demo events once; return what was done, in French."""
    if Event.objects.filter(title=DEMO_MARK).exists():
        return "Événements de démonstration : déjà là."
    cooperations = list(Cooperation.objects.order_by("slug")[:3])
    if not cooperations:
        return "Événements de démonstration : créez d'abord le réseau."
    registrations = []
    events = 0
    for cooperation in [None, *cooperations]:
        for kind, title, days, hour, hours, audience, capacity, registered, waiting in (
            NATIONAL if cooperation is None else PLAN
        ):
            event = _event(cooperation, kind, title, days, hour, hours, audience, capacity)
            registrations += _people(event, registered, waiting)
            events += 1
    Registration.objects.bulk_create(registrations)
    return f"Événements de démonstration : {events} événements, {len(registrations)} inscriptions."
