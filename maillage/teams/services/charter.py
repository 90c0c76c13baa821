"""The charte de l'équipe citoyenne: signed in the team's name by a referent, recognised by the
cooperation covering its territory (national staff where none does), withdrawn with a reason.
A recognised signature not withdrawn is the team's label."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from maillage.accounts.models import User
from maillage.cooperations.models import Animator, Cooperation
from maillage.core.audit import audited_create, audited_update
from maillage.core.mail import send_templated_mail

from ..models import CitizenTeam, TeamCharterSignature


def _referent_mailboxes(team: CitizenTeam) -> list[tuple[str, str]]:
    return [
        (referent.user.get_full_name(), referent.user.email)
        for referent in team.referents.select_related("user").filter(user__is_active=True)
    ]


def _animator_mailboxes(team: CitizenTeam) -> list[tuple[str, str]]:
    animators = Animator.objects.filter(
        cooperation__team_links__team=team, user__is_active=True
    ).select_related("user")
    return sorted({(a.user.get_full_name(), a.user.email) for a in animators})


def current_signature(team: CitizenTeam) -> TeamCharterSignature | None:
    """The signature not withdrawn (awaiting recognition, or the label), if any."""
    return team.charter_signatures.live().first()


@transaction.atomic
def charter_sign(
    *, actor: User, team: CitizenTeam, signatory_name: str, signed_on: datetime.date | None = None
) -> TeamCharterSignature:
    """A referent signs the charter in the team's name; the animators of its cooperations are
    told so that they can recognise it."""
    team = CitizenTeam.objects.select_for_update().get(pk=team.pk)
    if current_signature(team) is not None:
        raise ValidationError("L'équipe a déjà signé la charte : sa signature est en cours.")
    signature = audited_create(
        actor=actor,
        instance=TeamCharterSignature(
            team=team,
            signatory_name=signatory_name,
            signed_on=signed_on or timezone.localdate(),
            signed_by=actor,
        ),
        target=team,
        fields=("signatory_name", "signed_on"),
        summary=f"Charte de l'équipe citoyenne signée par {signatory_name}",
    )
    for mailbox in _animator_mailboxes(team):
        send_templated_mail(
            to=mailbox,
            template="teams/emails/charter_signed",
            context={"team": team, "signature": signature},
        )
    return signature


@transaction.atomic
def label_recognise(
    *, actor: User, team: CitizenTeam, cooperation: Cooperation | None = None
) -> TeamCharterSignature:
    """Recognise the team's signature: the team shows the label. `cooperation`: the one in
    whose name the animator recognises it (None for national staff). Recognising also confirms
    that the cooperation works with the team."""
    team = CitizenTeam.objects.select_for_update().get(pk=team.pk)
    signature = current_signature(team)
    if signature is None:
        raise ValidationError("L'équipe n'a pas encore signé la charte.")
    if signature.recognised_at is not None:
        raise ValidationError("Le label de l'équipe est déjà reconnu.")
    now = timezone.now()
    audited_update(
        actor=actor,
        instance=signature,
        target=team,
        values={
            "recognised_at": now,
            "recognised_by": actor,
            "recognising_cooperation": cooperation,
        },
        action="teams.teamchartersignature.recognise",
        summary="Label de l'équipe citoyenne reconnu"
        + (f" par {cooperation.name}" if cooperation else " par l'équipe nationale"),
    )
    if cooperation is not None:
        team.cooperation_links.filter(cooperation=cooperation, confirmed_at__isnull=True).update(
            confirmed_at=now
        )
    for mailbox in _referent_mailboxes(team):
        send_templated_mail(
            to=mailbox,
            template="teams/emails/label_recognised",
            context={"team": team, "cooperation": cooperation},
        )
    return signature


@transaction.atomic
def label_withdraw(*, actor: User, team: CitizenTeam, reason: str) -> TeamCharterSignature:
    """Withdraw the label (or a signature awaiting recognition), with a reason told to the
    team's referents. The team may sign again later."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError("Indiquez le motif du retrait : il est transmis à l'équipe.")
    team = CitizenTeam.objects.select_for_update().get(pk=team.pk)
    signature = current_signature(team)
    if signature is None:
        raise ValidationError("L'équipe n'a pas de signature de la charte à retirer.")
    audited_update(
        actor=actor,
        instance=signature,
        target=team,
        values={"withdrawn_at": timezone.now(), "withdrawn_by": actor, "withdrawal_reason": reason},
        action="teams.teamchartersignature.withdraw",
        summary="Label de l'équipe citoyenne retiré",
    )
    for mailbox in _referent_mailboxes(team):
        send_templated_mail(
            to=mailbox,
            template="teams/emails/label_withdrawn",
            context={"team": team, "reason": reason},
        )
    return signature
