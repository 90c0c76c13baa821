"""Events: what organisers publish, change and cancel (audited), and the registrations of the
people who come (capacity kept under lock, a waiting list promoted in order, mails)."""

import datetime

from django.core import signing
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from maillage.accounts.models import User
from maillage.cooperations.models import Cooperation
from maillage.core.audit import audited_create, audited_update
from maillage.core.mail import send_templated_mail
from maillage.core.ratelimit import limit

from ..enums import EventStatus, RegistrationStatus
from ..models import Event, Registration

EVENT_FIELDS = (
    "title",
    "kind",
    "description",
    "starts_at",
    "ends_at",
    "commune",
    "address",
    "online_url",
    "audience",
    "capacity",
    "registration_deadline",
)
CANCEL_SALT = "animation.registration.cancel"
# A registration mails the address typed: a burst of them towards one address is refused.
REGISTRATION_RATE = "5/h"


# --- the organisers' side -------------------------------------------------------------------


def _target(event: Event):
    """The history of a cooperation's event is told on the cooperation, a national one on
    itself."""
    return event.cooperation or event


@transaction.atomic
def event_create(*, actor: User, cooperation: Cooperation | None, **values) -> Event:
    event = Event(cooperation=cooperation, **values)
    return audited_create(
        actor=actor,
        instance=event,
        target=cooperation,
        fields=EVENT_FIELDS,
        summary=f"Événement publié : « {event.title} »",
    )


@transaction.atomic
def event_update(
    *, actor: User, event: Event, base_url: str, version: int | None = None, **values
) -> Event:
    """Change an event; places opened by a larger capacity go to the waiting list, in order."""
    event = _locked(event)
    audited_update(
        actor=actor,
        instance=event,
        target=_target(event),
        values=values,
        version=version,
        summary=f"Événement modifié : « {event.title} »",
    )
    _promote(event, base_url=base_url)
    return event


@transaction.atomic
def event_cancel(*, actor: User, event: Event, base_url: str) -> int:
    """Cancel an event and tell everyone registered or waiting; return how many were told."""
    event = _locked(event)
    if event.is_cancelled:
        raise ValidationError("Cet événement est déjà annulé.")
    audited_update(
        actor=actor,
        instance=event,
        target=_target(event),
        values={"status": EventStatus.CANCELLED},
        action="animation.event.cancel",
        summary=f"Événement annulé : « {event.title} »",
    )
    people = list(event.registrations.live())
    for registration in people:
        _mail(registration, "animation/emails/event_cancelled", base_url=base_url)
    return len(people)


def _locked(event: Event) -> Event:
    """The event row under lock: every change of its places goes one after the other."""
    return (
        Event.objects.select_for_update(of=("self",))
        .select_related("cooperation", "commune")
        .get(pk=event.pk)
    )


# --- the people who come --------------------------------------------------------------------


@transaction.atomic
def registration_create(
    *,
    event: Event,
    name: str,
    email: str,
    base_url: str,
    user: User | None = None,
    now: datetime.datetime | None = None,
) -> Registration:
    """Register a person, or put them on the waiting list when the event is full. Refused
    (French ValidationError, nothing stored) when registration is closed or the address is
    already registered. The event row is locked: the capacity holds under simultaneous
    registrations."""
    email = email.strip().lower()
    event = _locked(event)
    refusal = event.registration_refusal(now)
    if refusal:
        raise ValidationError(refusal, code="closed")
    if event.registrations.live().filter(email=email).exists():
        raise ValidationError(
            "Cette adresse e-mail est déjà inscrite à cet événement (ou sur sa liste "
            "d'attente). Le mail de confirmation contient le lien pour annuler.",
            code="duplicate",
        )
    limit("animation.registration", ident=email, rate=REGISTRATION_RATE)
    full = event.capacity is not None and event.registrations.registered().count() >= event.capacity
    registration = Registration(
        event=event,
        user=user if user is not None and user.is_authenticated else None,
        name=name.strip(),
        email=email,
        status=RegistrationStatus.WAITING if full else RegistrationStatus.REGISTERED,
        created_at=now or timezone.now(),
    )
    try:
        with transaction.atomic():
            registration.save()
    except IntegrityError as error:  # the same address, registered a moment ago
        raise ValidationError(
            "Cette adresse e-mail est déjà inscrite à cet événement.", code="duplicate"
        ) from error
    _mail(
        registration,
        "animation/emails/registration_waiting"
        if full
        else "animation/emails/registration_confirmed",
        base_url=base_url,
    )
    return registration


@transaction.atomic
def registration_cancel(
    *, registration: Registration, base_url: str, now: datetime.datetime | None = None
) -> Registration | None:
    """Cancel a registration (its person's own choice, by the link of their mail); a place
    freed goes to the first on the waiting list, who is told. Return the promoted one."""
    event = _locked(registration.event)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.status == RegistrationStatus.CANCELLED:
        return None
    freed = registration.status == RegistrationStatus.REGISTERED
    registration.status = RegistrationStatus.CANCELLED
    registration.cancelled_at = now or timezone.now()
    registration.save(update_fields=["status", "cancelled_at"])
    if not freed or event.is_cancelled or event.starts_at <= (now or timezone.now()):
        return None
    promoted = _promote(event, base_url=base_url)
    return promoted[0] if promoted else None


def _promote(event: Event, *, base_url: str) -> list[Registration]:
    """Give the free places to the waiting list, first come first served (event locked)."""
    if event.is_cancelled:
        return []
    waiting = event.registrations.waiting()
    if event.capacity is not None:
        free = event.capacity - event.registrations.registered().count()
        waiting = waiting[: max(free, 0)]
    promoted = list(waiting)
    for registration in promoted:
        registration.status = RegistrationStatus.REGISTERED
        registration.save(update_fields=["status"])
        _mail(registration, "animation/emails/registration_promoted", base_url=base_url)
    return promoted


def events_remind(*, base_url: str, now: datetime.datetime | None = None) -> int:
    """Mail the reminder to each person registered to an event of tomorrow (or of later
    today, if a run was missed), once per registration. Return how many were sent."""
    now = now or timezone.now()
    today = timezone.localtime(now).date()
    until = timezone.make_aware(
        datetime.datetime.combine(today + datetime.timedelta(days=2), datetime.time())
    )
    due = (
        Registration.objects.registered()
        .filter(
            reminded_at__isnull=True,
            event__status=EventStatus.PUBLISHED,
            event__starts_at__gt=now,
            event__starts_at__lt=until,
        )
        .select_related("event__cooperation", "event__commune")
        .order_by("pk")
    )
    sent = 0
    for pk in due.values_list("pk", flat=True):
        with transaction.atomic():
            registration = (
                due.select_for_update(of=("self",), skip_locked=True).filter(pk=pk).first()
            )
            if registration is None:  # reminded by a run alongside, or cancelled meanwhile
                continue
            registration.reminded_at = now
            registration.save(update_fields=["reminded_at"])
            _mail(registration, "animation/emails/event_reminder", base_url=base_url)
            sent += 1
    return sent


# --- the cancellation link ------------------------------------------------------------------


def cancel_token(registration: Registration) -> str:
    return signing.dumps(registration.pk, salt=CANCEL_SALT)


def registration_of_token(token: str) -> Registration | None:
    """The registration a cancellation link names, or None when the link was altered."""
    try:
        pk = signing.loads(token, salt=CANCEL_SALT)
    except signing.BadSignature:
        return None
    return (
        Registration.objects.select_related("event__cooperation", "event__commune")
        .filter(pk=pk)
        .first()
    )


def _mail(registration: Registration, template: str, *, base_url: str) -> None:
    event = registration.event
    send_templated_mail(
        to=(registration.name, registration.email),
        template=template,
        context={
            "registration": registration,
            "event": event,
            "event_url": base_url + event.get_absolute_url(),
            "calendar_url": base_url + reverse("animation:event_ics", args=[event.pk]),
            "cancel_url": base_url
            + reverse("animation:registration_cancel", args=[cancel_token(registration)]),
        },
    )


@transaction.atomic
def registrations_purge(*, now: datetime.datetime | None = None) -> int:
    """Delete the registrations (names and addresses) of events that ended longer ago than the
    platform's retention time (settings.MAILLAGE_TEAM_DATA_RETENTION_DAYS); the event stays.
    Returns how many were deleted."""
    from django.conf import settings

    now = now or timezone.now()
    cutoff = now - datetime.timedelta(days=settings.MAILLAGE_TEAM_DATA_RETENTION_DAYS)
    deleted, _ = Registration.objects.filter(event__ends_at__lt=cutoff).delete()
    return deleted
