"""The official geography is imported (manage.py import_territories), never typed: its admin
pages only show it. Perimeters are ours, and editable, their parts checked against it."""

import json

from django import forms
from django.contrib import admin
from django.db.models import Q
from django.utils.html import format_html

from maillage.core.text import normalize

from .enums import PartKind
from .models import (
    Commune,
    Department,
    Epci,
    GeographyImport,
    Perimeter,
    PerimeterPart,
    PostalCode,
    Region,
)
from .services import clean_parts


class ImportedAdmin(admin.ModelAdmin):
    """View only: a change here would be undone by the next import."""

    show_full_result_count = False  # no COUNT(*) over 37,000 communes on every search

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_search_results(self, request, queryset, search_term):
        """A code, or a name on its normalised form: accents, case and "St" do not matter."""
        term = search_term.strip()
        if not term or "search_name" not in self.search_fields:
            return super().get_search_results(request, queryset, search_term)
        condition = Q(code__iexact=term)
        if key := normalize(term):
            condition |= Q(search_name__contains=key)
        return queryset.filter(condition), False


@admin.register(Region)
class RegionAdmin(ImportedAdmin):
    list_display = ["name", "code", "zone"]
    list_filter = ["zone"]
    search_fields = ["code", "name"]


@admin.register(Department)
class DepartmentAdmin(ImportedAdmin):
    list_display = ["code", "name", "region", "zone", "population"]
    list_filter = ["zone", "region"]
    list_select_related = ["region"]
    search_fields = ["code", "search_name"]


@admin.register(Epci)
class EpciAdmin(ImportedAdmin):
    list_display = ["name", "code", "kind", "population"]
    list_filter = ["kind"]
    search_fields = ["code", "search_name"]


class PostalCodeInline(admin.TabularInline):
    model = PostalCode
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class AttachedInline(admin.TabularInline):
    model = Commune
    fk_name = "current"
    fields = ["code", "name", "kind"]
    extra = 0
    can_delete = False
    verbose_name = "commune rattachée"
    verbose_name_plural = "communes déléguées, associées et arrondissements municipaux"

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Commune)
class CommuneAdmin(ImportedAdmin):
    list_display = ["name", "code", "kind", "department", "epci", "population"]
    list_filter = ["kind", "region"]
    list_select_related = ["department", "epci"]
    search_fields = ["code", "search_name"]
    inlines = [PostalCodeInline, AttachedInline]


@admin.register(GeographyImport)
class GeographyImportAdmin(admin.ModelAdmin):
    list_display = ["imported_at", "source_version", "summary", "short_fingerprint"]
    fields = ["imported_at", "source_version", "fingerprint", "pretty_report"]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description="changements")
    def summary(self, obj):
        tables = obj.report.get("tables", {})
        parts = [
            f"{table.get('label', name)} +{table.get('added', 0)} ~{table.get('changed', 0)} "
            f"-{table.get('removed', 0)}"
            for name, table in tables.items()
            if table.get("added") or table.get("changed") or table.get("removed")
        ]
        return ", ".join(parts) or "aucun"

    @admin.display(description="empreinte")
    def short_fingerprint(self, obj):
        return obj.fingerprint[:12]

    @admin.display(description="rapport")
    def pretty_report(self, obj):
        return format_html("<pre>{}</pre>", json.dumps(obj.report, ensure_ascii=False, indent=2))


class PerimeterPartForm(forms.ModelForm):
    """A part must name a territory of the imported geography (services.clean_parts)."""

    code = forms.CharField(
        label="code officiel",
        max_length=9,
        required=False,
        help_text="Vide pour la France entière.",
    )

    class Meta:
        model = PerimeterPart
        fields = ["kind", "code"]

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("kind")
        if kind and kind != PartKind.COUNTRY and not cleaned.get("code"):
            self.add_error("code", "Indiquez le code officiel du territoire.")
        elif kind:
            parts = clean_parts([(kind, cleaned.get("code", ""))])
            cleaned["kind"], cleaned["code"] = parts[0]
        return cleaned


class PerimeterPartInline(admin.TabularInline):
    model = PerimeterPart
    form = PerimeterPartForm
    extra = 1


@admin.register(Perimeter)
class PerimeterAdmin(admin.ModelAdmin):
    list_display = ["__str__", "created_at", "parts_summary"]
    search_fields = ["label"]
    inlines = [PerimeterPartInline]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("parts")

    @admin.display(description="territoires")
    def parts_summary(self, obj):
        return ", ".join(str(part) for part in obj.parts.all())
