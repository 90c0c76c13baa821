from django.urls import path

from .views import backoffice, network, public, reports, startup

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

# The start-up path and the activity reports (ADR 023). Before the team routes: "demandes" and
# "soutiens" are not team slugs (models.RESERVED_SLUGS).
_REQUEST = "mon-espace/equipes/demandes/<int:pk>/"
_STARTUP_ROUTES = [
    ("creer-une-equipe/", startup.startup_request, "startup_request"),
    ("creer-une-equipe/merci/", startup.startup_request_sent, "startup_request_sent"),
    ("chiffres-du-reseau/", reports.network_figures, "figures"),
    ("mon-espace/equipes/demandes/", startup.startup_board_national, "startup_board_national"),
    (_REQUEST, startup.startup_request_detail, "startup_request_detail"),
    (_REQUEST + "etape/", startup.startup_request_move, "startup_request_move"),
    (_REQUEST + "clore/", startup.startup_request_close, "startup_request_close"),
    (_REQUEST + "partenaire/", startup.startup_request_partner, "startup_request_partner"),
    (_REQUEST + "soutien/", startup.startup_offer, "startup_offer"),
    ("mon-espace/equipes/soutiens/", startup.startup_offers, "startup_offers"),
    (_COOPERATION + "demarrage/", startup.startup_board, "startup_board"),
    (_COOPERATION + "bilans/", reports.cooperation_reports, "cooperation_reports"),
    (
        _COOPERATION + "bilans/<int:year>.<str:fmt>",
        reports.cooperation_reports_export,
        "cooperation_reports_export",
    ),
    (_TEAM + "bilans/", reports.team_reports, "team_reports"),
    (_TEAM + "bilans/<int:year>/", reports.team_report, "team_report"),
]
startup_patterns = [path(route, view, name=name) for route, view, name in _STARTUP_ROUTES]

urlpatterns = public_patterns + startup_patterns + backoffice_patterns
