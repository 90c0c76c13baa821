"""Territorial cooperations: who works together on a territory, how, and towards what."""

from django.conf import settings
from django.db import models
from django.urls import reverse

from maillage.core.fields import link
from maillage.core.models import VersionedModel
from maillage.core.richtext import RichTextField
from maillage.organisations.models import Organisation
from maillage.organisations.validators import image_extensions, validate_logo
from maillage.territories.models import Commune, Perimeter

from .enums import Aim, CooperationStatus, MemberRole, ObjectiveStatus, WorkingMode

# Public paths beside /cooperations/<slug>/ that a cooperation's slug must not take.
RESERVED_SLUGS = frozenset({"liste", "pour-ma-commune"})


class CooperationQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status=CooperationStatus.ACTIVE)

    def covering(self, commune: Commune):
        """Cooperations whose territory contains this commune (the reverse perimeter look-up)."""
        return self.filter(perimeter__in=Perimeter.objects.covering(commune))

    def editable_by(self, user):
        """Deny by default: staff edit all, an animator edits their own cooperations."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_staff:
            return self
        return self.filter(animators__user=user).distinct()


class Cooperation(VersionedModel):
    name = models.CharField("nom", max_length=200)
    slug = models.SlugField("identifiant d'adresse", max_length=100, unique=True)
    perimeter = models.OneToOneField(
        Perimeter, on_delete=models.PROTECT, related_name="cooperation", verbose_name="territoire"
    )
    status = models.CharField(
        "statut",
        max_length=20,
        choices=CooperationStatus.choices,
        default=CooperationStatus.EMERGING,
        db_index=True,
    )
    founded_on = models.DateField("date de création", null=True, blank=True)
    birth_story = RichTextField("comment est née la coopération", blank=True)
    working_mode = models.CharField(
        "mode de fonctionnement", max_length=30, choices=WorkingMode.choices, blank=True
    )
    working_description = RichTextField("fonctionnement en détail", blank=True)
    strategy = RichTextField("stratégie et programme d'actions", blank=True)
    autonomy_plan_url = models.URLField(
        "schéma départemental de l'autonomie",
        blank=True,
        help_text="Lien vers le schéma du département.",
    )
    contact_email = models.EmailField(
        "adresse de contact",
        blank=True,
        help_text="Jamais affichée : les messages du formulaire de contact y sont relayés.",
    )
    created_at = models.DateTimeField("créée le", auto_now_add=True)
    updated_at = models.DateTimeField("modifiée le", auto_now=True)

    objects = CooperationQuerySet.as_manager()

    class Meta:
        verbose_name = "coopération territoriale"
        verbose_name_plural = "coopérations territoriales"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("cooperations:detail", args=[self.slug])


class CooperationAim(models.Model):
    """One of the eight aims the cooperation works on, in its own words."""

    cooperation = link(Cooperation, "coopération", related_name="aims")
    aim = models.PositiveSmallIntegerField("axe", choices=Aim.choices)
    description = models.TextField("dans nos mots", blank=True, max_length=2000)

    class Meta:
        verbose_name = "axe de travail"
        verbose_name_plural = "axes de travail"
        ordering = ["aim"]
        constraints = [
            models.UniqueConstraint(fields=["cooperation", "aim"], name="cooperations_aim_unique")
        ]

    def __str__(self) -> str:
        return self.get_aim_display()


class Objective(models.Model):
    cooperation = link(Cooperation, "coopération", related_name="objectives")
    title = models.CharField("objectif", max_length=200)
    description = models.TextField("précisions", blank=True)
    status = models.CharField(
        "avancement",
        max_length=20,
        choices=ObjectiveStatus.choices,
        default=ObjectiveStatus.PLANNED,
    )
    position = models.PositiveSmallIntegerField("ordre", default=0)

    class Meta:
        verbose_name = "objectif"
        verbose_name_plural = "objectifs"
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.title


class Membership(models.Model):
    """An organisation's place in a cooperation."""

    cooperation = link(Cooperation, "coopération", related_name="memberships")
    organisation = link(Organisation, "organisation", related_name="memberships")
    role = models.CharField(
        "rôle", max_length=20, choices=MemberRole.choices, default=MemberRole.MEMBER
    )
    since = models.DateField("depuis le", null=True, blank=True)

    class Meta:
        verbose_name = "membre"
        verbose_name_plural = "membres"
        ordering = ["role", "organisation__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["cooperation", "organisation"], name="cooperations_membership_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} ({self.get_role_display()})"


class Animator(models.Model):
    """A person who animates the cooperation, on behalf of one of its member organisations."""

    cooperation = link(Cooperation, "coopération", related_name="animators")
    user = link(settings.AUTH_USER_MODEL, "personne", related_name="animations")
    organisation = link(
        Organisation, "structure", related_name="animators", on_delete=models.PROTECT
    )
    since = models.DateField("depuis le", auto_now_add=True)

    class Meta:
        verbose_name = "animateur"
        verbose_name_plural = "animateurs"
        constraints = [
            models.UniqueConstraint(
                fields=["cooperation", "user"], name="cooperations_animator_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.cooperation}"


class NewsItem(models.Model):
    cooperation = link(Cooperation, "coopération", related_name="news")
    title = models.CharField("titre", max_length=200)
    body = RichTextField("texte")
    published_on = models.DateField("date de publication")
    created_by = link(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True)

    class Meta:
        verbose_name = "actualité"
        verbose_name_plural = "actualités"
        ordering = ["-published_on", "-pk"]

    def __str__(self) -> str:
        return self.title


class Testimony(models.Model):
    """ "Paroles d'animateurs": a quote from someone who lives the cooperation."""

    cooperation = link(Cooperation, "coopération", related_name="testimonies")
    quote = models.TextField("témoignage", max_length=3000)
    person_name = models.CharField("nom", max_length=150)
    person_role = models.CharField("fonction", max_length=150, blank=True)
    organisation_name = models.CharField("structure", max_length=200, blank=True)
    photo = models.ImageField(
        "photo", upload_to="testimonies/", blank=True, validators=[image_extensions, validate_logo]
    )
    position = models.PositiveSmallIntegerField("ordre", default=0)

    class Meta:
        verbose_name = "témoignage"
        verbose_name_plural = "témoignages"
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return f"{self.person_name} — {self.cooperation}"
