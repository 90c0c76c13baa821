"""Citizen teams (équipes citoyennes): who they are, their label, how they are born, who writes
to them, and what they did each year — in counts only: no older person is ever named here."""

from django.conf import settings
from django.db import models
from django.urls import reverse

from maillage.actions.models import Action, Kind
from maillage.cooperations.models import Cooperation
from maillage.core.fields import link
from maillage.core.models import VersionedModel
from maillage.core.richtext import RichTextField
from maillage.core.text import at_name
from maillage.organisations.models import Organisation
from maillage.territories.models import Commune, Perimeter

from .enums import RequesterKind, Stage, TeamStatus

# Public paths beside /equipes/<slug>/ that a team's slug must not take.
RESERVED_SLUGS = frozenset({"charte", "pres-de-chez-moi", "demandes", "soutiens"})


class CitizenTeamQuerySet(models.QuerySet):
    def acting_in(self, commune: Commune):
        """Teams whose communes of intervention cover this commune (reverse perimeter look-up)."""
        return self.filter(perimeter__in=Perimeter.objects.covering(commune))

    def labelled(self):
        """Teams whose charter is recognised and whose label has not been withdrawn."""
        return self.filter(pk__in=TeamCharterSignature.objects.labels().values("team_id"))

    def with_label(self):
        """Each team annotated with `label_since`: when its current label was given (None
        when it has none), in the same query."""
        labels = TeamCharterSignature.objects.labels().filter(team=models.OuterRef("pk"))
        return self.annotate(
            label_since=models.Subquery(
                labels.order_by("-recognised_at").values("recognised_at")[:1]
            )
        )

    def referred_by(self, user):
        """The teams this person speaks for (their messages, their charter)."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        return self.filter(referents__user=user)

    def editable_by(self, user):
        """Deny by default: staff edit all; a referent edits their teams; an animator edits the
        teams of the cooperations they animate."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_staff:
            return self
        return self.filter(
            models.Q(pk__in=TeamReferent.objects.filter(user=user).values("team_id"))
            | models.Q(
                pk__in=TeamCooperation.objects.filter(cooperation__animators__user=user).values(
                    "team_id"
                )
            )
        )

    def visible(self):
        """What the public pages show: every team but the closed ones."""
        return self.exclude(status=TeamStatus.CLOSED)


class CitizenTeam(VersionedModel):
    """An équipe citoyenne. Its affiliation is free: zero, one or several organisations
    ("indépendante" when none), never assigned by Maillage."""

    name = models.CharField("nom", max_length=200)
    slug = models.SlugField("identifiant d'adresse", max_length=220, unique=True)
    description = RichTextField("présentation", blank=True)
    perimeter = models.OneToOneField(
        Perimeter,
        on_delete=models.PROTECT,
        related_name="team",
        verbose_name="communes d'intervention",
    )
    cooperations = models.ManyToManyField(
        Cooperation,
        through="TeamCooperation",
        related_name="teams",
        verbose_name="coopérations",
        blank=True,
    )
    organisations = models.ManyToManyField(
        Organisation,
        related_name="teams",
        verbose_name="organisations d'appartenance",
        blank=True,
        help_text="Aucune si l'équipe est indépendante.",
    )
    kinds = models.ManyToManyField(
        Kind, related_name="teams", verbose_name="ce que fait l'équipe", blank=True
    )
    actions = models.ManyToManyField(
        Action, related_name="teams", verbose_name="actions portées", blank=True
    )
    status = models.CharField(
        "état", max_length=20, choices=TeamStatus.choices, default=TeamStatus.PROJECT, db_index=True
    )
    meeting_commune = link(Commune, "commune de rencontre", on_delete=models.PROTECT, optional=True)
    founded_on = models.DateField("date de création", null=True, blank=True)
    created_at = models.DateTimeField("créée le", auto_now_add=True)
    updated_at = models.DateTimeField("modifiée le", auto_now=True)

    objects = CitizenTeamQuerySet.as_manager()

    class Meta:
        verbose_name = "équipe citoyenne"
        verbose_name_plural = "équipes citoyennes"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("teams:detail", args=[self.slug])


class TeamCooperation(models.Model):
    """A cooperation a team works with: derived from its perimeter, confirmed by either side."""

    team = link(CitizenTeam, "équipe", related_name="cooperation_links")
    cooperation = link(Cooperation, "coopération", related_name="team_links")
    confirmed_at = models.DateTimeField("confirmée le", null=True, blank=True)

    class Meta:
        verbose_name = "coopération de l'équipe"
        verbose_name_plural = "coopérations de l'équipe"
        constraints = [
            models.UniqueConstraint(fields=["team", "cooperation"], name="teams_teamcoop_unique")
        ]

    def __str__(self) -> str:
        return f"{self.team} — {self.cooperation}"


class TeamReferent(models.Model):
    """A person who speaks for a team: edits it, reads its messages, fills in its reports."""

    team = link(CitizenTeam, "équipe", related_name="referents")
    user = link(settings.AUTH_USER_MODEL, "personne", related_name="team_referents")
    since = models.DateTimeField("depuis le", auto_now_add=True)

    class Meta:
        verbose_name = "référent d'équipe"
        verbose_name_plural = "référents d'équipe"
        constraints = [
            models.UniqueConstraint(fields=["team", "user"], name="teams_referent_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.team}"


class TeamCharterSignatureQuerySet(models.QuerySet):
    def labels(self):
        """Signatures that make a label: recognised and not withdrawn."""
        return self.filter(recognised_at__isnull=False, withdrawn_at__isnull=True)

    def live(self):
        """Signatures not withdrawn: awaiting recognition, or recognised."""
        return self.filter(withdrawn_at__isnull=True)


class TeamCharterSignature(models.Model):
    """The team's signature of the charte de l'équipe citoyenne, and its recognition (the label)
    by the cooperation covering its territory, or by national staff where none does."""

    team = link(CitizenTeam, "équipe", related_name="charter_signatures")
    signatory_name = models.CharField("au nom de l'équipe, signé par", max_length=150)
    signed_on = models.DateField("signée le")
    signed_by = link(
        settings.AUTH_USER_MODEL, "enregistrée par", on_delete=models.SET_NULL, optional=True
    )
    recognised_at = models.DateTimeField("reconnue le", null=True, blank=True)
    recognised_by = link(
        settings.AUTH_USER_MODEL, "reconnue par", on_delete=models.SET_NULL, optional=True
    )
    recognising_cooperation = link(
        Cooperation, "reconnue par la coopération", on_delete=models.SET_NULL, optional=True
    )
    withdrawn_at = models.DateTimeField("label retiré le", null=True, blank=True)
    withdrawn_by = link(
        settings.AUTH_USER_MODEL,
        "label retiré par",
        related_name="+",
        on_delete=models.SET_NULL,
        optional=True,
    )
    withdrawal_reason = models.TextField("motif du retrait", max_length=2000, blank=True)

    objects = TeamCharterSignatureQuerySet.as_manager()

    class Meta:
        verbose_name = "signature de la charte de l'équipe citoyenne"
        verbose_name_plural = "signatures de la charte de l'équipe citoyenne"
        ordering = ["-signed_on", "-pk"]
        constraints = [
            # One signature at a time: a new one only after the label is withdrawn.
            models.UniqueConstraint(
                fields=["team"],
                condition=models.Q(withdrawn_at__isnull=True),
                name="teams_one_live_charter_signature",
            )
        ]

    def __str__(self) -> str:
        return f"{self.team} — {self.signed_on:%d/%m/%Y}"


class StartupRequest(models.Model):
    """« Créer une équipe près de chez moi »: a project heard by the cooperation covering the
    commune (national staff when none does). The requester's contact is kept only until the
    retention purge after closing."""

    commune = link(Commune, "commune", on_delete=models.PROTECT)
    cooperation = link(
        Cooperation,
        "coopération",
        related_name="startup_requests",
        on_delete=models.SET_NULL,
        optional=True,
    )
    requester_kind = models.CharField(
        "qui porte le projet", max_length=20, choices=RequesterKind.choices
    )
    contact_name = models.CharField("nom", max_length=150)
    contact_email = models.EmailField("adresse électronique", blank=True)
    contact_phone = models.CharField("téléphone", max_length=20, blank=True)
    project = models.TextField("ce que vous aimeriez faire", max_length=3000)
    kinds = models.ManyToManyField(
        Kind, related_name="+", verbose_name="actions envisagées", blank=True
    )
    needs = models.JSONField("besoins", default=list, blank=True)  # StartupNeed codes
    consent = models.BooleanField("accepte d'être contacté")
    stage = models.CharField(
        "étape", max_length=20, choices=Stage.choices, default=Stage.RECEIVED, db_index=True
    )
    stage_since = models.DateTimeField("à cette étape depuis le")
    last_activity_at = models.DateTimeField("dernière action le", db_index=True)
    entry_partner = link(
        Organisation,
        "partenaire d'entrée",
        related_name="startup_requests_as_partner",
        on_delete=models.SET_NULL,
        optional=True,
    )
    no_entry_partner = models.BooleanField("sans partenaire d'entrée", default=False)
    team = link(
        CitizenTeam,
        "équipe née de la demande",
        related_name="startup_requests",
        on_delete=models.SET_NULL,
        optional=True,
    )
    closed_reason = models.TextField("motif de clôture", blank=True)
    closed_at = models.DateTimeField("close le", null=True, blank=True)
    reminded_at = models.DateTimeField("relance envoyée le", null=True, blank=True)
    anonymised_at = models.DateTimeField("anonymisée le", null=True, blank=True)
    created_at = models.DateTimeField("reçue le", auto_now_add=True)

    class Meta:
        verbose_name = "demande de création d'équipe"
        verbose_name_plural = "demandes de création d'équipe"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Projet d'équipe {at_name(self.commune.name)}"


class StageChange(models.Model):
    """When a request entered each stage: the board shows the time spent in each."""

    request = link(StartupRequest, "demande", related_name="stage_changes")
    stage = models.CharField("étape", max_length=20, choices=Stage.choices)
    entered_at = models.DateTimeField("entrée le")
    actor = link(settings.AUTH_USER_MODEL, "par", on_delete=models.SET_NULL, optional=True)

    class Meta:
        verbose_name = "changement d'étape"
        verbose_name_plural = "changements d'étape"
        ordering = ["entered_at", "pk"]

    def __str__(self) -> str:
        return f"{self.request} — {self.get_stage_display()}"


class SupportOffer(models.Model):
    """A partner organisation willing to support a starting team; the team chooses among the
    offers, or none. Maillage never assigns a team to an organisation."""

    request = link(StartupRequest, "demande", related_name="support_offers")
    organisation = link(Organisation, "organisation", related_name="support_offers")
    kinds = models.JSONField("soutiens proposés", default=list)  # SupportKind codes
    message = models.TextField("message", max_length=2000, blank=True)
    offered_by = link(
        settings.AUTH_USER_MODEL, "proposé par", on_delete=models.SET_NULL, optional=True
    )
    offered_at = models.DateTimeField("proposé le", auto_now_add=True)

    class Meta:
        verbose_name = "proposition de soutien"
        verbose_name_plural = "propositions de soutien"
        constraints = [
            models.UniqueConstraint(
                fields=["request", "organisation"], name="teams_supportoffer_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} — {self.request}"


class VolunteerMessageQuerySet(models.QuerySet):
    def waiting(self):
        """Neither answered nor closed: the team still owes the person an answer."""
        return self.filter(answered_at__isnull=True, closed_at__isnull=True)


class VolunteerMessage(models.Model):
    """« Devenir bénévole »: a person writes to a team. Their address is shown only to the
    team's referents, and the message is purged a configured time after it is closed."""

    team = link(CitizenTeam, "équipe", related_name="volunteer_messages")
    sender_name = models.CharField("nom", max_length=150)
    sender_email = models.EmailField("adresse électronique", blank=True)
    sender_phone = models.CharField("téléphone", max_length=20, blank=True)
    body = models.TextField("message", max_length=2000)
    consent = models.BooleanField("accepte d'être recontacté")
    created_at = models.DateTimeField("reçu le", auto_now_add=True, db_index=True)
    answered_at = models.DateTimeField("répondu le", null=True, blank=True)
    answered_by = link(
        settings.AUTH_USER_MODEL, "répondu par", on_delete=models.SET_NULL, optional=True
    )
    closed_at = models.DateTimeField("clos le", null=True, blank=True, db_index=True)
    reminded_at = models.DateTimeField("relance envoyée le", null=True, blank=True)
    escalated_at = models.DateTimeField("signalé à la coopération le", null=True, blank=True)

    objects = VolunteerMessageQuerySet.as_manager()

    class Meta:
        verbose_name = "message de bénévole"
        verbose_name_plural = "messages de bénévoles"
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"Message pour {self.team}"


class ActivityReport(models.Model):
    """A team's yearly report: counts only. No field here can hold an older person's name or
    address; figures are checked against each other and the commune's population."""

    team = link(CitizenTeam, "équipe", related_name="activity_reports")
    year = models.PositiveSmallIntegerField("année")
    volunteers = models.PositiveIntegerField("bénévoles")
    new_volunteers = models.PositiveIntegerField("dont nouveaux bénévoles")
    volunteers_trained = models.PositiveIntegerField("bénévoles formés dans l'année")
    people_accompanied = models.PositiveIntegerField("personnes âgées accompagnées")
    visits = models.PositiveIntegerField("visites")
    phone_calls = models.PositiveIntegerField("appels téléphoniques")
    collective_activities = models.PositiveIntegerField("activités collectives")
    outings = models.PositiveIntegerField("sorties")
    hours = models.PositiveIntegerField("heures données")
    comments = models.TextField(
        "commentaires",
        max_length=2000,
        blank=True,
        help_text="Sans nom ni adresse de personne accompagnée.",
    )
    submitted_by = link(
        settings.AUTH_USER_MODEL, "rempli par", on_delete=models.SET_NULL, optional=True
    )
    submitted_at = models.DateTimeField("rempli le", auto_now=True)

    class Meta:
        verbose_name = "bilan d'activité"
        verbose_name_plural = "bilans d'activité"
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(fields=["team", "year"], name="teams_report_one_per_year"),
            models.CheckConstraint(
                condition=models.Q(new_volunteers__lte=models.F("volunteers")),
                name="teams_report_new_within_volunteers",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.team} — {self.year}"
