"""What reaches each current commune, for all of France in one pass (ADR 026).

A perimeter covers a commune through one of its parts: the commune itself (or one of its
municipal districts), its EPCI, its département, its région, or the whole country. The parts of
the perimeters that matter (active labelled teams, current actions, cooperations) are joined to
the communes in SQL, kind of part by kind of part, and counted per commune; a perimeter naming
the whole country is counted once for every commune rather than joined to each. The results
replace the table `CommuneCoverage` in one transaction: pages only read it."""

from collections import defaultdict

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Count, F, Sum
from django.utils import timezone

from maillage.actions.models import Action
from maillage.cooperations.models import Cooperation
from maillage.teams.enums import TeamStatus
from maillage.teams.models import CitizenTeam
from maillage.territories.enums import COUNTRY_CODE, CommuneKind, PartKind
from maillage.territories.models import Commune, PerimeterPart

from .models import CommuneCoverage, CommunePopulation

# (part kind, SQL of (commune id, code) pairs a part of that kind names)
_PLACES = {
    PartKind.COMMUNE: (
        "SELECT id AS commune_id, code FROM territories_commune WHERE kind = %s",
        [CommuneKind.CURRENT],
    ),
    # A team acting in one arrondissement reaches its city.
    "district": (
        "SELECT current_id AS commune_id, code FROM territories_commune WHERE kind = %s",
        [CommuneKind.MUNICIPAL_DISTRICT],
    ),
    PartKind.EPCI: (
        "SELECT id AS commune_id, epci_id AS code FROM territories_commune "
        "WHERE kind = %s AND epci_id IS NOT NULL",
        [CommuneKind.CURRENT],
    ),
    PartKind.DEPARTMENT: (
        "SELECT id AS commune_id, department_id AS code FROM territories_commune WHERE kind = %s",
        [CommuneKind.CURRENT],
    ),
    PartKind.REGION: (
        "SELECT id AS commune_id, region_id AS code FROM territories_commune WHERE kind = %s",
        [CommuneKind.CURRENT],
    ),
}


def white_zone_threshold() -> int:
    return settings.MAILLAGE_WHITE_ZONE_THRESHOLD


def active_labelled_teams():
    return CitizenTeam.objects.labelled().filter(status=TeamStatus.ACTIVE)


def _sql(queryset) -> tuple[str, list]:
    sql, params = queryset.query.sql_with_params()
    return sql, list(params)


# Most zones name one part (a département, an EPCI, one commune): their owners are counted per
# part, then added to the communes the part holds, never joined commune by commune.
_SINGLE_PART = (
    "SELECT perimeter_id FROM territories_perimeterpart GROUP BY perimeter_id HAVING COUNT(*) = 1"
)


def _covered_pairs(
    owners_sql: str, owners_params: list, only: list[int] | None = None
) -> tuple[str, list]:
    """SQL of DISTINCT (commune_id, owner) pairs for the perimeters of several parts,
    `owners_sql` selecting (perimeter_id, owner) rows; perimeters naming the whole country are
    left out (counted apart)."""
    country = "SELECT perimeter_id FROM territories_perimeterpart WHERE kind = %s AND code = %s"
    branches, params = [], []
    for kind, (place_sql, place_params) in _PLACES.items():
        if only is not None:
            column = "current_id" if kind == "district" else "id"
            place_sql += f" AND {column} IN ({', '.join(['%s'] * len(only))})"
            place_params = [*place_params, *only]
        part_kind = PartKind.COMMUNE if kind == "district" else kind
        branches.append(
            f"SELECT place.commune_id, owner.owner_id FROM ({place_sql}) place "  # noqa: S608
            "JOIN territories_perimeterpart part ON part.kind = %s AND part.code = place.code "
            f"JOIN ({owners_sql}) owner ON owner.perimeter_id = part.perimeter_id "
            f"WHERE part.perimeter_id NOT IN ({country}) "
            f"AND part.perimeter_id NOT IN ({_SINGLE_PART})"
        )
        params += [*place_params, part_kind, *owners_params, PartKind.COUNTRY, COUNTRY_CODE]
    # Every piece is SQL written here or compiled by the ORM; values go as parameters.
    return "SELECT DISTINCT commune_id, owner_id FROM (" + " UNION ALL ".join(  # noqa: S608
        branches
    ) + ") pairs", params


def _owners(queryset, perimeter_field: str) -> tuple[str, list]:
    """SQL of (perimeter_id, owner_id) rows for a queryset of teams, actions or cooperations."""
    return _sql(
        queryset.order_by().values(perimeter_id=F(perimeter_field), owner_id=F("pk"))
        if perimeter_field != "perimeter_id"
        else queryset.order_by().annotate(owner_id=F("pk")).values("perimeter_id", "owner_id")
    )


def _counts(
    owners_sql: str,
    owners_params: list,
    keys: dict[int, list[tuple[str, str]]],
    group: tuple[str, list] | None = None,
    only: list[int] | None = None,
) -> dict:
    """{commune id: count} of distinct owners covering each commune, or, with `group` (SQL of
    (owner_id, grp) rows), {(commune id, grp): count}. `keys`: the (kind, code) parts that hold
    each commune (nationwide ones aside)."""
    pairs_sql, params = _covered_pairs(owners_sql, owners_params, only)
    group_sql, group_params = group or ("", [])
    if group:
        sql = (
            f"SELECT pairs.commune_id, grouped.grp, COUNT(*) FROM ({pairs_sql}) pairs "  # noqa: S608
            f"JOIN ({group_sql}) grouped ON grouped.owner_id = pairs.owner_id "
            "GROUP BY pairs.commune_id, grouped.grp"
        )
        single = (
            "SELECT part.kind, part.code, grouped.grp, COUNT(*) "  # noqa: S608
            "FROM territories_perimeterpart part "
            f"JOIN ({owners_sql}) owner ON owner.perimeter_id = part.perimeter_id "
            f"JOIN ({group_sql}) grouped ON grouped.owner_id = owner.owner_id "
            f"WHERE part.kind <> %s AND part.perimeter_id IN ({_SINGLE_PART}) "
            "GROUP BY part.kind, part.code, grouped.grp"
        )
    else:
        sql = f"SELECT commune_id, COUNT(*) FROM ({pairs_sql}) pairs GROUP BY commune_id"  # noqa: S608
        single = (
            "SELECT part.kind, part.code, COUNT(*) FROM territories_perimeterpart part "  # noqa: S608
            f"JOIN ({owners_sql}) owner ON owner.perimeter_id = part.perimeter_id "
            f"WHERE part.kind <> %s AND part.perimeter_id IN ({_SINGLE_PART}) "
            "GROUP BY part.kind, part.code"
        )
    with connection.cursor() as cursor:
        cursor.execute(sql, params + group_params)
        rows = cursor.fetchall()
        cursor.execute(single, [*owners_params, *group_params, PartKind.COUNTRY])
        per_part = cursor.fetchall()
    counts: dict = defaultdict(int)
    for *key, count in rows:
        counts[tuple(key) if group else key[0]] += count
    by_part: dict[tuple[str, str], list[tuple]] = defaultdict(list)
    for kind, code, *rest in per_part:
        by_part[(kind, code)].append(tuple(rest))
    for commune_id, commune_keys in keys.items():
        for key in commune_keys:
            for found in by_part.get(key, ()):
                if group:
                    counts[(commune_id, found[0])] += found[1]
                else:
                    counts[commune_id] += found[0]
    return counts


def _keys(communes) -> dict[int, list[tuple[str, str]]]:
    """The (kind, code) parts that hold each current commune: itself and its municipal
    districts, its EPCI, département and région."""
    keys: dict[int, list[tuple[str, str]]] = {}
    for pk, code, epci_id, department_id, region_id in communes.values_list(
        "pk", "code", "epci_id", "department_id", "region_id"
    ):
        keys[pk] = [
            (PartKind.COMMUNE.value, code),
            (PartKind.DEPARTMENT.value, department_id),
            (PartKind.REGION.value, region_id),
        ]
        if epci_id:
            keys[pk].append((PartKind.EPCI.value, epci_id))
    districts = Commune.objects.filter(
        kind=CommuneKind.MUNICIPAL_DISTRICT, current_id__in=list(keys)
    ).values_list("current_id", "code")
    for current_id, code in districts:
        keys[current_id].append((PartKind.COMMUNE.value, code))
    return keys


def _nationwide(perimeter_ids) -> set[int]:
    return set(
        PerimeterPart.objects.filter(
            kind=PartKind.COUNTRY, code=COUNTRY_CODE, perimeter_id__in=perimeter_ids
        ).values_list("perimeter_id", flat=True)
    )


def compute_coverage(today=None, only: list[int] | None = None) -> list[CommuneCoverage]:
    """The coverage of every current commune, or of the current communes whose ids are in
    `only` (not saved)."""
    communes = Commune.objects.current()
    if only is not None:
        communes = communes.filter(pk__in=only)
    keys = _keys(communes)
    teams = active_labelled_teams()
    team_counts = _counts(*_owners(teams, "perimeter_id"), keys, only=only)
    national_teams = len(_nationwide(teams.values("perimeter_id")))

    actions = Action.objects.current(today)
    action_sql, action_params = _owners(actions, "zone_id")
    action_counts = _counts(action_sql, action_params, keys, only=only)
    kinds = Action.kinds.through.objects.order_by().values(
        owner_id=F("action_id"), grp=F("kind_id")
    )
    action_kind_counts = _counts(action_sql, action_params, keys, group=_sql(kinds), only=only)
    national_actions = set(
        actions.filter(zone_id__in=_nationwide(actions.values("zone_id"))).values_list(
            "pk", flat=True
        )
    )
    national_kinds: dict[str, int] = defaultdict(int)
    for kind_id in Action.kinds.through.objects.filter(action_id__in=national_actions).values_list(
        "kind_id", flat=True
    ):
        national_kinds[kind_id] += 1

    cooperations = Cooperation.objects.all()
    cooperation_counts = _counts(*_owners(cooperations, "perimeter_id"), keys, only=only)
    national_cooperations = len(_nationwide(cooperations.values("perimeter_id")))

    by_kind: dict[int, dict[str, int]] = defaultdict(dict)
    for (commune_id, kind_id), count in action_kind_counts.items():
        by_kind[commune_id][kind_id] = count
    figures = CommunePopulation.objects.all()
    if only is not None:
        figures = figures.filter(commune_id__in=only)
    alone = dict(figures.values_list("commune_id", "aged_80_plus_alone"))
    now = timezone.now()
    rows = []
    for pk, department_id, epci_id in communes.values_list("pk", "department_id", "epci_id"):
        kinds = dict(by_kind.get(pk, {}))
        for kind_id, count in national_kinds.items():
            kinds[kind_id] = kinds.get(kind_id, 0) + count
        rows.append(
            CommuneCoverage(
                commune_id=pk,
                department_id=department_id,
                epci_id=epci_id,
                team_count=team_counts.get(pk, 0) + national_teams,
                action_count=action_counts.get(pk, 0) + len(national_actions),
                actions_by_kind=dict(sorted(kinds.items())),
                cooperation_count=cooperation_counts.get(pk, 0) + national_cooperations,
                aged_80_plus_alone=alone.get(pk),
                computed_at=now,
            )
        )
    return rows


def refresh_coverage(today=None) -> int:
    """Recompute and replace the stored coverage; the number of communes."""
    rows = compute_coverage(today)
    with transaction.atomic():
        CommuneCoverage.objects.all().delete()
        CommuneCoverage.objects.bulk_create(rows, batch_size=2000)
    return len(rows)


def white_zones(queryset=None):
    """Communes with at least the threshold of people aged 80+ living alone and no active
    labelled team covering them, the most first."""
    queryset = CommuneCoverage.objects.all() if queryset is None else queryset
    return queryset.filter(team_count=0, aged_80_plus_alone__gte=white_zone_threshold()).order_by(
        "-aged_80_plus_alone", "commune__search_name"
    )


def white_zones_by_epci(queryset=None):
    """EPCIs by the number of people aged 80+ living alone in their white zones."""
    return (
        white_zones(queryset)
        .exclude(epci=None)
        .values("epci_id", "epci__name", "department_id")
        .annotate(people=Sum("aged_80_plus_alone"), communes=Count("pk"))
        .order_by("-people", "epci__name")
    )


def refresh_communes(communes) -> int:
    """Recompute the coverage of these communes only (after a change that touches a few): the
    targets of the communes given (a delegated commune counts for its current one)."""
    ids = sorted(
        {commune.pk if commune.is_current else commune.current_id for commune in communes} - {None}
    )
    if not ids:
        return 0
    rows = compute_coverage(only=ids)
    with transaction.atomic():
        CommuneCoverage.objects.filter(commune_id__in=ids).delete()
        CommuneCoverage.objects.bulk_create(rows)
    return len(rows)
