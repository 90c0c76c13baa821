"""Audited writes: save a change and write its history line in one call.

Every service of every app writes through `audited_create`, `audited_update` and
`audited_delete`; the Django admin writes through them too (`core.audit_admin.AuditedAdmin`), so
that a history page tells the whole story whatever the path. A history line says who, about
which object, which fields went from what to what (as a person reads them: choice labels,
French dates), under one scheme of action names: `<app>.<noun>.<verb>`, the noun being the
model's name (`cooperations.newsitem.update`) or, for a write that is not one row, a business
noun (`cooperations.territory.add`).

Optimistic versions: a model with a `version` column (`VersionedModel`) is edited from the
version the form was shown with; `audited_update(..., version=n)` refuses a stale save with
`StaleVersion`, which names what changed meanwhile and its value now.
"""

import datetime
import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
from django.utils.html import strip_tags
from django.utils.text import Truncator

from .models import AuditEntry, AuditSource, VersionedModel, audit, changed_fields

ACTION_PATTERN = re.compile(r"^[a-z_]+\.[a-z_]+\.[a-z_]+$")
# Never written to a history line, whatever the path.
SECRET_FIELDS = frozenset({"password", "token_hash"})


class StaleVersion(ValidationError):
    """Someone saved the same object after this form was shown: `changes` lists, for each
    field they changed, its label and its value now."""

    def __init__(self, changes: list[tuple[str, str]], current_version: int):
        self.changes = changes
        self.current_version = current_version
        lines = "; ".join(f"{label} : « {value or '(vide)'} »" for label, value in changes)
        message = (
            "Quelqu'un a enregistré cette fiche pendant que vous la modifiiez. "
            + (f"Ce qui a changé entre-temps : {lines}. " if lines else "")
            + "Vos saisies sont conservées ci-dessous : vérifiez-les, puis enregistrez de nouveau."
        )
        super().__init__(message, code="stale")


def action_name(model: type[models.Model] | models.Model, verb: str) -> str:
    """The action name of a write on one row: `<app>.<model>.<verb>`."""
    meta = model._meta
    return f"{meta.app_label}.{meta.model_name}.{verb}"


def shown(instance: models.Model, name: str) -> str:
    """A field as a person reads it in the history: choice labels, French dates, the related
    object's name (its `audit_label()` if it has one), a file's name, « oui »/« non »."""
    field = instance._meta.get_field(name)
    if field.many_to_many:
        if instance.pk is None:
            return ""
        return ", ".join(sorted(str(row) for row in getattr(instance, name).all()))
    if field.is_relation:
        related = getattr(instance, name)
        if related is None:
            return ""
        return related.audit_label() if hasattr(related, "audit_label") else str(related)
    value = getattr(instance, name)
    if value is None or value == "":
        return ""
    if field.choices:
        return str(getattr(instance, f"get_{name}_display")())
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, datetime.datetime):
        return value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, models.fields.files.FieldFile):
        return value.name or ""
    return str(value)


def snapshot(instance: models.Model, names: Iterable[str]) -> dict[str, str]:
    """{field: value as shown} for the history; secret fields are left out."""
    return {name: shown(instance, name) for name in names if name not in SECRET_FIELDS}


def _check_action(action: str) -> str:
    if not ACTION_PATTERN.match(action):
        raise ValueError(f"Audit action {action!r} is not <app>.<noun>.<verb>")
    return action


def _version_of(instance: models.Model) -> int | None:
    return getattr(instance, "version", None) if isinstance(instance, VersionedModel) else None


def _changed_since(instance: models.Model, target: models.Model, version: int) -> list:
    """What the saves after `version` changed, with each field's value now (from the history
    lines, which carry the version each save made)."""
    names: list[str] = []
    for changes in (
        AuditEntry.objects.about(target)
        .filter(version__gt=version, action=action_name(instance, "update"))
        .order_by("pk")
        .values_list("changes", flat=True)
    ):
        names += [name for name in changes if name not in names]
    return [(field_label(type(instance), name), _shown_or_blank(instance, name)) for name in names]


def _shown_or_blank(instance, name) -> str:
    try:
        return shown(instance, name)
    except FieldDoesNotExist:
        return ""


def audited_create(
    *,
    actor,
    instance: models.Model,
    summary: str,
    target: models.Model | None = None,
    fields: Iterable[str] | None = None,
    action: str | None = None,
    extra_changes: Mapping[str, list[str]] | None = None,
    source: str = AuditSource.APP,
) -> models.Model:
    """Save a new row and write its history line (every listed field from empty to its value).
    `target` is the object whose history tells it (the row itself by default)."""
    instance.save()
    names = _names(instance, fields)
    changes = changed_fields(dict.fromkeys(names, ""), snapshot(instance, names))
    audit(
        actor=actor,
        target=target or instance,
        action=_action(instance, action, "create"),
        summary=summary,
        changes={**changes, **(extra_changes or {})},
        source=source,
        version=_version_of(instance),
    )
    return instance


def audited_update(
    *,
    actor,
    instance: models.Model,
    values: Mapping[str, Any],
    summary: str | Callable[[dict], str],
    target: models.Model | None = None,
    action: str | None = None,
    version: int | None = None,
    extra_changes: Mapping[str, list[str]] | None = None,
    source: str = AuditSource.APP,
) -> dict[str, list[str]]:
    """Apply `values` to a row read under lock (`select_for_update`), save the fields that
    changed and write the history line; return {field: [before, after]} ({} if nothing changed).

    `version`: the version the person's form started from; if the row has moved on since,
    nothing is saved and `StaleVersion` says what changed meanwhile. Many-to-many values
    are sets of rows. `extra_changes` adds or overrides lines (a photo said in words);
    `summary` may be a function of the changes."""
    target = target or instance
    current = _version_of(instance)
    if version is not None and current is not None and version != current:
        raise StaleVersion(_changed_since(instance, target, version), current)
    names = list(values)
    before = snapshot(instance, names)
    changed, related = [], {}
    for name, value in values.items():
        field = instance._meta.get_field(name)
        if field.many_to_many:
            if {row.pk for row in value} != set(
                getattr(instance, name).values_list("pk", flat=True)
            ):
                related[name] = value
        elif _differs(field, getattr(instance, name), value):
            setattr(instance, name, value)
            changed.append(name)
    if not changed and not related and not extra_changes:
        return {}
    if current is not None:
        instance.version = current + 1
        changed.append("version")
    if any(field.name == "updated_at" for field in instance._meta.concrete_fields):
        changed.append("updated_at")
    instance.save(update_fields=changed or None)
    for name, rows in related.items():
        getattr(instance, name).set(rows)
    changes = {**changed_fields(before, snapshot(instance, names)), **(extra_changes or {})}
    if changes:
        audit(
            actor=actor,
            target=target,
            action=_action(instance, action, "update"),
            summary=summary(changes) if callable(summary) else summary,
            changes=changes,
            source=source,
            version=_version_of(instance),
        )
    return changes


def _differs(field, stored, value) -> bool:
    if isinstance(field, models.FileField):
        # An upload always replaces the file; an empty value removes the stored one.
        is_upload = bool(value) and not isinstance(value, models.fields.files.FieldFile)
        return is_upload or (not value and bool(stored))
    return stored != value


def audited_delete(
    *,
    actor,
    instance: models.Model,
    summary: str,
    target: models.Model | None = None,
    fields: Iterable[str] | None = None,
    action: str | None = None,
    source: str = AuditSource.APP,
) -> None:
    """Delete a row and write its history line (every listed field from its value to empty).
    The target must outlive the row: deleting a row whose history is its own leaves its
    history, whose target no longer exists, to the database's audit table alone."""
    names = _names(instance, fields)
    before = snapshot(instance, names)
    target = target or instance
    target_pk = target.pk
    instance.delete()
    if target.pk is None:
        target.pk = target_pk
    audit(
        actor=actor,
        target=target,
        action=_action(instance, action, "delete"),
        summary=summary,
        changes=changed_fields(before, dict.fromkeys(names, "")),
        source=source,
    )


def _action(instance: models.Model, action: str | None, verb: str) -> str:
    """The action name given, checked, or `<app>.<model>.<verb>`."""
    return _check_action(action or action_name(instance, verb))


def _names(instance: models.Model, fields: Iterable[str] | None) -> list[str]:
    return list(fields) if fields is not None else _editable_names(instance)


def _editable_names(instance: models.Model) -> list[str]:
    """The fields a person edits: concrete, editable, not the key, not a secret."""
    return [
        field.name
        for field in [*instance._meta.concrete_fields, *instance._meta.many_to_many]
        if field.editable and not field.primary_key and field.name not in SECRET_FIELDS
    ]


# --- reading the history ---------------------------------------------------------------------


def field_label(model: type[models.Model] | None, name: str) -> str:
    """A field's French label, or its name when the model does not have it."""
    if model is not None:
        try:
            return str(model._meta.get_field(name).verbose_name)
        except FieldDoesNotExist:
            pass
    return name


def _model_of(action: str) -> type[models.Model] | None:
    app_label, noun, _verb = ([*action.split("."), "", ""])[:3]
    try:
        return apps.get_model(app_label, noun)
    except (LookupError, ValueError):
        return None


def _short(value) -> str:
    return Truncator(strip_tags(str(value))).chars(200)


def history_rows(entries: Iterable[AuditEntry]) -> list[dict]:
    """History lines as a page shows them: the entry, its source and each change with its
    French label, old and new values shortened."""
    rows = []
    for entry in entries:
        model = _model_of(entry.action)
        changes = [
            {
                "label": field_label(model, name),
                "old": _short(values[0]) if isinstance(values, list) else "",
                "new": _short(values[1]) if isinstance(values, list) else _short(values),
            }
            for name, values in (entry.changes or {}).items()
        ]
        rows.append({"entry": entry, "changes": changes})
    return rows
