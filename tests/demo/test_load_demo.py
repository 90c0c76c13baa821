from io import StringIO

import pytest
from django.conf import settings
from django.core.checks import ERROR, run_checks
from django.core.management import CommandError, call_command
from django.test import override_settings

from maillage.accounts.models import User
from maillage.actions.models import Action
from maillage.cooperations.enums import MemberRole
from maillage.cooperations.models import Animator, Cooperation, Membership
from maillage.core.validators import validate_siret
from maillage.demo.actions import TOTAL
from maillage.demo.loader import DEMO_ANIMATOR_EMAIL, DEMO_PASSWORD, DEMO_STAFF_EMAIL
from maillage.demo.network import DEMO_DOMAIN, build_demo_network
from maillage.demo.teams import TEAMS
from maillage.organisations.models import Organisation
from maillage.teams.models import CitizenTeam, StartupRequest
from tests.accounts.factories import UserFactory
from tests.core.test_security import load_prod_settings


def _counts():
    return (
        Cooperation.objects.count(),
        Organisation.objects.count(),
        User.objects.count(),
        CitizenTeam.objects.count(),
        StartupRequest.objects.count(),
        Action.objects.count(),
    )


@override_settings(MAILLAGE_DEMO=True)
def test_demo_is_loaded_once_and_signs_in(geography, client):
    call_command("load_demo")
    counts = _counts()
    assert counts[-1] == TOTAL
    call_command("load_demo")
    assert _counts() == counts
    assert User.objects.filter(email=DEMO_STAFF_EMAIL, is_staff=True).count() == 1
    assert client.login(email=DEMO_STAFF_EMAIL, password=DEMO_PASSWORD)


@override_settings(MAILLAGE_DEMO=True)
def test_a_network_loaded_before_the_actions_gets_them_on_the_next_run(geography):
    build_demo_network()  # as `make run` left it before the demo had actions
    out = StringIO()
    call_command("load_demo", stdout=out)
    lines = out.getvalue().splitlines()
    assert f"Actions de démonstration : {TOTAL} actions." in lines
    assert Action.objects.count() == TOTAL
    # The teams come after the network, before the coverage that counts them.
    assert lines[3].startswith(f"Équipes citoyennes de démonstration : {TEAMS} équipes")
    assert lines[4].startswith("Chiffres de population fictifs")
    assert CitizenTeam.objects.count() == TEAMS


@override_settings(MAILLAGE_DEMO=True)
def test_demo_network_has_an_animated_cooperation_for_cotes_d_armor(geography):
    call_command("load_demo")
    armor = Cooperation.objects.get(slug="monalisa-22")
    assert armor.perimeter.contains(geography["saint_brieuc"])
    animator = Animator.objects.select_related("user").get(
        cooperation=armor, user__email=DEMO_ANIMATOR_EMAIL
    )
    assert animator.user.check_password(DEMO_PASSWORD)
    co_animators = Membership.objects.filter(cooperation=armor, role=MemberRole.CO_ANIMATOR)
    assert co_animators.count() == 2
    assert animator.organisation_id in co_animators.values_list("organisation_id", flat=True)
    # The Pays de Brest cooperation is smaller than its department: one EPCI.
    brest = Cooperation.objects.get(slug="monalisa-29")
    assert brest.perimeter.part_pairs() == [("epci", "242900314")]
    for siret in Organisation.objects.exclude(siret="").values_list("siret", flat=True):
        validate_siret(siret)


@override_settings(MAILLAGE_DEMO=False)
def test_demo_accounts_are_never_created_outside_demo_mode(db):
    with pytest.raises(CommandError, match="MAILLAGE_DEMO"):
        call_command("load_demo")
    assert not User.objects.exists()


@override_settings(MAILLAGE_DEMO=True, MAILLAGE_PRODUCTION=True)
def test_demo_is_refused_under_the_production_settings(geography):
    with pytest.raises(CommandError, match="jamais avec les réglages de production"):
        call_command("load_demo")
    assert not User.objects.filter(email=DEMO_STAFF_EMAIL).exists()


def check_ids(**options) -> list[str]:
    return [message.id for message in run_checks(**options)]


@override_settings(MAILLAGE_PRODUCTION=True, MAILLAGE_DEMO=True)
def test_a_system_check_refuses_the_demo_switch_in_production():
    assert "demo.E001" in check_ids()


@override_settings(MAILLAGE_PRODUCTION=False, MAILLAGE_DEMO=True)
def test_the_demo_switch_is_fine_outside_production():
    assert "demo.E001" not in check_ids()


@pytest.mark.django_db
@override_settings(MAILLAGE_PRODUCTION=True, MAILLAGE_DEMO=False)
def test_a_system_check_refuses_demo_accounts_in_a_production_database():
    assert "demo.E002" not in check_ids(databases=["default"])
    UserFactory(email=f"quelquun@{DEMO_DOMAIN}")
    errors = [m for m in run_checks(databases=["default"]) if m.id == "demo.E002"]
    assert len(errors) == 1 and errors[0].level == ERROR
    assert "compte(s) de démonstration" in errors[0].msg


def test_the_production_settings_say_they_are_production(monkeypatch):
    assert load_prod_settings(monkeypatch).MAILLAGE_PRODUCTION is True
    assert settings.MAILLAGE_PRODUCTION is False
