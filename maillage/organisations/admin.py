"""The Django admin, national staff's last resort: find an organisation, fix what the back
office does not cover (slug, referents, a signature's record)."""

from django.contrib import admin
from django.db import models

from maillage.core.audit_admin import AuditedAdmin

from .models import Affiliation, CharterSignature, Network, Organisation


@admin.register(Network)
class NetworkAdmin(AuditedAdmin, admin.ModelAdmin):
    search_fields = ["name"]
    list_display = ["name"]


class AffiliationInline(admin.TabularInline):
    model = Affiliation
    extra = 0
    raw_id_fields = ["user"]
    fields = ["user", "role", "created_at"]
    readonly_fields = ["created_at"]


class CharterSignatureInline(admin.TabularInline):
    model = CharterSignature
    extra = 0
    fields = [
        "charter",
        "status",
        "signatory_name",
        "signatory_role",
        "signed_on",
        "refusal_reason",
        "requested_by",
        "decided_by",
        "decided_at",
        "withdrawn_at",
    ]
    raw_id_fields = ["requested_by", "decided_by"]
    show_change_link = True


@admin.register(Organisation)
class OrganisationAdmin(AuditedAdmin, admin.ModelAdmin):
    list_display = ["name", "kind", "commune", "siret", "updated_at"]
    list_filter = ["kind", "networks", "signatures__status"]
    search_fields = ["name", "slug", "siret", "commune__name", "commune__code"]
    list_select_related = ["commune"]
    prepopulated_fields = {"slug": ["name"]}
    raw_id_fields = ["commune"]
    filter_horizontal = ["networks"]
    readonly_fields = ["created_at", "updated_at"]
    inlines = [AffiliationInline, CharterSignatureInline]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    fieldsets = [
        (None, {"fields": ["name", "slug", "kind", "siret"]}),
        ("Coordonnées", {"fields": ["commune", "address", "website", "contact_email", "phone"]}),
        ("Présentation", {"fields": ["description", "logo", "networks"]}),
        ("Dates", {"fields": ["created_at", "updated_at"]}),
    ]


@admin.register(Affiliation)
class AffiliationAdmin(AuditedAdmin, admin.ModelAdmin):
    history_via = "organisation"
    list_display = ["user", "organisation", "role", "created_at"]
    list_filter = ["role", "organisation__kind"]
    search_fields = ["user__email", "user__last_name", "organisation__name"]
    list_select_related = ["user", "organisation"]
    raw_id_fields = ["user", "organisation"]


@admin.register(CharterSignature)
class CharterSignatureAdmin(AuditedAdmin, admin.ModelAdmin):
    history_via = "organisation"
    list_display = ["organisation", "status", "signatory_name", "signed_on", "requested_at"]
    list_filter = ["status", "charter", "organisation__kind"]
    search_fields = ["organisation__name", "signatory_name", "requested_by__email"]
    list_select_related = ["organisation"]
    raw_id_fields = ["organisation", "requested_by", "decided_by"]
    date_hierarchy = "requested_at"
    # The decision's mail is the outbox's row, shown read only (ADR 025).
    readonly_fields = ["requested_at", "decision_mail"]
