"""Every route of Maillage has its place in the access matrix, and what the matrix says holds.

A new route fails `test_every_route_has_its_place_in_the_matrix` until someone decides who may
reach it. Role-by-role cases (which animator, which referent, which object) are tested in each
app's own matrix, named here; this file checks the outer wall: a route that is not public sends
an anonymous visitor to the sign-in page, whatever object its address names.
"""

import pytest
from django.conf import settings
from django.shortcuts import resolve_url
from django.urls import URLPattern, URLResolver, get_resolver, reverse

PUBLIC = "public"  # anyone, signed in or not
SIGNED_IN = "signed in"  # any signed-in person, about their own account
ROLE = "role"  # a role on the object in the address: tested role by role in the app's matrix
STAFF = "staff"  # national staff (the Django admin)

COOPERATION_MATRIX = "tests/cooperations/test_backoffice_permissions.py"
ORGANISATION_MATRIX = "tests/organisations/test_permissions.py"
ACTION_IMPORT_MATRIX = "tests/actions/test_import_permissions.py"
ACTION_MATRIX = "tests/actions/test_permissions.py"
ACTION_EXPORT_MATRIX = "tests/actions/test_exports.py"
TEAM_MATRIX = "tests/teams/test_permissions.py"
STARTUP_MATRIX = "tests/teams/test_startup.py"
REPORT_MATRIX = "tests/teams/test_reports.py"
EVENT_MATRIX = "tests/animation/test_events_permissions.py"
QUESTION_MATRIX = "tests/animation/test_questions_permissions.py"

ACCESS = {
    "core:home": PUBLIC,
    "core:richtext_preview": SIGNED_IN,
    "core:legal_notice": PUBLIC,
    "core:accessibility": PUBLIC,
    "core:privacy": PUBLIC,
    "core:contact": PUBLIC,
    "accounts:login": PUBLIC,
    "accounts:logout": PUBLIC,
    "accounts:password_reset": PUBLIC,
    "accounts:password_reset_done": PUBLIC,
    "accounts:password_reset_confirm": PUBLIC,
    "accounts:password_reset_complete": PUBLIC,
    "accounts:password_change": SIGNED_IN,
    "accounts:invitation_accept": PUBLIC,
    "accounts:space": SIGNED_IN,
    "accounts:profile": SIGNED_IN,
    "organisations:signatory_list": PUBLIC,
    "organisations:detail": PUBLIC,
    "organisations:backoffice_edit": ORGANISATION_MATRIX,
    "organisations:backoffice_sign": ORGANISATION_MATRIX,
    "organisations:backoffice_withdraw": ORGANISATION_MATRIX,
    "organisations:backoffice_signatures": ORGANISATION_MATRIX,
    "organisations:backoffice_signature_validate": ORGANISATION_MATRIX,
    "organisations:backoffice_signature_refuse": ORGANISATION_MATRIX,
    "organisations:backoffice_signatures_validate": ORGANISATION_MATRIX,
    "organisations:backoffice_signature_undo": ORGANISATION_MATRIX,
    "cooperations:map": PUBLIC,
    "cooperations:list": PUBLIC,
    "cooperations:for_commune": PUBLIC,
    "cooperations:detail": PUBLIC,
    "cooperations:communes": PUBLIC,
    "actions:search": PUBLIC,
    "actions:search_print": PUBLIC,
    "actions:detail": PUBLIC,
    "actions:import": ACTION_IMPORT_MATRIX,
    "actions:import_preview": ACTION_IMPORT_MATRIX,
    "actions:import_template": ACTION_IMPORT_MATRIX,
    "actions:import_guide": ACTION_IMPORT_MATRIX,
    "actions:cooperation_inventory": PUBLIC,
    "actions:backoffice_inventory": ACTION_EXPORT_MATRIX,
    "actions:open_data": PUBLIC,
    "actions:search_export": PUBLIC,
    "actions:data_inclusion_structures": PUBLIC,
    "actions:data_inclusion_services": PUBLIC,
    "teams:detail": PUBLIC,
    "animation:event_list": PUBLIC,
    "animation:national_feed": PUBLIC,
    "animation:registration_cancel": PUBLIC,
    "animation:event_detail": PUBLIC,
    "animation:event_registered": PUBLIC,
    "animation:event_ics": PUBLIC,
    "animation:cooperation_events": PUBLIC,
    "animation:cooperation_feed": PUBLIC,
    "animation:backoffice_events": EVENT_MATRIX,
    "animation:backoffice_event_add": EVENT_MATRIX,
    "animation:backoffice_event_edit": EVENT_MATRIX,
    "animation:backoffice_event_cancel": EVENT_MATRIX,
    "animation:backoffice_registrations": EVENT_MATRIX,
    "animation:backoffice_registrations_export": EVENT_MATRIX,
    "animation:backoffice_sign_in_sheet": EVENT_MATRIX,
    "teams:near": PUBLIC,
    "teams:charter": PUBLIC,
    "teams:backoffice_list": TEAM_MATRIX,
    "teams:backoffice_create": TEAM_MATRIX,
    "teams:cooperation_teams": TEAM_MATRIX,
    "teams:cooperation_team_create": TEAM_MATRIX,
    "teams:backoffice_home": TEAM_MATRIX,
    "teams:backoffice_edit": TEAM_MATRIX,
    "teams:backoffice_messages": TEAM_MATRIX,
    "teams:backoffice_message": TEAM_MATRIX,
    "teams:backoffice_message_close": TEAM_MATRIX,
    "teams:backoffice_charter": TEAM_MATRIX,
    "teams:backoffice_referents": TEAM_MATRIX,
    "teams:backoffice_invitation_revoke": TEAM_MATRIX,
    "teams:backoffice_referent_remove": TEAM_MATRIX,
    "teams:backoffice_history": TEAM_MATRIX,
    "teams:cooperation_confirm": TEAM_MATRIX,
    "teams:label_recognise": TEAM_MATRIX,
    "teams:label_withdraw": TEAM_MATRIX,
    "observatory:white_zones": PUBLIC,
    "observatory:department": PUBLIC,
    "observatory:cooperation": PUBLIC,
    "teams:startup_request": PUBLIC,
    "teams:startup_request_sent": PUBLIC,
    "teams:figures": PUBLIC,
    "teams:startup_board": STARTUP_MATRIX,
    "teams:startup_board_national": STARTUP_MATRIX,
    "teams:startup_request_detail": STARTUP_MATRIX,
    "teams:startup_request_move": STARTUP_MATRIX,
    "teams:startup_request_close": STARTUP_MATRIX,
    "teams:startup_request_partner": STARTUP_MATRIX,
    "teams:startup_offers": STARTUP_MATRIX,
    "teams:startup_offer": STARTUP_MATRIX,
    "teams:team_reports": REPORT_MATRIX,
    "teams:team_report": REPORT_MATRIX,
    "teams:cooperation_reports": REPORT_MATRIX,
    "teams:cooperation_reports_export": REPORT_MATRIX,
    "animation:faq": PUBLIC,
    "animation:question_ask": PUBLIC,
    "animation:question_sent": PUBLIC,
    "animation:backoffice_questions": QUESTION_MATRIX,
    "animation:backoffice_question": QUESTION_MATRIX,
    "animation:backoffice_question_publish": QUESTION_MATRIX,
    "animation:backoffice_faq_unpublish": QUESTION_MATRIX,
    "territories:department_list": PUBLIC,
    "territories:department_detail": PUBLIC,
    "territories:commune_search": PUBLIC,
    "territories:commune_detail": PUBLIC,
    "api:openapi-json": PUBLIC,
    "api:openapi-view": PUBLIC,
    "api:communes": PUBLIC,
    "api:actions": PUBLIC,
    "api:action": PUBLIC,
    "api:data_inclusion_structures": PUBLIC,
    "api:data_inclusion_services": PUBLIC,
    "api:api-root": PUBLIC,
}
COOPERATION_BACKOFFICE = "cooperations:backoffice_"
ACTION_BACKOFFICE = "actions:backoffice_"

# Sample values for the converters of an address: the wall stands before any object is read.
SAMPLES = {"slug": "une-adresse", "int": 1, "str": "quelque-chose", "path": "quelque/chose"}


def routes(resolver=None, namespace=""):
    """(name, pattern) of every named route outside the Django admin."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from routes(entry, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            name = f"{namespace}{entry.name}"
            if not name.startswith("admin:"):
                yield name, entry


def access_of(name: str) -> str:
    if name in ACCESS:  # a route named here overrides its app's prefix
        return ACCESS[name]
    if name.startswith(COOPERATION_BACKOFFICE):
        return COOPERATION_MATRIX
    if name.startswith(ACTION_BACKOFFICE):
        return ACTION_MATRIX
    return ACCESS.get(name, "")


def sample_url(name: str, pattern: URLPattern) -> str:
    converters = pattern.pattern.converters
    kwargs = {
        key: SAMPLES.get(type(converter).__name__.removesuffix("Converter").lower(), "x")
        for key, converter in converters.items()
    }
    return reverse(name, kwargs=kwargs)


def test_every_route_has_its_place_in_the_matrix():
    missing = sorted(name for name, _pattern in routes() if not access_of(name))
    assert not missing, f"Routes absentes de la matrice des accès : {missing}"


def test_the_matrix_names_no_route_that_is_gone():
    names = {name for name, _pattern in routes()}
    assert set(ACCESS) <= names, sorted(set(ACCESS) - names)


WALLED = [(name, pattern) for name, pattern in routes() if access_of(name) != PUBLIC]


@pytest.mark.parametrize(("name", "pattern"), WALLED, ids=[name for name, _p in WALLED])
def test_an_anonymous_visitor_is_sent_to_sign_in(client, db, name, pattern):
    """Deny by default: before any object is looked up, for reads and writes alike. A route
    may refuse a method outright (405), but at least one method meets the sign-in wall."""
    url = sample_url(name, pattern)
    sign_in = resolve_url(settings.LOGIN_URL) + "?next="
    walled = []
    for method in ("get", "post"):
        response = getattr(client, method)(url)
        if response.status_code == 405:
            assert response["Allow"], f"{name} ({method}) : 405 sans en-tête Allow"
            continue
        assert response.status_code == 302, f"{name} ({method}) : {response.status_code}"
        assert response["Location"].startswith(sign_in), f"{name} ({method})"
        walled.append(method)
    assert walled, f"{name} refuse toutes les méthodes"


def test_the_role_matrices_named_here_exist():
    for matrix in {value for name, value in globals().items() if name.endswith("_MATRIX")}:
        assert (settings.BASE_DIR / matrix).is_file(), matrix


def test_the_django_admin_is_for_staff_only(client, db):
    from tests.accounts.factories import UserFactory

    index = reverse("admin:index")
    assert client.get(index).status_code == 302
    client.force_login(UserFactory())
    response = client.get(index)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))
