"""Organisations of the network and their signatures of the MONALISA charter."""

from django.conf import settings
from django.db import models
from django.urls import reverse

from maillage.core.fields import link
from maillage.core.models import VersionedModel
from maillage.core.richtext import RichTextField
from maillage.core.validators import validate_siret
from maillage.territories.models import Commune

from .enums import AffiliationRole, CharterKind, OrganisationKind, SignatureStatus
from .validators import image_extensions, validate_logo


class Network(models.Model):
    """A national network an organisation belongs to (a federation, a movement)."""

    name = models.CharField("nom", max_length=150, unique=True)

    class Meta:
        verbose_name = "réseau"
        verbose_name_plural = "réseaux"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class OrganisationQuerySet(models.QuerySet):
    def signatories(self):
        """Organisations whose signature of the national charter is validated."""
        return self.filter(
            signatures__charter=CharterKind.NATIONAL, signatures__status=SignatureStatus.VALIDATED
        )

    def editable_by(self, user):
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_staff:
            return self
        return self.filter(
            affiliations__user=user, affiliations__role=AffiliationRole.REFERENT
        ).distinct()


class Organisation(VersionedModel):
    name = models.CharField("nom", max_length=200)
    slug = models.SlugField("identifiant d'adresse", max_length=220, unique=True)
    kind = models.CharField("nature", max_length=30, choices=OrganisationKind.choices)
    siret = models.CharField(
        "SIRET",
        max_length=14,
        blank=True,
        validators=[validate_siret],
        help_text="14 chiffres, facultatif.",
    )
    commune = link(Commune, "commune", on_delete=models.SET_NULL, optional=True)
    address = models.CharField("adresse", max_length=250, blank=True)
    website = models.URLField("site internet", blank=True)
    contact_email = models.EmailField(
        "adresse de contact publique",
        blank=True,
        help_text="Une adresse générique de la structure, jamais une adresse personnelle.",
    )
    phone = models.CharField("téléphone", max_length=20, blank=True)
    description = RichTextField("présentation", blank=True, max_length=3000)
    logo = models.ImageField(
        "logo", upload_to="logos/", blank=True, validators=[image_extensions, validate_logo]
    )
    networks = models.ManyToManyField(
        Network, blank=True, related_name="organisations", verbose_name="réseaux"
    )
    created_at = models.DateTimeField("créée le", auto_now_add=True)
    updated_at = models.DateTimeField("modifiée le", auto_now=True)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        verbose_name = "organisation"
        verbose_name_plural = "organisations"
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["siret"], condition=~models.Q(siret=""), name="organisations_siret_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(siret="") | models.Q(siret__regex=r"^[0-9]{14}$"),
                name="organisations_siret_14_digits",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("organisations:detail", args=[self.slug])


class Affiliation(models.Model):
    """A person attached to an organisation; a referent edits it and speaks for it."""

    user = link(settings.AUTH_USER_MODEL, "personne", related_name="affiliations")
    organisation = link(Organisation, "organisation", related_name="affiliations")
    role = models.CharField(
        "rôle", max_length=20, choices=AffiliationRole.choices, default=AffiliationRole.MEMBER
    )
    created_at = models.DateTimeField("depuis le", auto_now_add=True)

    class Meta:
        verbose_name = "rattachement"
        verbose_name_plural = "rattachements"
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation"], name="organisations_affiliation_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.organisation}"


class CharterSignatureQuerySet(models.QuerySet):
    def validated(self):
        return self.filter(status=SignatureStatus.VALIDATED)

    def pending(self):
        return self.filter(status=SignatureStatus.REQUESTED)

    def undoable(self, now, window):
        """Decisions taken less than `window` ago, which staff may still take back."""
        return self.filter(
            status__in=[SignatureStatus.VALIDATED, SignatureStatus.REFUSED],
            decided_at__gt=now - window,
        )


class CharterSignature(models.Model):
    """An organisation's request to sign the national charter, and what became of it."""

    organisation = link(Organisation, "organisation", related_name="signatures")
    charter = models.CharField(
        "charte", max_length=20, choices=CharterKind.choices, default=CharterKind.NATIONAL
    )
    signatory_name = models.CharField("nom du signataire", max_length=150)
    signatory_role = models.CharField("fonction du signataire", max_length=150)
    signed_on = models.DateField("date de signature")
    status = models.CharField(
        "statut", max_length=20, choices=SignatureStatus.choices, default=SignatureStatus.REQUESTED
    )
    refusal_reason = models.TextField("motif du refus", blank=True)
    requested_by = link(
        settings.AUTH_USER_MODEL, "demandée par", on_delete=models.SET_NULL, null=True
    )
    requested_at = models.DateTimeField("demandée le", auto_now_add=True)
    decided_by = link(
        settings.AUTH_USER_MODEL, "décidée par", on_delete=models.SET_NULL, optional=True
    )
    decided_at = models.DateTimeField("décidée le", null=True, blank=True)
    # The mail telling the decision waits in the outbox while staff may still undo it.
    decision_mail = link(
        "core.OutboundMail", "e-mail de la décision", on_delete=models.SET_NULL, optional=True
    )
    withdrawn_at = models.DateTimeField("retirée le", null=True, blank=True)

    objects = CharterSignatureQuerySet.as_manager()

    class Meta:
        verbose_name = "signature de charte"
        verbose_name_plural = "signatures de charte"
        ordering = ["-requested_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "charter"],
                condition=models.Q(status__in=["requested", "validated"]),
                name="organisations_one_live_signature",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="refused") | ~models.Q(refusal_reason=""),
                name="organisations_refusal_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} — {self.get_status_display()}"
