from django.conf import settings
from django.core.management.base import BaseCommand

from maillage.animation.services import registrations_purge


class Command(BaseCommand):
    help = (
        "Supprime les inscriptions (noms et adresses) des événements terminés depuis plus que "
        "le délai de conservation (MAILLAGE_TEAM_DATA_RETENTION_DAYS ; à lancer chaque jour)."
    )

    def handle(self, *args, **options):
        deleted = registrations_purge()
        self.stdout.write(
            f"{deleted} inscription(s) supprimée(s) (conservation : "
            f"{settings.MAILLAGE_TEAM_DATA_RETENTION_DAYS} jours après l'événement)."
        )
