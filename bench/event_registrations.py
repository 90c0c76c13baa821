"""1,000 people register at once to an event of 100 places, through the registration service,
from many threads (each with its own database connection): exactly 100 registered, the rest on
the waiting list in order, no error. Prints the time and the conditions.

    .venv/bin/python bench/event_registrations.py \
        --database-url postgres://postgres@127.0.0.1:5432/maillage_bench_events

Needs PostgreSQL (SQLite writes one transaction at a time). The event and its registrations
are deleted at the end; the database is migrated if needed.
"""

import argparse
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import conditions, percentiles, setup_django

parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
parser.add_argument("--people", type=int, default=1000)
parser.add_argument("--places", type=int, default=100)
parser.add_argument("--threads", type=int, default=32, help="registrations in flight at once")
args = setup_django(parser)

import datetime  # noqa: E402

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.utils import timezone  # noqa: E402

from maillage.animation.enums import RegistrationStatus  # noqa: E402
from maillage.animation.models import Event, Registration  # noqa: E402
from maillage.animation.services import registration_create  # noqa: E402
from maillage.core.models import OutboundMail  # noqa: E402


def main() -> None:
    if connection.vendor != "postgresql":
        sys.exit("PostgreSQL needed: pass --database-url postgres://…")
    call_command("migrate", verbosity=0)
    # Mails are written to the outbox as in production; none leaves the machine.
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    starts = timezone.now() + datetime.timedelta(days=10)
    event = Event.objects.create(
        title="Rendez-vous des coopérations (banc d'essai)",
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=3),
        capacity=args.places,
    )
    last_mail = OutboundMail.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    gate = threading.Barrier(args.threads)
    latencies, errors = [], []
    # Each worker thread keeps its own connection for all its registrations, as an app
    # process does between requests (CONN_MAX_AGE); they close when the process ends.

    def register(number: int) -> None:
        if number < args.threads:
            gate.wait(timeout=30)  # the first wave leaves together
        began = time.perf_counter()
        try:
            registration_create(
                event=event,
                name=f"Personne {number}",
                email=f"banc-{number}@exemple.fr",
                base_url="https://maillage.example",
            )
            latencies.append((time.perf_counter() - began) * 1000)
        except Exception as error:
            errors.append(repr(error))

    began = time.perf_counter()
    with ThreadPoolExecutor(max_workers=args.threads) as pool:
        list(pool.map(register, range(args.people)))
    elapsed = time.perf_counter() - began

    rows = Registration.objects.filter(event=event)
    registered = rows.filter(status=RegistrationStatus.REGISTERED).count()
    waiting = rows.filter(status=RegistrationStatus.WAITING).count()
    ours = OutboundMail.objects.filter(pk__gt=last_mail, template__startswith="animation/")
    mails = ours.count()
    print(f"{args.people} registrations, {args.threads} at once, {args.places} places")
    print(f"registered: {registered}  waiting: {waiting}  errors: {len(errors)}  mails: {mails}")
    print(f"total {elapsed:.2f} s, {args.people / elapsed:.0f} registrations/s")
    if latencies:
        print("each registration: " + percentiles(latencies))
    print(conditions())
    for error in errors[:5]:
        print("error:", error)
    ok = registered == args.places and waiting == args.people - args.places and not errors
    ours.delete()
    event.delete()
    print("OK" if ok else "FAILED")
    sys.exit(0 if ok else 1)


main()
