"""The roles organisations give: listed in "Mon espace", granted by an invitation."""

import pytest
from django.urls import reverse

from maillage.accounts import roles
from maillage.accounts import services as account_services
from maillage.core.models import AuditEntry
from maillage.organisations.enums import AffiliationRole
from maillage.organisations.models import Affiliation
from maillage.organisations.services import REFERENT_ROLE
from tests.accounts.factories import UserFactory

from .factories import AffiliationFactory


def test_referent_sees_a_link_to_edit_their_organisation(referent, organisation):
    links = [link for link in roles.roles_of(referent) if link.kind == "referent"]
    assert [(link.label, link.url) for link in links] == [
        (
            "Référent d'Amitiés Saint-Brieuc",
            reverse("organisations:backoffice_edit", args=[organisation.slug]),
        )
    ]


def test_a_mere_member_is_no_referent(organisation):
    member = AffiliationFactory(organisation=organisation, role=AffiliationRole.MEMBER).user
    assert not [link for link in roles.roles_of(member) if link.kind == "referent"]


def test_staff_see_the_review_page(staff):
    urls = [link.url for link in roles.roles_of(staff)]
    assert reverse("organisations:backoffice_signatures") in urls


def test_referent_role_is_known_to_invitations():
    assert REFERENT_ROLE in roles.known_roles()


@pytest.mark.parametrize("already", [None, AffiliationRole.MEMBER, AffiliationRole.REFERENT])
def test_invitation_makes_a_referent(organisation, staff, already):
    invited = UserFactory(email="nouvelle@amities-sb.fr")
    if already:
        AffiliationFactory(organisation=organisation, user=invited, role=already)
    invitation, _token = account_services.invitation_create(
        invited_by=staff,
        email=invited.email,
        role=REFERENT_ROLE,
        target=organisation,
        label="être référent de Amitiés Saint-Brieuc",
    )
    account_services.invitation_accept(invitation=invitation, user=invited)
    affiliation = Affiliation.objects.get(user=invited, organisation=organisation)
    assert affiliation.role == AffiliationRole.REFERENT
    audited = (
        AuditEntry.objects.about(organisation)
        .filter(action="organisations.affiliation.referent_grant")
        .count()
    )
    assert audited == (0 if already == AffiliationRole.REFERENT else 1)


def test_invitation_for_another_kind_of_object_is_refused(organisation, staff, cooperation):
    invited = UserFactory()
    invitation, _token = account_services.invitation_create(
        invited_by=staff,
        email=invited.email,
        role=REFERENT_ROLE,
        target=cooperation,
        label="piège",
    )
    with pytest.raises(ValueError):
        account_services.invitation_accept(invitation=invitation, user=invited)
    assert not Affiliation.objects.filter(user=invited).exists()
