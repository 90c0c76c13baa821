"""Inviting a colleague to animate a cooperation, end to end: the form, the email, the link,
the account, and the back office opening to the new animator."""

import re

import pytest
from django.urls import reverse

from maillage.accounts.models import Invitation
from maillage.cooperations.models import Animator
from maillage.organisations.models import Affiliation
from tests.accounts.factories import UserFactory
from tests.html import Page
from tests.mail import nothing_mailed, sent_mails

from .factories import MembershipFactory
from .pages import summaries

PASSWORD = "un-mot-de-passe-bien-long-2025"


@pytest.fixture
def member(armor_cooperation):
    return MembershipFactory(
        cooperation=armor_cooperation, organisation__name="CCAS de Plérin"
    ).organisation


def invite(client, inviter, cooperation, member, email, django_capture_on_commit_callbacks):
    client.force_login(inviter)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("cooperations:backoffice_animators", args=[cooperation.slug]),
            {"email": email, "organisation": str(member.pk)},
        )
    assert response.status_code == 302
    client.logout()
    (message,) = [sent for sent in sent_mails() if sent.to == [email]]
    return message, open_link(client, message)


def open_link(client, message) -> str:
    """Follow the mailed link: its token is exchanged for the session, and the page goes on at
    the token-less address returned."""
    link = re.search(r"http://testserver(/invitation/\S+/)", message.text)
    assert link, message.text
    opened = client.get(link.group(1))
    assert opened.status_code == 302
    return opened["Location"]


@pytest.mark.parametrize("inviter_role", ["animator", "staff"])
def test_an_invited_colleague_creates_an_account_and_animates_the_cooperation(
    client,
    backoffice_people,
    armor_cooperation,
    member,
    inviter_role,
    django_capture_on_commit_callbacks,
):
    inviter = backoffice_people[inviter_role]
    message, path = invite(
        client,
        inviter,
        armor_cooperation,
        member,
        "nora.guen@exemple.fr",
        django_capture_on_commit_callbacks,
    )
    assert "animer la coopération MONALISA 22" in message.subject

    signup = client.get(path)
    assert signup.status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            path,
            {
                "first_name": "Nora",
                "last_name": "Guen",
                "password1": PASSWORD,
                "password2": PASSWORD,
            },
        )
    assert response.status_code == 302
    assert response.url == reverse("accounts:space")

    animator = Animator.objects.get(
        cooperation=armor_cooperation, user__email="nora.guen@exemple.fr"
    )
    assert animator.organisation == member
    assert Affiliation.objects.filter(user=animator.user, organisation=member).exists()
    # The inviter hears that the invitation was accepted.
    assert [sent.subject for sent in sent_mails() if sent.to == [inviter.email]] == [
        "Nora Guen anime désormais la coopération MONALISA 22"
    ]

    # The new animator is signed in, finds the cooperation in "Mon espace" and can edit it.
    roles = Page(client.get(reverse("accounts:space"))).section("Mes rôles")
    [role] = [link for link in roles.links() if link.get_text().startswith("Animat")]
    assert role.get_text() == "Animateur de MONALISA 22"
    assert role["href"] == reverse("cooperations:backoffice_edit", args=[armor_cooperation.slug])
    edit = client.get(reverse("cooperations:backoffice_edit", args=[armor_cooperation.slug]))
    assert edit.status_code == 200
    history = client.get(reverse("cooperations:backoffice_history", args=[armor_cooperation.slug]))
    assert "Nouvel animateur : Nora Guen (CCAS de Plérin)" in summaries(Page(history))


def test_a_person_with_an_account_accepts_after_signing_in(
    client, backoffice_people, armor_cooperation, member, django_capture_on_commit_callbacks
):
    existing = UserFactory(email="deja.inscrite@exemple.fr")
    _message, path = invite(
        client,
        backoffice_people["animator"],
        armor_cooperation,
        member,
        "deja.inscrite@exemple.fr",
        django_capture_on_commit_callbacks,
    )
    client.force_login(existing)
    assert client.get(path).status_code == 200
    response = client.post(path)
    assert response.status_code == 302
    assert Animator.objects.filter(cooperation=armor_cooperation, user=existing).exists()


def test_a_revoked_invitation_link_grants_nothing(
    client, backoffice_people, armor_cooperation, member, django_capture_on_commit_callbacks
):
    message, _path = invite(
        client,
        backoffice_people["animator"],
        armor_cooperation,
        member,
        "revoquee@exemple.fr",
        django_capture_on_commit_callbacks,
    )
    invitation = Invitation.objects.get(email="revoquee@exemple.fr")
    client.force_login(backoffice_people["animator"])
    client.post(
        reverse(
            "cooperations:backoffice_invitation_revoke",
            args=[armor_cooperation.slug, invitation.pk],
        )
    )
    client.logout()
    response = client.get(open_link(client, message))
    assert response.status_code == 410
    assert Page(response).text("main .lead") == "Cette invitation a été annulée."
    assert not Animator.objects.filter(user__email="revoquee@exemple.fr").exists()


def test_an_animator_cannot_invite_into_another_cooperation(
    client, backoffice_people, finistere_cooperation
):
    foreign_member = MembershipFactory(cooperation=finistere_cooperation).organisation
    client.force_login(backoffice_people["animator"])
    response = client.post(
        reverse("cooperations:backoffice_animators", args=[finistere_cooperation.slug]),
        {"email": "x@exemple.fr", "organisation": str(foreign_member.pk)},
    )
    assert response.status_code == 404
    assert not Invitation.objects.filter(email="x@exemple.fr").exists()
    assert nothing_mailed()
