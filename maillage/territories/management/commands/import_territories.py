"""manage.py import_territories: the official geography from the pinned npm package."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from maillage.territories.importers import GeographyImportError, run_import


class Command(BaseCommand):
    help = (
        "Importe le référentiel géographique officiel (régions, départements, intercommunalités, "
        "communes, codes postaux) depuis le paquet npm @etalab/decoupage-administratif."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--data-dir",
            type=Path,
            default=None,
            help="Dossier des fichiers JSON (par défaut : settings.GEOGRAPHY_DATA_DIR).",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Calcule et affiche les changements sans rien écrire.",
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="Compare avec la base même si ces fichiers ont déjà été importés.",
        )

    def handle(self, *args, data_dir, dry_run, force, verbosity, **options):
        try:
            run_import(
                data_dir or settings.GEOGRAPHY_DATA_DIR,
                dry_run=dry_run,
                force=force,
                stdout=self.stdout if verbosity else None,
            )
        except GeographyImportError as error:
            raise CommandError(str(error)) from error
