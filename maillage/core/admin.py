from django.contrib import admin, messages

from .mail import mail_requeue
from .models import OutboundMail


@admin.register(OutboundMail)
class OutboundMailAdmin(admin.ModelAdmin):
    """What left and what waits, for staff to follow the mail server: read only, and without
    the bodies (they may hold a one-time link or a visitor's message)."""

    list_display = ["subject", "recipients", "status", "attempts", "created_at", "sent_at"]
    list_filter = ["status", "template"]
    search_fields = ["subject", "to"]
    date_hierarchy = "created_at"
    fields = [
        "template",
        "recipients",
        "reply_to",
        "subject",
        "status",
        "attempts",
        "next_attempt_at",
        "last_error",
        "created_at",
        "sent_at",
    ]
    readonly_fields = fields
    actions = ["requeue"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    @admin.display(description="destinataires")
    def recipients(self, mail: OutboundMail) -> str:
        return ", ".join(mail.to)

    @admin.action(description="Renvoyer")
    def requeue(self, request, queryset):
        count = mail_requeue(queryset)
        skipped = queryset.count() - count
        if count:
            self.message_user(
                request, f"{count} e-mail(s) repartiront dans la minute.", messages.SUCCESS
            )
        if skipped:
            self.message_user(
                request,
                f"{skipped} e-mail(s) ne peuvent pas être renvoyés : déjà envoyés (leur contenu "
                "est effacé à l'envoi), en attente de leur premier envoi, ou adressés à une "
                "adresse invalide.",
                messages.WARNING,
            )
