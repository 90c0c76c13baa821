"""The demo network `make run` loads: invented data, labelled as such on every page.

Each domain adds its part here as it lands; every step is idempotent so a second
`make run` changes nothing.
"""

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction

from maillage.accounts.models import User
from maillage.cooperations.models import Cooperation
from maillage.territories.models import Department

from .actions import build_demo_actions, demo_actions_exist
from .events import build_demo_events
from .network import ANIMATOR_22_EMAIL, build_demo_network
from .population import build_demo_population
from .teams import build_demo_teams

# Published in the README: these accounts exist only where MAILLAGE_DEMO is on.
DEMO_PASSWORD = "demo-maillage-2026"
DEMO_STAFF_EMAIL = "equipe.nationale@demo.maillage.fr"
DEMO_ANIMATOR_EMAIL = ANIMATOR_22_EMAIL


@transaction.atomic
def load_demo() -> list[str]:
    """Create what is missing of the demo data; return one line per step for the console."""
    if settings.MAILLAGE_PRODUCTION:
        raise ImproperlyConfigured(
            "Les données de démonstration, dont le mot de passe est public, ne se chargent "
            "jamais avec les réglages de production."
        )
    if not settings.MAILLAGE_DEMO:
        raise ImproperlyConfigured(
            "Les données de démonstration ne se chargent que si MAILLAGE_DEMO est activé."
        )
    lines = []
    password_hash = make_password(DEMO_PASSWORD)
    _staff, created = User.objects.get_or_create(
        email=DEMO_STAFF_EMAIL,
        defaults={
            "first_name": "Nadia",
            "last_name": "Démo",
            "is_staff": True,
            "is_superuser": True,
            "password": password_hash,
        },
    )
    lines.append(
        f"Compte de l'équipe nationale : {DEMO_STAFF_EMAIL} ({'créé' if created else 'déjà là'})"
    )
    if Cooperation.objects.filter(slug="monalisa-22").exists():
        lines.append("Réseau de démonstration : déjà là.")
    elif not Department.objects.exists():
        lines.append("Réseau de démonstration : importez d'abord le référentiel géographique.")
    else:
        network = build_demo_network(password_hash=password_hash)
        lines.append(
            f"Réseau de démonstration : {network.cooperations} coopérations, "
            f"{network.organisations} organisations, {network.memberships} adhésions, "
            f"{network.animators} animateurs."
        )
    build_demo_events()  # silent: the lines above are what the demo tests read
    if demo_actions_exist():
        lines.append("Actions de démonstration : déjà là.")
    elif Cooperation.objects.filter(slug="monalisa-22").exists():
        lines.append(f"Actions de démonstration : {build_demo_actions()} actions.")
    lines.append(build_demo_teams())
    lines.append(build_demo_population())
    return lines
