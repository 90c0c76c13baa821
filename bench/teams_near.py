"""« Devenir bénévole »: which teams act in my commune? Timed with 10,000 teams on the real
geography (imported into a bench database of its own), on the query alone and on the whole page
served through the Django test client (the selector with its labels, affiliations and kinds,
the nearest teams when none acts, the template).

Usage: python bench/teams_near.py [--database-url URL] [--teams N] [--lookups N]
Default database: var/bench-teams.sqlite3 (created, migrated and filled on the first run).
Target (issue 9): p95 <= 20 ms with 10,000 teams.
"""

import argparse
import contextlib
import json
import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
if "--database-url" not in " ".join(sys.argv):
    default = Path(__file__).resolve().parent.parent / "var" / "bench-teams.sqlite3"
    os.environ["DATABASE_URL"] = f"sqlite:///{default}"

from common import conditions, ensure_geography, percentiles, setup_django

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument("--teams", type=int, default=10_000)
parser.add_argument("--lookups", type=int, default=1000)
args = setup_django(parser)

from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402

from maillage.actions.models import Kind  # noqa: E402
from maillage.teams.enums import TeamStatus  # noqa: E402
from maillage.teams.models import CitizenTeam, TeamCharterSignature  # noqa: E402
from maillage.teams.selectors import teams_near  # noqa: E402
from maillage.territories.enums import PartKind  # noqa: E402
from maillage.territories.models import Commune, Perimeter, PerimeterPart  # noqa: E402

BENCH_LABEL = "bench-teams"
STATUSES = [TeamStatus.ACTIVE] * 6 + [TeamStatus.STARTING, TeamStatus.DORMANT, TeamStatus.CLOSED]


def build(total: int, rng: random.Random) -> dict[str, int]:
    """Teams shaped like the network's: most act in one to five neighbouring communes of their
    EPCI, some in a whole EPCI; a third labelled, a few closed."""
    communes = list(
        Commune.objects.current().exclude(epci__isnull=True).values_list("code", "epci_id")
    )
    by_epci: dict[str, list[str]] = {}
    for code, epci in communes:
        by_epci.setdefault(epci, []).append(code)
    kinds = list(Kind.objects.all())
    shapes = {"communes": 0, "epci": 0, "labelled": 0}
    with transaction.atomic():
        CitizenTeam.objects.filter(perimeter__label=BENCH_LABEL).delete()
        Perimeter.objects.filter(label=BENCH_LABEL).delete()
        perimeters = Perimeter.objects.bulk_create(
            [Perimeter(label=BENCH_LABEL) for _ in range(total)], batch_size=5000
        )
        if perimeters[0].pk is None:
            perimeters = list(Perimeter.objects.filter(label=BENCH_LABEL).order_by("pk"))
        parts, teams = [], []
        for n, perimeter in enumerate(perimeters):
            code, epci = rng.choice(communes)
            if rng.random() < 0.1:
                shapes["epci"] += 1
                parts.append(PerimeterPart(perimeter=perimeter, kind=PartKind.EPCI, code=epci))
            else:
                shapes["communes"] += 1
                around = by_epci[epci]
                chosen = {code, *rng.sample(around, min(len(around), rng.randint(0, 4)))}
                parts += [
                    PerimeterPart(perimeter=perimeter, kind=PartKind.COMMUNE, code=c)
                    for c in chosen
                ]
            teams.append(
                CitizenTeam(
                    name=f"Équipe citoyenne de banc d'essai n° {n}",
                    slug=f"banc-essai-{n}",
                    perimeter=perimeter,
                    status=rng.choice(STATUSES),
                )
            )
        PerimeterPart.objects.bulk_create(parts, batch_size=5000)
        teams = CitizenTeam.objects.bulk_create(teams, batch_size=5000)
        if teams[0].pk is None:
            teams = list(CitizenTeam.objects.filter(perimeter__label=BENCH_LABEL))
        links = CitizenTeam.kinds.through
        links.objects.bulk_create(
            [
                links(citizenteam_id=team.pk, kind_id=kind.pk)
                for team in teams
                for kind in rng.sample(kinds, rng.randint(1, 3))
            ],
            batch_size=5000,
        )
        labelled = [team for team in teams if rng.random() < 0.33]
        TeamCharterSignature.objects.bulk_create(
            [
                TeamCharterSignature(
                    team=team,
                    signatory_name="Banc d'essai",
                    signed_on="2025-01-15",
                    recognised_at="2025-02-01T10:00:00Z",
                )
                for team in labelled
            ],
            batch_size=5000,
        )
        shapes["labelled"] = len(labelled)
    shapes["parts"] = len(parts)
    return shapes


class Timings:
    """Wall-clock and CPU times of repeated runs: on a shared machine the wall clock carries
    the other processes' load, the CPU time of this process much less (with SQLite, the database
    works inside this process and is counted)."""

    def __init__(self):
        self.wall, self.cpu = [], []

    @contextlib.contextmanager
    def timed(self):
        wall, cpu = time.perf_counter(), time.process_time()
        yield
        self.cpu.append((time.process_time() - cpu) * 1000)
        self.wall.append((time.perf_counter() - wall) * 1000)

    def show(self, what: str) -> None:
        print(f"{what}: wall {percentiles(self.wall)}")
        print(f"{' ' * len(what)}  cpu  {percentiles(self.cpu)}")


def found_any(commune) -> bool:
    return CitizenTeam.objects.acting_in(commune).visible().exists()


def main() -> None:
    ensure_geography()
    rng = random.Random(42)
    if CitizenTeam.objects.filter(perimeter__label=BENCH_LABEL).count() != args.teams:
        started = time.perf_counter()
        shapes = build(args.teams, rng)
        print(f"built {args.teams} teams in {time.perf_counter() - started:.1f} s: {shapes}")
    communes = list(
        Commune.objects.current().select_related("current").order_by("?")[: args.lookups]
    )
    query, found = Timings(), []
    for commune in communes:
        with query.timed():
            ids = list(
                CitizenTeam.objects.acting_in(commune).visible().values_list("pk", flat=True)
            )
        found.append(len(ids))
    query.show("acting_in(commune) query")
    if connection.vendor == "postgresql":
        # The database's own time, which the load of a shared machine disturbs less.
        server_ms = []
        for commune in communes[:200]:
            sql, params = (
                CitizenTeam.objects.acting_in(commune).values_list("pk").query.sql_with_params()
            )
            with connection.cursor() as cursor:
                cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + sql, params)
                plan = cursor.fetchone()[0]
            plan = plan[0] if isinstance(plan, list) else json.loads(plan)[0]
            server_ms.append(plan["Planning Time"] + plan["Execution Time"])
        print(f"acting_in(commune), PostgreSQL planning + execution: {percentiles(server_ms)}")
    print(
        f"teams acting per commune: mean {sum(found) / len(found):.2f}, max {max(found)}, "
        f"communes with none: {sum(1 for n in found if n == 0)} of {len(found)}"
    )
    acting, nearest = Timings(), Timings()
    for commune in communes:
        with (acting if found_any(commune) else nearest).timed():
            teams_near(commune)
    acting.show("teams_near selector, teams acting")
    nearest.show("teams_near selector, none (the nearest)")
    client = Client(HTTP_HOST="localhost")
    url = reverse("teams:near")
    client.get(url, {"commune": communes[0].code})  # warm the templates
    page, baseline = Timings(), Timings()
    for commune in communes:
        with page.timed():
            response = client.get(url, {"commune": commune.code})
        assert response.status_code == 200
    page.show("« Devenir bénévole » page (test client, in process)")
    # Side by side, the same machine at the same moment: the cooperation of a commune (two
    # queries), to tell the page's own cost from the machine's load.
    for commune in communes:
        with baseline.timed():
            client.get(reverse("cooperations:for_commune"), {"commune": commune.code})
    baseline.show("baseline, « La coopération de ma commune » page")
    print(conditions())
    print("load average (1, 5, 15 min): " + ", ".join(f"{x:.1f}" for x in os.getloadavg()))


main()
