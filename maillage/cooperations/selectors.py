"""Read-side queries of the public cooperation pages: which departments each cooperation covers,
the departments with their cooperations, the counts of the network.

Everything starts from `network_rows()`: three queries whatever the number of cooperations,
members or organisations, plain tuples that `NetworkRows.fingerprint()` digests, so that a page
can cache what it renders from them (the national map does). The rest is computed in Python,
but for the departments of EPCIs and communes, which change with the official geography alone
and are kept in the cache. The back office's pages read through the functions at the end.
"""

import hashlib
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property, lru_cache

from django.core.cache import cache
from django.db.models import BooleanField, Case, Count, When
from django.urls import reverse
from django.utils.html import format_html_join

from maillage.core.text import normalize
from maillage.organisations.enums import CharterKind
from maillage.organisations.models import CharterSignature, Organisation
from maillage.territories.enums import CommuneKind, PartKind, Zone
from maillage.territories.models import Commune, Department, Perimeter, PerimeterPart

from .enums import CooperationStatus, MemberRole
from .models import Cooperation

ADDRESSABLE = (CommuneKind.CURRENT, CommuneKind.MUNICIPAL_DISTRICT)
SMALL_AREAS_SECONDS = 3600
# Beyond this many cooperations in one department, its name on the map counts them instead.
MAX_NAMED = 3


@dataclass(frozen=True)
class CooperationSummary:
    """What the map and the list show of one cooperation."""

    pk: int
    name: str
    slug: str
    status: str
    departments: frozenset[str]
    """Departments the cooperation covers entirely (a department, region or country part)."""
    partial_departments: frozenset[str]
    """Departments it covers only in part (through EPCI or commune parts), and not entirely."""
    url: str
    member_count: int = 0

    @property
    def status_label(self) -> str:
        return CooperationStatus(self.status).label

    @property
    def is_active(self) -> bool:
        return self.status == CooperationStatus.ACTIVE

    @property
    def all_departments(self) -> frozenset[str]:
        return self.departments | self.partial_departments

    def covers_entirely(self, code: str) -> bool:
        return code in self.departments


@dataclass(frozen=True)
class Coverage:
    """One cooperation present in one department, entirely or in part."""

    cooperation: CooperationSummary
    partial: bool


@dataclass
class DepartmentEntry:
    """A department with the cooperations present on it."""

    code: str
    name: str
    region_code: str
    region_name: str
    zone: str
    list_url: str
    coverages: list[Coverage] = field(default_factory=list)

    @cached_property
    def state(self) -> str:
        """The map's shading: "active" (an active cooperation covers all of it), "partial"
        (active cooperations cover part of it), "other" (only emerging or dormant ones), "none"."""
        active = [c for c in self.coverages if c.cooperation.is_active]
        if any(not c.partial for c in active):
            return "active"
        if active:
            return "partial"
        if self.coverages:
            return "other"
        return "none"

    @property
    def cooperations(self) -> list[CooperationSummary]:
        return [c.cooperation for c in self.coverages]

    @cached_property
    def href(self) -> str:
        """Its cooperation's page when exactly one is present, else the list filtered on it."""
        if len(self.coverages) == 1:
            return self.coverages[0].cooperation.url
        return f"{self.list_url}?departement={self.code}"

    @property
    def is_overseas(self) -> bool:
        """An overseas department (Guadeloupe, Martinique, Guyane, La Réunion, Mayotte), which
        the map package does not draw; overseas collectivities are in the list by region."""
        return self.zone == Zone.DROM

    @cached_property
    def description(self) -> str:
        """The department's accessible name on the map:
        "Côtes-d'Armor : coopération active MONALISA 22"."""
        if not self.coverages:
            return f"{self.name} : pas encore de coopération"
        if len(self.coverages) > MAX_NAMED:
            active = sum(1 for c in self.coverages if c.cooperation.is_active)
            return (
                f"{self.name} : {len(self.coverages)} coopérations, "
                f"dont {active} active{'s' if active > 1 else ''}"
            )
        parts = []
        for coverage in self.coverages:
            cooperation = coverage.cooperation
            text = f"coopération {cooperation.status_label} {cooperation.name}"
            if coverage.partial:
                text += " (une partie du département)"
            parts.append(text)
        return f"{self.name} : {', '.join(parts)}"

    @cached_property
    def coverage_html(self) -> str:
        """Its cooperations as the list beside the map shows them, links included. Built here
        rather than in the template: at ten times the network the template engine spent most of
        the map's time on these few words, repeated for hundreds of cooperations."""
        if not self.coverages:
            return "pas encore de coopération"
        return format_html_join(
            " ; ",
            '<a href="{}">{}</a>, coopération {}{}',
            (
                (
                    c.cooperation.url,
                    c.cooperation.name,
                    c.cooperation.status_label,
                    " sur une partie du département" if c.partial else "",
                )
                for c in self.coverages
            ),
        )


@dataclass(frozen=True)
class NetworkRows:
    """The raw rows the map and the list are made of, read in three queries: everything they
    show derives from these (and from the geography of EPCIs and communes)."""

    cooperations: list[tuple]
    """(pk, name, slug, status), or with the member count last."""
    parts: list[tuple[int, str, str]]
    """(cooperation pk, kind, code) of every part of every cooperation's perimeter."""
    departments: list[tuple[str, str, str, str, str]]
    """(code, name, region code, region name, zone) of every department, by code."""

    def fingerprint(self) -> str:
        """A digest of these rows: a page may cache what it renders from them under it; any
        change to a cooperation, its perimeter or a department changes it."""
        content = repr((self.cooperations, sorted(self.parts), self.departments))
        return hashlib.blake2b(content.encode(), digest_size=16).hexdigest()

    @property
    def active_count(self) -> int:
        return sum(1 for row in self.cooperations if row[3] == CooperationStatus.ACTIVE)


def network_rows(*, with_member_counts: bool = False) -> NetworkRows:
    cooperations = Cooperation.objects.order_by("pk")
    fields = ["pk", "name", "slug", "status"]
    if with_member_counts:
        cooperations = cooperations.annotate(member_count=Count("memberships"))
        fields.append("member_count")
    parts = PerimeterPart.objects.filter(perimeter__cooperation__isnull=False)
    departments = Department.objects.values_list(
        "code", "name", "region_id", "region__name", "zone"
    ).order_by("code")
    return NetworkRows(
        cooperations=list(cooperations.values_list(*fields)),
        parts=list(parts.values_list("perimeter__cooperation", "kind", "code").order_by()),
        departments=list(departments),
    )


def _small_area_departments(
    epcis: set[str], communes: set[str]
) -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    """The departments of the communes of these EPCIs, and of these communes: one query each,
    of (code, department) pairs, only when such parts exist. The answer changes only with the
    official geography (a yearly import), so it is kept an hour in the cache under the codes
    asked: reading the communes of a few hundred EPCIs costs milliseconds on every map."""
    digest = hashlib.blake2b(repr((sorted(epcis), sorted(communes))).encode(), digest_size=16)
    key = f"cooperations:small-areas:{digest.hexdigest()}"
    cached = cache.get(key)
    if cached is not None:
        return cached
    by_epci: dict[str, set[str]] = defaultdict(set)
    by_commune: dict[str, set[str]] = defaultdict(set)
    if epcis:
        pairs = Commune.objects.filter(kind=CommuneKind.CURRENT, epci_id__in=epcis)
        for epci, department in pairs.values_list("epci_id", "department_id").distinct().order_by():
            by_epci[epci].add(department)
    if communes:
        pairs = Commune.objects.filter(kind__in=ADDRESSABLE, code__in=communes)
        for code, department in pairs.values_list("code", "department_id").distinct().order_by():
            by_commune[code].add(department)
    found = (dict(by_epci), dict(by_commune))
    if epcis or communes:
        cache.set(key, found, SMALL_AREAS_SECONDS)
    return found


def department_coverage(rows: NetworkRows) -> dict[int, tuple[frozenset[str], frozenset[str]]]:
    """For each cooperation, the departments it covers (entirely, partially), from its perimeter:
    department parts directly, region parts as all their departments, the country as every
    department, EPCI and commune parts as the departments of their communes ("in part").
    No query but the EPCI and commune look-ups, when such parts exist."""
    regions: dict[str, list[str]] = defaultdict(list)
    for code, _, region, _, _ in rows.departments:
        regions[region].append(code)
    everything = frozenset(code for code, *_ in rows.departments)
    by_epci, by_commune = _small_area_departments(
        {code for _, kind, code in rows.parts if kind == PartKind.EPCI},
        {code for _, kind, code in rows.parts if kind == PartKind.COMMUNE},
    )
    full: dict[int, set[str]] = defaultdict(set)
    partial: dict[int, set[str]] = defaultdict(set)
    for cooperation, kind, code in rows.parts:
        if kind == PartKind.COUNTRY:
            full[cooperation] |= everything
        elif kind == PartKind.REGION:
            full[cooperation].update(regions.get(code, ()))
        elif kind == PartKind.DEPARTMENT:
            full[cooperation].add(code)
        elif kind == PartKind.EPCI:
            partial[cooperation] |= by_epci.get(code, set())
        elif kind == PartKind.COMMUNE:
            partial[cooperation] |= by_commune.get(code, set())
    return {
        cooperation: (
            frozenset(full[cooperation]),
            frozenset(partial[cooperation] - full[cooperation]),
        )
        for cooperation in set(full) | set(partial)
    }


@lru_cache(maxsize=8192)
def _sort_key(name: str) -> str:
    """Names sort with accents and case ignored; remembered, as the same names come back on
    every page."""
    return normalize(name)


def cooperation_summaries(rows: NetworkRows) -> list[CooperationSummary]:
    """Every cooperation with the departments it covers, by name (accents and case ignored)."""
    coverage = department_coverage(rows) if rows.cooperations else {}
    empty = (frozenset(), frozenset())
    # One reverse() for all: the pages list hundreds of cooperations.
    url = reverse("cooperations:detail", args=["slug"]).removesuffix("slug/")
    summaries = [
        CooperationSummary(
            pk=pk,
            name=name,
            slug=slug,
            status=status,
            member_count=extra[0] if extra else 0,
            url=f"{url}{slug}/",
            departments=coverage.get(pk, empty)[0],
            partial_departments=coverage.get(pk, empty)[1],
        )
        for pk, name, slug, status, *extra in rows.cooperations
    ]
    return sorted(summaries, key=lambda s: (_sort_key(s.name), s.pk))


def department_entries(
    rows: NetworkRows, summaries: list[CooperationSummary]
) -> list[DepartmentEntry]:
    """Every department of the official geography (by code) with the cooperations present on it,
    by name, those covering it entirely first."""
    list_url = reverse("cooperations:list")
    entries = [
        DepartmentEntry(
            code=code,
            name=name,
            region_code=region_code,
            region_name=region_name,
            zone=zone,
            list_url=list_url,
        )
        for code, name, region_code, region_name, zone in rows.departments
    ]
    by_code = {entry.code: entry for entry in entries}
    # Summaries come by name; being stable, the sort below puts partial coverages last.
    for summary in summaries:
        for code in summary.departments:
            if code in by_code:
                by_code[code].coverages.append(Coverage(summary, partial=False))
        for code in summary.partial_departments:
            if code in by_code:
                by_code[code].coverages.append(Coverage(summary, partial=True))
    for entry in entries:
        entry.coverages.sort(key=lambda c: c.partial)
    return entries


def group_by_region(entries: list[DepartmentEntry]) -> list[tuple[str, list[DepartmentEntry]]]:
    """Departments by region, regions in alphabetical order (accents ignored)."""
    groups: dict[str, list[DepartmentEntry]] = defaultdict(list)
    for entry in entries:
        groups[entry.region_name].append(entry)
    return sorted(groups.items(), key=lambda item: _sort_key(item[0]))


def signatory_count() -> int:
    """Organisation.objects.signatories().count(), read from the signatures alone: an
    organisation has at most one validated signature of the national charter (a database
    constraint), and the join with the organisations costs milliseconds at 5,000 of them."""
    return CharterSignature.objects.validated().filter(charter=CharterKind.NATIONAL).count()


# --- back office ---------------------------------------------------------------------------


def members_by_role(cooperation: Cooperation) -> list[dict]:
    """The member organisations in groups by role, in the order of the roles: one query."""
    by_role = {role: [] for role in MemberRole.values}
    for membership in cooperation.memberships.select_related("organisation__commune").order_by(
        "organisation__name"
    ):
        by_role[membership.role].append(membership)
    return [
        {"role": role, "label": label, "memberships": by_role[role]}
        for role, label in MemberRole.choices
    ]


@dataclass(frozen=True)
class Candidates:
    """The organisations a search for new members shows, and how many it found in all."""

    rows: list
    total: int

    @property
    def hidden(self) -> int:
        return self.total - len(self.rows)


def member_candidates(cooperation: Cooperation, query: str, *, limit: int) -> Candidates:
    """Organisations whose name holds every word of `query` and that are not members yet:
    those of the cooperation's territory first (`in_territory`), then by name. Three queries:
    the territory's parts, the rows with their commune and department, the count."""
    found = Organisation.objects.exclude(memberships__cooperation=cooperation)
    for word in query.split():
        found = found.filter(name__icontains=word)
    # The perimeter by its id alone: its parts are all the look-up needs. The condition reads
    # the commune's columns (already joined for the page), not a list of communes.
    inside = Perimeter(pk=cooperation.perimeter_id).commune_condition("commune__")
    rows = (
        found.annotate(
            in_territory=Case(When(inside, then=True), default=False, output_field=BooleanField())
        )
        .select_related("commune__department")
        .order_by("-in_territory", "name", "pk")[:limit]
    )
    # A separate count: a window over the matches costs more on SQLite (measured, bench/).
    return Candidates(rows=list(rows), total=found.count())


def animators_of(cooperation: Cooperation):
    return cooperation.animators.select_related("user", "organisation").order_by(
        "user__last_name", "user__first_name", "user__email"
    )


def pending_invitation_rows(invitations) -> list[dict]:
    """Each pending invitation with the member organisation it names: two queries."""
    invitations = list(invitations.select_related("invited_by"))
    wanted = [invitation.extra.get("organisation_id") for invitation in invitations]
    organisations = Organisation.objects.in_bulk(wanted) if invitations else {}
    return [
        {
            "invitation": invitation,
            "organisation": organisations.get(invitation.extra.get("organisation_id")),
        }
        for invitation in invitations
    ]
