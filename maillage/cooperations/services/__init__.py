"""Writes on a cooperation with consequences: each one a transaction and a line of its history.

Every history line is written about the cooperation itself (even for a news item or a member),
so that `AuditEntry.objects.about(cooperation)` tells its whole story. Services assume an
allowed actor: the views have called the gatekeeper (`Cooperation.objects.editable_by`) first.
"""

from .content import (
    NEWS_FIELDS,
    OBJECTIVE_FIELDS,
    TESTIMONY_FIELDS,
    news_create,
    news_delete,
    news_update,
    objective_create,
    objective_delete,
    objective_update,
    testimony_create,
    testimony_delete,
    testimony_update,
)
from .people import (
    ANIMATOR_ROLE,
    MEMBERSHIP_FIELDS,
    animator_grant,
    animator_invitation_revoke,
    animator_invite,
    animator_remove,
    member_organisation_create,
    membership_add,
    membership_remove,
    membership_update,
    pending_invitations,
)
from .presentation import (
    EDITABLE_FIELDS,
    RICH_TEXT_FIELDS,
    cooperation_create,
    cooperation_set_aims,
    cooperation_update,
)
from .territory import cooperation_territory_add, cooperation_territory_remove, part_names

__all__ = [
    "ANIMATOR_ROLE",
    "EDITABLE_FIELDS",
    "MEMBERSHIP_FIELDS",
    "NEWS_FIELDS",
    "OBJECTIVE_FIELDS",
    "RICH_TEXT_FIELDS",
    "TESTIMONY_FIELDS",
    "animator_grant",
    "animator_invitation_revoke",
    "animator_invite",
    "animator_remove",
    "cooperation_create",
    "cooperation_set_aims",
    "cooperation_territory_add",
    "cooperation_territory_remove",
    "cooperation_update",
    "member_organisation_create",
    "membership_add",
    "membership_remove",
    "membership_update",
    "news_create",
    "news_delete",
    "news_update",
    "objective_create",
    "objective_delete",
    "objective_update",
    "part_names",
    "pending_invitations",
    "testimony_create",
    "testimony_delete",
    "testimony_update",
]
