"""What the pages of the citizen teams show, with their related rows fetched in a fixed number
of queries (tested in tests/teams/test_queries.py)."""

from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from maillage.actions.models import Action
from maillage.cooperations.models import Cooperation
from maillage.cooperations.services import part_names
from maillage.territories.enums import PartKind
from maillage.territories.models import Commune, PerimeterPart

from .models import CitizenTeam, TeamCharterSignature, TeamReferent, VolunteerMessage
from .services import ESCALATE_AFTER

NEARBY_SHOWN = 10


def _listed(teams):
    """Teams as a list shows them: label, affiliation, what they do, where they meet."""
    return (
        teams.visible()
        .with_label()
        .select_related("meeting_commune")
        .prefetch_related("organisations", "kinds")
    )


@dataclass
class Near:
    """The teams acting in a commune, or, when none does, the nearest ones: in its EPCI, else in
    its department (`scope`), at most NEARBY_SHOWN of `nearby_count`."""

    commune: Commune
    acting: list = field(default_factory=list)
    nearby: list = field(default_factory=list)
    nearby_count: int = 0
    scope: str = ""  # "epci" or "department" when `nearby` is filled
    cooperations: list = field(default_factory=list)


def _parts_within(commune: Commune, scope: str):
    """Perimeter parts lying in the commune's EPCI or department. The area's codes are read
    first (a few hundred at most): the parts are then found through their (kind, code) index,
    where a subquery inside the OR made PostgreSQL scan every part."""
    place = commune.target
    if scope == "epci":
        area = Commune.objects.addressable().filter(epci_id=place.epci_id)
        larger = Q(kind=PartKind.EPCI, code=place.epci_id)
    else:
        area = Commune.objects.addressable().filter(department_id=place.department_id)
        larger = Q(kind=PartKind.DEPARTMENT, code=place.department_id)
    rows = list(area.values_list("code", "epci_id"))
    codes = sorted({code for code, _epci in rows})
    epcis = sorted({epci for _code, epci in rows if epci})
    return PerimeterPart.objects.filter(
        Q(kind=PartKind.COMMUNE, code__in=codes) | Q(kind=PartKind.EPCI, code__in=epcis) | larger
    )


def acting_teams(commune: Commune) -> list[CitizenTeam]:
    """The teams acting in a commune, as a list shows them. Their ids first: the look-up is one
    indexed query, and the list's query stays simple."""
    acting = list(CitizenTeam.objects.acting_in(commune).values_list("pk", flat=True))
    return list(_listed(CitizenTeam.objects.filter(pk__in=acting)).order_by("name", "pk"))


def teams_near(commune: Commune) -> Near:
    """« Devenir bénévole »: the teams acting in this commune; when none does, the nearest."""
    near = Near(commune=commune)
    near.acting = acting_teams(commune)
    if near.acting:
        return near
    scopes = ["epci", "department"] if commune.target.epci_id else ["department"]
    for scope in scopes:
        found = list(
            CitizenTeam.objects.visible()
            .filter(perimeter__in=_parts_within(commune, scope).values("perimeter_id"))
            .order_by("name", "pk")
            .values_list("pk", flat=True)
        )
        if found:
            near.scope, near.nearby_count = scope, len(found)
            shown = CitizenTeam.objects.filter(pk__in=found[:NEARBY_SHOWN])
            near.nearby = list(_listed(shown).order_by("name", "pk"))
            break
    near.cooperations = list(Cooperation.objects.covering(commune).order_by("name"))
    return near


def team_page(slug: str):
    """The public team page's row, with what it shows."""
    return (
        CitizenTeam.objects.visible()
        .with_label()
        .select_related("meeting_commune", "perimeter")
        .prefetch_related(
            "organisations",
            "kinds",
            "perimeter__parts",
            Prefetch("cooperations", queryset=Cooperation.objects.order_by("name")),
            Prefetch("actions", queryset=team_actions()),
        )
        .annotate(
            has_referent=Exists(
                TeamReferent.objects.filter(team=OuterRef("pk"), user__is_active=True)
            )
        )
        .filter(slug=slug)
    )


def team_actions():
    return Action.objects.select_related("commune").order_by("title")


def named_parts(team: CitizenTeam) -> list[str]:
    """The communes of intervention by name ("Plérin (22187)"), in alphabetical order."""
    pairs = [(part.kind, part.code) for part in team.perimeter.parts.all()]
    names = part_names(pairs)
    return sorted((names.get(pair, pair[1]) for pair in pairs), key=str.casefold)


def inbox(team: CitizenTeam):
    """A team's messages for its referents: waiting first, then the most recent."""
    return (
        VolunteerMessage.objects.filter(team=team)
        .select_related("answered_by")
        .order_by("closed_at", "-created_at", "-pk")
    )


def _count(rows) -> Coalesce:
    """The number of `rows` of each team, as a subquery: several counts in one query."""
    rows = rows.filter(team=OuterRef("pk")).order_by().values("team").annotate(n=Count("pk"))
    return Coalesce(Subquery(rows.values("n")), 0)


def team_rows(teams):
    """Teams as a back-office table shows them: label, signature waiting for recognition,
    referents, and the messages waiting for more than 14 days (a count: no sender is named)."""
    overdue_since = timezone.now() - ESCALATE_AFTER
    return (
        teams.with_label()
        .select_related("meeting_commune")
        .annotate(
            referent_count=_count(TeamReferent.objects.all()),
            overdue=_count(
                VolunteerMessage.objects.waiting().filter(created_at__lte=overdue_since)
            ),
            awaiting_recognition=Exists(
                TeamCharterSignature.objects.live().filter(
                    team=OuterRef("pk"), recognised_at__isnull=True
                )
            ),
        )
        .order_by("name")
    )


def cooperation_team_rows(cooperation: Cooperation):
    """The teams a cooperation works with, for its animators."""
    return team_rows(CitizenTeam.objects.filter(cooperation_links__cooperation=cooperation))


COOPERATION_TEAMS_SHOWN = 20


def cooperation_teams_shown(cooperation: Cooperation) -> tuple[list, int]:
    """The first teams (by name) working with a cooperation, for its public page, and how many
    there are: one query for the ids, one for the list, two prefetches."""
    found = list(
        CitizenTeam.objects.visible()
        .filter(cooperation_links__cooperation=cooperation)
        .order_by("name", "pk")
        .values_list("pk", flat=True)
    )
    shown = CitizenTeam.objects.filter(pk__in=found[:COOPERATION_TEAMS_SHOWN])
    return list(_listed(shown).order_by("name", "pk")), len(found)
