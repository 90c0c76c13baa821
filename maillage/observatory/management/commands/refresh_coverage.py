"""manage.py refresh_coverage: what reaches every current commune, for all of France."""

import time

from django.core.management.base import BaseCommand

from maillage.core.importing.limits import thousands

from ...coverage import refresh_coverage, white_zones


class Command(BaseCommand):
    help = "Recalcule la couverture de toutes les communes (équipes, actions, coopérations)."

    def handle(self, *args, **options):
        started = time.monotonic()
        communes = refresh_coverage()
        self.stdout.write(
            self.style.SUCCESS(
                f"Couverture recalculée pour {thousands(communes)} communes en "
                f"{time.monotonic() - started:.2f} s ; "
                f"{thousands(white_zones().count())} zone(s) blanche(s)."
            )
        )
