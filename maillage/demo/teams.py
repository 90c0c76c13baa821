"""About 900 citizen teams on the demo cooperations' territories, about 60 start-up requests at
every stage, and two years of activity reports.

Written in bulk, with the helpers of the demo actions, so that `load_demo` stays quick; the
same seed and the same day give the same teams. No older person is named anywhere: the reports
hold counts only, the requesters are invented.
"""

import random
from datetime import date, datetime, time, timedelta

from django.db.models import Case, Value, When
from django.utils import timezone
from django.utils.html import escape
from django.utils.text import slugify

from maillage.actions.enums import KindCode
from maillage.cooperations.models import Animator, Cooperation, Membership
from maillage.core.text import at_name, of_name
from maillage.teams.enums import RequesterKind, Stage, StartupNeed, TeamStatus
from maillage.teams.models import (
    RESERVED_SLUGS,
    ActivityReport,
    CitizenTeam,
    StageChange,
    StartupRequest,
    TeamCharterSignature,
    TeamCooperation,
)
from maillage.teams.services.startup import PARTNER_NEEDED_FROM, PATH
from maillage.territories.enums import PartKind
from maillage.territories.models import Commune

from . import words
from .actions import BATCH, DEMO_COOPERATIONS, Place, _insert, bulk_perimeters
from .network import DEMO_DOMAIN

SEED = 2028
TEAMS = 900
REQUESTS = 60

# Status mix: mostly active teams, a few being born, asleep or closed.
STATUSES = [
    (TeamStatus.ACTIVE, 70),
    (TeamStatus.PROJECT, 7),
    (TeamStatus.STARTING, 11),
    (TeamStatus.DORMANT, 8),
    (TeamStatus.CLOSED, 4),
]
# What teams do: visits and calls first.
KIND_WEIGHTS = {
    KindCode.HOME_VISITS: 10,
    KindCode.PHONE_CALLS: 6,
    KindCode.OUTINGS: 5,
    KindCode.CARE_HOME_VISITS: 3,
    KindCode.INTERGENERATIONAL: 2,
    KindCode.IDENTIFYING: 2,
    KindCode.CULTURE: 2,
    KindCode.DIGITAL: 1,
    KindCode.MOBILITY: 1,
    KindCode.PHYSICAL: 1,
}
# {of_c}: « de Plérin », « du Mans », « d'Auray ».
NAMES = [
    "Les Voisineurs {of_c}",
    "Équipe citoyenne {of_c}",
    "Équipe Monalisa {of_c}",
    "Les Amis de Mme Visite {at_c}",
    "Voisins solidaires {of_c}",
    "Les Visiteurs {of_c}",
    "Le Fil d'argent {of_c}",
    "Les Passeurs de liens {of_c}",
    "Bien vieillir ensemble {at_c}",
    "Les Bavards {of_c}",
    "Café des voisins {of_c}",
    "Le Lien {of_c}",
    "Les Pas-Seuls {of_c}",
]
WIDER_NAMES = ["Équipe citoyenne {of_c} et alentours", "Les Voisineurs {of_c} et environs"]
OPENINGS = [
    "Nous sommes des habitants {of_c} qui rendent visite, chez elles, aux personnes âgées "
    "qui le souhaitent, pour un café, une promenade ou simplement une conversation.",
    "Notre équipe est née autour d'une table de cuisine, entre voisins inquiets de voir des "
    "personnes âgées {of_c} rester seules des semaines entières.",
    "Retraités, actifs, étudiants : nous donnons un peu de notre temps, chacun à son rythme, "
    "pour que personne ne reste isolé {at_c}.",
    "Nous appelons chaque semaine les personnes âgées qui le désirent et proposons des sorties "
    "au marché, à la médiathèque ou au bord de l'eau.",
]
WAYS = [
    "Nous nous retrouvons une fois par mois pour partager nos nouvelles et organiser les visites.",
    "Chaque bénévole suit la formation socle de la charte avant sa première visite.",
    "Les personnes nous sont souvent signalées par la mairie, le CCAS ou les voisins.",
    "Nous travaillons avec les services d'aide à domicile et la paroisse, sans remplacer personne.",
    "Un goûter rassemble l'équipe et les personnes visitées à chaque saison.",
]
JOIN = [
    "Vous avez deux heures par mois ? Écrivez-nous, nous vous accueillerons avec plaisir.",
    "Nous cherchons de nouveaux bénévoles, surtout pour les communes voisines.",
    "Toute personne de bonne volonté est la bienvenue, quel que soit son âge.",
]
PROJECTS = [
    "Avec quelques voisins, nous aimerions rendre visite aux personnes âgées seules du bourg.",
    "Notre club de randonnée voudrait proposer des promenades aux aînés qui ne sortent plus.",
    "Nous sommes trois retraitées et voudrions lancer des appels de convivialité.",
    "Le comité des fêtes souhaite créer une équipe qui accompagne les aînés au marché.",
    "La paroisse voudrait organiser des visites régulières à domicile et à la maison de retraite.",
    "Des parents d'élèves aimeraient monter des rencontres entre enfants et personnes âgées.",
]
CLOSED_REASONS = [
    "Les porteurs du projet ont déménagé.",
    "Une équipe existe déjà sur la commune : les personnes l'ont rejointe.",
    "Sans nouvelles des porteurs du projet après plusieurs relances.",
]
COMMENTS = [
    "Une année riche : deux nouveaux bénévoles formés et des sorties au marché chaque mois.",
    "Nous avons repris les visites en établissement après des mois difficiles.",
    "Les appels du dimanche sont très attendus ; nous cherchons du renfort pour l'été.",
    "",
    "",
]


def demo_teams_exist() -> bool:
    return CitizenTeam.objects.filter(
        cooperation_links__cooperation__slug__startswith=DEMO_COOPERATIONS
    ).exists()


def _moment(day: date, rng: random.Random) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(rng.randint(8, 18), rng.randint(0, 59))))


def _territories() -> list[tuple[Cooperation, list[Place], dict[str, list[Place]], list[int]]]:
    """Each demo cooperation with its current communes, grouped by EPCI, and its members."""
    members: dict[int, list[int]] = {}
    for cooperation_id, organisation_id in (
        Membership.objects.filter(cooperation__slug__startswith=DEMO_COOPERATIONS)
        .order_by("cooperation_id", "organisation_id")
        .values_list("cooperation_id", "organisation_id")
    ):
        members.setdefault(cooperation_id, []).append(organisation_id)
    found = []
    for cooperation in Cooperation.objects.filter(slug__startswith=DEMO_COOPERATIONS).order_by(
        "slug"
    ):
        rows = (
            Commune.objects.current()
            .filter(cooperation.perimeter.commune_condition())
            .order_by("pk")
            .values_list(
                "pk", "code", "name", "population", "epci_id", "department_id", "region_id"
            )
        )
        places = [Place(*row) for row in rows]
        by_epci: dict[str, list[Place]] = {}
        for place in places:
            place.population = place.population or 0
            if place.epci:
                by_epci.setdefault(place.epci, []).append(place)
        if places:
            found.append((cooperation, places, by_epci, members.get(cooperation.pk, [])))
    return found


def _name(rng: random.Random, place: Place, wide: bool, used: set[str]) -> str:
    for _ in range(20):
        pattern = rng.choice(WIDER_NAMES if wide and rng.random() < 0.3 else NAMES)
        name = pattern.format(of_c=of_name(place.name), at_c=at_name(place.name))
        if name not in used:
            break
    used.add(name)
    return name


def _slug(name: str, used: set[str]) -> str:
    slug = base = slugify(name)[:200]
    counter = 2
    while slug in used or slug in RESERVED_SLUGS:
        slug = f"{base}-{counter}"
        counter += 1
    used.add(slug)
    return slug


def _description(rng: random.Random, place: Place) -> str:
    opening = rng.choice(OPENINGS).format(of_c=of_name(place.name), at_c=at_name(place.name))
    paragraphs = [opening, *rng.sample(WAYS, 2), rng.choice(JOIN)]
    return "".join(f"<p>{escape(text)}</p>" for text in paragraphs)


def _report(rng: random.Random, team_pk: int, year: int) -> ActivityReport:
    volunteers = rng.randint(3, 24)
    hours = volunteers * rng.randint(8, 50)
    return ActivityReport(
        team_id=team_pk,
        year=year,
        volunteers=volunteers,
        new_volunteers=rng.randint(0, max(1, volunteers // 3)),
        volunteers_trained=rng.randint(0, volunteers),
        people_accompanied=rng.randint(2, max(3, volunteers * 2)),
        visits=min(hours * 2, volunteers * rng.randint(5, 30)),
        phone_calls=volunteers * rng.randint(0, 25),
        collective_activities=rng.randint(0, 12),
        outings=rng.randint(0, 10),
        hours=hours,
        comments=rng.choice(COMMENTS),
    )


def build_demo_teams(today: date | None = None) -> str:
    """Create the demo's teams, requests and reports; the line the demo loader prints."""
    if demo_teams_exist():
        return "Équipes citoyennes de démonstration : déjà là."
    territories = _territories()
    if not territories:
        return "Équipes citoyennes de démonstration : aucune coopération de démonstration."
    rng = random.Random(SEED)
    today = today or timezone.localdate()
    animators = dict(
        Animator.objects.filter(cooperation__slug__startswith=DEMO_COOPERATIONS)
        .order_by("-pk")
        .values_list("cooperation_id", "user_id")
    )
    weights = [len(places) ** 0.5 for _, places, _, _ in territories]
    statuses, status_weights = zip(*STATUSES, strict=True)
    kinds, kind_weights = zip(*KIND_WEIGHTS.items(), strict=True)
    used_names: set[str] = set(CitizenTeam.objects.values_list("name", flat=True))
    used_slugs: set[str] = set(CitizenTeam.objects.values_list("slug", flat=True))

    teams, zones, links = [], [], []
    # Every cooperation has a few teams; the larger territories have more.
    picks = territories * 3 + rng.choices(territories, weights, k=TEAMS - 3 * len(territories))
    for cooperation, places, by_epci, members in picks:
        place = rng.choices(places, weights=[p.population**0.5 + 3 for p in places], k=1)[0]
        neighbours = [p for p in by_epci.get(place.epci, []) if p.pk != place.pk][:40]
        others = []
        if neighbours and rng.random() < 0.4:
            others = rng.sample(neighbours, min(len(neighbours), rng.randint(1, 3)))
        status = rng.choices(statuses, status_weights, k=1)[0]
        founded = None
        if status in {TeamStatus.STARTING}:
            founded = today - timedelta(days=rng.randint(20, 300))
        elif status != TeamStatus.PROJECT:
            founded = date(
                rng.randint(2014, today.year - 2), rng.randint(1, 12), rng.randint(1, 28)
            )
        name = _name(rng, place, bool(others), used_names)
        teams.append(
            CitizenTeam(
                name=name,
                slug=_slug(name, used_slugs),
                description=_description(rng, place),
                status=status,
                meeting_commune_id=place.pk,
                founded_on=founded,
            )
        )
        zones.append(sorted({(PartKind.COMMUNE, p.code) for p in [place, *others]}))
        affiliated = []
        if members and rng.random() > 0.33:
            affiliated = rng.sample(members, min(len(members), 1 if rng.random() < 0.8 else 2))
        team_kinds = set(rng.choices(kinds, kind_weights, k=rng.randint(1, 3)))
        links.append((cooperation, sorted(affiliated), sorted(team_kinds)))

    for team, perimeter in zip(teams, bulk_perimeters(teams, zones), strict=True):
        team.perimeter_id = perimeter.pk
    teams = CitizenTeam.objects.bulk_create(teams, batch_size=BATCH)
    paired = list(zip(teams, links, strict=True))
    _insert(
        CitizenTeam.organisations.through,
        ["citizenteam_id", "organisation_id"],
        [(team.pk, org) for team, (_, orgs, _) in paired for org in orgs],
    )
    _insert(
        CitizenTeam.kinds.through,
        ["citizenteam_id", "kind_id"],
        [(team.pk, kind) for team, (_, _, team_kinds) in paired for kind in team_kinds],
    )
    TeamCooperation.objects.bulk_create(
        [
            TeamCooperation(
                team=team,
                cooperation=cooperation,
                confirmed_at=_moment(team.founded_on, rng) if team.founded_on else None,
            )
            for team, (cooperation, _, _) in paired
        ],
        batch_size=BATCH,
    )

    # About 70 % of the active teams carry the label; a few more have signed and wait.
    signatures, reports = [], []
    last_year = today.year - 1
    for team, (cooperation, _, _) in paired:
        roll = rng.random()
        if team.status in {TeamStatus.ACTIVE, TeamStatus.DORMANT} and roll < 0.78:
            signed = team.founded_on + timedelta(days=rng.randint(30, 200))
            signed = min(signed, today - timedelta(days=10))
            recognised = roll < 0.7
            signatures.append(
                TeamCharterSignature(
                    team=team,
                    signatory_name=words.person(rng).name,
                    signed_on=signed,
                    recognised_at=(
                        _moment(min(signed + timedelta(days=rng.randint(5, 60)), today), rng)
                        if recognised
                        else None
                    ),
                    recognised_by_id=animators.get(cooperation.pk) if recognised else None,
                    recognising_cooperation=cooperation if recognised else None,
                )
            )
        if team.status == TeamStatus.ACTIVE and rng.random() < 0.85:
            for year in (last_year - 1, last_year):
                if team.founded_on.year <= year:
                    reports.append(_report(rng, team.pk, year))
    TeamCharterSignature.objects.bulk_create(signatures, batch_size=BATCH)
    ActivityReport.objects.bulk_create(reports, batch_size=BATCH)

    requests = _requests(rng, territories, paired, today)
    return (
        f"Équipes citoyennes de démonstration : {len(teams)} équipes, "
        f"{len(signatures)} signatures de la charte, {len(reports)} bilans, "
        f"{requests} demandes de création."
    )


def _requests(rng: random.Random, territories, paired, today: date) -> int:
    """Start-up requests at every stage, with their history; a few are closed, a few wait."""
    starting = {}
    for team, (cooperation, _, _) in paired:
        if team.status == TeamStatus.STARTING:
            starting.setdefault(cooperation.pk, []).append(team)
    stages = [*PATH, Stage.CLOSED]
    requests, histories, request_kinds = [], [], []
    for index in range(REQUESTS):
        cooperation, places, _, members = rng.choice(territories)
        stage = stages[index % len(stages)]
        reached = rng.randint(0, 3) if stage == Stage.CLOSED else PATH.index(stage)
        team = None
        if stage == Stage.ACTIVE and starting.get(cooperation.pk):
            team = starting[cooperation.pk].pop()
        place = next((p for p in places if team and p.pk == team.meeting_commune_id), None)
        place = place or rng.choices(places, weights=[p.population**0.5 + 3 for p in places])[0]
        # A third of the open requests have waited more than 30 days untouched.
        idle = rng.randint(35, 120) if rng.random() < 0.33 else rng.randint(0, 25)
        moment = today - timedelta(days=idle)
        dates = [moment]
        for _ in range(reached + (stage == Stage.CLOSED)):
            moment = moment - timedelta(days=rng.randint(7, 45))
            dates.append(moment)
        dates.reverse()
        path = PATH[: reached + 1] + ([Stage.CLOSED] if stage == Stage.CLOSED else [])
        moments = [_moment(day, rng) for day in dates]
        person = words.person(rng)
        requests.append(
            StartupRequest(
                commune_id=place.pk,
                cooperation=cooperation,
                requester_kind=rng.choice(RequesterKind.values),
                contact_name=person.name,
                contact_email=f"{slugify(person.name)}@{DEMO_DOMAIN}",
                contact_phone=words.phone(rng, place.region) if rng.random() < 0.6 else "",
                project=rng.choice(PROJECTS),
                needs=sorted(rng.sample(StartupNeed.values, rng.randint(1, 3))),
                consent=True,
                stage=stage,
                stage_since=moments[-1],
                last_activity_at=moments[-1],
                entry_partner_id=(
                    rng.choice(members) if members and reached >= PARTNER_NEEDED_FROM else None
                ),
                no_entry_partner=not members and reached >= PARTNER_NEEDED_FROM,
                team=team,
                closed_reason=rng.choice(CLOSED_REASONS) if stage == Stage.CLOSED else "",
                closed_at=moments[-1] if stage == Stage.CLOSED else None,
            )
        )
        histories.append(list(zip(path, moments, strict=True)))
        request_kinds.append(sorted(set(rng.choices(list(KIND_WEIGHTS), k=rng.randint(1, 2)))))
    requests = StartupRequest.objects.bulk_create(requests)
    # `created_at` is set on save: the day each request was received, in one statement.
    StartupRequest.objects.filter(pk__in=[r.pk for r in requests]).update(
        created_at=Case(
            *[When(pk=r.pk, then=Value(h[0][1])) for r, h in zip(requests, histories, strict=True)]
        )
    )
    StageChange.objects.bulk_create(
        [
            StageChange(request=request, stage=stage, entered_at=moment)
            for request, history in zip(requests, histories, strict=True)
            for stage, moment in history
        ]
    )
    _insert(
        StartupRequest.kinds.through,
        ["startuprequest_id", "kind_id"],
        [(r.pk, kind) for r, ks in zip(requests, request_kinds, strict=True) for kind in ks],
    )
    return len(requests)
