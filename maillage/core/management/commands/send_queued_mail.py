"""manage.py send_queued_mail: the outbox's cron job (every minute, see docs/deploy.md)."""

from django.core.management.base import BaseCommand

from maillage.core.mail import send_queued_mail


class Command(BaseCommand):
    help = (
        "Renvoie les e-mails en attente dont l'heure est venue, abandonne ceux qui ont épuisé "
        "leurs tentatives et supprime les e-mails envoyés depuis 30 jours ou abandonnés depuis "
        "90 jours."
    )

    def handle(self, *args, verbosity, **options):
        run = send_queued_mail()
        if verbosity:
            self.stdout.write(str(run))
