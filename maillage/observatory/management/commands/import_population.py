"""manage.py import_population FILE: INSEE's census base per commune (CSV or XLSX)."""

import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from maillage.core.importing import FileRefused
from maillage.core.importing.limits import thousands

from ...coverage import refresh_coverage
from ...population import import_population, report_lines


class Command(BaseCommand):
    help = (
        "Importe la base « Couples – Familles – Ménages » de l'INSEE par commune (CSV ou XLSX), "
        "puis recalcule la couverture des communes."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--ignore-unknown",
            action="store_true",
            help="Importer malgré des codes commune inconnus du référentiel (ils sont ignorés).",
        )
        parser.add_argument(
            "--no-refresh", action="store_true", help="Ne pas recalculer la couverture."
        )

    def handle(self, *args, **options):
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"Fichier introuvable : {path}")
        started = time.monotonic()
        try:
            report = import_population(
                path.read_bytes(),
                filename=path.name,
                allow_unknown=options["ignore_unknown"],
                progress=lambda lines: self.stdout.write(f"… {thousands(lines)} lignes lues"),
            )
        except FileRefused as refused:
            raise CommandError(" ".join(refused.messages)) from None
        for line in report_lines(report):
            self.stdout.write(line)
        if report.problems or (report.unknown_codes and not options["ignore_unknown"]):
            hint = (
                " (--ignore-unknown pour importer malgré les codes inconnus)"
                if report.unknown_codes and not report.problems
                else ""
            )
            raise CommandError(f"Rien n'a été importé{hint}.")
        self.stdout.write(
            self.style.SUCCESS(
                f"{thousands(report.created)} commune(s) ajoutée(s), "
                f"{thousands(report.updated)} mise(s) à jour, "
                f"{thousands(report.unchanged)} inchangée(s) "
                f"en {time.monotonic() - started:.1f} s."
            )
        )
        if not options["no_refresh"]:
            communes = refresh_coverage()
            self.stdout.write(f"Couverture recalculée pour {thousands(communes)} communes.")
