"""A charter decision while the mail server is down: the decision stands, the page says the mail
is on its way, and the outbox delivers it once the server is back."""

from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from maillage.core.mail import send_queued_mail
from maillage.organisations.enums import SignatureStatus
from maillage.organisations.services import MAIL_DELAY
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
            "La signature de l'organisation Amitiés Saint-Brieuc est validée. Vous pouvez "
            "annuler jusqu'à 14 h 10 ; ensuite, un e-mail préviendra la personne qui l'a "
            "demandée (départ dans les minutes qui suivent).",
            "Votre signature de la charte MONALISA est validée",
        ),
        (
            "organisations:backoffice_signature_refuse",
            {"reason": "Doublon."},
            SignatureStatus.REFUSED,
            "La demande de l'organisation Amitiés Saint-Brieuc est refusée. Vous pouvez "
            "annuler jusqu'à 14 h 10 ; ensuite, un e-mail en donnera le motif à la personne "
            "qui l'a faite (départ dans les minutes qui suivent).",
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
    monkeypatch,
    decision,
    data,
    status,
    message,
    subject,
):
    signature = CharterSignatureFactory(organisation=organisation, requested_by=referent)
    client.force_login(staff)
    # 14 h 00 in Paris: the page says until when the decision may be undone.
    monkeypatch.setattr(timezone, "now", lambda: datetime(2026, 12, 2, 13, 0, tzinfo=UTC))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse(decision, args=[signature.pk]), data, follow=True)
    assert response.redirect_chain == [(reverse("organisations:backoffice_signatures"), 302)]
    assert Page(response).messages() == [message]
    signature.refresh_from_db()
    assert signature.status == status
    assert [mail.subject for mail in queued_mails()] == [subject]
    assert sent_mails() == []

    send_queued_mail(now=timezone.now() + MAIL_DELAY)
    assert sent_mails() == []  # the server is down on the first run after the undo window
    mail_server_down.back_up()
    send_queued_mail(now=timezone.now() + MAIL_DELAY + timedelta(minutes=5))
    assert [(sent.subject, sent.to) for sent in sent_mails()] == [(subject, [referent.email])]
