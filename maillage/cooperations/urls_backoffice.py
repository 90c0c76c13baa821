"""Back-office routes of the cooperations ("Mon espace"); owned by the back-office views."""

from django.urls import path

from .views import backoffice
from .views.backoffice.imports import member_imports

_BASE = "mon-espace/cooperations/<slug:slug>/"

# (path below a cooperation's back office, view, URL name after "backoffice_")
_ROUTES = [
    ("", backoffice.cooperation_home, "home"),
    ("presentation/", backoffice.cooperation_edit, "edit"),
    ("axes/", backoffice.cooperation_aims, "aims"),
    ("objectifs/", backoffice.objective_list, "objectives"),
    ("territoire/", backoffice.perimeter_edit, "perimeter"),
    ("territoire/<int:part_id>/retirer/", backoffice.perimeter_remove, "perimeter_remove"),
    ("membres/", backoffice.member_list, "members"),
    ("membres/ajouter/", backoffice.member_add, "member_add"),
    ("membres/nouvelle-organisation/", backoffice.member_create, "member_create"),
    ("membres/<int:pk>/modifier/", backoffice.member_edit, "member_edit"),
    ("membres/<int:pk>/retirer/", backoffice.member_remove, "member_remove"),
    ("animateurs/", backoffice.animator_list, "animators"),
    ("animateurs/<int:pk>/retirer/", backoffice.animator_remove, "animator_remove"),
    (
        "animateurs/invitations/<int:pk>/annuler/",
        backoffice.invitation_revoke,
        "invitation_revoke",
    ),
    ("historique/", backoffice.history, "history"),
]

backoffice_patterns = [
    path("mon-espace/cooperations/", backoffice.cooperation_list, name="backoffice_list"),
    *(path(_BASE + route, view, name=f"backoffice_{name}") for route, view, name in _ROUTES),
    *backoffice.news.urls(
        _BASE + "actualites/", list_name="backoffice_news", item_name="backoffice_news"
    ),
    *backoffice.testimonies.urls(
        _BASE + "temoignages/",
        list_name="backoffice_testimonies",
        item_name="backoffice_testimony",
    ),
    *member_imports.urls(
        _BASE + "membres/import/", namespace="cooperations", name="backoffice_members_import"
    ),
]
