"""Adding a member: the search of organisations, the cooperation's territory first (ADR 025).
Timed with N organisations spread over the communes of France, for a cooperation of one
department and one of a region; the count of every match included.

Usage: python bench/member_search.py [--database-url URL] [--organisations N]
"""

import argparse
import random
import time

from common import conditions, ensure_geography, percentiles, setup_django

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument("--organisations", type=int, default=20_000)
parser.add_argument("--searches", type=int, default=200)
args = setup_django(parser)

from django.db import transaction  # noqa: E402

from maillage.cooperations.models import Cooperation  # noqa: E402
from maillage.cooperations.selectors import member_candidates  # noqa: E402
from maillage.organisations.models import Organisation  # noqa: E402
from maillage.territories.models import Commune, Perimeter, PerimeterPart  # noqa: E402

PREFIX = "bench-member-"
WORDS = ["Association", "CCAS", "Club des aînés", "Centre social", "Amicale", "Maison"]
QUERIES = ["association", "ccas", "club aînés", "centre social", "amicale", "maison"]


class Rollback(Exception):
    pass


def build(total: int, rng: random.Random) -> None:
    communes = list(Commune.objects.current().values_list("pk", "name"))
    Organisation.objects.bulk_create(
        [
            Organisation(
                name=f"{rng.choice(WORDS)} de {name} {number}",
                slug=f"{PREFIX}{number}",
                kind="association",
                commune_id=pk,
            )
            for number, (pk, name) in enumerate(rng.choices(communes, k=total))
        ],
        batch_size=2000,
    )


def cooperation(kind: str, code: str) -> Cooperation:
    perimeter = Perimeter.objects.create(label=f"{PREFIX}{kind}")
    PerimeterPart.objects.create(perimeter=perimeter, kind=kind, code=code)
    return Cooperation.objects.create(
        name=f"{PREFIX}{kind}", slug=f"{PREFIX}{kind}", perimeter=perimeter
    )


def former_search(target: Cooperation, query: str) -> list:
    """The search before ADR 025, side by side under the same load: names only, no count."""
    return list(
        Organisation.objects.filter(name__icontains=query)
        .exclude(memberships__cooperation=target)
        .select_related("commune")
        .order_by("name")[:20]
    )


def timed(search, target: Cooperation) -> list[float]:
    samples = []
    for number in range(args.searches):
        started = time.perf_counter()
        search(target, QUERIES[number % len(QUERIES)])
        samples.append((time.perf_counter() - started) * 1000)
    return samples


def main() -> None:
    ensure_geography()
    rng = random.Random(2026)
    try:
        with transaction.atomic():
            build(args.organisations, rng)
            for kind, code in [("department", "22"), ("region", "53")]:
                target = cooperation(kind, code)
                found = member_candidates(target, "ccas", limit=20)
                print(
                    f"a cooperation of one {kind} ({code}), {args.organisations} organisations "
                    f"({found.total} match « ccas ») :\n"
                    f"  territory first, with the count: "
                    f"{percentiles(timed(lambda t, q: member_candidates(t, q, limit=20), target))}"
                    f"\n  by name only (before): {percentiles(timed(former_search, target))}"
                )
            raise Rollback
    except Rollback:
        pass
    print(conditions())


main()
