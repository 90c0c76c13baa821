"""A role only these tests know, so that the account pages are tested without the domain apps."""

import pytest
from django.contrib.auth.models import Group

from maillage.accounts import roles
from maillage.accounts.services import invitation_create
from tests.accounts.factories import UserFactory
from tests.browser.conftest import browser, new_page  # noqa: F401 (for test_pages_in_browser)

PASSWORD = "mot-de-passe-solide-42"
DUMMY_ROLE = "dummy_member"


def dummy_granter(invitation, user) -> None:
    """Accepting makes the user a member of the invitation's group."""
    group = invitation.target_type.get_object_for_this_type(pk=invitation.target_id)
    group.user_set.add(user)


def dummy_provider(user) -> list[roles.RoleLink]:
    """One query whatever the number of groups."""
    return [
        roles.RoleLink(label=f"Membre de {group.name}", url=f"/essai/{group.pk}/", kind="dummy")
        for group in user.groups.order_by("name")
    ]


@pytest.fixture
def dummy_role(role_registries):
    """Register the role for this test only, beside the roles the apps registered (never
    emptied: the role_registries fixture restores the registries afterwards)."""
    roles.register_granter(DUMMY_ROLE, dummy_granter)
    roles.register_provider(dummy_provider)
    yield DUMMY_ROLE


@pytest.fixture
def inviter(db):
    return UserFactory(
        staff=True, email="claire.martin@exemple.fr", first_name="Claire", last_name="Martin"
    )


@pytest.fixture
def team(db):
    return Group.objects.create(name="Coopération d'essai")


@pytest.fixture
def invite(dummy_role, inviter, team, django_capture_on_commit_callbacks):
    """invite(email) -> (invitation, token), the invitation email sent."""

    def make(email: str = "nouvelle@exemple.fr"):
        with django_capture_on_commit_callbacks(execute=True):
            return invitation_create(
                invited_by=inviter,
                email=email,
                role=dummy_role,
                target=team,
                label="animer la coopération d'essai",
                base_url="http://testserver",
            )

    return make
