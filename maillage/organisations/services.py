"""Writes about organisations that have consequences: each in a transaction, audited, and
mailed once the transaction commits. Services assume an allowed actor: the views have called
the gatekeepers (`Organisation.objects.editable_by`, `can_decide_signature`) first."""

import datetime
from collections.abc import Iterable

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from maillage.accounts import services as account_services
from maillage.accounts.models import Invitation, User
from maillage.accounts.roles import RoleLink, staff_links
from maillage.core.audit import audited_create, audited_update, field_label
from maillage.core.mail import mail_cancel, send_templated_mail
from maillage.core.models import OutboundMail, audit
from maillage.core.ratelimit import limit
from maillage.core.text import of_name
from maillage.territories.models import Commune

from .enums import AffiliationRole, CharterKind, SignatureStatus
from .models import Affiliation, CharterSignature, Organisation

LIVE_STATUSES = (SignatureStatus.REQUESTED, SignatureStatus.VALIDATED)
# The public fields a referent edits, in the order the history lists them.
EDITABLE_FIELDS = (
    "name",
    "kind",
    "siret",
    "address",
    "commune",
    "website",
    "contact_email",
    "phone",
    "description",
    "logo",
    "networks",
)
REFERENT_ROLE = "organisation_referent"
REFERENT_INVITE_RATE = "30/h"
# Staff may take a decision on a signature back for this long (ADR 025). The decision applies at
# once; only its mail waits, and leaves at the first run of the outbox (every minute) after
# MAIL_DELAY, so that no run is sending it while an undo can still come.
UNDO_WINDOW = datetime.timedelta(minutes=10)
MAIL_DELAY = UNDO_WINDOW + datetime.timedelta(minutes=1)


def _labels(names) -> str:
    return ", ".join(field_label(Organisation, name) for name in names)


@transaction.atomic
def organisation_update(
    *, actor: User, organisation: Organisation, values: dict, version: int | None = None
) -> dict[str, list[str]]:
    """Apply what a referent typed on the public fields; record what changed, if anything.

    `values` maps field names of EDITABLE_FIELDS to cleaned values (a form's cleaned_data);
    the logo is an uploaded file, the current file, or False to remove it. `version`: the one
    the form started from (a stale save raises `StaleVersion`).
    Returns {field: [before, after]}."""
    current = (
        Organisation.objects.select_for_update(of=("self",))
        .select_related("commune")
        .get(pk=organisation.pk)
    )
    old_logo = current.logo.name
    values = {name: values[name] for name in EDITABLE_FIELDS if name in values}
    if values.get("logo") is False:
        values["logo"] = None
    changed = audited_update(
        actor=actor,
        instance=current,
        values=values,
        version=version,
        summary=lambda changes: f"Fiche de l'organisation modifiée : {_labels(changes)}",
    )
    if "logo" in changed and old_logo:
        storage = current.logo.storage
        transaction.on_commit(lambda: storage.delete(old_logo))
    return changed


def _free_slug(name: str, commune: Commune | None) -> str:
    """The name's address, else with its commune ("…-plerin"), else numbered."""
    max_length = Organisation._meta.get_field("slug").max_length
    base = slugify(name)[: max_length - 30].strip("-") or "organisation"
    candidates = [base]
    if commune is not None:
        candidates.append(f"{base}-{slugify(commune.name)}"[: max_length - 4])
    taken = set(Organisation.objects.filter(slug__startswith=base).values_list("slug", flat=True))
    number = 2
    while all(candidate in taken for candidate in candidates):
        candidates.append(f"{base}-{number}")
        number += 1
    return next(candidate for candidate in candidates if candidate not in taken)


@transaction.atomic
def organisation_create(
    *, actor: User, name: str, kind: str, commune: Commune | None
) -> Organisation:
    """A new organisation, with the little an animator knows of it; its referent completes it."""
    return audited_create(
        actor=actor,
        instance=Organisation(
            name=name, slug=_free_slug(name, commune), kind=kind, commune=commune
        ),
        fields=("name", "kind", "commune"),
        summary=f"Fiche de l'organisation créée : {name}",
    )


@transaction.atomic
def referent_invite(
    *, actor: User, organisation: Organisation, email: str, base_url: str
) -> Invitation:
    """Invite someone of the organisation by mail to become its referent (and complete its
    page). Each invitation mails a stranger: limited per account."""
    limit("referent_invite", ident=str(actor.pk), rate=REFERENT_INVITE_RATE)
    invitation, _token = account_services.invitation_create(
        invited_by=actor,
        email=email,
        role=REFERENT_ROLE,
        target=organisation,
        label=f"représenter l'organisation {organisation.name} sur Maillage et tenir sa fiche "
        "à jour",
        base_url=base_url,
    )
    audit(
        actor=actor,
        target=organisation,
        action="organisations.affiliation.invite",
        summary=f"Invitation à devenir référent envoyée à {invitation.email}",
        changes={"invitation": ["", invitation.email]},
    )
    return invitation


def _live_signature_error(live: CharterSignature) -> ValidationError:
    if live.status == SignatureStatus.VALIDATED:
        message = (
            "Cette organisation est déjà signataire de la charte MONALISA (signature validée). "
            "Une nouvelle demande n'est possible qu'après le retrait de la signature actuelle."
        )
    else:
        message = (
            "Une demande de signature de la charte MONALISA est déjà en attente de validation "
            "pour cette organisation. Retirez-la avant d'en faire une nouvelle."
        )
    return ValidationError(message, code="live_signature")


def live_signature(organisation: Organisation) -> CharterSignature | None:
    """The requested or validated signature of the national charter, if there is one."""
    return (
        organisation.signatures.filter(charter=CharterKind.NATIONAL, status__in=LIVE_STATUSES)
        .select_related("requested_by", "decided_by")
        .first()
    )


def signature_request(
    *,
    actor: User,
    organisation: Organisation,
    signatory_name: str,
    signatory_role: str,
    signed_on: datetime.date,
) -> CharterSignature:
    """An organisation asks to sign the national charter; national staff will decide."""
    if signed_on > timezone.localdate():
        raise ValidationError("La date de signature ne peut pas être dans le futur.", code="future")
    with transaction.atomic():
        # Serialises two requests for the same organisation where the database can lock rows.
        Organisation.objects.select_for_update().filter(pk=organisation.pk).first()
        if live := live_signature(organisation):
            raise _live_signature_error(live)
        try:
            with transaction.atomic():
                signature = audited_create(
                    actor=actor,
                    instance=CharterSignature(
                        organisation=organisation,
                        charter=CharterKind.NATIONAL,
                        signatory_name=signatory_name,
                        signatory_role=signatory_role,
                        signed_on=signed_on,
                        status=SignatureStatus.REQUESTED,
                        requested_by=actor,
                    ),
                    target=organisation,
                    fields=("signatory_name", "signatory_role", "signed_on", "status"),
                    action="organisations.chartersignature.request",
                    summary=f"Demande de signature de la charte MONALISA par {signatory_name} "
                    f"({signatory_role})",
                )
        except IntegrityError as error:
            # Another request won the race: the one-live-signature constraint holds.
            raise _live_signature_error(live_signature(organisation)) from error
    return signature


def _locked_signature(signature: CharterSignature) -> CharterSignature:
    return (
        CharterSignature.objects.select_for_update(of=("self",))
        .select_related("organisation", "requested_by")
        .get(pk=signature.pk)
    )


def _mail_requester(
    signature: CharterSignature, *, template: str, base_url: str, send_at: datetime.datetime
) -> OutboundMail | None:
    """Tell the person who asked what became of the request, once the undo window is over."""
    requester = signature.requested_by
    if requester is None or not requester.email:
        return None
    organisation = signature.organisation
    return send_templated_mail(
        to=(requester.get_full_name(), requester.email),
        template=template,
        context={
            "signature": signature,
            "organisation": organisation,
            "requester": requester,
            "page_url": base_url + organisation.get_absolute_url(),
            "sign_url": base_url
            + reverse("organisations:backoffice_sign", args=[organisation.slug]),
        },
        send_at=send_at,
    )


# What staff decide on a pending request: the status, the history's words, the mail sent.
_DECISIONS = {
    "validate": (
        SignatureStatus.VALIDATED,
        "Signature de la charte MONALISA validée",
        "organisations/emails/signature_validated",
    ),
    "refuse": (
        SignatureStatus.REFUSED,
        "Demande de signature de la charte MONALISA refusée",
        "organisations/emails/signature_refused",
    ),
}


def _decide(*, actor: User, signature, verb: str, base_url: str, **values) -> CharterSignature:
    """Staff's decision on a pending request, audited as `organisations.chartersignature.<verb>`
    and mailed to the person who made it once the undo window is over."""
    status, summary, mail = _DECISIONS[verb]
    signature = _locked_signature(signature)
    if signature.status != SignatureStatus.REQUESTED:
        raise ValidationError(
            f"La demande de l'organisation {signature.organisation.name} a déjà été traitée.",
            code="not_pending",
        )
    now = timezone.now()
    audited_update(
        actor=actor,
        instance=signature,
        target=signature.organisation,
        values={"status": status, **values, "decided_by": actor, "decided_at": now},
        action=f"organisations.chartersignature.{verb}",
        summary=summary,
    )
    # A pointer for the undo, as an invitation keeps its mail: no history line of its own.
    signature.decision_mail = _mail_requester(
        signature, template=mail, base_url=base_url, send_at=now + MAIL_DELAY
    )
    signature.save(update_fields=["decision_mail"])
    return signature


@transaction.atomic
def signature_validate(
    *, actor: User, signature: CharterSignature, base_url: str = ""
) -> CharterSignature:
    """National staff accept a request: the organisation becomes a signatory."""
    return _decide(actor=actor, signature=signature, verb="validate", base_url=base_url)


@transaction.atomic
def signatures_validate(
    *, actor: User, signatures: Iterable[CharterSignature], base_url: str = ""
) -> list[CharterSignature]:
    """National staff accept several requests at once: all of them, or none if one of them
    has been decided meanwhile (the page then shows the list again)."""
    return [
        _decide(actor=actor, signature=signature, verb="validate", base_url=base_url)
        for signature in signatures
    ]


@transaction.atomic
def signature_refuse(
    *, actor: User, signature: CharterSignature, reason: str, base_url: str = ""
) -> CharterSignature:
    """National staff turn a request down, and say why to the person who made it."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError("Indiquez le motif du refus.", code="reason_required")
    return _decide(
        actor=actor, signature=signature, verb="refuse", base_url=base_url, refusal_reason=reason
    )


def undo_deadline(signature: CharterSignature) -> datetime.datetime | None:
    """Until when the decision on this signature may be taken back (None: it cannot)."""
    decided = signature.status in (SignatureStatus.VALIDATED, SignatureStatus.REFUSED)
    if not decided or signature.decided_at is None:
        return None
    return signature.decided_at + UNDO_WINDOW


@transaction.atomic
def signature_decision_undo(*, actor: User, signature: CharterSignature) -> CharterSignature:
    """Staff take a decision back within UNDO_WINDOW: the request is pending again, its mail
    never leaves, the history says so."""
    signature = _locked_signature(signature)
    deadline = undo_deadline(signature)
    if deadline is None or deadline <= timezone.now():
        raise ValidationError(
            "Cette décision ne peut plus être annulée : le délai de 10 minutes est passé ou la "
            "signature a changé depuis.",
            code="too_late",
        )
    if signature.status == SignatureStatus.REFUSED and live_signature(signature.organisation):
        raise ValidationError(
            f"{signature.organisation.name} a fait une nouvelle demande depuis le refus : "
            "celui-ci ne peut plus être annulé.",
            code="live_signature",
        )
    previous, mail_id = signature.get_status_display(), signature.decision_mail_id
    audited_update(
        actor=actor,
        instance=signature,
        target=signature.organisation,
        values={
            "status": SignatureStatus.REQUESTED,
            "refusal_reason": "",
            "decided_by": None,
            "decided_at": None,
            "decision_mail": None,
        },
        action="organisations.chartersignature.undo",
        summary=f"Décision annulée (la demande était {previous}) : elle attend de nouveau "
        "une décision",
    )
    mail_cancel(mail_id, reason="Décision annulée avant l'envoi de l'e-mail.")
    return signature


@transaction.atomic
def signature_withdraw(*, actor: User, signature: CharterSignature) -> CharterSignature:
    """The organisation (or staff) withdraws a pending request or a validated signature."""
    signature = _locked_signature(signature)
    if signature.status not in LIVE_STATUSES:
        raise ValidationError("Cette signature n'est plus en cours.", code="not_live")
    audited_update(
        actor=actor,
        instance=signature,
        target=signature.organisation,
        values={"status": SignatureStatus.WITHDRAWN, "withdrawn_at": timezone.now()},
        action="organisations.chartersignature.withdraw",
        summary="Signature de la charte MONALISA retirée",
    )
    return signature


# Roles, registered with accounts from OrganisationsConfig.ready().


def referent_roles(user: User) -> list[RoleLink]:
    """ "Mon espace" lists the organisations the user speaks for, and staff's review page."""
    return [
        RoleLink(
            label=f"Référent {of_name(affiliation.organisation.name)}",
            url=reverse("organisations:backoffice_edit", args=[affiliation.organisation.slug]),
            kind="referent",
        )
        for affiliation in Affiliation.objects.filter(user=user, role=AffiliationRole.REFERENT)
        .select_related("organisation")
        .order_by("organisation__name")
    ] + staff_links(
        user,
        pending_label(pending_count()) if user.is_staff else "",
        reverse("organisations:backoffice_signatures"),
    )


def pending_count() -> int:
    """How many requests wait for staff's decision (Mon espace and the menu say it)."""
    return CharterSignature.objects.pending().count()


def pending_label(count: int) -> str:
    if not count:
        return "Demandes de signature de la charte MONALISA : aucune en attente"
    return f"Demandes de signature de la charte MONALISA : {count} en attente"


def referent_grant(invitation: Invitation, user: User) -> Affiliation:
    """An accepted invitation makes the user a referent of the invitation's organisation."""
    if invitation.target_type_id != ContentType.objects.get_for_model(Organisation).pk:
        raise ValueError("This invitation does not target an organisation.")
    organisation = Organisation.objects.get(pk=invitation.target_id)
    affiliation = Affiliation.objects.filter(user=user, organisation=organisation).first()
    audit_args = {
        "actor": user,
        "target": organisation,
        "action": "organisations.affiliation.referent_grant",
        "summary": f"{user} devient référent de l'organisation (invitation acceptée)",
    }
    if affiliation is None:
        affiliation = audited_create(
            instance=Affiliation(
                user=user, organisation=organisation, role=AffiliationRole.REFERENT
            ),
            fields=("user", "role"),
            **audit_args,
        )
    else:
        audited_update(
            instance=affiliation, values={"role": AffiliationRole.REFERENT}, **audit_args
        )
    return affiliation
