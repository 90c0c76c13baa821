"""The public search for actions, timed with 100,000 actions spread over France.

Usage: python bench/actions_search.py [--database-url URL] [--actions N] [--queries N]
Targets (issue 8): p95 <= 50 ms server side for 200 varied queries mixing commune, kind and
text; the same searches as hand-written SQL in this script, ORM / raw ratio <= 2.

Three timings per query, each the median of --repeat runs:
- "search": `maillage.actions.search.find` as the page and the API call it: the count, the
  page of results with their kinds, publics and organisations, the counts per kind and public;
- "raw": the same answers by the same strategy in hand-written SQL on the same cursor (for a
  commune: the candidates, their kinds and publics, the page's rows and its three relations;
  otherwise the count, the page, the relations, two GROUP BYs);
- "page": the whole /actions/ page through Django's request handling and templates (the
  commune typed as a name resolved by the commune search), server side, no network.
The actions are built once per database (slug prefix "bench-"); --rebuild starts again.
"""

import argparse
import random
import statistics
import time

from common import conditions, ensure_geography, percentiles, setup_django

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument("--actions", type=int, default=100_000)
parser.add_argument("--queries", type=int, default=200)
parser.add_argument("--repeat", type=int, default=3)
parser.add_argument("--rebuild", action="store_true")
args = setup_django(parser)

from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402

from maillage.actions.enums import ActionStatus, KindCode, PublicCode  # noqa: E402
from maillage.actions.models import Action, stale_cutoff  # noqa: E402
from maillage.actions.search import (  # noqa: E402
    Criteria,
    find,
    reindex_actions,
    text_match_sql,
    text_query,
)
from maillage.organisations.enums import OrganisationKind  # noqa: E402
from maillage.organisations.models import Organisation  # noqa: E402
from maillage.territories.enums import COUNTRY_CODE, PartKind  # noqa: E402
from maillage.territories.models import (  # noqa: E402
    Commune,
    Perimeter,
    PerimeterPart,
    Region,
)

PREFIX = "bench-"
KINDS = list(KindCode.values)
PUBLICS = list(PublicCode.values)
ACTIVITIES = [
    ("Visites de convivialité", "Des bénévoles rendent visite chaque semaine aux aînés isolés."),
    ("Appels du dimanche", "Un appel téléphonique amical chaque dimanche matin."),
    ("Atelier numérique", "Apprendre à se servir d'une tablette et à appeler ses proches."),
    ("Café des aidants", "Un moment d'échange entre aidants, animé par une psychologue."),
    ("Transport solidaire", "Des chauffeurs bénévoles accompagnent aux rendez-vous médicaux."),
    ("Repas partagé", "Un déjeuner mensuel à la salle des fêtes, ouvert à tous les retraités."),
    ("Gymnastique douce", "Séances adaptées aux seniors pour garder l'équilibre."),
    ("Aide aux démarches", "Permanence pour les papiers, la retraite et l'accès aux droits."),
    ("Sortie culturelle", "Visite de musée, cinéma ou spectacle, transport compris."),
    ("Rencontres intergénérationnelles", "Les écoliers et les résidents jardinent ensemble."),
    ("Jardin partagé", "Cultiver un potager collectif et partager les récoltes."),
    ("Chorale des anciens", "Chanter ensemble chaque jeudi après-midi."),
    ("Bibliothèque à domicile", "Des livres portés chez les lecteurs qui ne peuvent plus sortir."),
    ("Marche du mardi", "Une promenade accompagnée autour du bourg."),
    ("Veille des voisins", "Repérer les personnes isolées et les signaler au CCAS."),
]
TEXTS = [
    "visite",
    "aidants",
    "numérique",
    "tablette",
    "repas",
    "transport",
    "gymnastique",
    "démarches",
    "musée",
    "jardin",
    "chorale",
    "livres",
    "promenade",
    "isolées",
    "téléphone",
    "âgées",
    "retraite",
    "marche douce",
    "atelier",
    "sortie",
]


def build(total: int, rng: random.Random) -> None:
    """Actions shaped like an inventory: held in a commune, open to its commune, EPCI or
    department (a few to a region or the country), 1 to 3 kinds, 1 to 2 publics, carried by
    one of 3,000 organisations; 8 % to check, 6 % stale, 4 % ended."""
    regions = list(Region.objects.values_list("code", flat=True))
    communes = list(Commune.objects.current().values_list("pk", "code", "epci_id", "department_id"))
    organisations = [
        Organisation(
            name=f"Association bench n° {n}",
            slug=f"{PREFIX}org-{n}",
            kind=OrganisationKind.ASSOCIATION,
        )
        for n in range(3000)
    ]
    today = timezone.localdate()
    with transaction.atomic():
        Organisation.objects.bulk_create(organisations, batch_size=2000)
        org_ids = list(
            Organisation.objects.filter(slug__startswith=PREFIX).values_list("pk", flat=True)
        )
        zones = Perimeter.objects.bulk_create(
            [Perimeter(label=f"{PREFIX}zone") for _ in range(total)], batch_size=5000
        )
        if zones[0].pk is None:
            zones = list(Perimeter.objects.filter(label=f"{PREFIX}zone").order_by("pk"))
        parts, actions = [], []
        for n, zone in enumerate(zones):
            commune_pk, code, epci, department = rng.choice(communes)
            roll = rng.random()
            if roll < 0.005:
                chosen = [(PartKind.COUNTRY, COUNTRY_CODE)]
            elif roll < 0.02:
                chosen = [(PartKind.REGION, rng.choice(regions))]
            elif roll < 0.25:
                chosen = [(PartKind.DEPARTMENT, department)]
            elif roll < 0.6 and epci:
                chosen = [(PartKind.EPCI, epci)]
            else:
                chosen = [(PartKind.COMMUNE, code)]
            parts += [PerimeterPart(perimeter=zone, kind=k, code=c) for k, c in chosen]
            title, summary = rng.choice(ACTIVITIES)
            age = rng.random()
            days = (
                rng.randint(400, 500)
                if age < 0.08
                else rng.randint(560, 900)
                if age < 0.14
                else rng.randint(0, 300)
            )
            actions.append(
                Action(
                    title=f"{title} n° {n}",
                    slug=f"{PREFIX}{n}",
                    summary=summary,
                    zone=zone,
                    commune_id=commune_pk,
                    remote=rng.random() < 0.05,
                    is_free=rng.random() < 0.8,
                    contact_phone="02 96 00 00 00",
                    status=ActionStatus.ENDED if rng.random() < 0.04 else ActionStatus.ACTIVE,
                    verified_on=today - timezone.timedelta(days=days),
                )
            )
        PerimeterPart.objects.bulk_create(parts, batch_size=5000)
        Action.objects.bulk_create(actions, batch_size=2000)
        ids = list(Action.objects.filter(slug__startswith=PREFIX).values_list("pk", flat=True))
        kinds, publics, carriers = [], [], []
        for pk in ids:
            kinds += [(pk, kind) for kind in rng.sample(KINDS, rng.randint(1, 3))]
            publics += [(pk, public) for public in rng.sample(PUBLICS, rng.randint(1, 2))]
            carriers.append((pk, rng.choice(org_ids)))
        Action.kinds.through.objects.bulk_create(
            [Action.kinds.through(action_id=a, kind_id=k) for a, k in kinds], batch_size=5000
        )
        Action.publics.through.objects.bulk_create(
            [Action.publics.through(action_id=a, public_id=p) for a, p in publics],
            batch_size=5000,
        )
        Action.organisations.through.objects.bulk_create(
            [Action.organisations.through(action_id=a, organisation_id=o) for a, o in carriers],
            batch_size=5000,
        )
        # What an importer does after its bulk writes.
        reindex_actions(ids)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def clear() -> None:
    with transaction.atomic():
        ids = list(Action.objects.filter(slug__startswith=PREFIX).values_list("pk", flat=True))
        Action.objects.filter(pk__in=ids).delete()
        Perimeter.objects.filter(label=f"{PREFIX}zone").delete()
        Organisation.objects.filter(slug__startswith=PREFIX).delete()


def queries(count: int, rng: random.Random) -> list[Criteria]:
    """Mostly a commune (chosen by population, as people live), often a kind, sometimes text."""
    communes = list(Commune.objects.current().filter(population__gt=0).order_by("code"))
    weights = [commune.population for commune in communes]
    chosen = []
    for _ in range(count):
        roll = rng.random()
        commune = rng.choices(communes, weights)[0] if roll < 0.85 else None
        text = rng.choice(TEXTS) if roll >= 0.85 or rng.random() < 0.4 else ""
        chosen.append(
            Criteria(
                commune=commune,
                kinds=tuple(rng.sample(KINDS, rng.randint(1, 2))) if rng.random() < 0.5 else (),
                publics=(rng.choice(PUBLICS),) if rng.random() < 0.15 else (),
                text=text,
                free_only=rng.random() < 0.15,
                include_old=rng.random() < 0.05,
            )
        )
    return chosen


# --- the same searches in hand-written SQL --------------------------------------------------


def _where(criteria: Criteria, *, ignore: str = "") -> tuple[str, list]:
    clauses, params = [], []
    if not criteria.include_old:
        clauses += ["a.status <> %s", "a.verified_on >= %s"]
        params += [ActionStatus.ENDED, stale_cutoff()]
    if criteria.commune is not None:
        pairs = criteria.commune.covering_parts()
        clauses.append(
            "a.zone_id IN (SELECT perimeter_id FROM territories_perimeterpart WHERE "
            + " OR ".join(["(kind = %s AND code = %s)"] * len(pairs))
            + ")"
        )
        params += [value for pair in pairs for value in pair]
    if criteria.free_only:
        clauses.append("a.is_free = %s")
        params.append(True)
    if criteria.kinds and "kinds" not in ignore:
        marks = ", ".join(["%s"] * len(criteria.kinds))
        clauses.append(
            f"a.id IN (SELECT action_id FROM actions_action_kinds WHERE kind_id IN ({marks}))"
        )
        params += list(criteria.kinds)
    if criteria.publics and "publics" not in ignore:
        marks = ", ".join(["%s"] * len(criteria.publics))
        clauses.append(
            f"a.id IN (SELECT action_id FROM actions_action_publics WHERE public_id IN ({marks}))"
        )
        params += list(criteria.publics)
    if criteria.text and (query := text_query(criteria.text)):
        sql, text_params = text_match_sql(query)
        clauses.append(f"a.id IN ({sql})")
        params += text_params
    return " AND ".join(clauses) or "1 = 1", params


def raw_find(cursor, criteria: Criteria, per_page: int = 20):
    if criteria.commune is not None:
        return raw_find_in_memory(cursor, criteria, per_page)
    return raw_find_in_database(cursor, criteria, per_page)


def _related(cursor, ids: list) -> dict:
    related = {}
    if ids:
        marks = ", ".join(["%s"] * len(ids))
        for name, sql in (
            (
                "kinds",
                "SELECT t.action_id, k.* FROM actions_action_kinds t "
                "JOIN actions_kind k ON k.code = t.kind_id",
            ),
            (
                "publics",
                "SELECT t.action_id, p.* FROM actions_action_publics t "
                "JOIN actions_public p ON p.code = t.public_id",
            ),
            (
                "organisations",
                "SELECT t.action_id, o.* FROM actions_action_organisations t "
                "JOIN organisations_organisation o ON o.id = t.organisation_id",
            ),
        ):
            cursor.execute(f"{sql} WHERE t.action_id IN ({marks})", ids)
            related[name] = cursor.fetchall()
    return related


def raw_find_in_memory(cursor, criteria: Criteria, per_page: int):
    """What `find` does for a commune: the candidates once, their kinds and publics, the
    counting and sorting in Python, then the page's rows."""
    where, params = _where(criteria, ignore="kinds+publics")
    cursor.execute(
        f"SELECT a.id, a.commune_id, a.title FROM actions_action a WHERE {where}",
        params,
    )
    candidates = cursor.fetchall()
    ids = [row[0] for row in candidates]
    kinds_of = {pk: set() for pk in ids}
    publics_of = {pk: set() for pk in ids}
    if ids:
        marks = ", ".join(["%s"] * len(ids))
        for table, column, target in (
            ("actions_action_kinds", "kind_id", kinds_of),
            ("actions_action_publics", "public_id", publics_of),
        ):
            cursor.execute(
                f"SELECT action_id, {column} FROM {table} WHERE action_id IN ({marks})",
                ids,
            )
            for pk, code in cursor.fetchall():
                target[pk].add(code)
    kinds, publics = set(criteria.kinds), set(criteria.publics)
    kind_counts, public_counts, results = {}, {}, []
    for pk, _commune, _title in sorted(
        candidates, key=lambda row: (row[1] != criteria.commune.pk, row[2], row[0])
    ):
        kind_ok = not kinds or bool(kinds_of[pk] & kinds)
        public_ok = not publics or bool(publics_of[pk] & publics)
        if public_ok:
            for code in kinds_of[pk]:
                kind_counts[code] = kind_counts.get(code, 0) + 1
        if kind_ok:
            for code in publics_of[pk]:
                public_counts[code] = public_counts.get(code, 0) + 1
        if kind_ok and public_ok:
            results.append(pk)
    page_ids = results[:per_page]
    rows = []
    if page_ids:
        marks = ", ".join(["%s"] * len(page_ids))
        cursor.execute(
            "SELECT a.*, c.name, c.code, d.name FROM actions_action a "
            "LEFT JOIN territories_commune c ON c.id = a.commune_id "
            "LEFT JOIN territories_department d ON d.code = c.department_id "
            f"WHERE a.id IN ({marks})",
            page_ids,
        )
        rows = cursor.fetchall()
    related = _related(cursor, page_ids)
    related["kind_counts"], related["public_counts"] = kind_counts, public_counts
    return len(results), rows, related


def raw_find_in_database(cursor, criteria: Criteria, per_page: int):
    """What `find` does for all of France: the database counts, sorts and pages."""
    where, params = _where(criteria)
    cursor.execute(f"SELECT COUNT(*) FROM actions_action a WHERE {where}", params)
    total = cursor.fetchone()[0]
    cursor.execute(
        "SELECT a.*, c.name, c.code, d.name FROM actions_action a "
        "LEFT JOIN territories_commune c ON c.id = a.commune_id "
        "LEFT JOIN territories_department d ON d.code = c.department_id "
        f"WHERE {where} ORDER BY a.title, a.id LIMIT {per_page}",
        params,
    )
    rows = cursor.fetchall()
    related = _related(cursor, [row[0] for row in rows])
    for name, table, column in (
        ("kinds", "actions_action_kinds", "kind_id"),
        ("publics", "actions_action_publics", "public_id"),
    ):
        inner, inner_params = _where(criteria, ignore=name)
        cursor.execute(
            f"SELECT {column}, COUNT(action_id) FROM {table} "
            f"WHERE action_id IN (SELECT a.id FROM actions_action a WHERE {inner}) "
            f"GROUP BY {column}",
            inner_params,
        )
        related[f"{name}_counts"] = cursor.fetchall()
    return total, rows, related


def orm_find(criteria: Criteria):
    found = find(criteria, page=1)
    for action in found.page.object_list:
        list(action.kinds.all()), list(action.organisations.all()), list(action.publics.all())
    return found


def page_params(criteria: Criteria) -> dict:
    params = {}
    if criteria.commune is not None:
        params["commune"] = criteria.commune.name
    if criteria.kinds:
        params["type"] = list(criteria.kinds)
    if criteria.publics:
        params["public"] = list(criteria.publics)
    if criteria.text:
        params["q"] = criteria.text
    if criteria.free_only:
        params["gratuites"] = "on"
    if criteria.include_old:
        params["toutes"] = "on"
    return params


def timed(run, repeat: int) -> float:
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples)


def main() -> None:
    ensure_geography()
    rng = random.Random(8)
    existing = Action.objects.filter(slug__startswith=PREFIX).count()
    if args.rebuild or existing != args.actions:
        clear()
        started = time.perf_counter()
        build(args.actions, rng)
        print(f"built and indexed {args.actions} actions in {time.perf_counter() - started:.1f} s")
    chosen = queries(args.queries, rng)
    client = Client(HTTP_HOST="localhost")
    orm_ms, raw_ms, page_ms, results = [], [], [], []
    with connection.cursor() as cursor:
        for criteria in chosen:
            found = orm_find(criteria)  # warm both the same way
            total, _rows, _related = raw_find(cursor, criteria)
            assert total == found.total, (criteria, total, found.total)
            results.append(total)
            orm_ms.append(timed(lambda c=criteria: orm_find(c), args.repeat))
            raw_ms.append(timed(lambda c=criteria: raw_find(cursor, c), args.repeat))
            params = page_params(criteria)
            response = client.get("/actions/", params)
            assert response.status_code == 200, response.status_code
            page_ms.append(timed(lambda p=params: client.get("/actions/", p), args.repeat))
    ratios = sorted(o / r for o, r in zip(orm_ms, raw_ms, strict=True))
    print(conditions())
    print(
        f"{Action.objects.count()} actions; {len(chosen)} queries "
        f"({sum(c.commune is not None for c in chosen)} with a commune, "
        f"{sum(bool(c.kinds) for c in chosen)} with kinds, {sum(bool(c.text) for c in chosen)} "
        f"with text); results per query: median {statistics.median(results):.0f}, "
        f"max {max(results)}"
    )
    print(f"search (ORM, find):  {percentiles(orm_ms)}")
    print(f"raw SQL, same work:  {percentiles(raw_ms)}")
    print(f"whole page /actions/: {percentiles(page_ms)}")
    with_text = [ms for ms, c in zip(orm_ms, chosen, strict=True) if c.text]
    without = [ms for ms, c in zip(orm_ms, chosen, strict=True) if not c.text]
    if with_text and without:
        print(f"search with text:    {percentiles(with_text)}")
        print(f"search without text: {percentiles(without)}")
    p95 = sorted(orm_ms)[max(0, round(0.95 * len(orm_ms)) - 1)]
    raw_p95 = sorted(raw_ms)[max(0, round(0.95 * len(raw_ms)) - 1)]
    print(
        f"ORM / raw: p95 ratio {p95 / raw_p95:.2f}, median per-query ratio "
        f"{statistics.median(ratios):.2f}, total {sum(orm_ms) / sum(raw_ms):.2f}"
    )


if __name__ == "__main__":
    main()
