"""The cooperation itself: opening it, its presentation, its aims."""

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from maillage.accounts.models import User
from maillage.core.audit import audited_create, audited_update
from maillage.core.models import audit, changed_fields
from maillage.core.richtext import sanitize
from maillage.territories.enums import PartKind
from maillage.territories.services import perimeter_create

from ..enums import Aim
from ..models import RESERVED_SLUGS, Cooperation, CooperationAim
from .territory import parts_text

# What an animator may change on the cooperation itself; the slug stays (it is in every link).
EDITABLE_FIELDS = (
    "name",
    "status",
    "founded_on",
    "birth_story",
    "working_mode",
    "working_description",
    "strategy",
    "autonomy_plan_url",
    "contact_email",
)
RICH_TEXT_FIELDS = ("birth_story", "working_description", "strategy")
NOT_CHOSEN = "(non retenu)"


@transaction.atomic
def cooperation_create(*, actor: User, name: str, slug: str, department_code: str) -> Cooperation:
    """National staff open a cooperation on one department; its animators refine the rest."""
    if slug in RESERVED_SLUGS or Cooperation.objects.filter(slug=slug).exists():
        raise ValidationError("Une coopération utilise déjà cet identifiant d'adresse.")
    perimeter = perimeter_create(parts=[(PartKind.DEPARTMENT, department_code)], label=name)
    return audited_create(
        actor=actor,
        instance=Cooperation(name=name, slug=slug, perimeter=perimeter),
        fields=["name"],
        extra_changes={"territoire": ["", parts_text(perimeter.part_pairs())]},
        summary=f"Création de la coopération {name}",
    )


@transaction.atomic
def cooperation_update(
    *,
    actor: User,
    cooperation: Cooperation,
    data: Mapping[str, Any],
    version: int | None = None,
) -> Cooperation:
    """Change the presentation of a cooperation; rich texts are sanitised once more here.
    `version`: the one the form started from (a stale save raises `StaleVersion`)."""
    unknown = set(data) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"Fields not editable here: {sorted(unknown)}")
    values = dict(data)
    for name in RICH_TEXT_FIELDS:
        if name in values:
            values[name] = sanitize(values[name])
    # Read again, locked: a form may have changed the caller's instance already.
    cooperation = Cooperation.objects.select_for_update().get(pk=cooperation.pk)
    audited_update(
        actor=actor,
        instance=cooperation,
        values={name: values[name] for name in EDITABLE_FIELDS if name in values},
        version=version,
        summary="Présentation de la coopération modifiée",
    )
    return cooperation


def _aim_text(chosen: bool, description: str) -> str:
    if not chosen:
        return NOT_CHOSEN
    return description or "(retenu)"


@transaction.atomic
def cooperation_set_aims(*, actor: User, cooperation: Cooperation, aims: Mapping[int, str]) -> None:
    """Record which of the eight aims the cooperation works on (`aims`: aim → its own words).
    One history line for the eight rows: the set is what a person changes."""
    unknown = set(aims) - set(Aim.values)
    if unknown:
        raise ValueError(f"Unknown aims: {sorted(unknown)}")
    existing = {row.aim: row for row in cooperation.aims.all()}
    before, after = {}, {}
    for aim in Aim.values:
        key = f"axe {aim}"
        row = existing.get(aim)
        before[key] = _aim_text(row is not None, row.description if row else "")
        after[key] = _aim_text(aim in aims, aims.get(aim, ""))
        if aim not in aims and row is not None:
            row.delete()
        elif aim in aims and row is None:
            CooperationAim.objects.create(cooperation=cooperation, aim=aim, description=aims[aim])
        elif aim in aims and row.description != aims[aim]:
            row.description = aims[aim]
            row.save(update_fields=["description"])
    changes = changed_fields(before, after)
    if changes:
        audit(
            actor=actor,
            target=cooperation,
            action="cooperations.cooperationaim.update",
            summary="Axes de travail modifiés",
            changes=changes,
        )
