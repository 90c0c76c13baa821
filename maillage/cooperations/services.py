"""Writes on a cooperation with consequences: each one a transaction and a line of its history.

Every history line is written about the cooperation itself (even for a news item or a member),
so that `AuditEntry.objects.about(cooperation)` tells its whole story.
"""

import datetime
from collections.abc import Iterable, Mapping
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import models, transaction

from maillage.accounts import services as account_services
from maillage.accounts.models import Invitation, User, canonical_email
from maillage.core.mail import send_templated_mail
from maillage.core.models import audit, changed_fields
from maillage.core.ratelimit import limit
from maillage.core.richtext import sanitize
from maillage.organisations.enums import AffiliationRole
from maillage.organisations.models import Affiliation, Organisation
from maillage.territories.enums import COUNTRY_CODE, PartKind
from maillage.territories.models import Commune, Department, Epci, Region
from maillage.territories.services import perimeter_create, perimeter_set_parts

from .enums import Aim, MemberRole, ObjectiveStatus
from .models import (
    RESERVED_SLUGS,
    Animator,
    Cooperation,
    CooperationAim,
    Membership,
    NewsItem,
    Objective,
    Testimony,
)

ANIMATOR_ROLE = "cooperation_animator"

# What an animator may change on the cooperation itself; the slug stays (it is in every link).
EDITABLE_FIELDS = (
    "name",
    "status",
    "founded_on",
    "birth_story",
    "working_mode",
    "working_description",
    "strategy",
    "autonomy_plan_url",
    "contact_email",
)
RICH_TEXT_FIELDS = ("birth_story", "working_description", "strategy")
NEWS_FIELDS = ("title", "body", "published_on")
OBJECTIVE_FIELDS = ("title", "description", "status", "position")
TESTIMONY_FIELDS = ("quote", "person_name", "person_role", "organisation_name", "position")
MEMBERSHIP_FIELDS = ("role", "since")

NOT_CHOSEN = "(non retenu)"


# --- history helpers -----------------------------------------------------------------------


def _shown(instance: models.Model, name: str) -> str:
    """A field as a person reads it in the history: choice labels, French dates."""
    field = instance._meta.get_field(name)
    value = getattr(instance, name)
    if value is None or value == "":
        return ""
    if field.choices:
        return str(getattr(instance, f"get_{name}_display")())
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, models.fields.files.FieldFile):
        return value.name
    return str(value)


def _snapshot(instance: models.Model, names: Iterable[str]) -> dict[str, str]:
    return {name: _shown(instance, name) for name in names}


def _apply(instance: models.Model, names: Iterable[str], values: Mapping[str, Any]) -> list[str]:
    """Set the given values; return the names of the fields that changed."""
    changed = []
    for name in names:
        if getattr(instance, name) != values[name]:
            setattr(instance, name, values[name])
            changed.append(name)
    return changed


def _save_changes(
    *,
    actor: User,
    instance: models.Model,
    names: Iterable[str],
    values: Mapping[str, Any],
    action: str,
    summary: str,
) -> None:
    """Apply the values to a row already read locked; save and audit what changed, if anything.
    The history line is about the row's cooperation."""
    before = _snapshot(instance, names)
    changed = _apply(instance, names, values)
    if changed:
        instance.save(update_fields=changed)
        audit(
            actor=actor,
            target=instance.cooperation,
            action=action,
            summary=summary,
            changes=changed_fields(before, _snapshot(instance, names)),
        )


# --- the cooperation itself ----------------------------------------------------------------


@transaction.atomic
def cooperation_create(*, actor: User, name: str, slug: str, department_code: str) -> Cooperation:
    """National staff open a cooperation on one department; its animators refine the rest."""
    if slug in RESERVED_SLUGS or Cooperation.objects.filter(slug=slug).exists():
        raise ValidationError("Une coopération utilise déjà cet identifiant d'adresse.")
    perimeter = perimeter_create(parts=[(PartKind.DEPARTMENT, department_code)], label=name)
    cooperation = Cooperation.objects.create(name=name, slug=slug, perimeter=perimeter)
    audit(
        actor=actor,
        target=cooperation,
        action="cooperation.create",
        summary=f"Création de la coopération {name}",
        changes={"name": ["", name], "territoire": ["", _parts_text(perimeter.part_pairs())]},
    )
    return cooperation


@transaction.atomic
def cooperation_update(
    *, actor: User, cooperation: Cooperation, data: Mapping[str, Any]
) -> Cooperation:
    """Change the presentation of a cooperation; rich texts are sanitised once more here."""
    unknown = set(data) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"Fields not editable here: {sorted(unknown)}")
    values = dict(data)
    for name in RICH_TEXT_FIELDS:
        if name in values:
            values[name] = sanitize(values[name])
    names = [name for name in EDITABLE_FIELDS if name in values]
    # Read again, locked: a form may have changed the caller's instance already.
    cooperation = Cooperation.objects.select_for_update().get(pk=cooperation.pk)
    before = _snapshot(cooperation, names)
    changed = _apply(cooperation, names, values)
    if not changed:
        return cooperation
    cooperation.save(update_fields=[*changed, "updated_at"])
    audit(
        actor=actor,
        target=cooperation,
        action="cooperation.update",
        summary="Présentation de la coopération modifiée",
        changes=changed_fields(before, _snapshot(cooperation, names)),
    )
    return cooperation


def _aim_text(chosen: bool, description: str) -> str:
    if not chosen:
        return NOT_CHOSEN
    return description or "(retenu)"


@transaction.atomic
def cooperation_set_aims(*, actor: User, cooperation: Cooperation, aims: Mapping[int, str]) -> None:
    """Record which of the eight aims the cooperation works on (`aims`: aim → its own words)."""
    unknown = set(aims) - set(Aim.values)
    if unknown:
        raise ValueError(f"Unknown aims: {sorted(unknown)}")
    existing = {row.aim: row for row in cooperation.aims.all()}
    before, after = {}, {}
    for aim in Aim.values:
        key = f"axe {aim}"
        row = existing.get(aim)
        before[key] = _aim_text(row is not None, row.description if row else "")
        after[key] = _aim_text(aim in aims, aims.get(aim, ""))
        if aim not in aims and row is not None:
            row.delete()
        elif aim in aims and row is None:
            CooperationAim.objects.create(cooperation=cooperation, aim=aim, description=aims[aim])
        elif aim in aims and row.description != aims[aim]:
            row.description = aims[aim]
            row.save(update_fields=["description"])
    changes = changed_fields(before, after)
    if changes:
        audit(
            actor=actor,
            target=cooperation,
            action="cooperation.aims",
            summary="Axes de travail modifiés",
            changes=changes,
        )


# --- territory -----------------------------------------------------------------------------


def part_names(pairs: Iterable[tuple[str, str]]) -> dict[tuple[str, str], str]:
    """The names of perimeter parts, one query per kind present: {(kind, code): "Name (code)"}."""
    by_kind: dict[str, set[str]] = {}
    for kind, code in pairs:
        by_kind.setdefault(kind, set()).add(code)
    names: dict[tuple[str, str], str] = {}
    sources = {
        PartKind.REGION: Region.objects.all(),
        PartKind.DEPARTMENT: Department.objects.all(),
        PartKind.EPCI: Epci.objects.all(),
        PartKind.COMMUNE: Commune.objects.addressable(),
    }
    for kind, codes in by_kind.items():
        if kind == PartKind.COUNTRY:
            names[(kind, COUNTRY_CODE)] = "France entière"
            continue
        rows = sources[kind].filter(code__in=codes).values_list("code", "name")
        for code, name in rows:
            names[(kind, code)] = f"{name} ({code})"
    return names


def _parts_text(pairs: Iterable[tuple[str, str]]) -> str:
    labels = dict(PartKind.choices)
    return " ; ".join(f"{labels.get(kind, kind)} {code}" for kind, code in sorted(pairs))


def _part_label(kind: str, code: str) -> str:
    name = part_names([(kind, code)]).get((kind, code), code)
    if kind == PartKind.COUNTRY:
        return name
    return f"{dict(PartKind.choices).get(kind, kind)} {name}"


@transaction.atomic
def cooperation_territory_add(
    *, actor: User, cooperation: Cooperation, kind: str, code: str
) -> None:
    """Widen the territory by one region, department, EPCI, commune or the whole country."""
    if kind == PartKind.COUNTRY:
        code = COUNTRY_CODE
    code = (code or "").strip().upper()
    perimeter = cooperation.perimeter
    before = perimeter.part_pairs()
    if (kind, code) in before:
        raise ValidationError("Ce territoire fait déjà partie de la coopération.")
    perimeter_set_parts(perimeter=perimeter, parts=[*before, (kind, code)])
    audit(
        actor=actor,
        target=cooperation,
        action="territory.add",
        summary=f"Territoire ajouté : {_part_label(kind, code)}",
        changes={"territoire": [_parts_text(before), _parts_text(perimeter.part_pairs())]},
    )


@transaction.atomic
def cooperation_territory_remove(
    *, actor: User, cooperation: Cooperation, kind: str, code: str
) -> None:
    """Take one part out of the territory; the last part cannot go."""
    perimeter = cooperation.perimeter
    before = perimeter.part_pairs()
    if (kind, code) not in before:
        raise ValidationError("Ce territoire ne fait pas partie de la coopération.")
    if len(before) == 1:
        raise ValidationError(
            "Le territoire d'une coopération doit garder au moins une partie : "
            "ajoutez d'abord l'autre territoire, puis retirez celui-ci."
        )
    label = _part_label(kind, code)
    perimeter_set_parts(
        perimeter=perimeter, parts=[pair for pair in before if pair != (kind, code)]
    )
    audit(
        actor=actor,
        target=cooperation,
        action="territory.remove",
        summary=f"Territoire retiré : {label}",
        changes={"territoire": [_parts_text(before), _parts_text(perimeter.part_pairs())]},
    )


# --- objectives ----------------------------------------------------------------------------


@transaction.atomic
def objective_create(
    *,
    actor: User,
    cooperation: Cooperation,
    title: str,
    description: str = "",
    status: str = ObjectiveStatus.PLANNED,
    position: int = 0,
) -> Objective:
    objective = Objective.objects.create(
        cooperation=cooperation,
        title=title,
        description=description,
        status=status,
        position=position,
    )
    audit(
        actor=actor,
        target=cooperation,
        action="objective.create",
        summary=f"Objectif ajouté : « {title} »",
        changes=changed_fields(
            dict.fromkeys(OBJECTIVE_FIELDS, ""), _snapshot(objective, OBJECTIVE_FIELDS)
        ),
    )
    return objective


@transaction.atomic
def objective_update(
    *, actor: User, objective: Objective, title: str, description: str, status: str, position: int
) -> Objective:
    values = {"title": title, "description": description, "status": status, "position": position}
    objective = Objective.objects.select_for_update().get(pk=objective.pk)
    _save_changes(
        actor=actor,
        instance=objective,
        names=OBJECTIVE_FIELDS,
        values=values,
        action="objective.update",
        summary=f"Objectif modifié : « {title} »",
    )
    return objective


@transaction.atomic
def objective_delete(*, actor: User, objective: Objective) -> None:
    cooperation = objective.cooperation
    before = _snapshot(objective, OBJECTIVE_FIELDS)
    objective.delete()
    audit(
        actor=actor,
        target=cooperation,
        action="objective.delete",
        summary=f"Objectif supprimé : « {before['title']} »",
        changes=changed_fields(before, dict.fromkeys(OBJECTIVE_FIELDS, "")),
    )


# --- news ----------------------------------------------------------------------------------


@transaction.atomic
def news_create(
    *, actor: User, cooperation: Cooperation, title: str, body: str, published_on: datetime.date
) -> NewsItem:
    item = NewsItem.objects.create(
        cooperation=cooperation,
        title=title,
        body=sanitize(body),
        published_on=published_on,
        created_by=actor,
    )
    audit(
        actor=actor,
        target=cooperation,
        action="news.create",
        summary=f"Actualité publiée : « {title} »",
        changes=changed_fields(dict.fromkeys(NEWS_FIELDS, ""), _snapshot(item, NEWS_FIELDS)),
    )
    return item


@transaction.atomic
def news_update(
    *, actor: User, news_item: NewsItem, title: str, body: str, published_on: datetime.date
) -> NewsItem:
    values = {"title": title, "body": sanitize(body), "published_on": published_on}
    news_item = NewsItem.objects.select_for_update().get(pk=news_item.pk)
    _save_changes(
        actor=actor,
        instance=news_item,
        names=NEWS_FIELDS,
        values=values,
        action="news.update",
        summary=f"Actualité modifiée : « {title} »",
    )
    return news_item


@transaction.atomic
def news_delete(*, actor: User, news_item: NewsItem) -> None:
    cooperation = news_item.cooperation
    title = news_item.title
    news_item.delete()
    audit(
        actor=actor,
        target=cooperation,
        action="news.delete",
        summary=f"Actualité supprimée : « {title} »",
        changes={"title": [title, ""]},
    )


# --- testimonies ---------------------------------------------------------------------------


def _delete_file_on_commit(name: str, storage) -> None:
    if name:
        transaction.on_commit(lambda: storage.delete(name))


@transaction.atomic
def testimony_create(
    *,
    actor: User,
    cooperation: Cooperation,
    quote: str,
    person_name: str,
    person_role: str = "",
    organisation_name: str = "",
    photo: File | None = None,
    position: int = 0,
) -> Testimony:
    testimony = Testimony(
        cooperation=cooperation,
        quote=quote,
        person_name=person_name,
        person_role=person_role,
        organisation_name=organisation_name,
        position=position,
    )
    if photo:
        testimony.photo = photo
    testimony.save()
    audit(
        actor=actor,
        target=cooperation,
        action="testimony.create",
        summary=f"Témoignage ajouté : {person_name}",
        changes=changed_fields(
            dict.fromkeys(TESTIMONY_FIELDS, ""), _snapshot(testimony, TESTIMONY_FIELDS)
        ),
    )
    return testimony


@transaction.atomic
def testimony_update(
    *,
    actor: User,
    testimony: Testimony,
    quote: str,
    person_name: str,
    person_role: str,
    organisation_name: str,
    position: int,
    photo: File | None = None,
    remove_photo: bool = False,
) -> Testimony:
    """Change a testimony; `photo` replaces the picture, `remove_photo` takes it away."""
    values = {
        "quote": quote,
        "person_name": person_name,
        "person_role": person_role,
        "organisation_name": organisation_name,
        "position": position,
    }
    testimony = Testimony.objects.select_for_update().get(pk=testimony.pk)
    before = _snapshot(testimony, TESTIMONY_FIELDS)
    changed = _apply(testimony, TESTIMONY_FIELDS, values)
    changes = {}
    old_photo = testimony.photo.name
    if photo or (remove_photo and old_photo):
        _delete_file_on_commit(old_photo, testimony.photo.storage)
        testimony.photo = photo or ""
        changed.append("photo")
        changes["photo"] = ["photo" if old_photo else "", "nouvelle photo" if photo else ""]
    if changed:
        testimony.save()
        changes.update(changed_fields(before, _snapshot(testimony, TESTIMONY_FIELDS)))
        audit(
            actor=actor,
            target=testimony.cooperation,
            action="testimony.update",
            summary=f"Témoignage modifié : {person_name}",
            changes=changes,
        )
    return testimony


@transaction.atomic
def testimony_delete(*, actor: User, testimony: Testimony) -> None:
    cooperation = testimony.cooperation
    name = testimony.person_name
    _delete_file_on_commit(testimony.photo.name, testimony.photo.storage)
    testimony.delete()
    audit(
        actor=actor,
        target=cooperation,
        action="testimony.delete",
        summary=f"Témoignage supprimé : {name}",
        changes={"person_name": [name, ""]},
    )


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
    membership = Membership.objects.create(
        cooperation=cooperation, organisation=organisation, role=role, since=since
    )
    audit(
        actor=actor,
        target=cooperation,
        action="membership.add",
        summary=f"Membre ajouté : {organisation.name}",
        changes={
            "organisation": ["", organisation.name],
            **changed_fields(
                dict.fromkeys(MEMBERSHIP_FIELDS, ""), _snapshot(membership, MEMBERSHIP_FIELDS)
            ),
        },
    )
    return membership


@transaction.atomic
def membership_update(
    *, actor: User, membership: Membership, role: str, since: datetime.date | None
) -> Membership:
    membership = (
        Membership.objects.select_for_update(of=("self",))
        .select_related("organisation")
        .get(pk=membership.pk)
    )
    _save_changes(
        actor=actor,
        instance=membership,
        names=MEMBERSHIP_FIELDS,
        values={"role": role, "since": since},
        action="membership.update",
        summary=f"Membre modifié : {membership.organisation.name}",
    )
    return membership


@transaction.atomic
def membership_remove(*, actor: User, membership: Membership) -> None:
    """Take an organisation out of the cooperation (its animators stay until removed)."""
    cooperation = membership.cooperation
    name = membership.organisation.name
    before = _snapshot(membership, MEMBERSHIP_FIELDS)
    membership.delete()
    audit(
        actor=actor,
        target=cooperation,
        action="membership.remove",
        summary=f"Membre retiré : {name}",
        changes={
            "organisation": [name, ""],
            **changed_fields(before, dict.fromkeys(MEMBERSHIP_FIELDS, "")),
        },
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


ANIMATOR_INVITE_RATE = "30/h"


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
        action="animator.invite",
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
    account_services.invitation_revoke(invitation=invitation)
    audit(
        actor=actor,
        target=cooperation,
        action="animator.invitation_revoke",
        summary=f"Invitation annulée : {invitation.email}",
        changes={"invitation": [invitation.email, ""]},
    )


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
    animator, created = Animator.objects.get_or_create(
        cooperation=cooperation, user=user, defaults={"organisation": organisation}
    )
    Affiliation.objects.get_or_create(
        user=user, organisation=organisation, defaults={"role": AffiliationRole.MEMBER}
    )
    if created:
        audit(
            actor=user,
            target=cooperation,
            action="animator.add",
            summary=f"Nouvel animateur : {user} ({organisation.name})",
            changes={"animateur": ["", str(user)]},
        )
        inviter = invitation.invited_by
        if inviter is not None and inviter.email:
            send_templated_mail(
                to=(inviter.get_full_name(), inviter.email),
                template="cooperations/emails/animator_joined",
                context={"cooperation": cooperation, "person": user, "organisation": organisation},
            )
    return animator
