"""The permission matrix of the back office of a cooperation: every view (GET) and every write
(POST) x every role x (own object, another cooperation's object). Deny by default.

The helpers at the top (a furnished cooperation, the list of actions with valid input, a
fingerprint of the database) are shared with the other back-office test modules."""

from dataclasses import dataclass, field
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.shortcuts import resolve_url
from django.urls import reverse

from maillage.accounts.models import Invitation
from maillage.accounts.services import invitation_create
from maillage.cooperations import models as cooperation_models
from maillage.cooperations.importers import MemberImporter
from maillage.cooperations.models import (
    Animator,
    Cooperation,
    CooperationAim,
    Membership,
    NewsItem,
    Objective,
)
from maillage.cooperations.services import ANIMATOR_ROLE
from maillage.core.importing import import_stage
from maillage.core.models import AuditEntry, ImportRun
from maillage.organisations.models import Organisation
from maillage.territories.models import PerimeterPart
from maillage.territories.services import perimeter_set_parts
from tests.organisations.factories import OrganisationFactory
from tests.world import ROLES

from . import factories
from .factories import MembershipFactory, NewsItemFactory, ObjectiveFactory


def furnish(cooperation: Cooperation, *, inviter) -> SimpleNamespace:
    """A news item, a testimony, a member, an objective, a second territory part, a pending
    invitation, a co-animator and an organisation that is not a member yet."""
    slug = cooperation.slug
    perimeter_set_parts(
        perimeter=cooperation.perimeter,
        parts=[*cooperation.perimeter.part_pairs(), ("commune", "75056")],
    )
    membership = MembershipFactory(
        cooperation=cooperation, organisation__name=f"Club des aînés {slug}"
    )
    invitation, _token = invitation_create(
        invited_by=inviter,
        email=f"invitee-{slug}@exemple.fr",
        role=ANIMATOR_ROLE,
        target=cooperation,
        label=f"animer la coopération {cooperation.name}",
        extra={"organisation_id": membership.organisation.pk},
    )
    return SimpleNamespace(
        cooperation=cooperation,
        slug=slug,
        news=NewsItemFactory(cooperation=cooperation, title=f"Forum des aînés {slug}"),
        testimony=factories.TestimonyFactory(cooperation=cooperation, person_name=f"Jeanne {slug}"),
        membership=membership,
        objective=ObjectiveFactory(cooperation=cooperation, title=f"Cartographier {slug}"),
        part=cooperation.perimeter.parts.get(kind="commune", code="75056"),
        invitation=invitation,
        outsider=OrganisationFactory(name=f"Maison de quartier {slug}"),
        co_animator=factories.AnimatorFactory(
            cooperation=cooperation,
            organisation=membership.organisation,
            user__email=f"co-animateur-{slug}@exemple.fr",
        ),
        members_run=import_stage(
            importer=MemberImporter(scope=cooperation, actor=inviter),
            filename="membres.csv",
            data=members_file(slug),
            owner=inviter,
        ),
    )


def members_file(slug: str) -> bytes:
    """A list of members naming one organisation Maillage does not know yet."""
    return f"Nom;Commune;Rôle\nAssociation Bol d'air {slug};22278;partenaire\n".encode()


def fingerprint() -> tuple:
    """Everything a back-office write could change, to compare before and after a request."""
    return (
        tuple(
            Cooperation.objects.order_by("pk").values_list(
                "pk", "name", "slug", "status", "birth_story", "contact_email"
            )
        ),
        tuple(NewsItem.objects.order_by("pk").values_list("pk", "cooperation", "title", "body")),
        tuple(
            cooperation_models.Testimony.objects.order_by("pk").values_list(
                "pk", "cooperation", "quote", "photo"
            )
        ),
        tuple(
            Membership.objects.order_by("pk").values_list(
                "pk", "cooperation", "organisation", "role", "since"
            )
        ),
        tuple(Objective.objects.order_by("pk").values_list("pk", "cooperation", "title", "status")),
        tuple(CooperationAim.objects.order_by("pk").values_list("pk", "aim", "description")),
        tuple(
            PerimeterPart.objects.order_by("perimeter", "kind", "code").values_list(
                "perimeter", "kind", "code"
            )
        ),
        tuple(Invitation.objects.order_by("pk").values_list("pk", "email", "revoked_at")),
        tuple(Animator.objects.order_by("pk").values_list("pk", "user", "cooperation")),
        Organisation.objects.count(),
        AuditEntry.objects.count(),
        tuple(ImportRun.objects.order_by("pk").values_list("pk", "status")),
    )


def objective_formset_data(objective, **changes) -> dict:
    data = {
        "objectifs-TOTAL_FORMS": "2",
        "objectifs-INITIAL_FORMS": "1",
        "objectifs-MIN_NUM_FORMS": "0",
        "objectifs-MAX_NUM_FORMS": "100",
        "objectifs-0-id": str(objective.pk),
        "objectifs-0-title": "Cartographier les actions du territoire",
        "objectifs-0-description": "",
        "objectifs-0-status": "achieved",
        "objectifs-0-position": "1",
        "objectifs-1-title": "",
        "objectifs-1-description": "",
        "objectifs-1-status": "planned",
        "objectifs-1-position": "0",
    }
    data.update(changes)
    return data


@dataclass(frozen=True)
class Action:
    """One request of the back office: a URL name, a method, the arguments beside the slug
    (from the furnished cooperation) and valid input."""

    name: str
    method: str = "get"
    obj: str | None = None  # attribute of the furnished namespace whose pk goes in the URL
    data: object = None  # callable(namespace) -> dict
    staff_only: bool = False
    extra: dict = field(default_factory=dict)

    @property
    def label(self) -> str:
        return f"{self.method.upper()} {self.name}"

    def url(self, target: SimpleNamespace, inner: SimpleNamespace | None = None) -> str:
        """`inner` supplies the object in the URL (another cooperation's, to test leaks)."""
        if self.staff_only:
            return reverse(f"cooperations:{self.name}")
        args = [target.slug]
        if self.obj:
            args.append(getattr(inner or target, self.obj).pk)
        args += self.extra.get("args", [])
        return reverse(f"cooperations:{self.name}", args=args)

    def payload(self, target: SimpleNamespace) -> dict:
        return self.data(target) if self.data else {}

    @property
    def success_status(self) -> int:
        return 200 if self.method == "get" else 302


ACTIONS = [
    Action("backoffice_list", staff_only=True),
    Action(
        "backoffice_list",
        "post",
        staff_only=True,
        data=lambda o: {"name": "MONALISA 75", "department": "75"},
    ),
    Action("backoffice_home"),
    Action("backoffice_edit"),
    Action(
        "backoffice_edit",
        "post",
        data=lambda o: {
            "name": f"{o.cooperation.name} — nouveau nom",
            "status": "active",
            "founded_on": "2016-05-12",
            "birth_story": "<p>Née d'un forum en 2016.</p>",
            "working_mode": "thematic_groups",
            "working_description": "",
            "strategy": "",
            "autonomy_plan_url": "",
            "contact_email": "contact@exemple.fr",
        },
    ),
    Action("backoffice_aims"),
    Action(
        "backoffice_aims",
        "post",
        data=lambda o: {"aim_1": "on", "aim_1_text": "Des rencontres deux fois par an."},
    ),
    Action("backoffice_objectives"),
    Action("backoffice_objectives", "post", data=lambda o: objective_formset_data(o.objective)),
    Action("backoffice_news"),
    Action("backoffice_news_add"),
    Action(
        "backoffice_news_add",
        "post",
        data=lambda o: {
            "title": "Un nouveau forum",
            "body": "<p>Le 3 mars.</p>",
            "published_on": "2025-03-01",
        },
    ),
    Action("backoffice_news_edit", obj="news"),
    Action(
        "backoffice_news_edit",
        "post",
        obj="news",
        data=lambda o: {
            "title": "Forum reporté",
            "body": "<p>Au 10 mars.</p>",
            "published_on": "2025-03-01",
        },
    ),
    Action("backoffice_news_delete", obj="news"),
    Action("backoffice_news_delete", "post", obj="news"),
    Action("backoffice_testimonies"),
    Action("backoffice_testimony_add"),
    Action(
        "backoffice_testimony_add",
        "post",
        data=lambda o: {
            "quote": "On ne se connaissait pas.",
            "person_name": "Lucie Tanguy",
            "person_role": "",
            "organisation_name": "",
            "position": "0",
        },
    ),
    Action("backoffice_testimony_edit", obj="testimony"),
    Action(
        "backoffice_testimony_edit",
        "post",
        obj="testimony",
        data=lambda o: {
            "quote": "On se connaît, maintenant.",
            "person_name": "Lucie Tanguy",
            "person_role": "",
            "organisation_name": "",
            "position": "0",
        },
    ),
    Action("backoffice_testimony_delete", obj="testimony"),
    Action("backoffice_testimony_delete", "post", obj="testimony"),
    Action("backoffice_perimeter"),
    Action(
        "backoffice_perimeter",
        "post",
        data=lambda o: {"kind": "department", "code": "2A", "q": "corse"},
    ),
    Action("backoffice_perimeter_remove", "post", obj="part"),
    Action("backoffice_members"),
    Action(
        "backoffice_member_add",
        "post",
        data=lambda o: {
            "organisation": str(o.outsider.pk),
            "role": "partner",
            "since": "2024-01-01",
            "q": "Maison",
        },
    ),
    Action("backoffice_member_create"),
    Action(
        "backoffice_member_create",
        "post",
        data=lambda o: {
            "name": f"Association Bol d'air {o.slug}",
            "kind": "association",
            "commune": "22278",
            "role": "partner",
            "since": "",
            "referent_email": f"presidente-{o.slug}@exemple.fr",
        },
    ),
    Action("backoffice_member_edit", obj="membership"),
    Action(
        "backoffice_member_edit",
        "post",
        obj="membership",
        data=lambda o: {"role": "funder", "since": "2021-06-01"},
    ),
    Action("backoffice_member_remove", obj="membership"),
    Action("backoffice_member_remove", "post", obj="membership"),
    Action("backoffice_animators"),
    Action(
        "backoffice_animators",
        "post",
        data=lambda o: {
            "email": "nouvelle.animatrice@exemple.fr",
            "organisation": str(o.membership.organisation.pk),
        },
    ),
    Action("backoffice_invitation_revoke", "post", obj="invitation"),
    Action("backoffice_animator_remove", obj="co_animator"),
    Action("backoffice_animator_remove", "post", obj="co_animator"),
    Action("backoffice_history"),
    Action("backoffice_members_import"),
    Action(
        "backoffice_members_import",
        "post",
        data=lambda o: {"file": SimpleUploadedFile("membres.csv", members_file(o.slug + "-2"))},
    ),
    Action("backoffice_members_import_preview", obj="members_run"),
    Action("backoffice_members_import_preview", "post", obj="members_run"),
    Action("backoffice_members_import_template", extra={"args": ["xlsx"]}),
    Action("backoffice_members_import_guide"),
]


# --- the matrix ----------------------------------------------------------------------------

ALLOWED_ROLES = ["animator", "staff"]


@pytest.fixture
def world(world, settings, tmp_path):
    """The shared world (tests/conftest.py), both cooperations furnished."""
    settings.MEDIA_ROOT = tmp_path
    world.armor = furnish(world.cooperation, inviter=world.people["staff"])
    world.finistere = furnish(world.other_cooperation, inviter=world.people["staff"])
    return world


def send(client, action: Action, url: str, data: dict):
    if action.method == "post":
        return client.post(url, data)
    return client.get(url)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", ACTIONS, ids=lambda action: action.label)
def test_permission_matrix_on_own_cooperation(world, action, role):
    """Animators of this cooperation and staff succeed; anyone else is sent to sign in (anonymous)
    or meets a 404 (403 for the staff-only page) and nothing is written."""
    client = world.client_as(role)
    before = fingerprint()
    response = send(client, action, action.url(world.armor), action.payload(world.armor))

    if role == "anonymous":
        assert response.status_code == 302
        assert response.url.startswith(resolve_url(settings.LOGIN_URL))
        assert fingerprint() == before
    elif role == "staff" or (role == "animator" and not action.staff_only):
        assert response.status_code == action.success_status, response.content.decode()[:3000]
        if action.method == "post":
            assert fingerprint() != before, "a successful write must change something"
    else:
        assert response.status_code == (403 if action.staff_only else 404)
        assert fingerprint() == before


OBJECT_ACTIONS = [action for action in ACTIONS if action.obj]


@pytest.mark.parametrize("role", ALLOWED_ROLES)
@pytest.mark.parametrize("action", OBJECT_ACTIONS, ids=lambda action: action.label)
def test_another_cooperations_object_in_the_url_is_not_found(world, action, role):
    """The slug of my cooperation with the id of a news item, a testimony, a member, a part or
    an invitation of another cooperation: 404, nothing changed — even for staff."""
    client = world.client_as(role)
    before = fingerprint()
    url = action.url(world.armor, inner=world.finistere)
    response = send(client, action, url, action.payload(world.armor))
    assert response.status_code == 404
    assert fingerprint() == before


@pytest.mark.parametrize("action", OBJECT_ACTIONS, ids=lambda action: action.label)
def test_an_animator_reaches_no_object_through_another_cooperations_slug(client, world, action):
    client.force_login(world.people["animator"])
    before = fingerprint()
    response = send(client, action, action.url(world.finistere), action.payload(world.finistere))
    assert response.status_code == 404
    assert fingerprint() == before


def test_the_matrix_covers_every_back_office_route():
    """A new back-office route must join the matrix: what is not listed is not tested."""
    from maillage.cooperations.urls_backoffice import backoffice_patterns

    assert {pattern.name for pattern in backoffice_patterns} == {a.name for a in ACTIONS}


@pytest.mark.parametrize(
    "name", ["backoffice_perimeter_remove", "backoffice_member_add", "backoffice_invitation_revoke"]
)
def test_write_only_routes_refuse_get(client, world, name):
    client.force_login(world.people["animator"])
    action = next(a for a in ACTIONS if a.name == name)
    before = fingerprint()
    assert client.get(action.url(world.armor)).status_code == 405
    assert fingerprint() == before


@pytest.mark.parametrize("name", ["backoffice_home", "backoffice_news", "backoffice_history"])
def test_read_only_pages_refuse_post(client, world, name):
    client.force_login(world.people["animator"])
    before = fingerprint()
    response = client.post(reverse(f"cooperations:{name}", args=[world.armor.slug]), {})
    assert response.status_code == 405
    assert fingerprint() == before


def test_a_deactivated_animator_is_refused(client, world):
    animator = world.people["animator"]
    animator.is_active = False
    animator.save()
    client.force_login(animator)
    response = client.get(reverse("cooperations:backoffice_edit", args=[world.armor.slug]))
    # The authentication backend does not keep an inactive user signed in: back to sign-in.
    assert response.status_code == 302
    assert response.url.startswith(resolve_url(settings.LOGIN_URL))


def test_editable_by_refuses_an_inactive_animator_even_if_signed_in(world):
    animator = world.people["animator"]
    animator.is_active = False
    assert not Cooperation.objects.editable_by(animator).exists()


def test_an_unknown_cooperation_is_a_404_for_staff_too(client, world):
    client.force_login(world.people["staff"])
    response = client.get(reverse("cooperations:backoffice_edit", args=["n-existe-pas"]))
    assert response.status_code == 404


@pytest.mark.parametrize("role", ["animator", "referent", "no_role"])
def test_the_django_admin_of_cooperations_is_for_staff_only(client, world, role):
    url = reverse("admin:cooperations_cooperation_change", args=[world.armor.cooperation.pk])
    client.force_login(world.people[role])
    response = client.get(url)
    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))
    client.force_login(world.people["staff"])
    assert client.get(url).status_code == 200
