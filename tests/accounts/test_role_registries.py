"""The global role registries (maillage/accounts/roles.py) outlive a test: a test adds its own
roles through the role_registries fixture, which never empties them and restores them after."""

from maillage.accounts import roles
from maillage.cooperations.services import ANIMATOR_ROLE
from maillage.organisations.services import REFERENT_ROLE


def test_a_test_role_is_registered_beside_the_apps_roles(dummy_role):
    assert set(roles.known_roles()) >= {ANIMATOR_ROLE, REFERENT_ROLE, dummy_role}


def test_the_test_role_is_gone_and_the_apps_roles_are_kept_after_it():
    """Runs after the test above (file order): what it registered is gone, nothing else."""
    assert "dummy_member" not in roles.known_roles()
    assert {ANIMATOR_ROLE, REFERENT_ROLE} <= set(roles.known_roles())
    assert all(provider.__module__.startswith("maillage.") for provider in roles._providers)
