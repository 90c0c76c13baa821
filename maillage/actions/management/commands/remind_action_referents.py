"""manage.py remind_action_referents: the monthly reminder of the actions to confirm (cron,
see docs/deploy.md)."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from maillage.actions.services import action_referents_remind_all, reminders


class Command(BaseCommand):
    help = (
        "Écrit à chaque référent d'organisation la liste de ses actions non confirmées depuis "
        "12 mois, avec le lien vers la page « Actions à confirmer ». Personne d'autre ne reçoit "
        "d'e-mail. À lancer une fois par mois."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--base-url",
            default=getattr(settings, "MAILLAGE_SITE_URL", ""),
            help="L'adresse du site dans les liens, par exemple https://maillage.example.org "
            "(par défaut : le réglage MAILLAGE_SITE_URL).",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Dit à qui les e-mails partiraient, sans rien envoyer.",
        )

    def handle(self, *args, base_url, dry_run, verbosity, **options):
        base_url = (base_url or "").rstrip("/")
        if not base_url.startswith(("https://", "http://")):
            raise CommandError(
                "Indiquez l'adresse du site avec --base-url https://… (ou le réglage "
                "MAILLAGE_SITE_URL) : les liens des e-mails en ont besoin."
            )
        if dry_run:
            pairs = reminders()
            for user, actions in pairs:
                self.stdout.write(f"{user.email} : {len(actions)} action(s) à confirmer")
            self.stdout.write(f"{len(pairs)} e-mail(s) à envoyer (simulation, rien n'est envoyé).")
            return
        sent = action_referents_remind_all(base_url=base_url)
        if verbosity:
            self.stdout.write(f"{sent} e-mail(s) de rappel mis dans la file d'envoi.")
