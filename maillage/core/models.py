"""Pieces every domain shares: the audit trail."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models


class AuditEntryQuerySet(models.QuerySet):
    def about(self, obj: models.Model):
        """The history of one object (a cooperation, an organisation), newest first."""
        return self.filter(
            target_type=ContentType.objects.get_for_model(obj), target_id=obj.pk
        ).order_by("-created_at", "-pk")


class AuditEntry(models.Model):
    """Who changed what and when; written explicitly by the services, never by signals."""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="auteur",
    )
    target_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    target_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("target_type", "target_id")
    action = models.CharField("action", max_length=60)
    summary = models.CharField("résumé", max_length=300)
    changes = models.JSONField("modifications", default=dict, blank=True)
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


def audit(*, actor, target: models.Model, action: str, summary: str, changes=None) -> AuditEntry:
    """Write one history line about `target` (call it inside the service's transaction)."""
    return AuditEntry.objects.create(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        target_type=ContentType.objects.get_for_model(target),
        target_id=target.pk,
        action=action,
        summary=summary[:300],
        changes=changes or {},
    )


def changed_fields(before: dict, after: dict) -> dict:
    """{field: [old, new]} for the values that differ, as strings, for the history."""
    return {
        name: [str(before.get(name, "")), str(value)]
        for name, value in after.items()
        if before.get(name) != value
    }
