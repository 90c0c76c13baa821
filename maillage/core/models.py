"""Pieces every domain shares: the audit trail and the outbox of mails."""

import datetime

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone

from .fields import link


class AuditSource(models.TextChoices):
    APP = "app", "espace de gestion"
    ADMIN = "admin", "administration technique"


class VersionedModel(models.Model):
    """A row edited by several people: each audited update raises its version by one, and a
    form started from an older version is refused (see `core.audit.audited_update`)."""

    version = models.PositiveIntegerField("version", default=1, editable=False)

    class Meta:
        abstract = True


class AuditEntryQuerySet(models.QuerySet):
    def about(self, obj: models.Model):
        """The history of one object (a cooperation, an organisation), newest first."""
        return self.filter(
            target_type=ContentType.objects.get_for_model(obj), target_id=obj.pk
        ).order_by("-created_at", "-pk")


class AuditEntry(models.Model):
    """Who changed what and when; written by `core.audit` from the services and the admin,
    never by signals."""

    actor = link(settings.AUTH_USER_MODEL, "auteur", on_delete=models.SET_NULL, optional=True)
    target_type = link(ContentType)
    target_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("target_type", "target_id")
    action = models.CharField("action", max_length=60)
    summary = models.CharField("résumé", max_length=300)
    changes = models.JSONField("modifications", default=dict, blank=True)
    source = models.CharField(
        "source", max_length=10, choices=AuditSource.choices, default=AuditSource.APP
    )
    version = models.PositiveIntegerField(
        "version de l'objet", null=True, blank=True, help_text="Celle que la modification a créée."
    )
    created_at = models.DateTimeField("date", auto_now_add=True, db_index=True)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        verbose_name = "entrée d'historique"
        verbose_name_plural = "historique"
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(
                fields=["target_type", "target_id", "-created_at"], name="core_audit_target"
            )
        ]

    def __str__(self) -> str:
        return self.summary


def audit(
    *,
    actor,
    target: models.Model,
    action: str,
    summary: str,
    changes=None,
    source: str = AuditSource.APP,
    version: int | None = None,
) -> AuditEntry:
    """Write one history line about `target` (call it inside the service's transaction).
    Services rather call `core.audit.audited_create/update/delete`, which save and call this."""
    return AuditEntry.objects.create(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        target_type=ContentType.objects.get_for_model(target),
        target_id=target.pk,
        action=action,
        summary=summary[:300],
        changes=changes or {},
        source=source,
        version=version,
    )


def changed_fields(before: dict, after: dict) -> dict:
    """{field: [old, new]} for the values that differ, as strings, for the history."""
    return {
        name: [str(before.get(name, "")), str(value)]
        for name, value in after.items()
        if before.get(name) != value
    }


class MailStatus(models.TextChoices):
    QUEUED = "queued", "en attente d'envoi"
    SENT = "sent", "envoyé"
    FAILED = "failed", "abandonné"


class OutboundMailQuerySet(models.QuerySet):
    def due(self, now):
        """Queued mails whose next attempt is now or past, the oldest first."""
        return self.filter(status=MailStatus.QUEUED, next_attempt_at__lte=now).order_by(
            "next_attempt_at", "pk"
        )


class OutboundMail(models.Model):
    """A mail written in the transaction of the action that sends it (both are kept or neither)
    and delivered once it commits, retried while the mail server fails (maillage.core.mail)."""

    template = models.CharField("modèle", max_length=200)
    to = models.JSONField("destinataires", default=list)
    reply_to = models.CharField("répondre à", max_length=400, blank=True)
    subject = models.CharField("objet", max_length=255)
    # Both bodies are erased once the mail is sent: they may hold a one-time link or a
    # visitor's message, which the outbox has no reason to keep.
    text = models.TextField("texte", blank=True)
    html = models.TextField("HTML", blank=True)
    status = models.CharField(
        "état", max_length=10, choices=MailStatus.choices, default=MailStatus.QUEUED
    )
    attempts = models.PositiveSmallIntegerField("tentatives", default=0)
    next_attempt_at = models.DateTimeField("prochaine tentative", default=timezone.now)
    last_error = models.TextField("dernière erreur", blank=True)
    created_at = models.DateTimeField("créé le", auto_now_add=True)
    sent_at = models.DateTimeField("envoyé le", null=True, blank=True)

    objects = OutboundMailQuerySet.as_manager()

    class Meta:
        verbose_name = "e-mail sortant"
        verbose_name_plural = "e-mails sortants"
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="core_mail_due")]

    def __str__(self) -> str:
        return self.subject

    @property
    def waiting(self) -> bool:
        """Not sent yet: the mail server is down or slow, the outbox retries."""
        return self.status == MailStatus.QUEUED

    @property
    def given_up(self) -> bool:
        return self.status == MailStatus.FAILED


class ImportStatus(models.TextChoices):
    STAGED = "staged", "en attente de confirmation"
    COMMITTED = "committed", "importé"
    REFUSED = "refused", "refusé"


IMPORT_RUN_LIFETIME = datetime.timedelta(days=1)


class ImportRunQuerySet(models.QuerySet):
    def expired(self, now=None):
        """Runs older than a day: their file and report are deleted (`purge_import_runs`)."""
        return self.filter(created_at__lt=(now or timezone.now()) - IMPORT_RUN_LIFETIME)

    def live(self, now=None):
        return self.filter(created_at__gte=(now or timezone.now()) - IMPORT_RUN_LIFETIME)


class ImportRun(models.Model):
    """An uploaded file between its preview and its import (maillage.core.importing): kept
    a day so that confirming does not upload it again, then deleted."""

    kind = models.CharField("nature", max_length=60)
    # The object the rows are imported into (a cooperation); its kind says which model.
    scope_id = models.PositiveBigIntegerField("objet")
    owner = link(settings.AUTH_USER_MODEL, "déposé par", on_delete=models.SET_NULL, optional=True)
    filename = models.CharField("nom du fichier", max_length=255)
    content = models.BinaryField("contenu", blank=True)
    size = models.PositiveIntegerField("taille", default=0)
    status = models.CharField(
        "état", max_length=10, choices=ImportStatus.choices, default=ImportStatus.STAGED
    )
    report = models.JSONField("rapport", default=dict, blank=True)
    created_at = models.DateTimeField("déposé le", auto_now_add=True, db_index=True)
    committed_at = models.DateTimeField("importé le", null=True, blank=True)

    objects = ImportRunQuerySet.as_manager()

    class Meta:
        verbose_name = "import de fichier"
        verbose_name_plural = "imports de fichiers"
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["kind", "scope_id"], name="core_importrun_scope")]

    def __str__(self) -> str:
        return self.filename
