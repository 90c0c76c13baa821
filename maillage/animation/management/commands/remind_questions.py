from django.core.management.base import BaseCommand

from maillage.animation.services import questions_remind


class Command(BaseCommand):
    help = (
        "Rappelle aux animateurs (ou à l'équipe nationale) les questions restées sans réponse "
        "depuis 7 jours (une fois par question ; à lancer chaque jour)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--base-url",
            required=True,
            help="Adresse du site pour les liens des mails, par exemple https://maillage.fr",
        )

    def handle(self, *args, base_url, **options):
        reminded = questions_remind(base_url=base_url.rstrip("/"))
        self.stdout.write(f"{reminded} question(s) rappelée(s).")
