"""Who takes part: member organisations, animators and their invitations."""

import datetime

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction

from maillage.accounts import services as account_services
from maillage.accounts.models import Invitation, User, canonical_email
from maillage.core.audit import audited_create, audited_delete, audited_update
from maillage.core.mail import send_templated_mail
from maillage.core.models import audit
from maillage.core.ratelimit import limit
from maillage.organisations import services as organisation_services
from maillage.organisations.enums import AffiliationRole
from maillage.organisations.models import Affiliation, Organisation
from maillage.territories.models import Commune

from ..enums import MemberRole
from ..models import Animator, Cooperation, Membership

ANIMATOR_ROLE = "cooperation_animator"
ANIMATOR_INVITE_RATE = "30/h"
MEMBERSHIP_FIELDS = ("role", "since")


# --- members -------------------------------------------------------------------------------


@transaction.atomic
def membership_add(
    *,
    actor: User,
    cooperation: Cooperation,
    organisation: Organisation,
    role: str = MemberRole.MEMBER,
    since: datetime.date | None = None,
) -> Membership:
    if Membership.objects.filter(cooperation=cooperation, organisation=organisation).exists():
        raise ValidationError(f"{organisation.name} est déjà membre de la coopération.")
    return audited_create(
        actor=actor,
        instance=Membership(
            cooperation=cooperation, organisation=organisation, role=role, since=since
        ),
        target=cooperation,
        fields=("organisation", *MEMBERSHIP_FIELDS),
        summary=f"Membre ajouté : {organisation.name}",
    )


@transaction.atomic
def member_organisation_create(
    *,
    actor: User,
    cooperation: Cooperation,
    name: str,
    kind: str,
    commune: Commune,
    role: str = MemberRole.MEMBER,
    since: datetime.date | None = None,
    referent_email: str = "",
    base_url: str = "",
) -> Membership:
    """An organisation Maillage does not know yet becomes a member: its page is created, it
    joins the cooperation and, if an address is given, someone of it is invited to become its
    referent. All of it or nothing."""
    organisation = organisation_services.organisation_create(
        actor=actor, name=name.strip(), kind=kind, commune=commune
    )
    membership = membership_add(
        actor=actor, cooperation=cooperation, organisation=organisation, role=role, since=since
    )
    if referent_email:
        organisation_services.referent_invite(
            actor=actor, organisation=organisation, email=referent_email, base_url=base_url
        )
    return membership


@transaction.atomic
def membership_update(
    *, actor: User, membership: Membership, role: str, since: datetime.date | None
) -> Membership:
    membership = (
        Membership.objects.select_for_update(of=("self",))
        .select_related("organisation", "cooperation")
        .get(pk=membership.pk)
    )
    audited_update(
        actor=actor,
        instance=membership,
        target=membership.cooperation,
        values={"role": role, "since": since},
        summary=f"Membre modifié : {membership.organisation.name}",
    )
    return membership


@transaction.atomic
def membership_remove(*, actor: User, membership: Membership) -> None:
    """Take an organisation out of the cooperation (its animators stay until removed)."""
    audited_delete(
        actor=actor,
        instance=membership,
        target=membership.cooperation,
        fields=("organisation", *MEMBERSHIP_FIELDS),
        summary=f"Membre retiré : {membership.organisation.name}",
    )


# --- animators and invitations -------------------------------------------------------------


def pending_invitations(cooperation: Cooperation):
    """Invitations to animate this cooperation that nobody has used, revoked or let expire."""
    return (
        Invitation.objects.select_related("mail")
        .pending()
        .filter(
            role=ANIMATOR_ROLE,
            target_type=ContentType.objects.get_for_model(Cooperation),
            target_id=cooperation.pk,
        )
    )


@transaction.atomic
def animator_invite(
    *,
    actor: User,
    cooperation: Cooperation,
    email: str,
    organisation: Organisation,
    base_url: str,
) -> Invitation:
    """Invite someone by email to animate the cooperation on behalf of a member organisation."""
    if not cooperation.memberships.filter(organisation=organisation).exists():
        raise ValidationError(
            f"{organisation.name} n'est pas membre de la coopération : "
            "ajoutez-la d'abord aux membres."
        )
    if cooperation.animators.filter(user__email=canonical_email(email)).exists():
        raise ValidationError("Cette personne anime déjà la coopération.")
    # Each invitation mails a stranger: a stolen animator account must not become a mailer.
    limit("animator_invite", ident=str(actor.pk), rate=ANIMATOR_INVITE_RATE)
    invitation, _token = account_services.invitation_create(
        invited_by=actor,
        email=email,
        role=ANIMATOR_ROLE,
        target=cooperation,
        label=f"animer la coopération {cooperation.name}",
        extra={"organisation_id": organisation.pk},
        base_url=base_url,
    )
    audit(
        actor=actor,
        target=cooperation,
        action="cooperations.animator.invite",
        summary=f"Invitation à animer envoyée à {invitation.email} ({organisation.name})",
        changes={"invitation": ["", invitation.email]},
    )
    return invitation


@transaction.atomic
def animator_invitation_revoke(
    *, actor: User, cooperation: Cooperation, invitation: Invitation
) -> None:
    if invitation not in pending_invitations(cooperation):
        raise ValidationError("Cette invitation n'est plus en attente.")
    account_services.invitation_revoke(actor=actor, invitation=invitation)


def animator_grant(invitation: Invitation, user: User) -> Animator:
    """Granter of the "cooperation_animator" role: the invited person becomes an animator,
    attached to the member organisation the invitation names. Runs inside invitation_accept's
    transaction."""
    cooperation = Cooperation.objects.get(pk=invitation.target_id)
    organisation = Organisation.objects.filter(
        pk=invitation.extra.get("organisation_id"), memberships__cooperation=cooperation
    ).first()
    if organisation is None:
        raise ValidationError(
            "La structure de cette invitation n'est plus membre de la coopération : "
            "demandez une nouvelle invitation."
        )
    animator = Animator.objects.filter(cooperation=cooperation, user=user).first()
    Affiliation.objects.get_or_create(
        user=user, organisation=organisation, defaults={"role": AffiliationRole.MEMBER}
    )
    if animator is not None:
        return animator
    animator = audited_create(
        actor=user,
        instance=Animator(cooperation=cooperation, user=user, organisation=organisation),
        target=cooperation,
        fields=("user", "organisation"),
        summary=f"Nouvel animateur : {user} ({organisation.name})",
    )
    inviter = invitation.invited_by
    if inviter is not None and inviter.email:
        send_templated_mail(
            to=(inviter.get_full_name(), inviter.email),
            template="cooperations/emails/animator_joined",
            context={"cooperation": cooperation, "person": user, "organisation": organisation},
        )
    return animator


@transaction.atomic
def animator_remove(*, actor: User, animator: Animator) -> None:
    """Take an animator off the cooperation and tell them by mail. The last animator can be
    removed by national staff only: otherwise nobody would be left to keep the pages."""
    # The cooperation row locked: two removals at once cannot leave it without an animator.
    cooperation = Cooperation.objects.select_for_update().get(pk=animator.cooperation_id)
    animator = Animator.objects.select_related("user", "organisation").get(pk=animator.pk)
    if cooperation.animators.count() == 1 and not actor.is_staff:
        raise ValidationError(
            "Vous êtes le dernier animateur de la coopération : seule l'équipe nationale "
            "peut le retirer. Invitez d'abord une autre personne à animer."
        )
    person = animator.user
    audited_delete(
        actor=actor,
        instance=animator,
        target=cooperation,
        fields=("user", "organisation"),
        summary=f"Animateur retiré : {person}",
    )
    if person.email:
        send_templated_mail(
            to=(person.get_full_name(), person.email),
            template="cooperations/emails/animator_removed",
            context={"cooperation": cooperation, "person": person, "actor": actor},
        )
