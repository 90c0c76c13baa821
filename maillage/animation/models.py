"""Animation of the network: the events of a cooperation or of the national team, and the
people registered to them."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from maillage.cooperations.models import Cooperation
from maillage.core.fields import link
from maillage.core.models import VersionedModel
from maillage.core.richtext import RichTextField
from maillage.organisations.enums import AffiliationRole
from maillage.territories.models import Commune

from .enums import Audience, EventKind, EventStatus, RegistrationStatus


def network_cooperations(user):
    """The cooperations where `user` holds a role: animator, or referent of a member
    organisation (a subquery of primary keys)."""
    return Cooperation.objects.filter(
        Q(animators__user=user)
        | Q(
            memberships__organisation__affiliations__user=user,
            memberships__organisation__affiliations__role=AffiliationRole.REFERENT,
        )
    ).values("pk")


class EventQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=EventStatus.PUBLISHED)

    def upcoming(self, now=None):
        """Events not over yet, soonest first (a multi-day event stays until its last day)."""
        return self.filter(ends_at__gte=now or timezone.now()).order_by("starts_at", "pk")

    def national(self):
        return self.filter(cooperation__isnull=True)

    def visible_to(self, user):
        """Deny by default: public events for everyone; members-only events for staff, for
        the people with a role in their cooperation, and (national ones) in any cooperation."""
        public = Q(audience=Audience.PUBLIC)
        if not user.is_authenticated or not user.is_active:
            return self.filter(public)
        if user.is_staff:
            return self
        cooperations = network_cooperations(user)
        members = Q(cooperation__in=cooperations)
        if cooperations.exists():
            members |= Q(cooperation__isnull=True)
        return self.filter(public | members)

    def visible_to_anyone(self):
        return self.filter(audience=Audience.PUBLIC)

    def with_counts(self):
        """Each event with its numbers of registered and waiting people, in the same query."""
        return self.annotate(
            registered_count=models.Count(
                "registrations", filter=Q(registrations__status=RegistrationStatus.REGISTERED)
            ),
            waiting_count=models.Count(
                "registrations", filter=Q(registrations__status=RegistrationStatus.WAITING)
            ),
        )

    def organisable_by(self, user):
        """Staff organise every event; an animator, the events of their cooperations."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_staff:
            return self
        return self.filter(cooperation__animators__user=user)


class Event(VersionedModel):
    cooperation = link(
        Cooperation,
        "coopération",
        related_name="events",
        optional=True,
        help_text="Vide pour un événement national.",
    )
    title = models.CharField("titre", max_length=200)
    kind = models.CharField(
        "type", max_length=20, choices=EventKind.choices, default=EventKind.RENDEZ_VOUS
    )
    description = RichTextField("présentation", blank=True)
    starts_at = models.DateTimeField("début", db_index=True)
    ends_at = models.DateTimeField("fin", db_index=True)
    commune = link(Commune, "commune", on_delete=models.PROTECT, optional=True)
    address = models.CharField("adresse", max_length=250, blank=True)
    online_url = models.URLField("lien de la visioconférence", blank=True)
    audience = models.CharField(
        "public", max_length=20, choices=Audience.choices, default=Audience.PUBLIC
    )
    capacity = models.PositiveIntegerField(
        "nombre de places", null=True, blank=True, help_text="Vide : sans limite."
    )
    registration_deadline = models.DateTimeField("date limite d'inscription", null=True, blank=True)
    status = models.CharField(
        "statut", max_length=20, choices=EventStatus.choices, default=EventStatus.PUBLISHED
    )
    created_at = models.DateTimeField("créé le", auto_now_add=True)
    updated_at = models.DateTimeField("modifié le", auto_now=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        verbose_name = "événement"
        verbose_name_plural = "événements"
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gte=models.F("starts_at")), name="animation_event_ends_after"
            ),
            models.CheckConstraint(
                condition=Q(capacity__isnull=True) | Q(capacity__gt=0),
                name="animation_event_capacity_positive",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("animation:event_detail", args=[self.pk])

    @property
    def is_cancelled(self) -> bool:
        return self.status == EventStatus.CANCELLED

    @property
    def organiser_name(self) -> str:
        return self.cooperation.name if self.cooperation_id else "Équipe nationale MONALISA"

    def registration_refusal(self, now=None) -> str:
        """Why nobody may register now, in French; "" when registration is open."""
        now = now or timezone.now()
        if self.is_cancelled:
            return "Cet événement est annulé : les inscriptions sont fermées."
        if self.starts_at <= now:
            return "Cet événement a déjà commencé ou est passé : les inscriptions sont fermées."
        if self.registration_deadline and self.registration_deadline < now:
            return "La date limite d'inscription est passée : les inscriptions sont fermées."
        return ""


class RegistrationQuerySet(models.QuerySet):
    def live(self):
        return self.exclude(status=RegistrationStatus.CANCELLED)

    def registered(self):
        return self.filter(status=RegistrationStatus.REGISTERED)

    def waiting(self):
        """The waiting list, first come first served."""
        return self.filter(status=RegistrationStatus.WAITING).order_by("created_at", "pk")


class Registration(models.Model):
    """A person's place at an event, or on its waiting list. Only what reaching them needs."""

    event = link(Event, "événement", related_name="registrations")
    user = link(
        settings.AUTH_USER_MODEL,
        "compte",
        related_name="event_registrations",
        on_delete=models.SET_NULL,
        optional=True,
    )
    name = models.CharField("nom", max_length=150)
    email = models.EmailField("adresse e-mail")
    status = models.CharField(
        "statut",
        max_length=20,
        choices=RegistrationStatus.choices,
        default=RegistrationStatus.REGISTERED,
        db_index=True,
    )
    created_at = models.DateTimeField("inscrit le", default=timezone.now)
    cancelled_at = models.DateTimeField("annulée le", null=True, blank=True)
    reminded_at = models.DateTimeField("rappel envoyé le", null=True, blank=True)

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        verbose_name = "inscription"
        verbose_name_plural = "inscriptions"
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "email"],
                condition=~Q(status=RegistrationStatus.CANCELLED),
                name="animation_registration_one_live_per_email",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} — {self.event}"


# The question box lives in its own module; imported here so that Django finds its models.
from .models_questions import FaqEntry, Question  # noqa: E402, F401
