"""The national map and a cooperation's page, timed server side through Django's test client.

Builds a synthetic network like the demo one (66 cooperations on real departments, about 550
organisations, about 10 members and 2 animators per cooperation, objectives, aims, news,
testimonies), or --scale times that, then times GET requests after a warm-up.

Usage: python bench/cooperation_pages.py [--database-url URL] [--scale N] [--requests N] [--keep]
Target (issue 3): p95 <= 50 ms for both pages, with the demo data and with ten times it.
The map is timed twice: as served (its rendering cached under a digest of the network, see
cooperations/views/public.py) and with the cache emptied before each request (the worst case,
after any change to a cooperation). The cache is the settings' one (local memory by default).
Run it on a scratch database: it adds rows (removed at the end unless --keep).
"""

import argparse
import datetime
import itertools
import random
import time

from common import conditions, ensure_geography, percentiles, setup_django

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument("--scale", type=int, default=1, help="multiply the demo network by N")
parser.add_argument("--requests", type=int, default=200, help="timed requests per page")
parser.add_argument("--warmup", type=int, default=20)
parser.add_argument("--keep", action="store_true", help="keep the synthetic network afterwards")
args = setup_django(parser)

from django.core.cache import cache  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402

from maillage.accounts.models import User  # noqa: E402
from maillage.cooperations.enums import (  # noqa: E402
    Aim,
    CooperationStatus,
    MemberRole,
    ObjectiveStatus,
    WorkingMode,
)
from maillage.cooperations.models import (  # noqa: E402
    Animator,
    Cooperation,
    CooperationAim,
    Membership,
    NewsItem,
    Objective,
    Testimony,
)
from maillage.organisations.enums import OrganisationKind, SignatureStatus  # noqa: E402
from maillage.organisations.models import CharterSignature, Organisation  # noqa: E402
from maillage.territories.enums import PartKind, Zone  # noqa: E402
from maillage.territories.models import Commune, Department, Epci, Perimeter, PerimeterPart  # noqa: E402

PREFIX = "bench-coop"
COOPERATIONS = 66
ORGANISATIONS = 550
ROLES = (
    [MemberRole.CO_ANIMATOR] * 2
    + [MemberRole.STEERING] * 3
    + [MemberRole.MEMBER] * 3
    + [
        MemberRole.FUNDER,
        MemberRole.PARTNER,
    ]
)
BIRTH = (
    "<p>La coopération est née en {year} d'une rencontre entre le CCAS, une caisse de retraite et "
    "trois associations de visiteurs.</p><ul><li>premier diagnostic partagé</li>"
    "<li>charte signée par <strong>{n} structures</strong></li></ul>"
)


def cleanup() -> None:
    with transaction.atomic():
        perimeters = list(
            Cooperation.objects.filter(slug__startswith=PREFIX).values_list("perimeter", flat=True)
        )
        Cooperation.objects.filter(slug__startswith=PREFIX).delete()
        Perimeter.objects.filter(pk__in=perimeters).delete()
        Organisation.objects.filter(slug__startswith=PREFIX).delete()
        User.objects.filter(email__startswith=PREFIX).delete()


def _with_ids(model, objs, key: str, values: list):
    """bulk_create, then the rows with their ids on back-ends that do not return them."""
    created = model.objects.bulk_create(objs, batch_size=2000)
    if created and created[0].pk is None:
        return list(model.objects.filter(**{f"{key}__in": values}).order_by("pk"))
    return created


def build(scale: int, rng: random.Random) -> dict[str, int]:
    departments = list(
        Department.objects.filter(zone__in=[Zone.METRO, Zone.DROM]).values_list("code", flat=True)
    )
    epcis_by_department: dict[str, list[str]] = {}
    for epci, department in (
        Commune.objects.current()
        .exclude(epci=None)
        .values_list("epci", "department")
        .order_by()
        .distinct()
    ):
        epcis_by_department.setdefault(department, []).append(epci)
    communes = list(Commune.objects.current().values_list("pk", flat=True)[:5000])
    kinds = list(OrganisationKind.values)
    today = datetime.date(2025, 6, 1)
    total_coops = COOPERATIONS * scale
    total_orgs = ORGANISATIONS * scale
    with transaction.atomic():
        slugs = [f"{PREFIX}-org-{i}" for i in range(total_orgs)]
        organisations = _with_ids(
            Organisation,
            [
                Organisation(
                    name=f"Structure inventée n° {i}",
                    slug=slug,
                    kind=kinds[i % len(kinds)],
                    commune_id=rng.choice(communes) if communes else None,
                    description="Une structure fictive du banc d'essai.",
                )
                for i, slug in enumerate(slugs)
            ],
            "slug",
            slugs,
        )
        CharterSignature.objects.bulk_create(
            [
                CharterSignature(
                    organisation=org,
                    signatory_name="Personne inventée",
                    signatory_role="présidente",
                    signed_on=today,
                    status=SignatureStatus.VALIDATED,
                )
                for org in organisations
                if rng.random() < 0.9
            ],
            batch_size=2000,
        )
        emails = [f"{PREFIX}-{i}@exemple.invalid" for i in range(2 * total_coops)]
        users = _with_ids(
            User,
            [
                User(email=email, first_name="Prénom", last_name=f"Nom {i}", password="!")
                for i, email in enumerate(emails)
            ],
            "email",
            emails,
        )
        labels = [f"{PREFIX}-{i}" for i in range(total_coops)]
        perimeters = _with_ids(
            Perimeter, [Perimeter(label=label) for label in labels], "label", labels
        )
        parts = []
        shapes = {"department": 0, "two departments": 0, "EPCIs": 0}
        for i, perimeter in enumerate(perimeters):
            department = departments[i % len(departments)]
            roll = rng.random()
            if roll < 0.1 and epcis_by_department.get(department):
                epcis = epcis_by_department[department]
                chosen = [(PartKind.EPCI, c) for c in rng.sample(epcis, min(3, len(epcis)))]
                shapes["EPCIs"] += 1
            elif roll < 0.2:
                other = departments[(i + 1) % len(departments)]
                chosen = [(PartKind.DEPARTMENT, department), (PartKind.DEPARTMENT, other)]
                shapes["two departments"] += 1
            else:
                chosen = [(PartKind.DEPARTMENT, department)]
                shapes["department"] += 1
            parts += [PerimeterPart(perimeter=perimeter, kind=k, code=c) for k, c in chosen]
        PerimeterPart.objects.bulk_create(parts, batch_size=2000)
        statuses = [CooperationStatus.ACTIVE] * 8 + [
            CooperationStatus.EMERGING,
            CooperationStatus.DORMANT,
        ]
        coop_slugs = [f"{PREFIX}-{i}" for i in range(total_coops)]
        cooperations = _with_ids(
            Cooperation,
            [
                Cooperation(
                    name=f"Coopération inventée n° {i}",
                    slug=slug,
                    perimeter=perimeters[i],
                    status=statuses[i % len(statuses)],
                    founded_on=datetime.date(2014 + i % 10, 1 + i % 12, 1),
                    birth_story=BIRTH.format(year=2014 + i % 10, n=10 + i % 20),
                    working_mode=WorkingMode.THEMATIC_GROUPS,
                    working_description="Trois groupes thématiques se réunissent le même jour.",
                    strategy="Mieux mailler le territoire, en priorité dans les zones blanches.",
                    contact_email=f"contact-{i}@exemple.invalid",
                )
                for i, slug in enumerate(coop_slugs)
            ],
            "slug",
            coop_slugs,
        )
        memberships, animators, aims, objectives, news, testimonies = [], [], [], [], [], []
        for i, cooperation in enumerate(cooperations):
            members = rng.sample(organisations, len(ROLES))
            memberships += [
                Membership(cooperation=cooperation, organisation=org, role=role, since=today)
                for org, role in zip(members, ROLES, strict=True)
            ]
            animators += [
                Animator(cooperation=cooperation, user=users[2 * i + k], organisation=members[k])
                for k in range(2)
            ]
            aims += [
                CooperationAim(cooperation=cooperation, aim=aim, description="Dans nos mots.")
                for aim in rng.sample(list(Aim.values), 4)
            ]
            objectives += [
                Objective(
                    cooperation=cooperation,
                    title=f"Objectif {k}",
                    status=rng.choice(ObjectiveStatus.values),
                    position=k,
                )
                for k in range(4)
            ]
            news += [
                NewsItem(
                    cooperation=cooperation,
                    title=f"Actualité {k}",
                    body="Une nouvelle équipe citoyenne a vu le jour.",
                    published_on=today - datetime.timedelta(days=30 * k),
                )
                for k in range(5)
            ]
            testimonies += [
                Testimony(
                    cooperation=cooperation,
                    quote="Nous avons appris à travailler ensemble.",
                    person_name=f"Personne {k}",
                    person_role="co-animatrice",
                    organisation_name=members[k].name,
                    position=k,
                )
                for k in range(2)
            ]
        for model, objs in [
            (Membership, memberships),
            (Animator, animators),
            (CooperationAim, aims),
            (Objective, objectives),
            (NewsItem, news),
            (Testimony, testimonies),
        ]:
            model.objects.bulk_create(objs, batch_size=2000)
    return {
        "cooperations": total_coops,
        "organisations": total_orgs,
        "memberships": len(memberships),
        "animators": len(animators),
        "perimeter shapes": shapes,
        "epcis in geography": Epci.objects.count(),
    }


def time_pages(
    client: Client, urls: list[str], requests: int, warmup: int, *, cold: bool = False
) -> tuple[list[float], int]:
    """Time GET requests; `cold` empties the cache before each one (outside the timing), so
    that the map is rendered afresh every time."""
    cycle = itertools.cycle(urls)
    for _ in range(warmup):
        response = client.get(next(cycle))
        assert response.status_code == 200, response.status_code
    queries = []
    if cold:
        cache.clear()
    with connection.execute_wrapper(
        lambda execute, sql, *rest: queries.append(sql) or execute(sql, *rest)
    ):
        client.get(urls[0])
    samples = []
    for _ in range(requests):
        url = next(cycle)
        if cold:
            cache.clear()
        started = time.perf_counter()
        response = client.get(url)
        samples.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200
    return samples, len(queries)


def main() -> None:
    ensure_geography()
    cleanup()
    rng = random.Random(3)
    started = time.perf_counter()
    built = build(args.scale, rng)
    print(f"built in {time.perf_counter() - started:.1f} s: {built}")
    print(f"all cooperations in the database: {Cooperation.objects.count()}")
    client = Client(HTTP_HOST="localhost")
    slugs = list(
        Cooperation.objects.filter(slug__startswith=PREFIX).values_list("slug", flat=True)[:50]
    )
    pages = {
        "map /cooperations/": ["/cooperations/"],
        "map, cache emptied before each request": ["/cooperations/"],
        "list /cooperations/liste/": ["/cooperations/liste/"],
        "cooperation page (50 different ones)": [f"/cooperations/{slug}/" for slug in slugs],
    }
    try:
        for name, urls in pages.items():
            cold = name.startswith("map, cache emptied")
            samples, queries = time_pages(client, urls, args.requests, args.warmup, cold=cold)
            size = len(client.get(urls[0]).content)
            print(f"{name}: {percentiles(samples)}; {queries} queries; {size / 1024:.0f} KiB")
    finally:
        if not args.keep:
            cleanup()
    print(f"scale {args.scale}; {conditions()}")


main()
