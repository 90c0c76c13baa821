"""The inventory as a spreadsheet for people: one row per action, plain French headings.

`action_rows(actions, absolute=...)` reads the actions in batches with everything a row shows
read alongside as plain values (a fixed number of queries per batch); the views
hand the rows to `core.exports.spreadsheet_response`.
"""

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice

from django.db.models import Q

from maillage.territories.enums import CommuneKind, PartKind
from maillage.territories.models import Commune, Department, Epci, PerimeterPart, Region

from .models import Action, Kind, Public

BATCH = 500

HEADERS = [
    "Titre",
    "En une phrase",
    "Types d'action",
    "Publics",
    "Commune",
    "Code INSEE de la commune",
    "Adresse",
    "À distance",
    "Zone où habiter pour en bénéficier",
    "Quand",
    "Horaires (format OpenStreetMap)",
    "Gratuite",
    "Coût et conditions",
    "Téléphone",
    "Adresse électronique",
    "Sur place sans rendez-vous",
    "Formulaire d'inscription",
    "Comment y participer",
    "Organisations porteuses",
    "État",
    "Dernière vérification",
    "À vérifier",
    "Page de l'action",
    "Identifiant",
]


@dataclass
class Related:
    """What a row shows beside the action's own columns, read for a whole batch at once."""

    kinds: list[Kind] = field(default_factory=list)  # in the reference order
    publics: list[Public] = field(default_factory=list)
    organisations: list[tuple[int, str]] = field(default_factory=list)  # (pk, name), by name
    parts: list[tuple[str, str]] = field(default_factory=list)  # the zone's (kind, code)


def _grouped(rows: Iterable[tuple]) -> dict:
    grouped: dict = defaultdict(list)
    for key, *value in rows:
        grouped[key].append(value[0] if len(value) == 1 else tuple(value))
    return grouped


def batches(actions, size: int = BATCH) -> Iterator[list[tuple[Action, Related]]]:
    """The actions of `actions` in its order, `size` at a time through one cursor, each with
    its kinds, publics, carriers and zone: four queries a batch of plain values, no model
    instance per related row (20,000 actions carry 100,000 of them)."""
    kinds = {kind.pk: kind for kind in Kind.objects.all()}
    publics = {public.pk: public for public in Public.objects.all()}
    rows = actions.select_related("commune__current").iterator(chunk_size=size)
    while batch := list(islice(rows, size)):
        ids = [action.pk for action in batch]
        kind_ids = _grouped(
            Action.kinds.through.objects.filter(action_id__in=ids).values_list(
                "action_id", "kind_id"
            )
        )
        public_ids = _grouped(
            Action.publics.through.objects.filter(action_id__in=ids).values_list(
                "action_id", "public_id"
            )
        )
        carriers = _grouped(
            Action.organisations.through.objects.filter(action_id__in=ids)
            .order_by("organisation__name", "organisation_id")
            .values_list("action_id", "organisation_id", "organisation__name")
        )
        parts = _grouped(
            PerimeterPart.objects.filter(perimeter_id__in=[a.zone_id for a in batch])
            .order_by("kind", "code")
            .values_list("perimeter_id", "kind", "code")
        )
        yield [
            (
                action,
                Related(
                    kinds=[kind for pk, kind in kinds.items() if pk in kind_ids[action.pk]],
                    publics=[p for pk, p in publics.items() if pk in public_ids[action.pk]],
                    organisations=carriers[action.pk],
                    parts=parts[action.zone_id],
                ),
            )
            for action in batch
        ]


def part_names(pairs: Iterable[tuple[str, str]]) -> dict[tuple[str, str], str]:
    """« Côtes-d'Armor (22) » for ("department", "22"): at most one query per kind of part."""
    codes: dict[str, set[str]] = {}
    for kind, code in pairs:
        codes.setdefault(kind, set()).add(code)
    names = {(PartKind.COUNTRY.value, code): "France entière" for code in codes.get("country", ())}
    if wanted := codes.get(PartKind.REGION):
        for region in Region.objects.filter(code__in=wanted):
            names[(PartKind.REGION.value, region.code)] = f"région {region.name}"
    if wanted := codes.get(PartKind.DEPARTMENT):
        for department in Department.objects.filter(code__in=wanted):
            names[(PartKind.DEPARTMENT.value, department.code)] = str(department)
    if wanted := codes.get(PartKind.EPCI):
        for epci in Epci.objects.filter(code__in=wanted):
            names[(PartKind.EPCI.value, epci.code)] = epci.name
    if wanted := codes.get(PartKind.COMMUNE):
        communes = Commune.objects.filter(
            Q(code__in=wanted),
            Q(kind__in=[CommuneKind.CURRENT, CommuneKind.MUNICIPAL_DISTRICT]),
        ).only("code", "name", "department_id")
        for commune in communes:
            names[(PartKind.COMMUNE.value, commune.code)] = (
                f"{commune.name} ({commune.department_id})"
            )
    return names


def _commune(action: Action) -> str:
    if action.commune is None:
        return ""
    return f"{action.commune.name} ({action.commune.department_id})"


def action_row(
    action: Action, related: Related, *, names: dict, absolute: Callable[[str], str]
) -> list:
    return [
        action.title,
        action.summary,
        [kind.label for kind in related.kinds],
        [public.label for public in related.publics],
        _commune(action),
        action.commune.code if action.commune else "",
        action.address,
        action.remote,
        [names.get(pair, f"{pair[0]} {pair[1]}") for pair in related.parts],
        action.schedule,
        action.opening_hours,
        action.is_free,
        action.cost_details,
        action.contact_phone,
        action.contact_email,
        action.drop_in,
        action.form_url,
        action.how_to_join,
        [name for _pk, name in related.organisations],
        action.get_status_display(),
        action.verified_on,
        action.needs_check,
        absolute(action.get_absolute_url()),
        action.slug,
    ]


def action_rows(actions, *, absolute: Callable[[str], str]) -> Iterator[list]:
    """One row per action under `HEADERS`; `absolute` turns a path into a full address."""
    for batch in batches(actions):
        names = part_names(pair for _action, related in batch for pair in related.parts)
        for action, related in batch:
            yield action_row(action, related, names=names, absolute=absolute)
