"""Writes about organisations that have consequences: each in a transaction, audited, and
mailed once the transaction commits."""

import datetime

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from maillage.accounts.models import Invitation, User
from maillage.accounts.roles import RoleLink
from maillage.core.mail import send_templated_mail
from maillage.core.models import audit, changed_fields

from .enums import AffiliationRole, CharterKind, SignatureStatus
from .models import Affiliation, CharterSignature, Organisation
from .permissions import can_decide_signature, can_edit_organisation, can_withdraw_signature

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


def _field_value(organisation: Organisation, name: str) -> str:
    """A field as the history writes it: plain text a person can read."""
    if name == "commune":
        commune = organisation.commune
        return f"{commune.name} ({commune.code})" if commune else ""
    if name == "logo":
        return organisation.logo.name or ""
    if name == "kind":
        return organisation.get_kind_display()
    return getattr(organisation, name) or ""


def _snapshot(organisation: Organisation, networks) -> dict[str, str]:
    values = {name: _field_value(organisation, name) for name in EDITABLE_FIELDS[:-1]}
    values["networks"] = ", ".join(sorted(network.name for network in networks))
    return values


def _labels(names) -> str:
    return ", ".join(str(Organisation._meta.get_field(name).verbose_name) for name in names)


@transaction.atomic
def organisation_update(
    *, actor: User, organisation: Organisation, values: dict
) -> dict[str, list[str]]:
    """Apply what a referent typed on the public fields; record what changed, if anything.

    `values` maps field names of EDITABLE_FIELDS to cleaned values (a form's cleaned_data);
    the logo is an uploaded file, the current file, or False to remove it.
    Returns {field: [before, after]}."""
    if not can_edit_organisation(actor, organisation):
        raise PermissionDenied
    current = (
        Organisation.objects.select_for_update(of=("self",))
        .select_related("commune")
        .get(pk=organisation.pk)
    )
    old_networks = list(current.networks.all())
    before = _snapshot(current, old_networks)
    old_logo = current.logo.name
    new_networks = list(values.get("networks", old_networks))
    for name in EDITABLE_FIELDS[:-1]:
        if name not in values:
            continue
        value = values[name]
        if name == "logo" and value is False:
            value = None
        setattr(current, name, value)
    changes = changed_fields(before, _snapshot(current, new_networks))
    if not changes:
        return {}
    current.save()
    if "networks" in changes:
        current.networks.set(new_networks)
    if "logo" in changes:
        changes["logo"][1] = current.logo.name or ""
        if old_logo:
            storage = current.logo.storage
            transaction.on_commit(lambda: storage.delete(old_logo))
    audit(
        actor=actor,
        target=current,
        action="organisation_updated",
        summary=f"Fiche de l'organisation modifiée : {_labels(changes)}",
        changes=changes,
    )
    return changes


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
    if not can_edit_organisation(actor, organisation):
        raise PermissionDenied
    if signed_on > timezone.localdate():
        raise ValidationError("La date de signature ne peut pas être dans le futur.", code="future")
    with transaction.atomic():
        # Serialises two requests for the same organisation where the database can lock rows.
        Organisation.objects.select_for_update().filter(pk=organisation.pk).first()
        if live := live_signature(organisation):
            raise _live_signature_error(live)
        try:
            with transaction.atomic():
                signature = CharterSignature.objects.create(
                    organisation=organisation,
                    charter=CharterKind.NATIONAL,
                    signatory_name=signatory_name,
                    signatory_role=signatory_role,
                    signed_on=signed_on,
                    status=SignatureStatus.REQUESTED,
                    requested_by=actor,
                )
        except IntegrityError as error:
            # Another request won the race: the one-live-signature constraint holds.
            raise _live_signature_error(live_signature(organisation)) from error
        audit(
            actor=actor,
            target=organisation,
            action="charter_requested",
            summary=f"Demande de signature de la charte MONALISA par {signatory_name} "
            f"({signatory_role})",
            changes={"signature": signature.pk, "signed_on": signed_on.isoformat()},
        )
    return signature


def _locked_signature(signature: CharterSignature) -> CharterSignature:
    return (
        CharterSignature.objects.select_for_update(of=("self",))
        .select_related("organisation", "requested_by")
        .get(pk=signature.pk)
    )


def _mail_requester(signature: CharterSignature, *, template: str, base_url: str):
    """Tell the person who asked what became of the request, once the decision is stored."""
    requester = signature.requested_by
    if requester is None or not requester.email:
        return
    organisation = signature.organisation
    send_templated_mail(
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
    )


@transaction.atomic
def signature_validate(
    *, actor: User, signature: CharterSignature, base_url: str = ""
) -> CharterSignature:
    """National staff accept a request: the organisation becomes a signatory."""
    if not can_decide_signature(actor, signature):
        raise PermissionDenied
    signature = _locked_signature(signature)
    if signature.status != SignatureStatus.REQUESTED:
        raise ValidationError("Cette demande a déjà été traitée.", code="not_pending")
    signature.status = SignatureStatus.VALIDATED
    signature.decided_by = actor
    signature.decided_at = timezone.now()
    signature.save(update_fields=["status", "decided_by", "decided_at"])
    audit(
        actor=actor,
        target=signature.organisation,
        action="charter_validated",
        summary="Signature de la charte MONALISA validée",
        changes={"signature": signature.pk, "status": ["demandée", "validée"]},
    )
    _mail_requester(
        signature,
        template="organisations/emails/signature_validated",
        base_url=base_url,
    )
    return signature


@transaction.atomic
def signature_refuse(
    *, actor: User, signature: CharterSignature, reason: str, base_url: str = ""
) -> CharterSignature:
    """National staff turn a request down, and say why to the person who made it."""
    if not can_decide_signature(actor, signature):
        raise PermissionDenied
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError("Indiquez le motif du refus.", code="reason_required")
    signature = _locked_signature(signature)
    if signature.status != SignatureStatus.REQUESTED:
        raise ValidationError("Cette demande a déjà été traitée.", code="not_pending")
    signature.status = SignatureStatus.REFUSED
    signature.refusal_reason = reason
    signature.decided_by = actor
    signature.decided_at = timezone.now()
    signature.save(update_fields=["status", "refusal_reason", "decided_by", "decided_at"])
    audit(
        actor=actor,
        target=signature.organisation,
        action="charter_refused",
        summary="Demande de signature de la charte MONALISA refusée",
        changes={"signature": signature.pk, "status": ["demandée", "refusée"], "reason": reason},
    )
    _mail_requester(
        signature,
        template="organisations/emails/signature_refused",
        base_url=base_url,
    )
    return signature


@transaction.atomic
def signature_withdraw(*, actor: User, signature: CharterSignature) -> CharterSignature:
    """The organisation (or staff) withdraws a pending request or a validated signature."""
    if not can_withdraw_signature(actor, signature):
        raise PermissionDenied
    signature = _locked_signature(signature)
    if signature.status not in LIVE_STATUSES:
        raise ValidationError("Cette signature n'est plus en cours.", code="not_live")
    before = signature.get_status_display()
    signature.status = SignatureStatus.WITHDRAWN
    signature.withdrawn_at = timezone.now()
    signature.save(update_fields=["status", "withdrawn_at"])
    audit(
        actor=actor,
        target=signature.organisation,
        action="charter_withdrawn",
        summary="Signature de la charte MONALISA retirée",
        changes={"signature": signature.pk, "status": [before, "retirée"]},
    )
    return signature


# Roles, registered with accounts from OrganisationsConfig.ready().


def referent_roles(user: User) -> list[RoleLink]:
    """ "Mon espace" lists the organisations the user speaks for, and staff's review page."""
    links = [
        RoleLink(
            label=f"Référent de {affiliation.organisation.name}",
            url=reverse("organisations:backoffice_edit", args=[affiliation.organisation.slug]),
            kind="referent",
        )
        for affiliation in Affiliation.objects.filter(user=user, role=AffiliationRole.REFERENT)
        .select_related("organisation")
        .order_by("organisation__name")
    ]
    if user.is_staff and user.is_active:
        links.append(
            RoleLink(
                label="Demandes de signature de la charte MONALISA",
                url=reverse("organisations:backoffice_signatures"),
                kind="staff",
            )
        )
    return links


def referent_grant(invitation: Invitation, user: User) -> Affiliation:
    """An accepted invitation makes the user a referent of the invitation's organisation."""
    if invitation.target_type_id != ContentType.objects.get_for_model(Organisation).pk:
        raise ValueError("This invitation does not target an organisation.")
    organisation = Organisation.objects.get(pk=invitation.target_id)
    affiliation, created = Affiliation.objects.get_or_create(
        user=user, organisation=organisation, defaults={"role": AffiliationRole.REFERENT}
    )
    if not created and affiliation.role != AffiliationRole.REFERENT:
        affiliation.role = AffiliationRole.REFERENT
        affiliation.save(update_fields=["role"])
        created = True
    if created:
        audit(
            actor=user,
            target=organisation,
            action="referent_added",
            summary=f"{user} devient référent de l'organisation (invitation acceptée)",
            changes={"referent": user.email, "invited_by": str(invitation.invited_by or "")},
        )
    return affiliation
