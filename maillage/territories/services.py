"""Writes on perimeters: every part is checked against the official geography first."""

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction

from maillage.core.text import of_name

from .enums import COUNTRY_CODE, CommuneKind, PartKind
from .models import Commune, Department, Epci, Perimeter, PerimeterPart, Region

_KIND_LABELS = {
    PartKind.REGION: "Code de région inconnu",
    PartKind.DEPARTMENT: "Code de département inconnu",
    PartKind.EPCI: "Code SIREN d'intercommunalité inconnu",
    PartKind.COMMUNE: "Code INSEE de commune inconnu",
}


def _known_codes(kind: str, codes: set[str]) -> set[str]:
    if kind == PartKind.REGION:
        return set(Region.objects.filter(code__in=codes).values_list("code", flat=True))
    if kind == PartKind.DEPARTMENT:
        return set(Department.objects.filter(code__in=codes).values_list("code", flat=True))
    if kind == PartKind.EPCI:
        return set(Epci.objects.filter(code__in=codes).values_list("code", flat=True))
    return set(Commune.objects.addressable().filter(code__in=codes).values_list("code", flat=True))


def _commune_hint(code: str) -> str:
    """For the code of a delegated or former commune, name the commune it now belongs to."""
    attached = (
        Commune.objects.filter(code=code)
        .exclude(kind=CommuneKind.CURRENT)
        .select_related("current")
        .first()
    )
    if attached is None:
        attached = Commune.objects.current().filter(former_codes__contains=code).first()
        if attached is None:
            return ""
        return f" (ancienne commune, aujourd'hui {attached.name}, code {attached.code})"
    current = attached.current
    return f" ({attached.name} fait partie {of_name(current.name)}, code {current.code})"


def clean_parts(parts: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    """Normalise and check (kind, code) pairs; refuse unknown kinds and codes with one message."""
    wanted: dict[str, set[str]] = {}
    errors: list[str] = []
    for kind, code in parts:
        code = (code or "").strip().upper()
        if kind not in PartKind.values:
            errors.append(f"Nature de territoire inconnue : « {kind} ».")
            continue
        if kind == PartKind.COUNTRY:
            code = COUNTRY_CODE
        wanted.setdefault(kind, set()).add(code)
    for kind, codes in wanted.items():
        if kind == PartKind.COUNTRY:
            continue
        for code in sorted(codes - _known_codes(kind, codes)):
            hint = _commune_hint(code) if kind == PartKind.COMMUNE else ""
            errors.append(f"{_KIND_LABELS[kind]} : « {code} »{hint}.")
    if errors:
        raise ValidationError(errors)
    if not wanted:
        raise ValidationError("Un périmètre doit contenir au moins un territoire.")
    return sorted((kind, code) for kind, codes in wanted.items() for code in codes)


@transaction.atomic
def perimeter_set_parts(*, perimeter: Perimeter, parts: Iterable[tuple[str, str]]) -> Perimeter:
    """Replace the parts of a perimeter, all or nothing."""
    cleaned = clean_parts(parts)
    perimeter.parts.all().delete()
    PerimeterPart.objects.bulk_create(
        PerimeterPart(perimeter=perimeter, kind=kind, code=code) for kind, code in cleaned
    )
    return perimeter


@transaction.atomic
def perimeter_create(*, parts: Iterable[tuple[str, str]], label: str = "") -> Perimeter:
    cleaned = clean_parts(parts)
    perimeter = Perimeter.objects.create(label=label)
    return perimeter_set_parts(perimeter=perimeter, parts=cleaned)
