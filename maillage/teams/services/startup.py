"""« Créer une équipe près de chez moi »: a project heard by the cooperation covering its
commune (national staff when none does), followed on the cooperation's board stage by stage
until the team is active, or closed with a reason (ADR 023).

Maillage never assigns a team to an organisation: member organisations offer their support,
the animators record the one the team chose, or « sans partenaire »."""

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from maillage.accounts.models import User
from maillage.actions.models import Kind
from maillage.cooperations.models import Animator, Cooperation
from maillage.core.audit import audited_update
from maillage.core.mail import send_templated_mail
from maillage.core.models import audit
from maillage.core.text import of_name
from maillage.organisations.models import Organisation
from maillage.territories.models import Commune

from ..enums import Stage, StartupNeed, SupportKind, TeamStatus
from ..models import CitizenTeam, StageChange, StartupRequest, SupportOffer
from .teams import referent_invite, team_create

# The path, in order; CLOSED is not on it (a request may be closed at any stage).
PATH = [
    Stage.RECEIVED,
    Stage.FIRST_MEETING,
    Stage.PARTNER_CHOSEN,
    Stage.TRAINING,
    Stage.CHARTER_SIGNED,
    Stage.ACTIVE,
]
# From this stage on, the entry partner (or « sans partenaire ») must have been recorded.
PARTNER_NEEDED_FROM = PATH.index(Stage.PARTNER_CHOSEN)
UNTOUCHED_AFTER = datetime.timedelta(days=30)


def next_stage(stage: str) -> str | None:
    if stage not in PATH or stage == Stage.ACTIVE:
        return None
    return PATH[PATH.index(stage) + 1]


def receiving_cooperation(commune: Commune) -> Cooperation | None:
    """The cooperation that hears a project in this commune: among those whose territory covers
    it, an active one first, then the first by name; None (national staff) when none does."""
    covering = Cooperation.objects.covering(commune).order_by("name")
    return covering.active().first() or covering.first()


def _animator_mailboxes(cooperation: Cooperation | None) -> list[tuple[str, str]]:
    """Who hears a request: the cooperation's animators, national staff when there is none (or
    when the cooperation has no active animator yet)."""
    people = []
    if cooperation is not None:
        people = [
            a.user
            for a in Animator.objects.filter(
                cooperation=cooperation, user__is_active=True
            ).select_related("user")
        ]
    if not people:
        people = list(User.objects.filter(is_staff=True, is_active=True).order_by("pk"))
    return sorted({(user.get_full_name(), user.email) for user in people})


def board_url(cooperation: Cooperation | None, base_url: str = "") -> str:
    if cooperation is None:
        return base_url + reverse("teams:startup_board_national")
    return base_url + reverse("teams:startup_board", args=[cooperation.slug])


def _enter(request: StartupRequest, stage: str, actor, now) -> None:
    request.stage, request.stage_since, request.last_activity_at = stage, now, now
    StageChange.objects.create(request=request, stage=stage, entered_at=now, actor=actor)


@transaction.atomic
def startup_request_submit(
    *,
    commune: Commune,
    requester_kind: str,
    contact_name: str,
    contact_email: str = "",
    contact_phone: str = "",
    project: str,
    kinds: Iterable[Kind] = (),
    needs: Iterable[str] = (),
    consent: bool,
    base_url: str = "",
) -> StartupRequest:
    """Store a project and tell the cooperation covering its commune (national staff when none
    does). The public view has checked the rate limit and the honeypot."""
    if not consent:
        raise ValidationError("Votre accord est nécessaire pour que la coopération vous contacte.")
    if not (contact_email or contact_phone):
        raise ValidationError("Indiquez une adresse e-mail ou un numéro de téléphone.")
    needs = [need for need in StartupNeed.values if need in set(needs)]
    now = timezone.now()
    cooperation = receiving_cooperation(commune)
    request = StartupRequest(
        commune=commune,
        cooperation=cooperation,
        requester_kind=requester_kind,
        contact_name=contact_name,
        contact_email=contact_email,
        contact_phone=contact_phone,
        project=project,
        needs=needs,
        consent=consent,
        stage=Stage.RECEIVED,
        stage_since=now,
        last_activity_at=now,
    )
    request.save()
    request.kinds.set(kinds)
    StageChange.objects.create(request=request, stage=Stage.RECEIVED, entered_at=now)
    audit(
        actor=None,
        target=request,
        action="teams.startuprequest.create",
        summary=f"Projet d'équipe reçu {of_name(commune.name)}",
        changes={"commune": ["", commune.name]},
    )
    for mailbox in _animator_mailboxes(cooperation):
        send_templated_mail(
            to=mailbox,
            template="teams/emails/startup_request",
            context={
                "request": request,
                "cooperation": cooperation,
                "needs": [StartupNeed(need).label for need in needs],
                "board_url": board_url(cooperation, base_url),
            },
        )
    return request


def _locked(request: StartupRequest) -> StartupRequest:
    return (
        StartupRequest.objects.select_for_update()
        .select_related("commune", "cooperation", "entry_partner")
        .get(pk=request.pk)
    )


@transaction.atomic
def startup_request_move(
    *, actor: User, request: StartupRequest, stage: str, base_url: str = ""
) -> StartupRequest:
    """Move a request to a stage of the path (the next one, or any). From « partenaire d'entrée
    choisi » on, the entry partner or « sans partenaire » must be recorded. Reaching « équipe
    active » opens the team (or activates the one born of the request) acting in the commune,
    and invites the requester as its referent when they gave an e-mail address."""
    request = _locked(request)
    if request.stage == Stage.CLOSED:
        raise ValidationError("Cette demande est close : elle ne change plus d'étape.")
    if stage not in PATH:
        raise ValidationError("Choisissez une étape du parcours.")
    if stage == request.stage:
        raise ValidationError("La demande est déjà à cette étape.")
    partner_known = request.entry_partner_id is not None or request.no_entry_partner
    if PATH.index(stage) >= PARTNER_NEEDED_FROM and not partner_known:
        raise ValidationError(
            "Indiquez d'abord le partenaire d'entrée choisi par l'équipe, ou « sans partenaire »."
        )
    before = request.get_stage_display()
    _enter(request, stage, actor, timezone.now())
    invited = ""
    if stage == Stage.ACTIVE:
        invited = _open_team(actor, request, base_url)
    request.save(update_fields=["stage", "stage_since", "last_activity_at", "team"])
    changes = {"étape": [before, request.get_stage_display()]}
    if invited:
        changes["référent invité"] = ["", invited]
    audit(
        actor=actor,
        target=request,
        action="teams.startuprequest.move",
        summary=f"Étape : {request.get_stage_display()}",
        changes=changes,
    )
    return request


def _open_team(actor: User, request: StartupRequest, base_url: str) -> str:
    """The team born of the request, active; returns the address invited as its referent."""
    team = request.team
    if team is None:
        team = team_create(
            actor=actor,
            name=f"Équipe citoyenne {of_name(request.commune.name)}",
            communes=[request.commune],
            status=TeamStatus.ACTIVE,
            founded_on=timezone.localdate(),
            kinds=list(request.kinds.all()),
        )
        request.team = team
    elif team.status != TeamStatus.ACTIVE:
        team = CitizenTeam.objects.select_for_update().get(pk=team.pk)
        audited_update(
            actor=actor,
            instance=team,
            values={"status": TeamStatus.ACTIVE},
            summary=f"Équipe active : {team.name}",
        )
    email = request.contact_email if request.consent else ""
    if email and not team.referents.filter(user__email__iexact=email).exists():
        referent_invite(actor=actor, team=team, email=email, base_url=base_url)
        return email
    return ""


@transaction.atomic
def startup_request_close(*, actor: User, request: StartupRequest, reason: str) -> None:
    request = _locked(request)
    if request.stage == Stage.CLOSED:
        raise ValidationError("Cette demande est déjà close.")
    reason = reason.strip()
    if not reason:
        raise ValidationError("Indiquez le motif de la clôture.")
    before = request.get_stage_display()
    now = timezone.now()
    _enter(request, Stage.CLOSED, actor, now)
    request.closed_reason, request.closed_at = reason, now
    request.save(
        update_fields=["stage", "stage_since", "last_activity_at", "closed_reason", "closed_at"]
    )
    audit(
        actor=actor,
        target=request,
        action="teams.startuprequest.close",
        summary="Demande close",
        changes={"étape": [before, request.get_stage_display()], "motif": ["", reason]},
    )


@transaction.atomic
def entry_partner_choose(
    *, actor: User, request: StartupRequest, organisation: Organisation | None
) -> None:
    """Record the entry partner the team chose among the offers, or none (`organisation=None`).
    The animators record the team's choice; Maillage never assigns one."""
    request = _locked(request)
    if request.stage == Stage.CLOSED:
        raise ValidationError("Cette demande est close.")
    if (
        organisation is not None
        and not request.support_offers.filter(organisation=organisation).exists()
    ):
        raise ValidationError("Cette organisation n'a pas proposé son soutien à ce projet.")
    before = request.entry_partner.name if request.entry_partner else ""
    if request.no_entry_partner:
        before = "sans partenaire"
    request.entry_partner = organisation
    request.no_entry_partner = organisation is None
    request.last_activity_at = timezone.now()
    request.save(update_fields=["entry_partner", "no_entry_partner", "last_activity_at"])
    after = organisation.name if organisation else "sans partenaire"
    audit(
        actor=actor,
        target=request,
        action="teams.entrypartner.choose",
        summary=f"Partenaire d'entrée : {after}",
        changes={"partenaire d'entrée": [before, after]},
    )


@transaction.atomic
def support_offer_make(
    *,
    actor: User,
    request: StartupRequest,
    organisation: Organisation,
    kinds: Iterable[str],
    message: str = "",
    base_url: str = "",
) -> SupportOffer:
    """A member organisation says it is willing to support the starting team; the request's
    animators are told. A second offer of the same organisation replaces its first."""
    request = _locked(request)
    if request.stage in (Stage.CLOSED, Stage.ACTIVE):
        raise ValidationError("Ce projet n'attend plus de soutien.")
    kinds = [kind for kind in SupportKind.values if kind in set(kinds)]
    if not kinds:
        raise ValidationError("Cochez au moins un soutien proposé.")
    offer, created = SupportOffer.objects.update_or_create(
        request=request,
        organisation=organisation,
        defaults={"kinds": kinds, "message": message, "offered_by": actor},
    )
    request.last_activity_at = timezone.now()
    request.save(update_fields=["last_activity_at"])
    labels = ", ".join(SupportKind(kind).label for kind in kinds)
    audit(
        actor=actor,
        target=request,
        action="teams.supportoffer.create" if created else "teams.supportoffer.update",
        summary=f"Soutien proposé par {organisation.name}",
        changes={"soutien proposé": ["", f"{organisation.name} : {labels}"]},
    )
    for mailbox in _animator_mailboxes(request.cooperation):
        send_templated_mail(
            to=mailbox,
            template="teams/emails/support_offer",
            context={
                "request": request,
                "organisation": organisation,
                "labels": labels,
                "url": base_url + reverse("teams:startup_request_detail", args=[request.pk]),
            },
        )
    return offer


def untouched(now=None):
    """Open requests (neither active nor closed) with no action for 30 days."""
    now = now or timezone.now()
    return StartupRequest.objects.exclude(stage__in=[Stage.ACTIVE, Stage.CLOSED]).filter(
        last_activity_at__lte=now - UNTOUCHED_AFTER
    )


def startup_requests_remind(*, now=None, base_url: str = "") -> int:
    """Daily: tell each cooperation (national staff for requests without one) about its requests
    untouched for 30 days; a request is reminded once per period of 30 days without action.
    Returns how many requests were reminded."""
    now = now or timezone.now()
    due = untouched(now).exclude(reminded_at__gt=now - UNTOUCHED_AFTER)
    by_cooperation: dict[int | None, list[StartupRequest]] = {}
    for request in due.select_related("commune", "cooperation").order_by("last_activity_at"):
        by_cooperation.setdefault(request.cooperation_id, []).append(request)
    count = 0
    for requests in by_cooperation.values():
        with transaction.atomic():
            cooperation = requests[0].cooperation
            for mailbox in _animator_mailboxes(cooperation):
                send_templated_mail(
                    to=mailbox,
                    template="teams/emails/startup_reminder",
                    context={
                        "cooperation": cooperation,
                        "requests": requests,
                        "count": len(requests),
                        "board_url": board_url(cooperation, base_url),
                    },
                )
            StartupRequest.objects.filter(pk__in=[r.pk for r in requests]).update(reminded_at=now)
            count += len(requests)
    return count
