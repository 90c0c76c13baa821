"""Daily: remind referents of messages waiting for 7 days, tell animators of those waiting 14."""

from django.core.management.base import BaseCommand

from maillage.teams.services import messages_remind


class Command(BaseCommand):
    help = (
        "Rappelle aux référents les messages sans réponse depuis 7 jours et signale aux "
        "animateurs de la coopération ceux qui attendent depuis 14 jours (à lancer chaque jour)."
    )

    def handle(self, *args, **options):
        counts = messages_remind()
        self.stdout.write(
            f"{counts['reminded']} message(s) rappelé(s) aux référents, "
            f"{counts['escalated']} signalé(s) aux coopérations."
        )
