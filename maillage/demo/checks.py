"""System checks: the demo data, whose password is public, never runs under the production
settings (`manage.py check`, and `migrate`, which checks the database before it starts)."""

from django.conf import settings
from django.core.checks import Error, Tags, register
from django.db import DatabaseError

from maillage.accounts.models import User

from .network import DEMO_DOMAIN


@register(Tags.security)
def check_demo_switched_off_in_production(app_configs=None, **kwargs) -> list[Error]:
    if settings.MAILLAGE_PRODUCTION and settings.MAILLAGE_DEMO:
        return [
            Error(
                "MAILLAGE_DEMO est activé avec les réglages de production : le bandeau et les "
                "comptes de démonstration, dont le mot de passe est public, n'ont rien à y faire.",
                hint="Retirez MAILLAGE_DEMO de l'environnement de production.",
                id="demo.E001",
            )
        ]
    return []


@register(Tags.database)
def check_no_demo_accounts_in_production(app_configs=None, databases=None, **kwargs) -> list:
    if not settings.MAILLAGE_PRODUCTION:
        return []
    errors = []
    for alias in databases or []:
        try:
            count = User.objects.using(alias).filter(email__iendswith=f"@{DEMO_DOMAIN}").count()
        except DatabaseError:  # before the first migrate: no account table, no demo account
            continue
        if count:
            errors.append(
                Error(
                    f"La base « {alias} » contient {count} compte(s) de démonstration "
                    f"(@{DEMO_DOMAIN}) sous les réglages de production : leur mot de passe est "
                    "public.",
                    hint="Supprimez ces comptes, ou utilisez une autre base pour la production.",
                    id="demo.E002",
                )
            )
    return errors
