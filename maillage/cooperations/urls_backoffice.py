"""Back-office routes of the cooperations ("Mon espace"); owned by the back-office views."""

from django.urls import path

from .views import backoffice

_BASE = "mon-espace/cooperations/<slug:slug>/"

backoffice_patterns = [
    path("mon-espace/cooperations/", backoffice.cooperation_list, name="backoffice_list"),
    path(_BASE, backoffice.cooperation_home, name="backoffice_home"),
    path(_BASE + "presentation/", backoffice.cooperation_edit, name="backoffice_edit"),
    path(_BASE + "axes/", backoffice.cooperation_aims, name="backoffice_aims"),
    path(_BASE + "objectifs/", backoffice.objective_list, name="backoffice_objectives"),
    *backoffice.news.urls(
        _BASE + "actualites/", list_name="backoffice_news", item_name="backoffice_news"
    ),
    *backoffice.testimonies.urls(
        _BASE + "temoignages/",
        list_name="backoffice_testimonies",
        item_name="backoffice_testimony",
    ),
    path(_BASE + "territoire/", backoffice.perimeter_edit, name="backoffice_perimeter"),
    path(
        _BASE + "territoire/<int:part_id>/retirer/",
        backoffice.perimeter_remove,
        name="backoffice_perimeter_remove",
    ),
    path(_BASE + "membres/", backoffice.member_list, name="backoffice_members"),
    path(_BASE + "membres/ajouter/", backoffice.member_add, name="backoffice_member_add"),
    path(
        _BASE + "membres/<int:pk>/modifier/",
        backoffice.member_edit,
        name="backoffice_member_edit",
    ),
    path(
        _BASE + "membres/<int:pk>/retirer/",
        backoffice.member_remove,
        name="backoffice_member_remove",
    ),
    path(_BASE + "animateurs/", backoffice.animator_list, name="backoffice_animators"),
    path(
        _BASE + "animateurs/<int:pk>/retirer/",
        backoffice.animator_remove,
        name="backoffice_animator_remove",
    ),
    path(
        _BASE + "animateurs/invitations/<int:pk>/annuler/",
        backoffice.invitation_revoke,
        name="backoffice_invitation_revoke",
    ),
    path(_BASE + "historique/", backoffice.history, name="backoffice_history"),
]
