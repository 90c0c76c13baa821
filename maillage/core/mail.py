"""Every mail Maillage sends, from templates, through an outbox.

    send_templated_mail(to=user.email, template="accounts/emails/invitation", context={...})

renders `<template>_subject.txt`, `<template>.txt` and `<template>.html` (which extends
"emails/base.html"), stores the mail in the caller's transaction (the action and its mail are
kept or dropped together) and tries to send it once the transaction commits. A mail server that
is down or slow never fails the action: the mail stays queued and `manage.py send_queued_mail`
(run every minute by cron) retries it with a growing delay, gives it up after MAX_ATTEMPTS and
purges old mails. Headers are built from cleaned text, so that no stored value (a name with a
newline) can break a mail.
"""

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.utils import formataddr

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives
from django.core.validators import validate_email
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from .models import MailStatus, OutboundMail
from .text import single_line

logger = logging.getLogger(__name__)

# Minutes to wait after the first, second… failed attempt; the mail is given up after the last
# (about a day after it was written). The first delay outlasts a slow attempt (EMAIL_TIMEOUT),
# so that the cron never picks up a mail still being sent.
RETRY_DELAYS = (2, 5, 15, 60, 180, 360, 720)
MAX_ATTEMPTS = len(RETRY_DELAYS) + 1
KEEP_SENT = timedelta(days=30)
KEEP_FAILED = timedelta(days=90)
BATCH_SIZE = 200
# A run stops after this many failures in a row: the server is down, the next run retries.
FAILURES_BEFORE_PAUSE = 3

# An address, or (display name, address) to show a name.
Recipient = str | tuple[str, str]


def mailbox(recipient: Recipient) -> str:
    """A checked address for a header, its display name on one line (ValidationError if the
    address is not one)."""
    name, address = recipient if isinstance(recipient, tuple) else ("", recipient)
    address = (address or "").strip()
    validate_email(address)
    return formataddr((single_line(name), address))


def send_templated_mail(
    *,
    to: Recipient | list[Recipient],
    template: str,
    context: dict,
    reply_to: Recipient | None = None,
    send_at: datetime | None = None,
) -> OutboundMail:
    """Write a mail from its three templates and send it once the transaction commits, or,
    with `send_at`, at the outbox's first run from that time (a decision that can still be
    undone; `mail_cancel` stops it meanwhile).

    Never raises because of the mail server. A recipient or reply-to that is not an address is
    logged and the mail stored as given up, so that the action still succeeds."""
    recipients = [to] if isinstance(to, str | tuple) else list(to)
    context = dict(context)
    context["subject"] = subject = single_line(
        render_to_string(f"{template}_subject.txt", context)
    )[:255]
    mail = OutboundMail(
        template=template,
        subject=subject,
        text=render_to_string(f"{template}.txt", context),
        html=render_to_string(f"{template}.html", context),
    )
    try:
        mail.to = [mailbox(recipient) for recipient in recipients]
        mail.reply_to = mailbox(reply_to) if reply_to else ""
    except ValidationError:
        logger.error("Mail %r not sent: bad address in %r or %r", template, recipients, reply_to)
        mail.to = [str(recipient) for recipient in recipients]
        mail.reply_to = str(reply_to or "")
        mail.status = MailStatus.FAILED
        mail.last_error = "Adresse de destination ou de réponse invalide."
    if not mail.to:
        raise ValueError(f"Mail {template!r} has no recipient")
    if send_at is not None:
        mail.next_attempt_at = send_at
    mail.save()
    if mail.status == MailStatus.QUEUED and send_at is None:
        transaction.on_commit(lambda: _deliver_after_commit(mail.pk), robust=True)
    return mail


def _deliver_after_commit(pk: int) -> None:
    try:
        mail = OutboundMail.objects.filter(pk=pk, status=MailStatus.QUEUED).first()
        if mail is not None:
            deliver(mail)
    except Exception:  # the action has committed: its page must not fail because of mail
        logger.exception("Outbound mail %s: first attempt failed", pk)


def retry_delay(attempts: int) -> timedelta:
    return timedelta(minutes=RETRY_DELAYS[min(attempts, len(RETRY_DELAYS)) - 1])


def deliver(mail: OutboundMail, *, now: datetime | None = None) -> bool | None:
    """One attempt at sending a queued mail: True if sent, False if the server failed (the mail
    waits for its next attempt, or is given up), None if another process has taken it."""
    now = now or timezone.now()
    attempts = mail.attempts + 1
    # Take the mail before sending: of two processes holding the same row, one only sends.
    taken = OutboundMail.objects.filter(
        pk=mail.pk, status=MailStatus.QUEUED, attempts=mail.attempts
    ).update(attempts=attempts, next_attempt_at=now + retry_delay(attempts))
    if not taken:
        return None
    message = EmailMultiAlternatives(
        subject=mail.subject,
        body=mail.text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=mail.to,
        reply_to=[mail.reply_to] if mail.reply_to else None,
    )
    message.attach_alternative(mail.html, "text/html")
    try:
        message.send()
    except Exception as error:  # SMTPException, OSError, timeouts: whatever the server did
        logger.warning("Outbound mail %s, attempt %s failed: %r", mail.pk, attempts, error)
        OutboundMail.objects.filter(pk=mail.pk).update(
            status=MailStatus.FAILED if attempts >= MAX_ATTEMPTS else MailStatus.QUEUED,
            last_error=f"{type(error).__name__}: {error}"[:2000],
        )
        return False
    OutboundMail.objects.filter(pk=mail.pk).update(
        status=MailStatus.SENT, sent_at=timezone.now(), text="", html="", last_error=""
    )
    return True


@dataclass
class OutboxRun:
    """What one run of the outbox did, for the command's report."""

    sent: int = 0
    waiting: int = 0
    given_up: int = 0
    purged: int = 0

    def __str__(self) -> str:
        return (
            f"{self.sent} envoyé(s), {self.waiting} en attente d'une nouvelle tentative, "
            f"{self.given_up} abandonné(s), {self.purged} supprimé(s)."
        )


def send_queued_mail(*, now: datetime | None = None, batch_size: int = BATCH_SIZE) -> OutboxRun:
    """Retry the mails that are due, give up those out of attempts, purge old ones."""
    now = now or timezone.now()
    run = OutboxRun()
    # Out of attempts but still queued: the process died during the last attempt.
    run.given_up = (
        OutboundMail.objects.due(now)
        .filter(attempts__gte=MAX_ATTEMPTS)
        .update(status=MailStatus.FAILED)
    )
    failures_in_a_row = 0
    for mail in OutboundMail.objects.due(now)[:batch_size]:
        result = deliver(mail, now=now)
        if result is None:
            continue
        if result:
            run.sent += 1
            failures_in_a_row = 0
            continue
        failures_in_a_row += 1
        if mail.attempts + 1 >= MAX_ATTEMPTS:
            run.given_up += 1
        else:
            run.waiting += 1
        if failures_in_a_row >= FAILURES_BEFORE_PAUSE:
            break
    run.purged = mail_purge(now=now)
    return run


def mail_purge(*, now: datetime) -> int:
    """Forget sent mails after KEEP_SENT and given-up ones after KEEP_FAILED: they hold
    addresses, names and, for contact messages, what a visitor wrote."""
    deleted, _ = OutboundMail.objects.filter(
        status=MailStatus.SENT, sent_at__lt=now - KEEP_SENT
    ).delete()
    failed, _ = OutboundMail.objects.filter(
        status=MailStatus.FAILED, created_at__lt=now - KEEP_FAILED
    ).delete()
    return deleted + failed


def mail_requeue(mails) -> int:
    """Send these mails again at the next run, with a fresh count of attempts. Only those that
    failed at the server qualify: a sent mail has lost its body, a bad address stays bad."""
    return mails.filter(status__in=[MailStatus.QUEUED, MailStatus.FAILED], attempts__gt=0).update(
        status=MailStatus.QUEUED, attempts=0, next_attempt_at=timezone.now(), last_error=""
    )


def mail_cancel(mail_id: int | None, *, reason: str) -> bool:
    """Stop a mail that has not left (its link is no longer valid): True if it was stopped."""
    return bool(
        mail_id
        and OutboundMail.objects.filter(pk=mail_id, status=MailStatus.QUEUED).update(
            status=MailStatus.FAILED, last_error=reason, text="", html=""
        )
    )
