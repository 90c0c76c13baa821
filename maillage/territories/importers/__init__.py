"""Import of the official geography of France from the pinned npm package
@etalab/decoupage-administratif: idempotent bulk upserts, a diff report, all or nothing.

The flow: read the files and fingerprint them (`read_files`); stop there when the latest
import had the same fingerprint; otherwise parse and check everything (`load_source`), load
what the database holds in one query per table, diff the two in Python on natural keys
(codes, never database ids), then write the differences in bulk inside one transaction
(`import_geography`).

One module per step: `tables` (what is written), `source` (reading and checking the
files), `diff` (comparing, reporting), `writing` (the transaction); the whole run here.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import TextIO

from django.utils import timezone

from ..models import Commune, GeographyImport
from .diff import Report, TableDiff
from .source import Source, SourceFiles, load_source, parse_files, read_files
from .tables import PACKAGE_NAME, GeographyImportError, _plural
from .writing import _Progress, import_geography

__all__ = [
    "GeographyImportError",
    "Report",
    "Source",
    "SourceFiles",
    "TableDiff",
    "import_geography",
    "load_source",
    "parse_files",
    "read_files",
    "run_import",
    "up_to_date_import",
]


# --- The whole run ----------------------------------------------------------------------------


def up_to_date_import(fingerprint: str) -> GeographyImport | None:
    """The latest import, when it read exactly these files with this importer."""
    latest = GeographyImport.objects.order_by("-imported_at", "-pk").first()
    if latest is None or latest.fingerprint != fingerprint or not Commune.objects.exists():
        return None
    return latest


def run_import(
    data_dir: Path | str,
    *,
    dry_run: bool = False,
    force: bool = False,
    stdout: TextIO | None = None,
) -> Report | None:
    """What `manage.py import_territories` does; None when the database is already up to date."""
    progress = _Progress(stdout)
    started = time.perf_counter()
    files = read_files(data_dir)
    if not force and (latest := up_to_date_import(files.fingerprint)):
        imported_at = timezone.localtime(latest.imported_at).strftime("%d/%m/%Y à %H:%M")
        progress.say(
            f"Référentiel géographique à jour ({PACKAGE_NAME} {latest.source_version}, "
            f"importé le {imported_at}), rien à importer."
        )
        return None
    source = parse_files(files)
    progress.done(
        started,
        f"Lecture de {files.data_dir} ({PACKAGE_NAME} {source.version}) : {source.summary()}",
    )
    report = import_geography(source, dry_run=dry_run, stdout=stdout)
    if dry_run:
        progress.say("Simulation terminée : la base n'a pas été modifiée.")
    else:
        changes = _plural(report.changes, "changement", "changements")
        progress.done(started, f"Référentiel géographique importé : {changes}")
    return report
