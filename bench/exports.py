"""Downloads of the inventory: a CSV and an XLSX of N actions, and the data·inclusion services
file; time to the last byte, queries, and peak Python memory (tracemalloc, a second run).

Usage: python bench/exports.py [--database-url URL] [--actions N]
By default a throw-away SQLite file in the temporary directory, migrated and furnished here
with a small geography and N actions (each with two kinds, two publics, two carriers and a zone
of two parts). Memory must stay flat as N grows: rows are read in batches and written out.
"""

import argparse
import os
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

DEFAULT_DB = Path(tempfile.gettempdir()) / "maillage-bench-exports.sqlite3"
if "--database-url" not in " ".join(sys.argv):
    os.environ["DATABASE_URL"] = f"sqlite:///{DEFAULT_DB}"

from common import conditions, setup_django  # noqa: E402

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument("--actions", type=int, default=20_000)
args = setup_django(parser)

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import RequestFactory  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from maillage.actions import data_inclusion  # noqa: E402
from maillage.actions.models import Action, Kind, Public  # noqa: E402
from maillage.actions.views.exports import data_inclusion_services, export_actions  # noqa: E402
from maillage.organisations.models import Organisation  # noqa: E402
from maillage.territories.enums import CommuneKind, PartKind  # noqa: E402
from maillage.territories.models import (  # noqa: E402
    Commune,
    Department,
    Epci,
    Perimeter,
    PerimeterPart,
    Region,
)

LABEL = "bench-exports"


def furnish(total: int) -> None:
    """A department of 50 communes, 200 organisations and `total` actions."""
    region, _ = Region.objects.get_or_create(code="53", defaults={"name": "Bretagne"})
    department, _ = Department.objects.get_or_create(
        code="22", defaults={"name": "Côtes-d'Armor", "region": region}
    )
    epci, _ = Epci.objects.get_or_create(
        code="200069409", defaults={"name": "Saint-Brieuc Armor Agglomération", "kind": "CA"}
    )
    communes = [
        Commune.objects.get_or_create(
            code=f"22{n:03d}",
            kind=CommuneKind.CURRENT,
            defaults={
                "name": f"Commune {n}",
                "department": department,
                "region": region,
                "epci": epci,
            },
        )[0]
        for n in range(1, 51)
    ]
    with transaction.atomic():
        Action.objects.filter(zone__label=LABEL).delete()
        Perimeter.objects.filter(label=LABEL).delete()
        organisations = [
            Organisation.objects.get_or_create(
                slug=f"bench-{n}",
                defaults={"name": f"Association n° {n}", "kind": "association"},
            )[0]
            for n in range(200)
        ]
        zones = Perimeter.objects.bulk_create(
            [Perimeter(label=LABEL) for _ in range(total)], batch_size=2000
        )
        if zones[0].pk is None:
            zones = list(Perimeter.objects.filter(label=LABEL).order_by("pk"))
        PerimeterPart.objects.bulk_create(
            [
                PerimeterPart(perimeter=zone, kind=kind, code=code)
                for n, zone in enumerate(zones)
                for kind, code in [
                    (PartKind.COMMUNE, communes[n % 50].code),
                    (PartKind.EPCI, epci.code),
                ]
            ],
            batch_size=5000,
        )
        today = timezone.localdate()
        actions = Action.objects.bulk_create(
            [
                Action(
                    title=f"Visites de convivialité n° {n}",
                    slug=f"bench-visites-{n}",
                    summary="Des bénévoles rendent visite chaque semaine à qui le souhaite.",
                    description="<p>Une visite par semaine, <strong>gratuite</strong>.</p>",
                    zone=zone,
                    commune=communes[n % 50],
                    address=f"{n % 90 + 1} rue de la Gare",
                    schedule="Chaque mardi après-midi",
                    opening_hours="Tu 14:00-17:00",
                    contact_phone="01 23 45 67 89",
                    contact_email="contact@exemple.fr",
                    how_to_join="Appeler le lundi matin.",
                    verified_on=today,
                )
                for n, zone in enumerate(zones)
            ],
            batch_size=2000,
        )
        if actions[0].pk is None:
            actions = list(Action.objects.filter(zone__label=LABEL).order_by("pk"))
        kinds = list(Kind.objects.values_list("pk", flat=True))
        publics = list(Public.objects.values_list("pk", flat=True))
        links = [
            (Action.kinds.through, "kind_id", kinds),
            (Action.publics.through, "public_id", publics),
        ]
        for through, column, choices in links:
            through.objects.bulk_create(
                [
                    through(action_id=action.pk, **{column: choices[(n + shift) % len(choices)]})
                    for n, action in enumerate(actions)
                    for shift in (0, 1)
                ],
                batch_size=5000,
            )
        Action.organisations.through.objects.bulk_create(
            [
                Action.organisations.through(
                    action_id=action.pk, organisation_id=organisations[(n + shift) % 200].pk
                )
                for n, action in enumerate(actions)
                for shift in (0, 7)
            ],
            batch_size=5000,
        )


def consume(response) -> int:
    if response.streaming:
        return sum(len(chunk) for chunk in response.streaming_content)
    return len(response.content)


def measure(name: str, make) -> None:
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        size = consume(make())
        elapsed = time.perf_counter() - started
    tracemalloc.start()
    consume(make())
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(
        f"{name}: {elapsed:.2f} s, {size / 1e6:.1f} MB, {len(queries)} queries, "
        f"peak Python memory {peak / 1e6:.1f} MB"
    )


def main() -> None:
    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    furnish(args.actions)
    print(f"furnished {args.actions} actions in {time.perf_counter() - started:.1f} s")
    print(conditions())
    request = RequestFactory().get("/", HTTP_HOST="localhost")
    actions = Action.objects.filter(zone__label=LABEL)
    measure("CSV", lambda: export_actions(request, actions, "csv"))
    measure("XLSX", lambda: export_actions(request, actions, "xlsx"))
    print(f"services exported: {data_inclusion.services_queryset().count()}")
    measure("data·inclusion services.json", lambda: data_inclusion_services(request))


if __name__ == "__main__":
    main()
