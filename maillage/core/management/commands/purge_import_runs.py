"""Delete the files uploaded for an import and their reports once a day old (run daily)."""

from django.core.management.base import BaseCommand

from maillage.core.models import ImportRun


class Command(BaseCommand):
    help = "Supprime les fichiers d'import déposés depuis plus d'un jour."

    def handle(self, *args, **options):
        deleted, _ = ImportRun.objects.expired().delete()
        self.stdout.write(f"{deleted} import(s) supprimé(s).")
