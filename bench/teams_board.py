"""The start-up board and the activity roll-up. Timed on the real geography (imported into a
bench database of its own):
- a cooperation's board « Équipes en démarrage » with 500 requests at every stage (some with
  support offers, a third untouched for 30 days), the whole page served through the Django test
  client to a signed-in animator;
- the national roll-up of the activity reports (« Chiffres du réseau ») over 10,000 teams x 5
  years of reports, the totals alone and the whole page.

Usage: python bench/teams_board.py [--database-url URL] [--requests N] [--teams N] [--runs N]
Default database: var/bench-teams-board.sqlite3 (created, migrated and filled on the first run).
Targets (issue 9): board p95 <= 100 ms with 500 requests; roll-up <= 200 ms over 10,000 x 5.
"""

import argparse
import datetime
import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
if "--database-url" not in " ".join(sys.argv):
    default = Path(__file__).resolve().parent.parent / "var" / "bench-teams-board.sqlite3"
    os.environ["DATABASE_URL"] = f"sqlite:///{default}"

from common import conditions, ensure_geography, percentiles, setup_django

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument("--requests", type=int, default=500)
parser.add_argument("--teams", type=int, default=10_000)
parser.add_argument("--years", type=int, default=5)
parser.add_argument("--runs", type=int, default=200)
args = setup_django(parser)

from django.db import transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from maillage.accounts.models import User  # noqa: E402
from maillage.cooperations.models import Animator, Cooperation, Membership  # noqa: E402
from maillage.organisations.enums import OrganisationKind  # noqa: E402
from maillage.organisations.models import Organisation  # noqa: E402
from maillage.teams.enums import RequesterKind, Stage  # noqa: E402
from maillage.teams.models import (  # noqa: E402
    ActivityReport,
    CitizenTeam,
    StartupRequest,
    SupportOffer,
)
from maillage.teams.services.reports import last_complete_year, national_totals  # noqa: E402
from maillage.territories.enums import PartKind  # noqa: E402
from maillage.territories.models import Commune, Perimeter, PerimeterPart  # noqa: E402

LABEL = "bench-teams-board"
SLUG = "banc-essai-demarrage"
DEPARTMENT = "22"


def build_board(total: int, rng: random.Random) -> Cooperation:
    with transaction.atomic():
        StartupRequest.objects.filter(cooperation__slug=SLUG).delete()
        Cooperation.objects.filter(slug=SLUG).delete()
        perimeter = Perimeter.objects.create(label=LABEL)
        PerimeterPart.objects.create(perimeter=perimeter, kind=PartKind.DEPARTMENT, code=DEPARTMENT)
        cooperation = Cooperation.objects.create(
            name="Coopération de banc d'essai", slug=SLUG, perimeter=perimeter
        )
        organisation, _ = Organisation.objects.get_or_create(
            slug=f"{SLUG}-asso",
            defaults={"name": "Association de banc d'essai", "kind": OrganisationKind.ASSOCIATION},
        )
        Membership.objects.create(cooperation=cooperation, organisation=organisation)
        user, _ = User.objects.get_or_create(email="animatrice.banc@exemple.fr")
        Animator.objects.create(cooperation=cooperation, user=user, organisation=organisation)
        communes = list(Commune.objects.current().filter(department_id=DEPARTMENT))
        now = timezone.now()
        stages = [s for s in Stage.values if s != Stage.CLOSED]
        requests = []
        for n in range(total):
            since = now - datetime.timedelta(days=rng.randint(0, 90))
            requests.append(
                StartupRequest(
                    commune=rng.choice(communes),
                    cooperation=cooperation,
                    requester_kind=rng.choice(RequesterKind.values),
                    contact_name=f"Porteur n° {n}",
                    contact_email=f"porteur-{n}@exemple.fr",
                    project="Rendre visite aux personnes âgées seules du bourg.",
                    consent=True,
                    stage=rng.choice(stages),
                    stage_since=since,
                    last_activity_at=since,
                    no_entry_partner=True,
                )
            )
        requests = StartupRequest.objects.bulk_create(requests, batch_size=1000)
        if requests[0].pk is None:
            requests = list(StartupRequest.objects.filter(cooperation=cooperation))
        SupportOffer.objects.bulk_create(
            SupportOffer(request=r, organisation=organisation, kinds=["coaching"])
            for r in requests
            if rng.random() < 0.3
        )
    return cooperation


def build_reports(teams: int, years: int, rng: random.Random) -> None:
    last = last_complete_year()
    with transaction.atomic():
        CitizenTeam.objects.filter(perimeter__label=LABEL).delete()
        Perimeter.objects.filter(label=LABEL, cooperation__isnull=True).delete()
        perimeters = Perimeter.objects.bulk_create(
            [Perimeter(label=LABEL) for _ in range(teams)], batch_size=5000
        )
        if perimeters[0].pk is None:
            perimeters = list(
                Perimeter.objects.filter(label=LABEL, cooperation__isnull=True).order_by("pk")
            )
        created = CitizenTeam.objects.bulk_create(
            [
                CitizenTeam(name=f"Équipe de banc {n}", slug=f"banc-bilans-{n}", perimeter=p)
                for n, p in enumerate(perimeters)
            ],
            batch_size=5000,
        )
        if created[0].pk is None:
            created = list(CitizenTeam.objects.filter(perimeter__label=LABEL))
        rows = []
        for team in created:
            for year in range(last - years + 1, last + 1):
                volunteers = rng.randint(3, 40)
                rows.append(
                    ActivityReport(
                        team=team,
                        year=year,
                        volunteers=volunteers,
                        new_volunteers=rng.randint(0, volunteers),
                        volunteers_trained=rng.randint(0, volunteers),
                        people_accompanied=rng.randint(5, 80),
                        visits=rng.randint(50, 800),
                        phone_calls=rng.randint(0, 500),
                        collective_activities=rng.randint(0, 40),
                        outings=rng.randint(0, 20),
                        hours=rng.randint(400, 2000),
                    )
                )
        ActivityReport.objects.bulk_create(rows, batch_size=5000)


def main() -> None:
    ensure_geography()
    rng = random.Random(42)
    cooperation = Cooperation.objects.filter(slug=SLUG).first()
    if cooperation is None or cooperation.startup_requests.count() != args.requests:
        started = time.perf_counter()
        cooperation = build_board(args.requests, rng)
        print(f"built {args.requests} requests in {time.perf_counter() - started:.1f} s")
    expected = args.teams * args.years
    if ActivityReport.objects.filter(team__perimeter__label=LABEL).count() != expected:
        started = time.perf_counter()
        build_reports(args.teams, args.years, rng)
        print(
            f"built {args.teams} teams x {args.years} years of reports in "
            f"{time.perf_counter() - started:.1f} s"
        )

    client = Client(HTTP_HOST="localhost")
    client.force_login(User.objects.get(email="animatrice.banc@exemple.fr"))
    url = reverse("teams:startup_board", args=[SLUG])
    response = client.get(url)  # warm the templates
    assert response.status_code == 200

    def timed(what: str, action) -> None:
        """Wall-clock and CPU times of `args.runs` runs: on a shared machine the wall clock
        carries the other processes' load, this process's CPU time much less (SQLite works
        inside it and is counted)."""
        wall, cpu = [], []
        for _ in range(args.runs):
            started, used = time.perf_counter(), time.process_time()
            action()
            cpu.append((time.process_time() - used) * 1000)
            wall.append((time.perf_counter() - started) * 1000)
        print(f"{what}: wall {percentiles(wall)}")
        print(f"{' ' * len(what)}  cpu  {percentiles(cpu)}")

    timed(f"board, {args.requests} requests (test client)", lambda: client.get(url))
    # Side by side, the same machine at the same moment: a small back-office page (the
    # cooperation's teams, none here), to tell the board's own cost from the machine's load.
    small = reverse("teams:cooperation_teams", args=[SLUG])
    timed("baseline, the cooperation's teams page (empty)", lambda: client.get(small))
    reports = ActivityReport.objects.count()
    timed(f"national roll-up over {reports} reports", national_totals)
    public = Client(HTTP_HOST="localhost")
    figures = reverse("teams:figures")
    timed("« Chiffres du réseau » page (two years' totals)", lambda: public.get(figures))
    print(conditions())


main()
