"""Import of a cooperation's inventory: a generated 20,000-line CSV and the same as XLSX, each
validated (the preview's dry run) then committed, timed, with the peak memory of each step.

Usage: python bench/import_actions.py [--database-url URL] [--rows N] [--no-tracemalloc]
Target (issue 8): validation + commit <= 30 s for each file; memory bounded (streamed).

Peak memory is Python's own (tracemalloc, which slows the run: the times are taken in a first
pass without it) and the process's resident peak (ru_maxrss), before and after.
"""

import argparse
import csv
import io
import random
import resource
import time
import tracemalloc
from collections import Counter
from dataclasses import replace

from common import conditions, ensure_geography, setup_django

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument("--rows", type=int, default=20_000)
parser.add_argument("--no-tracemalloc", action="store_true")
args = setup_django(parser)

from django.db import transaction  # noqa: E402
from openpyxl import Workbook  # noqa: E402

from maillage.actions.importers import ActionImporter  # noqa: E402
from maillage.actions.models import Action  # noqa: E402
from maillage.actions.samples.make_sample import ACTIONS, HEADINGS  # noqa: E402
from maillage.cooperations.models import Cooperation  # noqa: E402
from maillage.core.importing.limits import current_limits, megabytes  # noqa: E402
from maillage.organisations.models import Organisation  # noqa: E402
from maillage.territories.models import Commune, Epci, Perimeter  # noqa: E402
from maillage.territories.services import perimeter_create  # noqa: E402

SLUG = "bench-import-actions"
DEPARTMENTS = ["22", "29", "35", "56"]


def cooperation() -> Cooperation:
    found = Cooperation.objects.filter(slug=SLUG).first()
    if found:
        return found
    perimeter = perimeter_create(parts=[("department", code) for code in DEPARTMENTS])
    return Cooperation.objects.create(
        name="Banc d'essai de l'import", slug=SLUG, perimeter=perimeter
    )


def clean(scope: Cooperation) -> None:
    with transaction.atomic():
        zones = list(Action.objects.filter(source=scope).values_list("zone_id", flat=True))
        Action.objects.filter(source=scope).delete()
        Perimeter.objects.filter(pk__in=zones).delete()
        Organisation.objects.filter(slug__startswith="banc-").delete()


def rows(count: int, rng: random.Random) -> list[list]:
    communes = list(
        Commune.objects.current()
        .filter(department_id__in=DEPARTMENTS)
        .order_by("code")
        .values_list("name", "code", "epci_id")
    )
    homonyms = {name for name, count in Counter(n for n, _c, _e in communes).items() if count > 1}
    epcis = dict(Epci.objects.values_list("code", "name"))
    # Each carrier has its phone number: an inventory repeats its carriers' numbers.
    carriers = {
        f"Banc {kind} {n}": f"02 61 91 {n:02d} {index:02d}"
        for index, kind in enumerate(("association", "club", "CCAS"))
        for n in range(80)
    }
    result = []
    for number in range(count):
        kind, title, summary, where, when, hours, cost, zone, how = rng.choice(ACTIONS)
        name, code, epci = rng.choice(communes)
        zone_cell = {"commune": "commune", "intercommunalité": epcis.get(epci, "commune")}.get(
            zone, "Côtes-d'Armor"
        )
        carrier = rng.choice(list(carriers))
        result.append(
            [
                f"B-{number:05d}",
                f"{title} ({name})",
                summary,
                kind,
                "Personnes âgées vivant à domicile",
                carrier,
                code if name in homonyms else rng.choice([name, code]),
                where,
                zone_cell,
                when,
                hours,
                "non" if cost else "oui",
                cost,
                carriers[carrier],
                how,
                "en cours",
                f"{rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}/2025",
                "",  # no long description: most inventories have none
                "",
            ]
        )
    return result


def as_csv(data: list[list]) -> bytes:
    text = io.StringIO()
    writer = csv.writer(text, delimiter=";", lineterminator="\r\n")
    writer.writerow(HEADINGS)
    writer.writerows(data)
    return ("\ufeff" + text.getvalue()).encode("utf-8")


def as_xlsx(data: list[list]) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append(HEADINGS)
    for row in data:
        sheet.append(row)
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def step(scope, data, name, *, commit: bool, trace: bool):
    importer = ActionImporter(scope=scope)
    limits = current_limits()
    if len(data) > limits.max_bytes:
        # Measured all the same; through the web such a file is refused (split it, or send
        # the XLSX, which packs the same rows in a quarter of the size).
        limits = replace(limits, max_bytes=len(data))
    if trace:
        tracemalloc.start()
    started = time.perf_counter()
    report = importer.run(data, filename=name, commit=commit, limits=limits)
    elapsed = time.perf_counter() - started
    peak = 0
    if trace:
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    if report.refusal:
        raise SystemExit(f"{name}: refused: {report.refusal}")
    return elapsed, peak, report


def main():
    ensure_geography()
    scope = cooperation()
    data = rows(args.rows, random.Random(8))
    files = {"csv": as_csv(data), "xlsx": as_xlsx(data)}
    del data
    print(f"conditions: {conditions()}")
    print(f"rows: {args.rows}")
    for kind, content in files.items():
        clean(scope)
        before_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        validate, _, preview = step(scope, content, f"b.{kind}", commit=False, trace=False)
        commit, _, done = step(scope, content, f"b.{kind}", commit=True, trace=False)
        again, _, second = step(scope, content, f"b.{kind}", commit=True, trace=False)
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        over = len(content) > current_limits().max_bytes
        print(
            f"{kind}: {megabytes(len(content))} ({len(content):,} bytes"
            f"{', above the upload limit: measured with it raised' if over else ''}); "
            f"validation {validate:.1f} s + commit {commit:.1f} s = {validate + commit:.1f} s "
            f"(created {done.created}, refused {done.refused}, organisations proposed "
            f"{len(preview.proposals)}); re-import {again:.1f} s (unchanged {second.unchanged}); "
            f"process peak RSS {before_rss / 1024:.0f} -> {rss / 1024:.0f} MB"
        )
        if not args.no_tracemalloc:
            clean(scope)
            _, peak_validate, _ = step(scope, content, f"b.{kind}", commit=False, trace=True)
            _, peak_commit, _ = step(scope, content, f"b.{kind}", commit=True, trace=True)
            print(
                f"{kind}: Python peak memory (tracemalloc) validation "
                f"{peak_validate / 1024 / 1024:.1f} MB, commit {peak_commit / 1024 / 1024:.1f} MB"
            )
    clean(scope)


main()
