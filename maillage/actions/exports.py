"""The inventory as a spreadsheet for people: one row per action, plain French headings.

`action_rows(actions, absolute=...)` reads the actions in batches with everything a row shows
fetched alongside (a fixed number of queries per batch, whatever the number of rows); the views
hand the rows to `core.exports.spreadsheet_response`.
"""

from collections.abc import Callable, Iterable, Iterator
from itertools import islice

from django.db.models import Q

from maillage.territories.enums import CommuneKind, PartKind
from maillage.territories.models import Commune, Department, Epci, Region

from .models import Action

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


def for_export(actions):
    """The actions with what a row shows, fetched in a fixed number of queries."""
    return actions.select_related("commune__department").prefetch_related(
        "kinds", "publics", "organisations", "zone__parts"
    )


def batches(actions, size: int = BATCH) -> Iterator[list[Action]]:
    """The actions of `actions` (prefetched), `size` at a time, read through one cursor."""
    rows = for_export(actions).iterator(chunk_size=size)
    while batch := list(islice(rows, size)):
        yield batch


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


def action_row(action: Action, *, names: dict, absolute: Callable[[str], str]) -> list:
    parts = action.zone.part_pairs()
    return [
        action.title,
        action.summary,
        [kind.label for kind in action.kinds.all()],
        [public.label for public in action.publics.all()],
        _commune(action),
        action.commune.code if action.commune else "",
        action.address,
        action.remote,
        [names.get(pair, f"{pair[0]} {pair[1]}") for pair in parts],
        action.schedule,
        action.opening_hours,
        action.is_free,
        action.cost_details,
        action.contact_phone,
        action.contact_email,
        action.drop_in,
        action.form_url,
        action.how_to_join,
        [organisation.name for organisation in action.organisations.all()],
        action.get_status_display(),
        action.verified_on,
        action.needs_check,
        absolute(action.get_absolute_url()),
        action.slug,
    ]


def action_rows(actions, *, absolute: Callable[[str], str]) -> Iterator[list]:
    """One row per action under `HEADERS`; `absolute` turns a path into a full address."""
    for batch in batches(actions):
        names = part_names(pair for action in batch for pair in action.zone.part_pairs())
        for action in batch:
            yield action_row(action, names=names, absolute=absolute)
