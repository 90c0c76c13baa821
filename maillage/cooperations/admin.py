"""The Django admin of cooperations: national staff only (the admin requires is_staff).

Animators work in the back office ("Mon espace"); the admin is the staff's tool for repairs. Both
write the same history (`core.audit_admin.AuditedAdmin`): an edit here shows on the cooperation's
history page, marked as made in the administration."""

from django.contrib import admin
from django.db import models

from maillage.core.audit_admin import AuditedAdmin

from .models import (
    Animator,
    Cooperation,
    CooperationAim,
    Membership,
    NewsItem,
    Objective,
    Testimony,
)


class CooperationAimInline(admin.TabularInline):
    model = CooperationAim
    extra = 0


class ObjectiveInline(admin.TabularInline):
    model = Objective
    extra = 0


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    raw_id_fields = ["organisation"]


class AnimatorInline(admin.TabularInline):
    model = Animator
    extra = 0
    raw_id_fields = ["user", "organisation"]
    readonly_fields = ["since"]


@admin.register(Cooperation)
class CooperationAdmin(AuditedAdmin, admin.ModelAdmin):
    list_display = ["name", "slug", "status", "founded_on", "updated_at"]
    list_filter = ["status", "working_mode"]
    search_fields = ["name", "slug"]
    raw_id_fields = ["perimeter"]
    readonly_fields = ["created_at", "updated_at"]
    inlines = [CooperationAimInline, ObjectiveInline, MembershipInline, AnimatorInline]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


@admin.register(Membership)
class MembershipAdmin(AuditedAdmin, admin.ModelAdmin):
    history_via = "cooperation"
    list_display = ["organisation", "cooperation", "role", "since"]
    list_filter = ["role"]
    search_fields = ["organisation__name", "cooperation__name"]
    raw_id_fields = ["cooperation", "organisation"]
    list_select_related = ["organisation", "cooperation"]


@admin.register(Animator)
class AnimatorAdmin(AuditedAdmin, admin.ModelAdmin):
    history_via = "cooperation"
    list_display = ["user", "cooperation", "organisation", "since"]
    search_fields = ["user__email", "user__last_name", "cooperation__name"]
    raw_id_fields = ["cooperation", "user", "organisation"]
    list_select_related = ["user", "cooperation", "organisation"]


@admin.register(NewsItem)
class NewsItemAdmin(AuditedAdmin, admin.ModelAdmin):
    history_via = "cooperation"
    list_display = ["title", "cooperation", "published_on"]
    search_fields = ["title", "cooperation__name"]
    raw_id_fields = ["cooperation", "created_by"]
    list_select_related = ["cooperation"]
    date_hierarchy = "published_on"


@admin.register(Testimony)
class TestimonyAdmin(AuditedAdmin, admin.ModelAdmin):
    history_via = "cooperation"
    list_display = ["person_name", "cooperation", "organisation_name"]
    search_fields = ["person_name", "organisation_name", "cooperation__name"]
    raw_id_fields = ["cooperation"]
    list_select_related = ["cooperation"]
