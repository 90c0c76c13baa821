"""The Django admin of the inventory: national staff only, for repairs. Actions are recorded and
edited in the back office ("Mon espace" → actions); the admin writes the same history
(`core.audit_admin.AuditedAdmin`) and erases an action with its zone (`action_delete`)."""

from django.contrib import admin
from django.db import models

from maillage.core.audit_admin import AuditedAdmin
from maillage.core.models import AuditSource

from .models import Action, Kind, Public
from .services import action_delete


@admin.register(Action)
class ActionAdmin(AuditedAdmin, admin.ModelAdmin):
    list_display = ["title", "status", "verified_on", "commune", "updated_at"]
    list_filter = ["status", "kinds", "publics", "remote", "is_free"]
    search_fields = ["title", "slug", "external_id"]
    date_hierarchy = "verified_on"
    raw_id_fields = ["commune", "zone", "organisations", "source", "created_by"]
    filter_horizontal = ["kinds", "publics"]
    readonly_fields = ["zone", "created_at", "updated_at", "created_by", "version"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def has_add_permission(self, request):
        # A new action needs its zone, asked in plain words by the back-office form.
        return False

    def delete_model(self, request, obj):
        action_delete(actor=request.user, action=obj, source=AuditSource.ADMIN)


class ReferenceAdmin(AuditedAdmin, admin.ModelAdmin):
    """Reference rows seeded by a migration: their label and order may be reworded, their code
    is what exports and imports rely on."""

    list_display = ["label", "code", "position"]
    list_editable = ["position"]
    readonly_fields = ["code"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


admin.site.register(Kind, ReferenceAdmin)
admin.site.register(Public, ReferenceAdmin)
