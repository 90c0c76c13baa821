"""Shared set-up for the benchmarks: pick the database, start Django, describe the conditions."""

import argparse
import os
import platform
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def setup_django(parser: argparse.ArgumentParser) -> argparse.Namespace:
    """Parse the arguments, --database-url among them (default: the development SQLite file),
    and start Django on that database."""
    parser.add_argument("--database-url", help="database to use (default: the dev SQLite file)")
    args = parser.parse_args()
    if args.database_url:
        os.environ["DATABASE_URL"] = args.database_url
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    os.environ["DEBUG"] = "false"
    import django

    django.setup()
    return args


def ensure_geography() -> None:
    """Migrate and import the official geography if this database does not have it yet."""
    from django.core.management import call_command

    from maillage.territories.models import Commune

    call_command("migrate", verbosity=0)
    if not Commune.objects.exists():
        call_command("import_territories", verbosity=0)


def conditions() -> str:
    from django.db import connection

    vendor = connection.vendor
    with connection.cursor() as cursor:
        if vendor == "sqlite":
            cursor.execute("select sqlite_version()")
        else:
            cursor.execute("show server_version")
        version = cursor.fetchone()[0]
    return (
        f"database: {vendor} {version}; cpu: {os.cpu_count()} x {platform.machine()}; "
        f"python {platform.python_version()}"
    )


def percentiles(samples_ms: list[float]) -> str:
    ordered = sorted(samples_ms)
    p95 = ordered[max(0, round(0.95 * len(ordered)) - 1)]
    return (
        f"n={len(ordered)} p50={statistics.median(ordered):.2f} ms p95={p95:.2f} ms "
        f"max={ordered[-1]:.2f} ms"
    )
