"""Writes on citizen teams with consequences: each one a transaction and a line of the team's
history (`AuditEntry.objects.about(team)`). Services assume an allowed actor: the views have
called the gatekeepers (`CitizenTeam.objects.editable_by`, `permissions.can_*`) first."""

from .charter import charter_sign, current_signature, label_recognise, label_withdraw
from .teams import (
    EDITABLE_FIELDS,
    REFERENT_ROLE,
    RELATED_FIELDS,
    communes_text,
    covering_cooperations,
    covering_pairs,
    pending_referent_invitations,
    referent_grant,
    referent_invitation_revoke,
    referent_invite,
    referent_remove,
    team_cooperation_confirm,
    team_create,
    team_update,
)
from .volunteers import (
    ESCALATE_AFTER,
    REMIND_AFTER,
    message_close,
    message_reply,
    message_send,
    messages_remind,
    retention_days,
    retention_in_words,
    team_data_purge,
)

__all__ = [
    "EDITABLE_FIELDS",
    "ESCALATE_AFTER",
    "REFERENT_ROLE",
    "RELATED_FIELDS",
    "REMIND_AFTER",
    "charter_sign",
    "communes_text",
    "covering_cooperations",
    "covering_pairs",
    "current_signature",
    "label_recognise",
    "label_withdraw",
    "message_close",
    "message_reply",
    "message_send",
    "messages_remind",
    "pending_referent_invitations",
    "referent_grant",
    "referent_invitation_revoke",
    "referent_invite",
    "referent_remove",
    "retention_days",
    "retention_in_words",
    "team_cooperation_confirm",
    "team_create",
    "team_data_purge",
    "team_update",
]
