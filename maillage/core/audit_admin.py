"""The Django admin writes the same history as the back office (ADR 008).

`AuditedAdmin` is mixed into every ModelAdmin of the domain apps: the change form, the add
form, the inlines, the delete page and the "delete selected" action all save through
`core.audit`, with the staff member as actor and `AuditSource.ADMIN` as source. A row whose
history is told by another object names it with `history_via` ("cooperation" for a news
item); inline rows are told by their parent's history.
"""

from django.contrib import admin

from .audit import audited_create, audited_delete, audited_update
from .models import AuditSource


def _described(obj) -> str:
    return f"{obj._meta.verbose_name} « {obj} »"


class AuditedAdmin:
    """Mixin for a ModelAdmin (put it first): every save and delete writes a history line."""

    history_via: str | None = None

    def history_target(self, obj):
        """The object whose history tells this row's changes."""
        return getattr(obj, self.history_via) if self.history_via else obj

    def _audit(self, request) -> dict:
        return {"actor": request.user, "source": AuditSource.ADMIN}

    def save_model(self, request, obj, form, change):
        if not change:
            audited_create(
                instance=obj,
                target=self.history_target(obj),
                summary=f"Création dans l'administration : {_described(obj)}",
                **self._audit(request),
            )
            return
        model = type(obj)
        stored = model._default_manager.select_for_update().get(pk=obj.pk)
        names = {field.name for field in [*model._meta.concrete_fields, *model._meta.many_to_many]}
        values = {}
        for name in form.changed_data:
            if name in names:
                value = form.cleaned_data[name]
                # A cleared file field gives False.
                values[name] = "" if value is False else value
        audited_update(
            instance=stored,
            values=values,
            target=self.history_target(stored),
            summary=f"Modification dans l'administration : {_described(stored)}",
            **self._audit(request),
        )
        # The admin goes on with its own instance (messages, redirect): give it the saved state.
        obj.refresh_from_db()

    def save_formset(self, request, form, formset, change):
        """Inline rows: created, changed and deleted rows each write a line about the parent."""
        target = self.history_target(form.instance)
        formset.save(commit=False)
        for obj in formset.deleted_objects:
            audited_delete(
                instance=obj,
                target=target,
                summary=f"Suppression dans l'administration : {_described(obj)}",
                **self._audit(request),
            )
        for obj in formset.new_objects:
            audited_create(
                instance=obj,
                target=target,
                summary=f"Ajout dans l'administration : {_described(obj)}",
                **self._audit(request),
            )
        for obj, names in formset.changed_objects:
            stored = type(obj)._default_manager.select_for_update().get(pk=obj.pk)
            audited_update(
                instance=stored,
                values={name: getattr(obj, name) for name in names},
                target=target,
                summary=f"Modification dans l'administration : {_described(obj)}",
                **self._audit(request),
            )
        formset.save_m2m()

    def delete_model(self, request, obj):
        audited_delete(
            instance=obj,
            target=self.history_target(obj),
            summary=f"Suppression dans l'administration : {_described(obj)}",
            **self._audit(request),
        )

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self.delete_model(request, obj)


def audited_admin_models():
    """The models whose admin writes history (for the consistency test)."""
    return [
        model
        for model, model_admin in admin.site._registry.items()
        if isinstance(model_admin, AuditedAdmin)
    ]
