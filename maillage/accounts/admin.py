from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils import timezone

from maillage.core.audit_admin import AuditedAdmin
from maillage.core.models import AuditSource

from .models import Invitation, User
from .services import invitation_revoke


@admin.register(User)
class UserAdmin(AuditedAdmin, BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "is_staff", "is_active"]
    search_fields = ["email", "first_name", "last_name"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        ("Identité", {"fields": ["first_name", "last_name"]}),
        (
            "Droits",
            {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]},
        ),
        ("Dates", {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["email", "password1", "password2"]})]


@admin.register(Invitation)
class InvitationAdmin(AuditedAdmin, admin.ModelAdmin):
    """Invitations are created by the services (they email a token that is never stored): the
    admin shows them and can revoke them, nothing more."""

    list_display = ["email", "role", "label", "invited_by", "created_at", "expires_at", "state"]
    list_filter = ["role", ("accepted_at", admin.EmptyFieldListFilter)]
    search_fields = ["email"]
    list_select_related = ["invited_by"]
    date_hierarchy = "created_at"
    actions = ["revoke"]
    fields = [
        "email",
        "role",
        "label",
        "target_type",
        "target_id",
        "invited_by",
        "created_at",
        "expires_at",
        "accepted_at",
        "accepted_by",
        "revoked_at",
    ]
    readonly_fields = fields

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    @admin.display(description="objet de l'invitation")
    def label(self, invitation: Invitation) -> str:
        return invitation.extra.get("label", "")

    @admin.display(description="état")
    def state(self, invitation: Invitation) -> str:
        if invitation.accepted_at:
            return "acceptée"
        if invitation.revoked_at:
            return "annulée"
        if invitation.expires_at <= timezone.now():
            return "expirée"
        return "en attente"

    @admin.action(description="Annuler les invitations sélectionnées", permissions=["revoke"])
    def revoke(self, request, queryset) -> None:
        count = 0
        for invitation in queryset.filter(accepted_at__isnull=True, revoked_at__isnull=True):
            invitation_revoke(actor=request.user, invitation=invitation, source=AuditSource.ADMIN)
            count += 1
        self.message_user(request, f"{count} invitation(s) annulée(s).")

    def has_revoke_permission(self, request) -> bool:
        return request.user.has_perm("accounts.change_invitation")
