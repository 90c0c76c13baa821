"""import_territories on the real pinned package, in a scratch database: (1) full import into
an empty database, (2) re-import with nothing changed (--force), (0) start-up with the files
already imported, and (3) a "plain bulk insert" baseline: the same rows inserted with raw
cursor.executemany INSERTs, no diffing, in one transaction.

Usage: python bench/import_territories.py [--database-url URL] [--rounds N]
Default: a temporary SQLite file, deleted afterwards. With --database-url, the database must
hold no commune yet (its geography tables are emptied between rounds).
Targets (issue): (1) <= 10 s, (2) <= 5 s, (1) / (3) <= 2, on SQLite and PostgreSQL.

(1), (2) and (0) are timed end to end, as `manage.py import_territories` runs them (reading
and checking the files included); so is the baseline (3), which reads the same files with
importers.load_source(). The figure of each step is the median of the rounds.
"""

import argparse
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
parser.add_argument("--database-url", help="scratch database (default: a temporary SQLite file)")
parser.add_argument("--rounds", type=int, default=3, help="times each step is timed")
parser.add_argument("--data-dir", help="package data folder (default: GEOGRAPHY_DATA_DIR)")
args = parser.parse_args()

scratch = None
if args.database_url:
    os.environ["DATABASE_URL"] = args.database_url
else:
    scratch = tempfile.TemporaryDirectory(prefix="maillage-bench-")
    os.environ["DATABASE_URL"] = f"sqlite:///{scratch.name}/bench.sqlite3"
sys.path.insert(0, str(ROOT))
os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.dev"
os.environ["DEBUG"] = "false"

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.core.management.color import no_style  # noqa: E402
from django.db import connection, transaction  # noqa: E402

from maillage.territories import importers  # noqa: E402
from maillage.territories.enums import CommuneKind  # noqa: E402
from maillage.territories.models import (  # noqa: E402
    Commune,
    Department,
    Epci,
    GeographyImport,
    PostalCode,
    Region,
)

MODELS = (PostalCode, Commune, Epci, Department, Region, GeographyImport)
COMMUNE_COLUMNS = ["id", "code", "kind", "name", "search_name", "department_id", "region_id",
                   "epci_id", "current_id", "population", "former_codes"]  # fmt: skip


def empty_tables() -> None:
    tables = [model._meta.db_table for model in MODELS]
    statements = connection.ops.sql_flush(
        no_style(), tables, reset_sequences=True, allow_cascade=True
    )
    with transaction.atomic(), connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")  # each round starts from the same state


def timed(function, *args, **kwargs) -> float:
    started = time.perf_counter()
    function(*args, **kwargs)
    return time.perf_counter() - started


def insert(cursor, model, columns: list[str], rows: list[tuple]) -> None:
    quote = connection.ops.quote_name
    names = ", ".join(quote(model._meta.get_field(column).column) for column in columns)
    marks = ", ".join(["%s"] * len(columns))
    cursor.executemany(
        f"INSERT INTO {quote(model._meta.db_table)} ({names}) VALUES ({marks})", rows
    )


def baseline(data_dir: Path) -> tuple[float, float]:
    """The same rows, inserted as plainly as possible; returns (reading, inserting) seconds."""
    started = time.perf_counter()
    source = importers.load_source(data_dir)
    read = time.perf_counter() - started
    started = time.perf_counter()
    ids = {key: number for number, key in enumerate(source.communes, start=1)}
    communes = [
        (ids[key], *key, *values[:5], values[5] and ids[values[5]], *values[6:])
        for key, values in source.communes.items()
    ]
    communes.sort(key=lambda row: row[2] != CommuneKind.CURRENT)  # current ones first
    with transaction.atomic(), connection.cursor() as cursor:
        insert(
            cursor, Region, ["code", "name", "zone"], [(k, *v) for k, v in source.regions.items()]
        )
        insert(
            cursor,
            Department,
            ["code", "name", "search_name", "region_id", "zone", "population"],
            [(k, *v) for k, v in source.departments.items()],
        )
        insert(
            cursor,
            Epci,
            ["code", "name", "search_name", "kind", "population"],
            [(k, *v) for k, v in source.epcis.items()],
        )
        insert(cursor, Commune, COMMUNE_COLUMNS, communes)
        insert(
            cursor,
            PostalCode,
            ["commune_id", "code"],
            [(ids[key[:2]], key[2]) for key in source.postal_codes],
        )
    return read, time.perf_counter() - started


def database_version() -> str:
    with connection.cursor() as cursor:
        cursor.execute(
            "select sqlite_version()" if connection.vendor == "sqlite" else "show server_version"
        )
        return f"{connection.vendor} {cursor.fetchone()[0]}"


def main() -> None:
    data_dir = Path(args.data_dir or settings.GEOGRAPHY_DATA_DIR)
    call_command("migrate", verbosity=0)
    if Commune.objects.exists() and args.database_url:
        sys.exit(f"{args.database_url} already holds communes: give an empty scratch database.")

    full, unchanged, skip, base, base_read, base_insert = [], [], [], [], [], []
    for _ in range(args.rounds):
        empty_tables()
        full.append(timed(importers.run_import, data_dir, force=True))
        unchanged.append(timed(importers.run_import, data_dir, force=True))
        skip.append(timed(importers.run_import, data_dir))
        rows = {model.__name__: model.objects.count() for model in MODELS[:-1]}
        empty_tables()
        read, inserted = baseline(data_dir)
        base.append(read + inserted)
        base_read.append(read)
        base_insert.append(inserted)
        assert {model.__name__: model.objects.count() for model in MODELS[:-1]} == rows
    empty_tables()

    def figure(samples: list[float]) -> str:
        return f"{statistics.median(samples):6.2f} s (min {min(samples):5.2f})"

    median = statistics.median
    print("import_territories: the official geography, real pinned package, scratch database")
    print(
        f"rows: {', '.join(f'{count} {name}' for name, count in reversed(rows.items()))} "
        f"(package {importers.read_files(data_dir).version})"
    )
    print(
        f"database: {database_version()}; cpu: {os.cpu_count()} x {platform.machine()}; "
        f"python {platform.python_version()}; "
        f"rounds: {args.rounds} (median, and the best)"
    )
    print(f"(1) full import into an empty database   {figure(full)}   target <= 10 s")
    print(f"(2) re-import, nothing changed (--force) {figure(unchanged)}   target <= 5 s")
    print(f"(0) start-up, files already imported     {figure(skip)}")
    print(
        f"(3) plain executemany baseline           {figure(base)}   "
        f"reading {median(base_read):.2f} s + inserting {median(base_insert):.2f} s"
    )
    print(
        f"ratio (1) / (3)                          {median(full) / median(base):6.2f}"
        "     target <= 2"
    )
    print(
        f"ratio of the writing alone, (1) minus reading / inserting: "
        f"{(median(full) - median(base_read)) / median(base_insert):.2f}"
    )


try:
    main()
finally:
    connection.close()
    if scratch is not None:
        scratch.cleanup()
