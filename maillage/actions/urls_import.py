"""Routes of the import of a cooperation's inventory of actions, in its back office."""

from .views.imports import action_imports

import_patterns = action_imports.urls(
    "mon-espace/cooperations/<slug:slug>/import/actions/", namespace="actions", name="import"
)
