"""A team itself: opening it, its presentation, the cooperations it works with, its referents.

The cooperations of a team are derived from its communes of intervention: a cooperation works
with the team when its territory contains one of the team's parts (`covering_pairs`). Derived
links are recomputed when the communes change; a link a cooperation has confirmed stays."""

import datetime
from collections.abc import Iterable

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify

from maillage.accounts import services as account_services
from maillage.accounts.models import Invitation, User, canonical_email
from maillage.actions.models import Action, Kind
from maillage.cooperations.models import Cooperation
from maillage.cooperations.services import part_names
from maillage.core.audit import audited_create, audited_delete, audited_update
from maillage.core.models import audit
from maillage.core.ratelimit import limit
from maillage.organisations.models import Organisation
from maillage.territories.enums import COUNTRY_CODE, PartKind
from maillage.territories.models import Commune, Department
from maillage.territories.services import clean_parts, perimeter_create, perimeter_set_parts

from ..enums import TeamStatus
from ..models import RESERVED_SLUGS, CitizenTeam, TeamCooperation, TeamReferent

REFERENT_ROLE = "team_referent"
REFERENT_INVITE_RATE = "30/h"
# What a referent, an animator or staff may change on a team; the slug stays (it is in links).
EDITABLE_FIELDS = ("name", "description", "status", "meeting_commune", "founded_on")
RELATED_FIELDS = ("organisations", "kinds", "actions")


# --- the cooperations a team works with -----------------------------------------------------


def covering_pairs(parts: Iterable[tuple[str, str]]) -> set[tuple[str, str]]:
    """The (kind, code) pairs that, in a cooperation's territory, contain at least one of these
    parts: a commune is contained by itself, its EPCI, department, region and the country; an
    EPCI by itself and the departments and regions of its communes; and so on upwards. One query
    per kind of part present."""
    by_kind: dict[str, set[str]] = {}
    for kind, code in parts:
        by_kind.setdefault(kind, set()).add(code)
    pairs = {(PartKind.COUNTRY.value, COUNTRY_CODE)}
    if codes := by_kind.get(PartKind.COMMUNE):
        for commune in (
            Commune.objects.addressable().filter(code__in=codes).select_related("current")
        ):
            pairs.update(commune.covering_parts())
    if codes := by_kind.get(PartKind.EPCI):
        pairs.update((PartKind.EPCI.value, code) for code in codes)
        for department, region in (
            Commune.objects.current()
            .filter(epci_id__in=codes)
            .values_list("department_id", "region_id")
            .distinct()
        ):
            pairs.update({(PartKind.DEPARTMENT.value, department), (PartKind.REGION.value, region)})
    if codes := by_kind.get(PartKind.DEPARTMENT):
        for code, region in Department.objects.filter(code__in=codes).values_list(
            "code", "region_id"
        ):
            pairs.update({(PartKind.DEPARTMENT.value, code), (PartKind.REGION.value, region)})
    pairs.update((PartKind.REGION.value, code) for code in by_kind.get(PartKind.REGION, ()))
    return pairs


def covering_cooperations(parts: Iterable[tuple[str, str]]):
    """The cooperations whose territory contains at least one of these parts."""
    condition = Q(pk__in=[])
    for kind, code in covering_pairs(parts):
        condition |= Q(perimeter__parts__kind=kind, perimeter__parts__code=code)
    return Cooperation.objects.filter(condition).distinct()


def _derive_cooperations(team: CitizenTeam) -> tuple[list[str], list[str]]:
    """Link the team to the cooperations covering its communes; drop the derived links that
    no longer cover them, keep the confirmed ones. Returns the names added and removed."""
    covering = {c.pk: c for c in covering_cooperations(team.perimeter.part_pairs())}
    links = {
        link.cooperation_id: link for link in team.cooperation_links.select_related("cooperation")
    }
    removed = [
        link for pk, link in links.items() if pk not in covering and link.confirmed_at is None
    ]
    TeamCooperation.objects.filter(pk__in=[link.pk for link in removed]).delete()
    added = [cooperation for pk, cooperation in covering.items() if pk not in links]
    TeamCooperation.objects.bulk_create(
        TeamCooperation(team=team, cooperation=cooperation) for cooperation in added
    )
    return sorted(c.name for c in added), sorted(link.cooperation.name for link in removed)


def communes_text(pairs: Iterable[tuple[str, str]]) -> str:
    """The communes of intervention as a history line reads them: "Plérin (22187), …"."""
    pairs = sorted(pairs)
    names = part_names(pairs)
    return ", ".join(names.get(pair, pair[1]) for pair in pairs)


def _unique_slug(name: str) -> str:
    base = slugify(name)[:200] or "equipe"
    slug, n = base, 1
    while slug in RESERVED_SLUGS or CitizenTeam.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


# --- create and update -----------------------------------------------------------------------


@transaction.atomic
def team_create(
    *,
    actor: User,
    name: str,
    communes: list[Commune],
    meeting_commune: Commune | None = None,
    description: str = "",
    status: str = TeamStatus.PROJECT,
    founded_on: datetime.date | None = None,
    organisations: Iterable[Organisation] = (),
    kinds: Iterable[Kind] = (),
    actions: Iterable[Action] = (),
) -> CitizenTeam:
    """Open a team acting in `communes`; its cooperations are derived from them."""
    if not communes:
        raise ValidationError("Indiquez au moins une commune d'intervention.")
    parts = clean_parts((PartKind.COMMUNE, commune.code) for commune in communes)
    perimeter = perimeter_create(parts=parts, label=name)
    team = CitizenTeam(
        name=name,
        slug=_unique_slug(name),
        description=description,
        perimeter=perimeter,
        meeting_commune=meeting_commune or communes[0],
        status=status,
        founded_on=founded_on,
    )
    team.save()
    team.organisations.set(organisations)
    team.kinds.set(kinds)
    team.actions.set(actions)
    added, _removed = _derive_cooperations(team)
    audited_create(
        actor=actor,
        instance=team,
        fields=[*EDITABLE_FIELDS, *RELATED_FIELDS],
        extra_changes={
            "communes d'intervention": ["", communes_text(parts)],
            "coopérations": ["", ", ".join(added)],
        },
        summary=f"Création de l'équipe {name}",
    )
    return team


@transaction.atomic
def team_update(
    *,
    actor: User,
    team: CitizenTeam,
    data: dict,
    communes: list[Commune] | None = None,
    version: int | None = None,
) -> CitizenTeam:
    """Change a team's presentation, affiliation, activities and, when `communes` is given, its
    communes of intervention (its cooperations derived again). `version`: the one the form
    started from (a stale save raises `StaleVersion`)."""
    team = CitizenTeam.objects.select_for_update().select_related("perimeter").get(pk=team.pk)
    extra = {}
    if communes is not None:
        if not communes:
            raise ValidationError("Indiquez au moins une commune d'intervention.")
        before = team.perimeter.part_pairs()
        parts = clean_parts((PartKind.COMMUNE, commune.code) for commune in communes)
        if sorted(before) != parts:
            perimeter_set_parts(perimeter=team.perimeter, parts=parts)
            added, removed = _derive_cooperations(team)
            extra["communes d'intervention"] = [communes_text(before), communes_text(parts)]
            if added or removed:
                extra["coopérations"] = [", ".join(removed), ", ".join(added)]
    values = {name: data[name] for name in (*EDITABLE_FIELDS, *RELATED_FIELDS) if name in data}
    audited_update(
        actor=actor,
        instance=team,
        values=values,
        extra_changes=extra,
        version=version,
        summary=f"Équipe modifiée : {team.name}",
    )
    return team


@transaction.atomic
def team_cooperation_confirm(*, actor: User, team: CitizenTeam, cooperation: Cooperation) -> None:
    """The cooperation says it works with the team: the link stays if the communes change."""
    link = TeamCooperation.objects.select_for_update().get(team=team, cooperation=cooperation)
    if link.confirmed_at is None:
        link.confirmed_at = timezone.now()
        link.save(update_fields=["confirmed_at"])
        audit(
            actor=actor,
            target=team,
            action="teams.teamcooperation.confirm",
            summary=f"Lien confirmé par la coopération {cooperation.name}",
            changes={"coopération confirmée": ["", cooperation.name]},
        )


# --- referents -------------------------------------------------------------------------------


def pending_referent_invitations(team: CitizenTeam):
    return (
        Invitation.objects.select_related("mail")
        .pending()
        .filter(
            role=REFERENT_ROLE,
            target_type=ContentType.objects.get_for_model(CitizenTeam),
            target_id=team.pk,
        )
    )


@transaction.atomic
def referent_invite(*, actor: User, team: CitizenTeam, email: str, base_url: str) -> Invitation:
    """Invite someone by mail to speak for the team on Maillage."""
    if team.referents.filter(user__email=canonical_email(email)).exists():
        raise ValidationError("Cette personne est déjà référente de l'équipe.")
    # Each invitation mails a stranger: a stolen account must not become a mailer.
    limit("team_referent_invite", ident=str(actor.pk), rate=REFERENT_INVITE_RATE)
    invitation, _token = account_services.invitation_create(
        invited_by=actor,
        email=email,
        role=REFERENT_ROLE,
        target=team,
        label=f"être référent de l'équipe citoyenne {team.name}",
        base_url=base_url,
    )
    audit(
        actor=actor,
        target=team,
        action="teams.referent.invite",
        summary=f"Invitation de référent envoyée à {invitation.email}",
        changes={"invitation": ["", invitation.email]},
    )
    return invitation


@transaction.atomic
def referent_invitation_revoke(*, actor: User, team: CitizenTeam, invitation: Invitation) -> None:
    if not pending_referent_invitations(team).filter(pk=invitation.pk).exists():
        raise ValidationError("Cette invitation n'est plus en attente.")
    account_services.invitation_revoke(actor=actor, invitation=invitation)


def referent_grant(invitation: Invitation, user: User) -> TeamReferent:
    """Granter of the "team_referent" role; runs inside invitation_accept's transaction."""
    team = CitizenTeam.objects.get(pk=invitation.target_id)
    referent = TeamReferent.objects.filter(team=team, user=user).first()
    if referent is not None:
        return referent
    return audited_create(
        actor=user,
        instance=TeamReferent(team=team, user=user),
        target=team,
        fields=("user",),
        summary=f"Nouveau référent : {user}",
    )


@transaction.atomic
def referent_remove(*, actor: User, referent: TeamReferent) -> None:
    audited_delete(
        actor=actor,
        instance=referent,
        target=referent.team,
        fields=("user",),
        summary=f"Référent retiré : {referent.user}",
    )
