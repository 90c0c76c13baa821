from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError

from maillage.demo.loader import load_demo


class Command(BaseCommand):
    help = "Charge les données de démonstration (fictives) si elles manquent."

    def handle(self, *args, **options):
        try:
            lines = load_demo()
        except ImproperlyConfigured as error:
            raise CommandError(str(error)) from error
        for line in lines:
            self.stdout.write(line)
