"""The inventory of actions against isolation: what exists, where, for whom, how to take part."""

import datetime

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

from maillage.cooperations.models import Cooperation
from maillage.core.fields import link
from maillage.core.models import VersionedModel
from maillage.core.richtext import RichTextField
from maillage.organisations.models import Organisation
from maillage.territories.models import Commune, Perimeter

from .enums import ActionStatus, KindCode, PublicCode
from .hours import validate_opening_hours

# An action not confirmed for this long shows « à vérifier »; after STALE_AFTER it leaves the
# default search results (it stays reachable by its address and with « y compris anciennes »).
CHECK_AFTER = datetime.timedelta(days=365)
STALE_AFTER = datetime.timedelta(days=548)


class Kind(models.Model):
    """What an action or a team does (reference rows, seeded by a migration)."""

    code = models.CharField("code", max_length=30, primary_key=True, choices=KindCode.choices)
    label = models.CharField("libellé", max_length=100)
    position = models.PositiveSmallIntegerField("ordre", default=0)

    class Meta:
        verbose_name = "type d'action"
        verbose_name_plural = "types d'action"
        ordering = ["position"]

    def __str__(self) -> str:
        return self.label


class Public(models.Model):
    """Whom an action is for (reference rows, seeded by a migration)."""

    code = models.CharField("code", max_length=30, primary_key=True, choices=PublicCode.choices)
    label = models.CharField("libellé", max_length=100)
    position = models.PositiveSmallIntegerField("ordre", default=0)

    class Meta:
        verbose_name = "public"
        verbose_name_plural = "publics"
        ordering = ["position"]

    def __str__(self) -> str:
        return self.label


def check_cutoff(today: datetime.date | None = None) -> datetime.date:
    """Actions verified before this date show « à vérifier »."""
    return (today or timezone.localdate()) - CHECK_AFTER


def stale_cutoff(today: datetime.date | None = None) -> datetime.date:
    """Actions verified before this date leave the default results."""
    return (today or timezone.localdate()) - STALE_AFTER


class ActionQuerySet(models.QuerySet):
    def current(self, today: datetime.date | None = None):
        """What the default search shows: not ended and confirmed within 18 months."""
        return self.exclude(status=ActionStatus.ENDED).filter(verified_on__gte=stale_cutoff(today))

    def to_check(self, today: datetime.date | None = None):
        """Not ended and not confirmed for 12 months: their referents are asked to confirm."""
        return self.exclude(status=ActionStatus.ENDED).filter(verified_on__lt=check_cutoff(today))

    def reaching(self, commune: Commune):
        """Actions whose eligibility zone covers this commune (the reverse perimeter look-up)."""
        return self.filter(zone__in=Perimeter.objects.covering(commune))

    def in_territory_of(self, cooperation: Cooperation):
        """What a cooperation's animators curate: actions carried by one of its member
        organisations, or taking place in a commune of its territory."""
        return self.filter(
            models.Q(organisations__memberships__cooperation=cooperation)
            | models.Q(commune__in=cooperation.perimeter.communes())
        ).distinct()

    def editable_by(self, user):
        """Deny by default: staff edit all; a referent their organisations' actions; an
        animator the actions of their cooperations' territories."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_staff:
            return self
        from maillage.organisations.enums import AffiliationRole

        # Subqueries on the carriers' table rather than joins: no duplicate rows, so no
        # DISTINCT over the whole list (an animator's list of 20,000 actions: 436 → 181 ms).
        carried = Action.organisations.through.objects
        allowed = models.Q(
            pk__in=carried.filter(
                organisation__affiliations__user=user,
                organisation__affiliations__role=AffiliationRole.REFERENT,
            ).values("action_id")
        )
        for cooperation in Cooperation.objects.editable_by(user).select_related("perimeter"):
            allowed |= models.Q(
                pk__in=carried.filter(organisation__memberships__cooperation=cooperation).values(
                    "action_id"
                )
            ) | models.Q(commune__in=cooperation.perimeter.communes())
        return self.filter(allowed)


class Action(VersionedModel):
    """An action against the isolation of older people, as its carriers describe it.

    Holds no identity of any older person: only what the action is and how to take part."""

    title = models.CharField("titre", max_length=200)
    slug = models.SlugField("identifiant d'adresse", max_length=220, unique=True)
    summary = models.CharField(
        "en une phrase",
        max_length=300,
        blank=True,
        help_text="Ce que l'action apporte, en mots simples (affiché dans les résultats).",
    )
    description = RichTextField("description", blank=True)
    kinds = models.ManyToManyField(Kind, related_name="actions", verbose_name="types d'action")
    publics = models.ManyToManyField(Public, related_name="actions", verbose_name="publics")
    zone = models.OneToOneField(
        Perimeter,
        on_delete=models.PROTECT,
        related_name="action",
        verbose_name="zone d'éligibilité",
        help_text="Les communes dont les habitants peuvent en bénéficier.",
    )
    commune = link(
        Commune,
        "commune où elle a lieu",
        related_name="actions_held",
        on_delete=models.PROTECT,
        optional=True,
    )
    address = models.CharField("adresse", max_length=250, blank=True)
    remote = models.BooleanField(
        "à distance", default=False, help_text="Par téléphone ou en ligne, sans lieu d'accueil."
    )
    schedule = models.CharField(
        "quand",
        max_length=300,
        blank=True,
        help_text="En clair, par exemple « chaque mardi après-midi, hors vacances scolaires ».",
    )
    opening_hours = models.CharField(
        "horaires (format OpenStreetMap)",
        max_length=255,
        blank=True,
        help_text="Par exemple « Tu 14:00-17:00 » pour le mardi de 14 h à 17 h.",
        validators=[validate_opening_hours],
    )
    is_free = models.BooleanField("gratuite", default=True)
    cost_details = models.CharField("coût et conditions", max_length=300, blank=True)
    contact_phone = models.CharField("téléphone", max_length=20, blank=True)
    contact_email = models.EmailField("adresse électronique", blank=True)
    drop_in = models.BooleanField(
        "on peut venir sur place", default=False, help_text="Sans rendez-vous, à l'adresse."
    )
    form_url = models.URLField("formulaire d'inscription en ligne", blank=True)
    how_to_join = models.CharField(
        "comment y participer",
        max_length=500,
        blank=True,
        help_text="Ce qu'une personne ou sa famille doit faire pour en bénéficier.",
    )
    organisations = models.ManyToManyField(
        Organisation, related_name="actions", verbose_name="organisations porteuses"
    )
    status = models.CharField(
        "état",
        max_length=20,
        choices=ActionStatus.choices,
        default=ActionStatus.ACTIVE,
        db_index=True,
    )
    verified_on = models.DateField(
        "vérifiée le", default=timezone.localdate, db_index=True, help_text="Dernière confirmation."
    )
    # Re-importing a spreadsheet updates the rows it created: (source, external id) is stable.
    source = link(
        Cooperation,
        "inventaire d'origine",
        related_name="imported_actions",
        on_delete=models.SET_NULL,
        optional=True,
    )
    external_id = models.CharField(
        "identifiant dans l'inventaire d'origine", max_length=100, blank=True
    )
    created_at = models.DateTimeField("créée le", auto_now_add=True)
    updated_at = models.DateTimeField("modifiée le", auto_now=True)
    created_by = link(
        settings.AUTH_USER_MODEL, "créée par", on_delete=models.SET_NULL, optional=True
    )

    objects = ActionQuerySet.as_manager()

    class Meta:
        verbose_name = "action"
        verbose_name_plural = "actions"
        ordering = ["title"]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "external_id"],
                condition=~models.Q(external_id=""),
                name="actions_action_external_id",
            )
        ]
        indexes = [models.Index(fields=["status", "verified_on"], name="actions_action_fresh")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("actions:detail", args=[self.slug])

    @property
    def needs_check(self) -> bool:
        """« À vérifier »: not confirmed for 12 months."""
        return self.status != ActionStatus.ENDED and self.verified_on < check_cutoff()

    @property
    def is_stale(self) -> bool:
        """Out of the default results: not confirmed for 18 months."""
        return self.verified_on < stale_cutoff()
