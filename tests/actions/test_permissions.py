"""The role matrix of the inventory's back office, on the shared `world`: every page (GET) and
every write (POST) x every role x (our action, the other cooperation's action). A referent of
one organisation never edits another's action; an animator of one cooperation never edits the
other's. Deny by default: a refusal is a 404 and writes nothing."""

from dataclasses import dataclass

import pytest
from django.conf import settings
from django.shortcuts import resolve_url
from django.urls import reverse

from maillage.actions.enums import KindCode, PublicCode
from maillage.actions.models import Action
from maillage.core.models import AuditEntry, OutboundMail
from maillage.territories.models import PerimeterPart
from tests.actions.factories import ActionFactory
from tests.organisations.factories import OrganisationFactory
from tests.world import ROLES

EDITORS_OF_OURS = {"referent", "animator", "staff"}
EDITORS_OF_THEIRS = {"other_referent", "other_animator", "staff"}
LISTERS = set(ROLES) - {"anonymous", "no_role"}
FOLLOWERS = {"animator", "other_animator", "staff"}


def action_data(world, action) -> dict:
    return {
        "title": f"{action.title} (modifiée)",
        "kinds": [KindCode.HOME_VISITS],
        "publics": [PublicCode.AT_HOME],
        "organisations": [organisation.pk for organisation in action.organisations.all()],
        "status": "active",
        "commune": action.commune.code,
        "zone_level": "department",
        "is_free": "True",
        "version": action.version,
    }


@dataclass(frozen=True)
class Case:
    """A request of the back office: the URL name, the method, whether the URL names an action
    (ours or theirs), and the roles that succeed on ours and on theirs."""

    name: str
    method: str = "get"
    on_action: bool = False
    allowed: frozenset = frozenset()
    allowed_on_theirs: frozenset = frozenset()

    @property
    def label(self) -> str:
        return f"{self.method.upper()} {self.name}"


def on_action(name, method="get"):
    return Case(name, method, True, frozenset(EDITORS_OF_OURS), frozenset(EDITORS_OF_THEIRS))


CASES = [
    Case("backoffice_list", allowed=frozenset(LISTERS)),
    Case("backoffice_add", allowed=frozenset(LISTERS)),
    Case("backoffice_to_check", allowed=frozenset(LISTERS)),
    Case("backoffice_confirm_all", "post", allowed=frozenset(LISTERS)),
    Case("backoffice_freshness", allowed=frozenset(FOLLOWERS)),
    on_action("backoffice_edit"),
    on_action("backoffice_edit", "post"),
    on_action("backoffice_history"),
    on_action("backoffice_confirm", "post"),
    on_action("backoffice_end"),
    on_action("backoffice_end", "post"),
]


@pytest.fixture
def world(world):
    """Our action (carried by the referent's organisation, in the first cooperation's
    territory), theirs (the other cooperation's), each stale, so that confirmations show."""
    world.ours = ActionFactory(
        title="Visites de Plérin",
        commune=world.geography["plerin"],
        organisations=[world.organisation],
        stale=True,
    )
    world.theirs = ActionFactory(
        title="Visites de Brest",
        commune=world.geography["brest"],
        organisations=[world.other_organisation],
        stale=True,
    )
    return world


def fingerprint() -> tuple:
    return (
        tuple(
            Action.objects.order_by("pk").values_list(
                "pk", "title", "status", "verified_on", "version"
            )
        ),
        tuple(PerimeterPart.objects.order_by("pk").values_list("perimeter", "kind", "code")),
        AuditEntry.objects.count(),
        OutboundMail.objects.count(),
    )


def request_as(world, role, case: Case, action=None):
    client = world.client_as(role)
    args = [action.slug] if case.on_action else []
    url = reverse(f"actions:{case.name}", args=args)
    if case.method == "post":
        data = {}
        if case.name == "backoffice_edit":
            data = action_data(world, action)
        if case.name == "backoffice_confirm_all":
            data = {"action": [str(world.ours.pk), str(world.theirs.pk)]}
        return client.post(url, data)
    return client.get(url)


def check(world, role, case: Case, allowed: bool, action=None):
    before = fingerprint()
    response = request_as(world, role, case, action)
    if role == "anonymous":
        assert response.status_code == 302
        assert response.url.startswith(resolve_url(settings.LOGIN_URL))
        assert fingerprint() == before
    elif allowed:
        assert response.status_code == (302 if case.method == "post" else 200)
    else:
        assert response.status_code == 404
        assert fingerprint() == before


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("case", CASES, ids=lambda case: case.label)
def test_matrix_on_our_action(world, role, case):
    check(world, role, case, role in case.allowed, world.ours)


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("case", [case for case in CASES if case.on_action], ids=str)
def test_matrix_on_their_action(world, role, case):
    check(world, role, case, role in case.allowed_on_theirs, world.theirs)


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    ("name", "about"),
    [
        ("backoffice_remind_cooperation", "cooperation"),
        ("backoffice_remind_organisation", "organisation"),
    ],
)
def test_reminders_are_for_the_territory_animators_and_staff(world, role, name, about):
    """The first cooperation, or its member organisation: its animators and staff only."""
    case = Case(name, "post", True)
    check(world, role, case, role in {"animator", "staff"}, getattr(world, about))


@pytest.mark.django_db
def test_confirm_all_confirms_only_what_the_role_may_edit(world):
    world.client_as("referent").post(
        reverse("actions:backoffice_confirm_all"),
        {"action": [str(world.ours.pk), str(world.theirs.pk)]},
    )
    world.ours.refresh_from_db()
    world.theirs.refresh_from_db()
    assert (world.ours.needs_check, world.theirs.needs_check) == (False, True)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "carrier", "created"),
    [
        ("referent", "organisation", True),
        ("other_referent", "organisation", False),
        ("animator", "organisation", True),
        ("animator", "other_organisation", False),
        ("other_animator", "organisation", False),
        ("staff", "other_organisation", True),
    ],
)
def test_only_the_carriers_a_role_may_name_are_accepted(world, role, carrier, created):
    data = {
        **action_data(world, world.ours),
        "title": "Une nouvelle action",
        "organisations": [getattr(world, carrier).pk],
    }
    data.pop("version")
    world.client_as(role).post(reverse("actions:backoffice_add"), data)
    assert Action.objects.filter(title="Une nouvelle action").exists() is created


@pytest.mark.django_db
def test_an_animator_edits_an_action_held_in_their_territory_not_a_referent(world):
    held_here = ActionFactory(
        commune=world.geography["lamballe"], organisations=[OrganisationFactory()]
    )
    case = on_action("backoffice_edit")
    check(world, "animator", case, True, held_here)
    check(world, "referent", case, False, held_here)
    check(world, "other_animator", case, False, held_here)
