"""Which perimeters cover this commune? Timed with 100,000 perimeters of mixed sizes.

Usage: python bench/perimeter_covering.py [--database-url URL] [--perimeters N]
Target (issue 2): p95 <= 5 ms.
"""

import argparse
import random
import time

from common import conditions, ensure_geography, percentiles, setup_django

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument("--perimeters", type=int, default=100_000)
parser.add_argument("--lookups", type=int, default=1000)
args = setup_django(parser)

from django.db import transaction  # noqa: E402

from maillage.territories.enums import COUNTRY_CODE, PartKind  # noqa: E402
from maillage.territories.models import (  # noqa: E402
    Commune,
    Department,
    Epci,
    Perimeter,
    PerimeterPart,
    Region,
)

BENCH_LABEL = "bench-perimeter"


def build(total: int, rng: random.Random) -> dict[str, int]:
    """Perimeters shaped like the platform's: mostly a few communes or EPCIs, some departments."""
    regions = list(Region.objects.values_list("code", flat=True))
    departments = list(Department.objects.values_list("code", flat=True))
    epcis = list(Epci.objects.values_list("code", flat=True))
    communes = list(Commune.objects.addressable().values_list("code", flat=True))
    shapes = {"country": 0, "region": 0, "department": 0, "epci": 0, "commune": 0}
    with transaction.atomic():
        Perimeter.objects.filter(label=BENCH_LABEL).delete()
        created = Perimeter.objects.bulk_create(
            [Perimeter(label=BENCH_LABEL) for _ in range(total)], batch_size=5000
        )
        if created[0].pk is None:  # back-ends that do not return ids
            created = list(Perimeter.objects.filter(label=BENCH_LABEL).order_by("pk"))
        parts = []
        for perimeter in created:
            roll = rng.random()
            if roll < 0.005:
                shape, chosen = "country", [(PartKind.COUNTRY, COUNTRY_CODE)]
            elif roll < 0.02:
                shape = "region"
                chosen = [
                    (PartKind.REGION, code) for code in rng.sample(regions, rng.randint(1, 2))
                ]
            elif roll < 0.15:
                shape = "department"
                chosen = [
                    (PartKind.DEPARTMENT, c) for c in rng.sample(departments, rng.randint(1, 3))
                ]
            elif roll < 0.45:
                shape = "epci"
                chosen = [(PartKind.EPCI, code) for code in rng.sample(epcis, rng.randint(1, 5))]
            else:
                shape = "commune"
                chosen = [(PartKind.COMMUNE, c) for c in rng.sample(communes, rng.randint(1, 40))]
            shapes[shape] += 1
            parts += [PerimeterPart(perimeter=perimeter, kind=k, code=c) for k, c in chosen]
        PerimeterPart.objects.bulk_create(parts, batch_size=5000)
    shapes["parts"] = len(parts)
    return shapes


def main() -> None:
    ensure_geography()
    rng = random.Random(42)
    started = time.perf_counter()
    shapes = build(args.perimeters, rng)
    print(f"built {args.perimeters} perimeters in {time.perf_counter() - started:.1f} s: {shapes}")
    communes = list(Commune.objects.select_related("current").order_by("?")[: args.lookups])
    found, samples = [], []
    for commune in communes:
        started = time.perf_counter()
        ids = list(Perimeter.objects.covering(commune).values_list("pk", flat=True))
        samples.append((time.perf_counter() - started) * 1000)
        found.append(len(ids))
    print(f"covering(commune): {percentiles(samples)}")
    print(f"perimeters found per commune: mean {sum(found) / len(found):.0f}, max {max(found)}")
    print(conditions())
    with transaction.atomic():
        Perimeter.objects.filter(label=BENCH_LABEL).delete()


main()
