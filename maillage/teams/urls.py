from django.urls import path

from .views import backoffice, network, public

app_name = "teams"

# Fixed paths before "<slug>/": a team may not be called "charte" or "pres-de-chez-moi"
# (models.RESERVED_SLUGS).
public_patterns = [
    path("equipes/pres-de-chez-moi/", public.teams_near, name="near"),
    path("equipes/charte/", public.charter, name="charter"),
    path("equipes/<slug:slug>/", public.team_detail, name="detail"),
]

_TEAM = "mon-espace/equipes/<slug:slug>/"
_COOPERATION = "mon-espace/equipes/cooperation/<slug:slug>/"

# (path, view, URL name): the back office of the teams ("Mon espace").
_ROUTES = [
    ("mon-espace/equipes/", network.team_list, "backoffice_list"),
    ("mon-espace/equipes/nouvelle/", network.team_create_national, "backoffice_create"),
    (_COOPERATION, network.cooperation_teams, "cooperation_teams"),
    (_COOPERATION + "nouvelle/", network.team_create, "cooperation_team_create"),
    (_TEAM, backoffice.team_home, "backoffice_home"),
    (_TEAM + "presentation/", backoffice.team_edit, "backoffice_edit"),
    (_TEAM + "messages/", backoffice.message_list, "backoffice_messages"),
    (_TEAM + "messages/<int:pk>/", backoffice.message_detail, "backoffice_message"),
    (_TEAM + "messages/<int:pk>/clore/", backoffice.message_close, "backoffice_message_close"),
    (_TEAM + "charte/", backoffice.charter_sign, "backoffice_charter"),
    (_TEAM + "referents/", backoffice.referent_list, "backoffice_referents"),
    (
        _TEAM + "referents/invitations/<int:pk>/annuler/",
        backoffice.referent_invitation_revoke,
        "backoffice_invitation_revoke",
    ),
    (
        _TEAM + "referents/<int:pk>/retirer/",
        backoffice.referent_remove,
        "backoffice_referent_remove",
    ),
    (_TEAM + "historique/", backoffice.history, "backoffice_history"),
    (
        _TEAM + "cooperations/<slug:cooperation_slug>/confirmer/",
        network.cooperation_confirm,
        "cooperation_confirm",
    ),
    (_TEAM + "label/reconnaitre/", network.label_recognise, "label_recognise"),
    (_TEAM + "label/retirer/", network.label_withdraw, "label_withdraw"),
]

backoffice_patterns = [path(route, view, name=name) for route, view, name in _ROUTES]

urlpatterns = public_patterns + backoffice_patterns
