"""The territory of a cooperation: a perimeter widened or narrowed one part at a time."""

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction

from maillage.accounts.models import User
from maillage.core.models import audit
from maillage.territories.enums import COUNTRY_CODE, PartKind
from maillage.territories.models import Commune, Department, Epci, Region
from maillage.territories.services import perimeter_set_parts

from ..models import Cooperation


def part_names(pairs: Iterable[tuple[str, str]]) -> dict[tuple[str, str], str]:
    """The names of perimeter parts, one query per kind present: {(kind, code): "Name (code)"}."""
    by_kind: dict[str, set[str]] = {}
    for kind, code in pairs:
        by_kind.setdefault(kind, set()).add(code)
    names: dict[tuple[str, str], str] = {}
    sources = {
        PartKind.REGION: Region.objects.all(),
        PartKind.DEPARTMENT: Department.objects.all(),
        PartKind.EPCI: Epci.objects.all(),
        PartKind.COMMUNE: Commune.objects.addressable(),
    }
    for kind, codes in by_kind.items():
        if kind == PartKind.COUNTRY:
            names[(kind, COUNTRY_CODE)] = "France entière"
            continue
        rows = sources[kind].filter(code__in=codes).values_list("code", "name")
        for code, name in rows:
            names[(kind, code)] = f"{name} ({code})"
    return names


def parts_text(pairs: Iterable[tuple[str, str]]) -> str:
    labels = dict(PartKind.choices)
    return " ; ".join(f"{labels.get(kind, kind)} {code}" for kind, code in sorted(pairs))


def _part_label(kind: str, code: str) -> str:
    name = part_names([(kind, code)]).get((kind, code), code)
    if kind == PartKind.COUNTRY:
        return name
    return f"{dict(PartKind.choices).get(kind, kind)} {name}"


def _locked(cooperation: Cooperation) -> Cooperation:
    """The cooperation row, locked until the transaction ends: two edits of its territory run
    one after the other, the second reading the parts the first wrote."""
    return (
        Cooperation.objects.select_for_update().select_related("perimeter").get(pk=cooperation.pk)
    )


@transaction.atomic
def cooperation_territory_add(
    *, actor: User, cooperation: Cooperation, kind: str, code: str
) -> None:
    """Widen the territory by one region, department, EPCI, commune or the whole country."""
    if kind == PartKind.COUNTRY:
        code = COUNTRY_CODE
    code = (code or "").strip().upper()
    cooperation = _locked(cooperation)
    perimeter = cooperation.perimeter
    before = perimeter.part_pairs()
    if (kind, code) in before:
        raise ValidationError("Ce territoire fait déjà partie de la coopération.")
    _write_parts(
        actor=actor,
        cooperation=cooperation,
        parts=[*before, (kind, code)],
        verb="add",
        summary=f"Territoire ajouté : {_part_label(kind, code)}",
    )


@transaction.atomic
def cooperation_territory_remove(
    *, actor: User, cooperation: Cooperation, kind: str, code: str
) -> None:
    """Take one part out of the territory; the last part cannot go."""
    cooperation = _locked(cooperation)
    perimeter = cooperation.perimeter
    before = perimeter.part_pairs()
    if (kind, code) not in before:
        raise ValidationError("Ce territoire ne fait pas partie de la coopération.")
    if len(before) == 1:
        raise ValidationError(
            "Le territoire d'une coopération doit garder au moins une partie : "
            "ajoutez d'abord l'autre territoire, puis retirez celui-ci."
        )
    _write_parts(
        actor=actor,
        cooperation=cooperation,
        parts=[pair for pair in before if pair != (kind, code)],
        verb="remove",
        summary=f"Territoire retiré : {_part_label(kind, code)}",
    )


def _write_parts(*, actor: User, cooperation: Cooperation, parts, verb: str, summary: str):
    """Give the locked cooperation's territory these parts; the history line says the parts
    before and after, as `cooperations.territory.<verb>`."""
    perimeter = cooperation.perimeter
    before = perimeter.part_pairs()
    perimeter_set_parts(perimeter=perimeter, parts=parts)
    audit(
        actor=actor,
        target=cooperation,
        action=f"cooperations.territory.{verb}",
        summary=summary,
        changes={"territoire": [parts_text(before), parts_text(perimeter.part_pairs())]},
    )
