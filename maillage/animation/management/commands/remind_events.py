from django.core.management.base import BaseCommand

from maillage.animation.services import events_remind


class Command(BaseCommand):
    help = (
        "Envoie le rappel de la veille aux personnes inscrites aux événements de demain "
        "(une fois par inscription ; à lancer chaque heure ou chaque jour)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--base-url",
            required=True,
            help="Adresse du site pour les liens des mails, par exemple https://maillage.fr",
        )

    def handle(self, *args, base_url, **options):
        sent = events_remind(base_url=base_url.rstrip("/"))
        self.stdout.write(f"{sent} rappel(s) envoyé(s).")
