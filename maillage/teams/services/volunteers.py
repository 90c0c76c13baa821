"""« Devenir bénévole »: a person writes to a team, its referents answer.

The sender's address reaches the team's referents only: it is in the mail each referent receives
(one mail each, the sender as reply-to) and on the team's inbox, which only referents open. The
reminders to referents and the notice to the cooperation's animators name no sender."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from maillage.accounts.models import User
from maillage.core.mail import send_templated_mail
from maillage.core.models import audit
from maillage.core.ratelimit import limit

from ..enums import Stage
from ..models import CitizenTeam, StartupRequest, VolunteerMessage
from .charter import _animator_mailboxes, _referent_mailboxes

REMIND_AFTER = datetime.timedelta(days=7)
ESCALATE_AFTER = datetime.timedelta(days=14)
DEFAULT_RETENTION_DAYS = 365
REPLY_RATE = "30/h"


def retention_days() -> int:
    return getattr(settings, "MAILLAGE_TEAM_DATA_RETENTION_DAYS", DEFAULT_RETENTION_DAYS)


def retention_in_words() -> str:
    """The retention time as the forms and pages say it: « un an », « 2 ans », « 90 jours »."""
    days = retention_days()
    if days % 365 == 0:
        years = days // 365
        return "un an" if years == 1 else f"{years} ans"
    return f"{days} jour" if days == 1 else f"{days} jours"


def _received(message: VolunteerMessage) -> str:
    return timezone.localtime(message.created_at).strftime("%d/%m/%Y")


@transaction.atomic
def message_send(
    *,
    team: CitizenTeam,
    sender_name: str,
    sender_email: str,
    sender_phone: str,
    body: str,
    consent: bool,
    base_url: str = "",
) -> VolunteerMessage:
    """Store a person's message to a team and mail it to each of its referents. The public view
    has checked the rate limit and the honeypot; nothing is stored when they refuse."""
    if not consent:
        raise ValidationError("Votre accord est nécessaire pour transmettre votre message.")
    if not (sender_email or sender_phone):
        raise ValidationError("Indiquez une adresse e-mail ou un numéro de téléphone.")
    referents = _referent_mailboxes(team)
    if not referents:
        raise ValidationError("Cette équipe ne reçoit pas encore de messages sur Maillage.")
    message = VolunteerMessage.objects.create(
        team=team,
        sender_name=sender_name,
        sender_email=sender_email,
        sender_phone=sender_phone,
        body=body,
        consent=consent,
    )
    for mailbox in referents:
        send_templated_mail(
            to=mailbox,
            template="teams/emails/volunteer_message",
            context={
                "team": team,
                "message": message,
                "inbox_url": base_url + reverse("teams:backoffice_messages", args=[team.slug]),
            },
            reply_to=(sender_name, sender_email) if sender_email else None,
        )
    return message


@transaction.atomic
def message_reply(*, actor: User, message: VolunteerMessage, text: str) -> VolunteerMessage:
    """A referent answers from the platform: the answer leaves by mail, with the referent's
    address to reply to. The answer's text is not kept (the outbox purges its mails)."""
    message = VolunteerMessage.objects.select_for_update().select_related("team").get(pk=message.pk)
    if not message.sender_email:
        raise ValidationError(
            "Cette personne n'a pas laissé d'adresse e-mail : répondez-lui par téléphone."
        )
    if message.closed_at is not None:
        raise ValidationError("Ce message est clos.")
    # Each answer mails a stranger: a stolen referent account must not become a mailer.
    limit("team_message_reply", ident=str(actor.pk), rate=REPLY_RATE)
    send_templated_mail(
        to=(message.sender_name, message.sender_email),
        template="teams/emails/volunteer_reply",
        context={"team": message.team, "text": text, "referent": actor},
        reply_to=(actor.get_full_name(), actor.email),
    )
    message.answered_at = timezone.now()
    message.answered_by = actor
    message.save(update_fields=["answered_at", "answered_by"])
    audit(
        actor=actor,
        target=message.team,
        action="teams.volunteermessage.reply",
        summary=f"Réponse envoyée au message reçu le {_received(message)}",
        changes={},
    )
    return message


@transaction.atomic
def message_close(*, actor: User, message: VolunteerMessage) -> VolunteerMessage:
    """Close a message (answered by phone, or nothing more to do): it is deleted once the
    retention time has passed."""
    message = VolunteerMessage.objects.select_for_update().select_related("team").get(pk=message.pk)
    if message.closed_at is None:
        message.closed_at = timezone.now()
        message.save(update_fields=["closed_at"])
        audit(
            actor=actor,
            target=message.team,
            action="teams.volunteermessage.close",
            summary=f"Message reçu le {_received(message)} clos",
            changes={},
        )
    return message


# --- reminders (daily) -----------------------------------------------------------------------


def messages_remind(*, now: datetime.datetime | None = None) -> dict[str, int]:
    """Remind a team's referents of the messages waiting for 7 days (once per message), and tell
    the animators of its cooperations of those waiting for 14 days (once): without the sender's
    name or address. One mail per person and team."""
    now = now or timezone.now()
    counts = {"reminded": 0, "escalated": 0}
    with transaction.atomic():
        due = list(
            VolunteerMessage.objects.waiting()
            .filter(reminded_at__isnull=True, created_at__lte=now - REMIND_AFTER)
            .select_related("team")
            .select_for_update(of=("self",))
            .order_by("team_id", "created_at")
        )
        for team, messages in _by_team(due).items():
            for mailbox in _referent_mailboxes(team):
                send_templated_mail(
                    to=mailbox,
                    template="teams/emails/messages_reminder",
                    context={"team": team, "count": len(messages)},
                )
        VolunteerMessage.objects.filter(pk__in=[m.pk for m in due]).update(reminded_at=now)
        counts["reminded"] = len(due)
    with transaction.atomic():
        overdue = list(
            VolunteerMessage.objects.waiting()
            .filter(escalated_at__isnull=True, created_at__lte=now - ESCALATE_AFTER)
            .select_related("team")
            .select_for_update(of=("self",))
            .order_by("team_id", "created_at")
        )
        for team, messages in _by_team(overdue).items():
            for mailbox in _animator_mailboxes(team):
                send_templated_mail(
                    to=mailbox,
                    template="teams/emails/messages_overdue",
                    context={"team": team, "count": len(messages)},
                )
        VolunteerMessage.objects.filter(pk__in=[m.pk for m in overdue]).update(escalated_at=now)
        counts["escalated"] = len(overdue)
    return counts


def _by_team(messages: list[VolunteerMessage]) -> dict[CitizenTeam, list[VolunteerMessage]]:
    grouped: dict[CitizenTeam, list[VolunteerMessage]] = {}
    for message in messages:
        grouped.setdefault(message.team, []).append(message)
    return grouped


# --- retention (daily) -----------------------------------------------------------------------


@transaction.atomic
def team_data_purge(*, now: datetime.datetime | None = None) -> dict[str, int]:
    """Delete the volunteer messages closed (or answered) more than the retention time ago, and
    anonymise the start-up requests closed (or become an active team) as long ago: their contact
    and their words blanked, the row kept for the statistics (commune, stage, dates, kinds,
    needs). A message nobody answered nor closed stays: the cooperation is told of it."""
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(days=retention_days())
    deleted, _ = VolunteerMessage.objects.filter(
        Q(closed_at__lte=cutoff) | Q(answered_at__lte=cutoff)
    ).delete()
    anonymised = StartupRequest.objects.filter(
        Q(closed_at__lte=cutoff) | Q(stage=Stage.ACTIVE, stage_since__lte=cutoff),
        anonymised_at__isnull=True,
    ).update(
        contact_name="",
        contact_email="",
        contact_phone="",
        project="",
        closed_reason="",
        anonymised_at=now,
    )
    return {"messages": deleted, "requests": anonymised}
