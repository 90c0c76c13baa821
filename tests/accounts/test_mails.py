"""Account mails while the mail server is down: the person is told the link is on its way, and
the outbox sends it once the server is back."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from maillage.core.mail import send_queued_mail
from tests.accounts.factories import UserFactory
from tests.html import Page
from tests.mail import queued_mails, sent_mails


def test_a_reset_link_waits_for_a_mail_server_that_is_down(
    client, db, mail_server_down, django_capture_on_commit_callbacks
):
    person = UserFactory(email="marie.dupont@exemple.fr")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("accounts:password_reset"), {"email": person.email}, follow=True
        )
    assert response.redirect_chain == [(reverse("accounts:password_reset_done"), 302)]
    assert Page(response).text("p.lead") == (
        "Si un compte Maillage existe pour cette adresse, un e-mail y part dans quelques "
        "instants avec un lien pour choisir un nouveau mot de passe."
    )
    assert [mail.to for mail in queued_mails()] == [[person.email]]

    mail_server_down.back_up()
    send_queued_mail(now=timezone.now() + timedelta(minutes=5))
    (sent,) = sent_mails()
    assert sent.to == [person.email]
    assert sent.html.link("Choisir un nouveau mot de passe")["href"] == sent.links[0]
