"""The cooperation's mails against their two faults: a stored name with a newline, and a mail
server that is down. Neither may turn the action into an error page nor lose the mail."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from maillage.accounts.models import Invitation
from maillage.cooperations.models import Cooperation
from maillage.core.mail import send_queued_mail
from tests.accounts.factories import UserFactory
from tests.html import Page
from tests.mail import queued_mails, sent_mails

from .factories import MembershipFactory

PASSWORD = "un-mot-de-passe-bien-long-2025"
CONTACT = {"name": "Élise Martin", "email": "elise@exemple.fr", "message": "Bonjour."}


@pytest.fixture
def member(armor_cooperation):
    return MembershipFactory(
        cooperation=armor_cooperation, organisation__name="CCAS de Plérin"
    ).organisation


def animators_url(cooperation) -> str:
    return reverse("cooperations:backoffice_animators", args=[cooperation.slug])


@pytest.fixture
def invite_nora(
    client, backoffice_people, armor_cooperation, member, django_capture_on_commit_callbacks
):
    """The animator invites Nora Guen through the animators page; the request commits."""

    def invite():
        client.force_login(backoffice_people["animator"])
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(
                animators_url(armor_cooperation),
                {"email": "nora.guen@exemple.fr", "organisation": str(member.pk)},
                follow=True,
            )

    return invite


def hints(page) -> list[str]:
    """The notes under the date of the pending invitations."""
    return page.texts("section[aria-labelledby=titre-invitations] td .hint")


def test_a_newline_stored_in_names_breaks_no_mail(
    client, backoffice_people, armor_cooperation, invite_nora, django_capture_on_commit_callbacks
):
    # Stored directly, as an older form or the admin could have let through.
    Cooperation.objects.filter(pk=armor_cooperation.pk).update(name="MONALISA\r\n22")
    inviter = backoffice_people["animator"]
    inviter.last_name = "Le Bihan\nBcc: espion@exemple.fr"
    inviter.save()

    with django_capture_on_commit_callbacks(execute=True):
        contact = client.post(armor_cooperation.get_absolute_url(), CONTACT)
    assert contact.status_code == 302
    assert invite_nora().redirect_chain == [(animators_url(armor_cooperation), 302)]
    client.logout()

    relayed, invitation = sent_mails()
    assert relayed.subject == "Message d'un visiteur de Maillage pour MONALISA 22"
    assert invitation.subject == "Invitation sur Maillage : animer la coopération MONALISA 22"
    link = invitation.links[0].removeprefix("http://testserver")

    # The invited person's name has a newline too: the inviter still hears of the acceptance.
    newcomer = UserFactory(
        email="nora.guen@exemple.fr", first_name="Nora\r\nBcc: espion@exemple.fr", last_name="Guen"
    )
    client.force_login(newcomer)
    opened = client.get(link)
    assert opened.status_code == 302
    with django_capture_on_commit_callbacks(execute=True):
        accepted = client.post(opened["Location"])
    assert accepted.status_code == 302
    joined = sent_mails()[-1]
    assert joined.to == [inviter.email]
    assert joined.subject == (
        "Nora Bcc: espion@exemple.fr Guen anime désormais la coopération MONALISA 22"
    )
    for sent in sent_mails():
        headers = sent.message.message()
        assert headers["Bcc"] is None
        assert "\n" not in sent.subject


def test_an_invitation_waits_for_a_mail_server_that_is_down(
    client, armor_cooperation, invite_nora, mail_server_down
):
    response = invite_nora()
    page = Page(response)
    assert response.redirect_chain[-1] == (animators_url(armor_cooperation), 302)
    # The page says in French that the invitation is made and the mail on its way, no error.
    assert page.messages() == [
        "L'invitation pour nora.guen@exemple.fr est enregistrée : "
        "l'e-mail part dans quelques instants."
    ]
    invitation = Invitation.objects.get(email="nora.guen@exemple.fr")
    assert invitation.mail.status == "queued"
    (queued,) = queued_mails()
    assert queued == invitation.mail
    assert page.table("section[aria-labelledby=titre-invitations] table")[0][0] == (
        "nora.guen@exemple.fr"
    )
    assert hints(page) == [
        "par Anne Le Bihan",
        "E-mail en cours d'envoi : il part dans quelques instants.",
    ]
    assert sent_mails() == []

    mail_server_down.back_up()
    later = timezone.now() + timedelta(minutes=5)
    assert send_queued_mail(now=later).sent == 1
    assert send_queued_mail(now=later + timedelta(hours=1)).sent == 0
    (sent,) = sent_mails()
    assert sent.to == ["nora.guen@exemple.fr"]
    assert sent.subject == "Invitation sur Maillage : animer la coopération MONALISA 22"
    assert hints(Page(client.get(animators_url(armor_cooperation)))) == ["par Anne Le Bihan"]


def test_a_revoked_invitation_stops_its_waiting_mail(
    client, armor_cooperation, invite_nora, mail_server_down
):
    invite_nora()
    invitation = Invitation.objects.get(email="nora.guen@exemple.fr")
    client.post(
        reverse(
            "cooperations:backoffice_invitation_revoke",
            args=[armor_cooperation.slug, invitation.pk],
        )
    )
    invitation.mail.refresh_from_db()
    assert invitation.mail.given_up
    assert invitation.mail.text == ""
    mail_server_down.back_up()
    assert send_queued_mail(now=timezone.now() + timedelta(minutes=5)).sent == 0
    assert sent_mails() == []
