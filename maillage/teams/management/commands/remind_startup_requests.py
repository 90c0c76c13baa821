"""Daily: remind each cooperation of its start-up requests untouched for 30 days."""

from django.core.management.base import BaseCommand

from maillage.teams.services.startup import startup_requests_remind


class Command(BaseCommand):
    help = (
        "Rappelle à chaque coopération (à l'équipe nationale sans coopération) les projets "
        "d'équipe sans action depuis 30 jours, une fois par période (à lancer chaque jour)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--base-url", default="", help="Adresse du site, pour les liens.")

    def handle(self, *args, **options):
        count = startup_requests_remind(base_url=options["base_url"])
        self.stdout.write(f"{count} demande(s) rappelée(s).")
