"""A small, realistic network shared by the page and permission tests (the `world` fixture):
two cooperations of Brittany with their member organisations, and one person per role with,
for each role, an object of the other cooperation to be refused.

    @pytest.mark.parametrize("role", ROLES)
    def test_the_edit_page(world, role):
        response = world.client_as(role).get(url_of(world.cooperation))
"""

from __future__ import annotations

from dataclasses import dataclass

from django.test import Client

from maillage.cooperations.enums import MemberRole
from maillage.cooperations.models import Cooperation
from maillage.organisations.enums import OrganisationKind
from maillage.organisations.models import Organisation
from tests.accounts.factories import UserFactory
from tests.cooperations.factories import AnimatorFactory, CooperationFactory, MembershipFactory
from tests.organisations.factories import AffiliationFactory

# Every role a page may meet; "other_*" hold the same role on the other cooperation.
ROLES = [
    "anonymous",
    "no_role",
    "referent",
    "other_referent",
    "animator",
    "other_animator",
    "staff",
]


@dataclass
class World:
    geography: dict
    cooperation: Cooperation  # MONALISA 22, on Côtes-d'Armor: where the roles are held
    other_cooperation: Cooperation  # MONALISA 29, on Finistère: the object of another one
    organisation: Organisation  # a member of the first, spoken for by the referent
    other_organisation: Organisation  # a member of the other, spoken for by the other referent
    signatory: Organisation  # the animator's organisation, whose charter is validated
    people: dict  # role -> user (None for "anonymous")

    def client_as(self, role: str) -> Client:
        """A fresh test client signed in as the person holding `role` (none when anonymous)."""
        client = Client()
        if self.people[role] is not None:
            client.force_login(self.people[role])
        return client


def build_world(geography: dict) -> World:
    armor = CooperationFactory(
        name="MONALISA 22", slug="monalisa-22", department=geography["armor"]
    )
    finistere = CooperationFactory(
        name="MONALISA 29", slug="monalisa-29", department=geography["finistere"]
    )
    animator = AnimatorFactory(
        cooperation=armor,
        user=UserFactory(email="anne.lebihan@exemple.fr", first_name="Anne", last_name="Le Bihan"),
        organisation__name="CCAS de Saint-Brieuc",
        organisation__kind=OrganisationKind.CCAS,
        organisation__commune=geography["saint_brieuc"],
        organisation__signatory=True,
    )
    other_animator = AnimatorFactory(
        cooperation=finistere,
        user=UserFactory(email="yann.kerouac@exemple.fr", first_name="Yann", last_name="Kerouac"),
        organisation__name="CCAS de Brest",
        organisation__kind=OrganisationKind.CCAS,
        organisation__commune=geography["brest"],
    )
    # Referents hold a role on a member organisation, none on the cooperation.
    member = MembershipFactory(
        cooperation=armor,
        organisation__name="Petits Frères des Pauvres 22",
        organisation__commune=geography["saint_brieuc"],
        organisation__address="3 rue des Lilas",
        organisation__contact_email="contact@pfp22.fr",
    ).organisation
    other_member = MembershipFactory(
        cooperation=finistere,
        organisation__name="Familles rurales du Finistère",
        organisation__commune=geography["brest"],
        role=MemberRole.PARTNER,
    ).organisation
    referent = AffiliationFactory(
        organisation=member,
        user__email="referente@exemple.fr",
        user__first_name="Rose",
        user__last_name="Morvan",
    ).user
    other_referent = AffiliationFactory(
        organisation=other_member, user__email="referent@familles-rurales29.fr"
    ).user
    return World(
        geography=geography,
        cooperation=armor,
        other_cooperation=finistere,
        organisation=member,
        other_organisation=other_member,
        signatory=animator.organisation,
        people={
            "anonymous": None,
            "no_role": UserFactory(email="sans-role@exemple.fr"),
            "referent": referent,
            "other_referent": other_referent,
            "animator": animator.user,
            "other_animator": other_animator.user,
            "staff": UserFactory(email="equipe.nationale@exemple.fr", staff=True),
        },
    )
