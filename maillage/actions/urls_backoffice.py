"""The back office of the inventory: under /mon-espace/actions/."""

from django.urls import path

from .views import backoffice

_BASE = "mon-espace/actions/"

# (path below the inventory's back office, view, URL name after "backoffice_")
_ROUTES = [
    ("", backoffice.action_list, "list"),
    ("ajouter/", backoffice.action_add, "add"),
    ("a-confirmer/", backoffice.to_check, "to_check"),
    ("a-confirmer/tout/", backoffice.confirm_all, "confirm_all"),
    ("fraicheur/", backoffice.freshness, "freshness"),
    (
        "fraicheur/cooperations/<slug:slug>/relancer/",
        backoffice.remind_cooperation,
        "remind_cooperation",
    ),
    (
        "fraicheur/organisations/<slug:slug>/relancer/",
        backoffice.remind_organisation,
        "remind_organisation",
    ),
    ("<slug:slug>/modifier/", backoffice.action_edit, "edit"),
    ("<slug:slug>/historique/", backoffice.action_history, "history"),
    ("<slug:slug>/confirmer/", backoffice.action_confirm, "confirm"),
    ("<slug:slug>/terminer/", backoffice.action_end, "end"),
]

backoffice_patterns = [
    path(_BASE + route, view, name=f"backoffice_{name}") for route, view, name in _ROUTES
]
