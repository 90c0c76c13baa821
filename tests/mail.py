"""What Maillage sent, read as a person reads a mail, and a mail server that is down.

Mails leave when the transaction commits: wrap the request in
`django_capture_on_commit_callbacks(execute=True)` to see them sent.

    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, data)
    (sent,) = sent_mails()
    assert sent.to == ["nora@exemple.fr"]
    assert sent.html.link("Accepter l'invitation")["href"] == sent.links[0]

"Nothing was sent" is `nothing_mailed()`: it also looks in the outbox, so that it cannot pass
only because the commit was not run.
"""

from __future__ import annotations

import re
import smtplib
from dataclasses import dataclass
from email.utils import getaddresses

import pytest
from django.core import mail
from django.core.mail import EmailMessage
from django.core.mail.backends.base import BaseEmailBackend

from maillage.core.models import MailStatus, OutboundMail

from .html import Page

_URL = re.compile(r"https?://\S+")


@dataclass
class SentMail:
    """A mail as sent. `to` and `reply_to` hold bare addresses; `message` is Django's own
    message, for the headers as they leave (`message.message()["To"]`)."""

    subject: str
    from_email: str
    to: list[str]
    reply_to: list[str]
    text: str
    html: Page
    message: EmailMessage

    @property
    def links(self) -> list[str]:
        """The addresses written in the text body, in order."""
        return _URL.findall(self.text)


def sent_mails() -> list[SentMail]:
    """The mails handed to the mail server during this test, oldest first."""
    sent = []
    for message in mail.outbox:
        html = [content for content, mimetype in message.alternatives if mimetype == "text/html"]
        assert len(html) == 1, f"{message.subject!r}: one HTML body expected, {len(html)} found"
        sent.append(
            SentMail(
                subject=message.subject,
                from_email=message.from_email,
                to=_addresses(message.to),
                reply_to=_addresses(message.reply_to),
                text=message.body,
                html=Page(html[0]),
                message=message,
            )
        )
    return sent


def _addresses(headers: list[str]) -> list[str]:
    return [address for _name, address in getaddresses(headers)]


def queued_mails() -> list[OutboundMail]:
    """The mails waiting in the outbox for the mail server."""
    return list(OutboundMail.objects.filter(status=MailStatus.QUEUED).order_by("pk"))


def nothing_mailed() -> bool:
    """No mail sent, and none written to the outbox either."""
    return not mail.outbox and not OutboundMail.objects.exists()


class FailingBackend(BaseEmailBackend):
    """A mail server that is down."""

    def send_messages(self, email_messages):
        raise smtplib.SMTPServerDisconnected("Connexion au serveur de messagerie impossible")


class MailServer:
    def __init__(self, settings):
        self._settings = settings
        self._running = settings.EMAIL_BACKEND
        settings.EMAIL_BACKEND = f"{__name__}.FailingBackend"

    def back_up(self) -> None:
        self._settings.EMAIL_BACKEND = self._running


@pytest.fixture
def mail_server_down(settings) -> MailServer:
    """Every mail fails at the server until `mail_server_down.back_up()`."""
    return MailServer(settings)
