"""Daily: delete closed volunteer messages and anonymise closed start-up requests once the
retention time (settings.MAILLAGE_TEAM_DATA_RETENTION_DAYS) has passed."""

from django.core.management.base import BaseCommand

from maillage.teams.services import retention_days, team_data_purge


class Command(BaseCommand):
    help = (
        "Supprime les messages de bénévoles et anonymise les demandes de création d'équipe "
        "closes depuis plus que la durée de conservation (à lancer chaque jour)."
    )

    def handle(self, *args, **options):
        counts = team_data_purge()
        self.stdout.write(
            f"Conservation de {retention_days()} jours : {counts['messages']} message(s) "
            f"supprimé(s), {counts['requests']} demande(s) anonymisée(s)."
        )
