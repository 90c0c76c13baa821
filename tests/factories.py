"""Where the factories live: one module per app, `tests/<app>/factories.py`, one factory per
model. This module only re-exports the ones every app needs, for branches written before the
move; import from the app's module in new code."""

from tests.accounts.factories import UserFactory
from tests.territories.factories import (
    CommuneFactory,
    DepartmentFactory,
    EpciFactory,
    RegionFactory,
)

__all__ = ["CommuneFactory", "DepartmentFactory", "EpciFactory", "RegionFactory", "UserFactory"]
