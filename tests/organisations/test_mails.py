"""A charter decision while the mail server is down: the decision stands, the page says the mail
is on its way, and the outbox delivers it once the server is back."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from maillage.core.mail import send_queued_mail
from maillage.organisations.enums import SignatureStatus
from tests.html import Page
from tests.mail import queued_mails, sent_mails

from .factories import CharterSignatureFactory


@pytest.mark.parametrize(
    ("decision", "data", "status", "message", "subject"),
    [
        (
            "organisations:backoffice_signature_validate",
            {},
            SignatureStatus.VALIDATED,
            "La signature de l'organisation Amitiés Saint-Brieuc est validée ; un e-mail part "
            "dans quelques instants pour prévenir la personne qui l'a demandée.",
            "Votre signature de la charte MONALISA est validée",
        ),
        (
            "organisations:backoffice_signature_refuse",
            {"reason": "Doublon."},
            SignatureStatus.REFUSED,
            "La demande de l'organisation Amitiés Saint-Brieuc est refusée ; un e-mail part "
            "dans quelques instants pour en donner le motif à la personne qui l'a faite.",
            "Votre demande de signature de la charte MONALISA",
        ),
    ],
)
def test_a_decision_stands_while_the_mail_server_is_down(
    client,
    organisation,
    referent,
    staff,
    mail_server_down,
    django_capture_on_commit_callbacks,
    decision,
    data,
    status,
    message,
    subject,
):
    signature = CharterSignatureFactory(organisation=organisation, requested_by=referent)
    client.force_login(staff)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse(decision, args=[signature.pk]), data, follow=True)
    assert response.redirect_chain == [(reverse("organisations:backoffice_signatures"), 302)]
    assert Page(response).messages() == [message]
    signature.refresh_from_db()
    assert signature.status == status
    assert [mail.subject for mail in queued_mails()] == [subject]
    assert sent_mails() == []

    mail_server_down.back_up()
    send_queued_mail(now=timezone.now() + timedelta(minutes=5))
    assert [(sent.subject, sent.to) for sent in sent_mails()] == [(subject, [referent.email])]
