"""Invitations: a role offered by email, granted when the invited person accepts."""

import hashlib
import secrets
from datetime import timedelta

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from maillage.core.audit import audited_update
from maillage.core.mail import mail_cancel, send_templated_mail
from maillage.core.models import AuditSource

from . import roles
from .models import Invitation, User, canonical_email

INVITATION_DAYS = 14


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def invitation_create(
    *,
    invited_by: User,
    email: str,
    role: str,
    target,
    label: str,
    extra: dict | None = None,
    base_url: str = "",
) -> tuple[Invitation, str]:
    """Record the invitation and email its link once the transaction commits (through the
    outbox: `invitation.mail` tells whether it has left).

    `label` says in plain French what the role is ("animer la coopération MONALISA 22").
    Returns the invitation and the clear token (never stored)."""
    if role not in roles.known_roles():
        raise ValueError(f"Unknown role {role!r}")
    email = canonical_email(email)
    target_type = ContentType.objects.get_for_model(target)
    if (
        Invitation.objects.pending()
        .filter(email__iexact=email, role=role, target_type=target_type, target_id=target.pk)
        .exists()
    ):
        raise ValidationError("Une invitation est déjà en attente pour cette adresse.")
    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        invitation = Invitation.objects.create(
            email=email,
            role=role,
            target_type=target_type,
            target_id=target.pk,
            extra={**(extra or {}), "label": label},
            token_hash=hash_token(token),
            invited_by=invited_by,
            expires_at=timezone.now() + timedelta(days=INVITATION_DAYS),
        )
        link = base_url + reverse("accounts:invitation_accept", args=[token])
        context = {
            "invitation": invitation,
            "link": link,
            "label": label,
            "inviter": invited_by,
            "days": INVITATION_DAYS,
        }
        invitation.mail = send_templated_mail(
            to=email, template="accounts/emails/invitation", context=context
        )
        invitation.save(update_fields=["mail"])
    return invitation, token


def invitation_for_token(token: str) -> Invitation:
    """The pending invitation behind a link, or a French error saying why it cannot be used."""
    invitation = Invitation.objects.filter(token_hash=hash_token(token)).first()
    if invitation is None:
        raise ValidationError("Ce lien d'invitation n'est pas valide.")
    if invitation.accepted_at:
        raise ValidationError("Cette invitation a déjà été acceptée.")
    if invitation.revoked_at:
        raise ValidationError("Cette invitation a été annulée.")
    if invitation.expires_at <= timezone.now():
        raise ValidationError(
            "Cette invitation a expiré. Demandez à la personne qui vous a invité de la renouveler."
        )
    return invitation


@transaction.atomic
def invitation_accept(*, invitation: Invitation, user: User) -> Invitation:
    """Give the user the invited role; the invitation can be used only once."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    # Checked again under the lock: it may have been used, revoked or let expire meanwhile.
    if invitation.accepted_at or invitation.revoked_at:
        raise ValidationError("Cette invitation n'est plus valable.")
    if invitation.expires_at <= timezone.now():
        raise ValidationError(
            "Cette invitation a expiré. Demandez à la personne qui vous a invité de la renouveler."
        )
    roles.granter_for(invitation.role)(invitation, user)
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    return invitation


@transaction.atomic
def invitation_revoke(
    *, actor: User | None, invitation: Invitation, source=AuditSource.APP
) -> None:
    """Cancel a pending invitation; the history of what it targets says so."""
    audited_update(
        actor=actor,
        instance=invitation,
        target=invitation.target_type.get_object_for_this_type(pk=invitation.target_id),
        values={"revoked_at": timezone.now()},
        extra_changes={"invitation": [invitation.email, ""]},
        action="accounts.invitation.revoke",
        summary=f"Invitation annulée : {invitation.email}",
        source=source,
    )
    # A mail still waiting for the server would carry a link that no longer works.
    mail_cancel(invitation.mail_id, reason="Invitation annulée avant l'envoi de l'e-mail.")
