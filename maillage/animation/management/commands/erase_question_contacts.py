from django.core.management.base import BaseCommand

from maillage.animation.services import questions_erase_contacts
from maillage.animation.services.questions import retention_days


class Command(BaseCommand):
    help = (
        "Efface les coordonnées des personnes qui ont posé une question, une fois passé le "
        "délai de conservation après la réponse (MAILLAGE_TEAM_DATA_RETENTION_DAYS ; à lancer "
        "chaque jour)."
    )

    def handle(self, *args, **options):
        erased = questions_erase_contacts()
        self.stdout.write(
            f"{erased} question(s) anonymisée(s) (conservation : {retention_days()} jours)."
        )
