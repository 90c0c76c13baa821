"""The territorial diagnosis: `refresh_coverage` for all current communes of France (the real
geography, imported into a bench database of its own) with 10,000 teams and 100,000 actions,
then a département's diagnosis page served from the stored coverage.

Usage: python bench/coverage.py [--database-url URL] [--teams N] [--actions N] [--runs N]
Default database: var/bench-coverage.sqlite3 (created, migrated and filled on the first run).
Targets (issue 10): national computation <= 1 s; a département's page p95 <= 50 ms.
"""

import argparse
import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
if "--database-url" not in " ".join(sys.argv):
    default = Path(__file__).resolve().parent.parent / "var" / "bench-coverage.sqlite3"
    os.environ["DATABASE_URL"] = f"sqlite:///{default}"

from common import conditions, ensure_geography, percentiles, setup_django

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument("--teams", type=int, default=10_000)
parser.add_argument("--actions", type=int, default=100_000)
parser.add_argument("--runs", type=int, default=5)
parser.add_argument("--pages", type=int, default=200)
args = setup_django(parser)

from django.db import transaction  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from maillage.actions.models import Action, Kind  # noqa: E402
from maillage.demo.population import build_demo_population  # noqa: E402
from maillage.observatory.coverage import (  # noqa: E402
    compute_coverage,
    refresh_coverage,
    white_zones,
)
from maillage.observatory.models import CommuneCoverage  # noqa: E402
from maillage.teams.enums import TeamStatus  # noqa: E402
from maillage.teams.models import CitizenTeam, TeamCharterSignature  # noqa: E402
from maillage.territories.enums import COUNTRY_CODE, PartKind  # noqa: E402
from maillage.territories.models import Commune, Perimeter, PerimeterPart  # noqa: E402

BENCH_LABEL = "bench-coverage"
STATUSES = [TeamStatus.ACTIVE] * 6 + [TeamStatus.STARTING, TeamStatus.DORMANT, TeamStatus.CLOSED]


def _perimeters(total: int) -> list[Perimeter]:
    Perimeter.objects.bulk_create([Perimeter(label=BENCH_LABEL) for _ in range(total)], 5000)
    return list(Perimeter.objects.filter(label=BENCH_LABEL, team=None, action=None).order_by("pk"))[
        :total
    ]


def _parts(rng, perimeter, communes, by_epci, shapes) -> list[PerimeterPart]:
    """Most zones name one to five neighbouring communes; some an EPCI, a département, a few
    the whole country."""
    code, epci, department = rng.choice(communes)
    draw = rng.random()
    if draw < shapes.get("country", 0):
        return [PerimeterPart(perimeter=perimeter, kind=PartKind.COUNTRY, code=COUNTRY_CODE)]
    if draw < shapes.get("department", 0):
        return [PerimeterPart(perimeter=perimeter, kind=PartKind.DEPARTMENT, code=department)]
    if draw < shapes["epci"]:
        return [PerimeterPart(perimeter=perimeter, kind=PartKind.EPCI, code=epci)]
    around = by_epci[epci]
    chosen = {code, *rng.sample(around, min(len(around), rng.randint(0, 4)))}
    return [PerimeterPart(perimeter=perimeter, kind=PartKind.COMMUNE, code=c) for c in chosen]


def build(rng: random.Random) -> None:
    communes = list(
        Commune.objects.current()
        .exclude(epci__isnull=True)
        .values_list("code", "epci_id", "department_id")
    )
    by_epci: dict[str, list[str]] = {}
    for code, epci, _department in communes:
        by_epci.setdefault(epci, []).append(code)
    kinds = list(Kind.objects.values_list("pk", flat=True))
    with transaction.atomic():
        perimeters = _perimeters(args.teams)
        parts = []
        for perimeter in perimeters:
            parts += _parts(rng, perimeter, communes, by_epci, {"epci": 0.1})
        PerimeterPart.objects.bulk_create(parts, batch_size=5000)
        CitizenTeam.objects.bulk_create(
            [
                CitizenTeam(
                    name=f"Équipe de banc d'essai n° {n}",
                    slug=f"banc-couverture-{n}",
                    perimeter=perimeter,
                    status=rng.choice(STATUSES),
                )
                for n, perimeter in enumerate(perimeters)
            ],
            batch_size=5000,
        )
        teams = CitizenTeam.objects.filter(slug__startswith="banc-couverture-")
        TeamCharterSignature.objects.bulk_create(
            [
                TeamCharterSignature(
                    team_id=pk,
                    signatory_name="Banc d'essai",
                    signed_on="2025-01-15",
                    recognised_at="2025-02-01T10:00:00Z",
                )
                for pk in teams.values_list("pk", flat=True)
                if rng.random() < 0.5
            ],
            batch_size=5000,
        )
        perimeters = _perimeters(args.actions)
        parts = []
        shapes = {"country": 0.002, "department": 0.1, "epci": 0.3}
        for perimeter in perimeters:
            parts += _parts(rng, perimeter, communes, by_epci, shapes)
        PerimeterPart.objects.bulk_create(parts, batch_size=5000)
        today = timezone.localdate()
        Action.objects.bulk_create(
            [
                Action(
                    title=f"Action de banc d'essai n° {n}",
                    slug=f"banc-couverture-{n}",
                    zone=perimeter,
                    verified_on=today - timezone.timedelta(days=rng.randint(0, 700)),
                )
                for n, perimeter in enumerate(perimeters)
            ],
            batch_size=5000,
        )
        links = Action.kinds.through
        links.objects.bulk_create(
            [
                links(action_id=pk, kind_id=kind)
                for pk in Action.objects.filter(slug__startswith="banc-couverture-").values_list(
                    "pk", flat=True
                )
                for kind in rng.sample(kinds, rng.randint(1, 2))
            ],
            batch_size=5000,
        )


def main() -> None:
    ensure_geography()
    if not CitizenTeam.objects.filter(slug__startswith="banc-couverture-").exists():
        started = time.perf_counter()
        build(random.Random(42))
        print(
            f"built {args.teams} teams and {args.actions} actions in "
            f"{time.perf_counter() - started:.1f} s"
        )
        print(build_demo_population())
    print(
        f"{Commune.objects.current().count()} current communes, "
        f"{CitizenTeam.objects.count()} teams, {Action.objects.count()} actions "
        f"({Action.objects.current().count()} current), "
        f"{PerimeterPart.objects.count()} perimeter parts"
    )
    computing, refreshing = [], []
    for _ in range(args.runs):
        started = time.perf_counter()
        compute_coverage()
        computing.append((time.perf_counter() - started) * 1000)
        started = time.perf_counter()
        refresh_coverage()
        refreshing.append((time.perf_counter() - started) * 1000)
    print(f"compute_coverage (all communes, not saved): {percentiles(computing)}")
    print(f"refresh_coverage (computed and stored):     {percentiles(refreshing)}")
    print(
        f"communes covered by a team: {CommuneCoverage.objects.filter(team_count__gt=0).count()}"
        f"; white zones: {white_zones().count()}"
    )
    largest = (
        CommuneCoverage.objects.values("department_id")
        .annotate(n=Count("pk"))
        .order_by("-n")
        .first()
    )
    client = Client(HTTP_HOST="localhost")
    url = reverse("observatory:department", args=[largest["department_id"]])
    client.get(url)
    samples = []
    for n in range(args.pages):
        started = time.perf_counter()
        response = client.get(url, {"page": n % 3 + 1} if n % 2 else {})
        samples.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200
    print(
        f"diagnosis page of département {largest['department_id']} ({largest['n']} communes, "
        f"test client): {percentiles(samples)}"
    )
    print(conditions())
    print("load average (1, 5, 15 min): " + ", ".join(f"{x:.1f}" for x in os.getloadavg()))


if __name__ == "__main__":
    main()
