"""Every back-office view and write × every role. The organisation is a member of the
animator's cooperation (which gives the animator no right on it); the other referent speaks for
another organisation. Outside one's scope an object does not exist: 404."""

from dataclasses import dataclass
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.shortcuts import resolve_url
from django.urls import reverse

from maillage.organisations import services
from maillage.organisations.enums import SignatureStatus
from maillage.organisations.models import CharterSignature
from tests.html import Page
from tests.world import ROLES

from .factories import CharterSignatureFactory
from .helpers import edit_data

LOGIN = "login"  # Expected for anonymous visitors: a redirect to the sign-in page.


@dataclass
class Case:
    name: str
    method: str
    allowed: int  # status for the referent of this organisation and for staff
    staff_only: bool = False
    live_signature: bool = False
    decided: bool = False  # a validation staff may still undo


CASES = [
    Case("edit_get", "get", 200),
    Case("edit_post", "post", 302),
    Case("sign_get", "get", 200),
    Case("sign_post", "post", 302),
    Case("withdraw_get", "get", 200, live_signature=True),
    Case("withdraw_post", "post", 302, live_signature=True),
    Case("signatures_get", "get", 200, staff_only=True),
    Case("validate_get", "get", 200, staff_only=True, live_signature=True),
    Case("validate_post", "post", 302, staff_only=True, live_signature=True),
    Case("bulk_validate_get", "get", 200, staff_only=True, live_signature=True),
    Case("bulk_validate_post", "post", 302, staff_only=True, live_signature=True),
    Case("undo_post", "post", 302, staff_only=True, decided=True),
    Case("refuse_get", "get", 200, staff_only=True, live_signature=True),
    Case("refuse_post", "post", 302, staff_only=True, live_signature=True),
]


def expected_status(case: Case, role: str):
    if role == "anonymous":
        return LOGIN
    if role == "staff":
        return case.allowed
    if role == "referent" and not case.staff_only:
        return case.allowed
    return 404


def request_for(case: Case, organisation, signature):
    slug = organisation.slug
    routes = {
        "edit_get": (reverse("organisations:backoffice_edit", args=[slug]), None),
        "edit_post": (
            reverse("organisations:backoffice_edit", args=[slug]),
            edit_data(organisation, name="Nouveau nom"),
        ),
        "sign_get": (reverse("organisations:backoffice_sign", args=[slug]), None),
        "sign_post": (
            reverse("organisations:backoffice_sign", args=[slug]),
            {"signatory_name": "X", "signatory_role": "Y", "signed_on": "2024-01-02"},
        ),
        "withdraw_get": (reverse("organisations:backoffice_withdraw", args=[slug]), None),
        "withdraw_post": (reverse("organisations:backoffice_withdraw", args=[slug]), {}),
        "signatures_get": (reverse("organisations:backoffice_signatures"), None),
        "validate_get": (
            reverse(
                "organisations:backoffice_signature_validate",
                args=[signature.pk if signature else 0],
            ),
            None,
        ),
        "validate_post": (
            reverse(
                "organisations:backoffice_signature_validate",
                args=[signature.pk if signature else 0],
            ),
            {},
        ),
        "bulk_validate_get": (
            reverse("organisations:backoffice_signatures_validate")
            + f"?demande={signature.pk if signature else 0}",
            None,
        ),
        "bulk_validate_post": (
            reverse("organisations:backoffice_signatures_validate"),
            {"demande": [str(signature.pk if signature else 0)]},
        ),
        "undo_post": (
            reverse(
                "organisations:backoffice_signature_undo",
                args=[signature.pk if signature else 0],
            ),
            {},
        ),
        "refuse_get": (
            reverse(
                "organisations:backoffice_signature_refuse", args=[signature.pk if signature else 0]
            ),
            None,
        ),
        "refuse_post": (
            reverse(
                "organisations:backoffice_signature_refuse", args=[signature.pk if signature else 0]
            ),
            {"reason": "Motif."},
        ),
    }
    return routes[case.name]


def effect_happened(case: Case, organisation, signature) -> bool:
    """Whether the write took place (reads have no effect to look for)."""
    organisation.refresh_from_db()
    if signature is not None:
        signature.refresh_from_db()
    effects = {
        "edit_post": lambda: organisation.name == "Nouveau nom",
        "sign_post": lambda: CharterSignature.objects.filter(organisation=organisation).exists(),
        "withdraw_post": lambda: signature.status == SignatureStatus.WITHDRAWN,
        "validate_post": lambda: signature.status == SignatureStatus.VALIDATED,
        "bulk_validate_post": lambda: signature.status == SignatureStatus.VALIDATED,
        "undo_post": lambda: signature.status == SignatureStatus.REQUESTED,
        "refuse_post": lambda: signature.status == SignatureStatus.REFUSED,
    }
    return effects[case.name]() if case.name in effects else False


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_permission_matrix(world, case, role):
    """The referent's organisation is a member of the animator's cooperation, which gives the
    animator no right on it."""
    organisation = world.organisation
    signature = CharterSignatureFactory(organisation=organisation) if case.live_signature else None
    if case.decided:
        signature = services.signature_validate(
            actor=world.people["staff"],
            signature=CharterSignatureFactory(organisation=organisation),
        )
    client = world.client_as(role)
    url, data = request_for(case, organisation, signature)
    response = getattr(client, case.method)(url, data) if data is not None else client.get(url)

    expected = expected_status(case, role)
    if expected == LOGIN:
        assert response.status_code == 302
        login = resolve_url(settings.LOGIN_URL)
        assert urlsplit(response.url).path == login
        assert "next=" in response.url
    else:
        assert response.status_code == expected, response.content.decode()[:500]
    if case.method == "post":
        assert effect_happened(case, organisation, signature) == (expected == case.allowed)


@pytest.mark.parametrize("role", ["referent", "staff"])
def test_referent_of_this_organisation_is_refused_on_the_other(world, role):
    """The other object: the referent of the organisation cannot reach another one."""
    url = reverse("organisations:backoffice_edit", args=[world.other_organisation.slug])
    assert world.client_as(role).get(url).status_code == (200 if role == "staff" else 404)


def test_inactive_staff_is_refused(client, staff, organisation):
    staff.is_active = False
    staff.save()
    client.force_login(staff)
    # An inactive account's session is not authenticated: back to the sign-in page.
    response = client.get(reverse("organisations:backoffice_signatures"))
    assert response.status_code == 302
    edit_url = reverse("organisations:backoffice_edit", args=[organisation.slug])
    assert client.get(edit_url).status_code == 302


def test_a_get_of_a_decision_asks_for_confirmation_and_changes_nothing(client, staff, organisation):
    signature = CharterSignatureFactory(organisation=organisation)
    client.force_login(staff)
    url = reverse("organisations:backoffice_signature_validate", args=[signature.pk])
    page = Page(client.get(url))
    assert page.h1 == "Valider la demande : Amitiés Saint-Brieuc ?"
    assert page.form(".confirm-form")["method"] == "post"
    bulk = reverse("organisations:backoffice_signatures_validate") + f"?demande={signature.pk}"
    assert Page(client.get(bulk)).h1 == "Valider 1 demande de signature ?"
    signature.refresh_from_db()
    assert signature.status == SignatureStatus.REQUESTED


def test_undo_refuses_get(client, staff, organisation):
    signature = services.signature_validate(
        actor=staff, signature=CharterSignatureFactory(organisation=organisation)
    )
    client.force_login(staff)
    url = reverse("organisations:backoffice_signature_undo", args=[signature.pk])
    assert client.get(url).status_code == 405
    signature.refresh_from_db()
    assert signature.status == SignatureStatus.VALIDATED
