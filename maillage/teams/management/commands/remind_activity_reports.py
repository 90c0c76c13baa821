"""Remind the referents of each team without a report for last year, once per team and year."""

from django.core.management.base import BaseCommand

from maillage.teams.services.reports import reports_remind


class Command(BaseCommand):
    help = (
        "Rappelle aux référents des équipes sans bilan d'activité de l'an dernier de le "
        "remplir, une fois par équipe et par année (peut être lancé chaque jour)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, default=None, help="Année du bilan.")
        parser.add_argument("--base-url", default="", help="Adresse du site, pour les liens.")

    def handle(self, *args, **options):
        count = reports_remind(year=options["year"], base_url=options["base_url"])
        self.stdout.write(f"{count} équipe(s) rappelée(s).")
