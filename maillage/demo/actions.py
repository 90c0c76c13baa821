"""About 5,000 actions against isolation, carried by the demo network's organisations.

Composed from the words of `action_words`, on the real communes of each organisation's
department; written in bulk (a few dozen queries in all) so that `load_demo` stays quick. The
same seed and the same day give the same actions. Freshness is counted from the day they are
loaded: about 10 % « à vérifier », 5 % out of date, 5 % ended.
"""

import random
import re
from dataclasses import dataclass
from datetime import date, timedelta
from enum import Enum

from django.db import connection
from django.utils import timezone
from django.utils.html import escape
from django.utils.text import slugify

from maillage.actions.enums import ActionStatus, KindCode
from maillage.actions.models import Action
from maillage.actions.search import reindex_actions
from maillage.cooperations.models import Membership
from maillage.core.text import of_name
from maillage.territories.enums import PartKind
from maillage.territories.models import Commune, Perimeter, PerimeterPart
from maillage.territories.services import clean_parts

from . import words
from .action_words import (
    AFTERNOONS,
    CLOSURES,
    DAYS,
    KINDS,
    MORNINGS,
    NTH,
    OFFICE_HOURS,
    VENUES,
    WHOLE_DAYS,
)

SEED = 2027
TOTAL = 5000
BATCH = 500
# The demo network's cooperations, the only ones whose organisations carry demo actions.
DEMO_COOPERATIONS = "monalisa-"
_DAY_IN_TITLE = re.compile(r"\bdu (" + "|".join(DAYS.values()) + r")\b")
_BY_NAME = {name: code for code, name in DAYS.items()}
_WEEKDAYS = ["Mo", "Tu", "We", "Th", "Fr"]


@dataclass
class Place:
    pk: int
    code: str
    name: str
    population: int
    epci: str | None
    department: str
    region: str


@dataclass
class Carrier:
    pk: int
    kind: str
    commune: int | None
    email: str
    phone: str
    slug: str
    department: str


def demo_actions_exist() -> bool:
    return Action.objects.filter(
        organisations__memberships__cooperation__slug__startswith=DEMO_COOPERATIONS
    ).exists()


def rhythm(rng: random.Random, name: str, day: str | None = None) -> tuple[str, str]:
    """When an action happens, in French and in OpenStreetMap's syntax; `day` pins the
    weekday a title names (« Balade du jeudi »)."""

    def pick(days):
        return day or rng.choice(days)

    def closure(text: str, hours: str, chance: float = 0.35) -> tuple[str, str]:
        if rng.random() < chance:
            osm, french = rng.choice(CLOSURES)
            return text + french, hours + osm
        return text, hours

    if day and name in {"appointment", "weekdays_afternoon", "weekdays_morning", "office_hours"}:
        name = "weekly_afternoon"
    if day and name == "twice_weekly":
        name = "weekly_morning"
    if name == "appointment":
        return rng.choice(
            [
                ("Sur rendez-vous, le jour qui convient à la personne", ""),
                ("Une visite par semaine, en après-midi, à l'heure convenue", ""),
                ("Du lundi au samedi, l'après-midi, sur rendez-vous", "Mo-Sa 14:00-18:00"),
            ]
        )
    if name == "weekdays_afternoon":
        return closure("Du lundi au vendredi, l'après-midi", "Mo-Fr 14:00-18:00")
    if name == "weekdays_morning":
        return closure("Du lundi au vendredi de 9 h à 12 h", "Mo-Fr 09:00-12:00")
    if name == "office_hours":
        osm, french = rng.choice(OFFICE_HOURS)
        return closure(f"Du lundi au vendredi {french}", f"Mo-Fr {osm}", 0.6)
    if name in {"weekly_afternoon", "weekly_morning", "weekly_weekend", "wednesday"}:
        times = MORNINGS if name == "weekly_morning" else AFTERNOONS
        days = {"weekly_weekend": ["Sa", "Su"], "wednesday": ["We"]}.get(name, _WEEKDAYS)
        code = pick(days)
        osm, french = rng.choice(times)
        if rng.random() < 0.2:
            return closure(f"Un {DAYS[code]} sur deux {french}", f"week 01-53/2 {code} {osm}")
        return closure(f"Chaque {DAYS[code]} {french}", f"{code} {osm}")
    if name == "twice_weekly":
        first, second = sorted(rng.sample(_WEEKDAYS, 2), key=_WEEKDAYS.index)
        osm, french = rng.choice(MORNINGS)
        return closure(f"Le {DAYS[first]} et le {DAYS[second]} {french}", f"{first},{second} {osm}")
    if name in {"monthly_day", "monthly_afternoon"}:
        code = pick(_WEEKDAYS)
        nth = rng.choice(list(NTH))
        osm, french = rng.choice(WHOLE_DAYS if name == "monthly_day" else AFTERNOONS)
        return closure(
            f"Le {NTH[nth]} {DAYS[code]} du mois, {french}", f"{code}[{nth}] {osm}", 0.25
        )
    if name == "monthly_noon":
        code = pick(_WEEKDAYS)
        nth = rng.choice(list(NTH))
        return f"Le {NTH[nth]} {DAYS[code]} du mois, à partir de 12 h", f"{code}[{nth}] 12:00-15:00"
    if name == "market_morning":
        code = pick(["Tu", "We", "Th", "Fr", "Sa"])
        return (
            f"Chaque {DAYS[code]} matin, jour de marché (départ à 8 h 30, retour à 12 h 30)",
            f"{code} 08:30-12:30",
        )
    raise ValueError(name)


def _carriers() -> list[Carrier]:
    rows = (
        Membership.objects.filter(cooperation__slug__startswith=DEMO_COOPERATIONS)
        .order_by("organisation_id")
        .values_list(
            "organisation_id",
            "organisation__kind",
            "organisation__commune_id",
            "organisation__contact_email",
            "organisation__phone",
            "organisation__slug",
            "organisation__commune__department_id",
        )
        .distinct()
    )
    return [Carrier(*row) for row in rows if row[6]]


def _places(departments: set[str]) -> dict[str, list[Place]]:
    rows = (
        Commune.objects.current()
        .filter(department_id__in=departments)
        .order_by("pk")
        .values_list("pk", "code", "name", "population", "epci_id", "department_id", "region_id")
    )
    found: dict[str, list[Place]] = {}
    for row in rows:
        place = Place(*row)
        place.population = place.population or 0
        found.setdefault(place.department, []).append(place)
    return found


def _verified(rng: random.Random, today: date) -> tuple[str, date]:
    """The status mix: 80 % fresh (a few suspended), 10 % to check, 5 % stale, 5 % ended."""
    roll = rng.random()
    if roll < 0.05:
        return ActionStatus.ENDED, today - timedelta(days=rng.randint(30, 900))
    if roll < 0.10:
        return ActionStatus.ACTIVE, today - timedelta(days=rng.randint(560, 1400))
    if roll < 0.20:
        return ActionStatus.ACTIVE, today - timedelta(days=rng.randint(370, 540))
    status = ActionStatus.SUSPENDED if roll > 0.975 else ActionStatus.ACTIVE
    return status, today - timedelta(days=rng.randint(0, 355))


def _zone(rng: random.Random, place: Place, neighbours: list[Place], remote: bool):
    roll = rng.random()
    if remote:
        if place.epci and roll < 0.4:
            return [(PartKind.EPCI, place.epci)]
        return [(PartKind.DEPARTMENT, place.department)]
    if roll < 0.4 or (not place.epci and roll < 0.7):
        return [(PartKind.COMMUNE, place.code)]
    if roll < 0.55:
        others = rng.sample(neighbours, min(len(neighbours), rng.randint(1, 3)))
        return sorted({(PartKind.COMMUNE, p.code) for p in [place, *others]})
    if roll < 0.85 and place.epci:
        return [(PartKind.EPCI, place.epci)]
    return [(PartKind.DEPARTMENT, place.department)]


def bulk_perimeters(owners, zones: list) -> list[Perimeter]:
    """One perimeter per owner (labelled with its str), with its parts [(kind, code)], written in
    bulk: the demo's actions and teams have thousands of them."""
    perimeters = Perimeter.objects.bulk_create(
        [Perimeter(label=str(owner)) for owner in owners], batch_size=BATCH
    )
    _insert(
        PerimeterPart,
        ["perimeter_id", "kind", "code"],
        [
            (perimeter.pk, kind, code)
            for perimeter, parts in zip(perimeters, zones, strict=True)
            for kind, code in parts
        ],
    )
    return perimeters


def _insert(model, columns: list[str], rows: list[tuple]) -> None:
    """Plain rows (links, perimeter parts) in one prepared statement: the ORM's bulk_create
    spends most of the demo's loading time building these tens of thousands of small rows."""
    quote = connection.ops.quote_name
    # Table and column names come from the models, never from input.
    sql = "INSERT INTO {} ({}) VALUES ({})".format(  # noqa: S608
        quote(model._meta.db_table),
        ", ".join(quote(model._meta.get_field(c.removesuffix("_id")).column) for c in columns),
        ", ".join(["%s"] * len(columns)),
    )
    # Choices (KindCode, PartKind) as their plain values: some drivers write an enum's name.
    rows = [tuple(v.value if isinstance(v, Enum) else v for v in row) for row in rows]
    with connection.cursor() as cursor:
        for start in range(0, len(rows), BATCH * 10):
            cursor.executemany(sql, rows[start : start + BATCH * 10])


@dataclass
class _Context:
    """What every composed action draws from: the carriers, the communes, the slugs taken."""

    carriers: list[Carrier]
    places: dict[str, list[Place]]
    by_pk: dict[int, Place]
    by_epci: dict[str, list[Place]]
    carrier_weights: dict[str, list[int]]
    used_slugs: set[str]
    today: date


def _context(today: date) -> _Context | None:
    carriers = _carriers()
    if not carriers:
        return None
    places = _places({c.department for c in carriers})
    by_pk = {p.pk: p for rows in places.values() for p in rows}
    by_epci: dict[str, list[Place]] = {}
    for place in by_pk.values():
        if place.epci:
            by_epci.setdefault(place.epci, []).append(place)
    return _Context(
        carriers=carriers,
        places=places,
        by_pk=by_pk,
        by_epci=by_epci,
        carrier_weights={
            kind: [4 if c.kind in words.carriers else 1 for c in carriers]
            for kind, words in KINDS.items()
        },
        used_slugs=set(Action.objects.values_list("slug", flat=True)),
        today=today,
    )


def _slug(context: _Context, title: str, place: Place) -> str:
    slug = base = slugify(title if place.name in title else f"{title} {place.name}")[:200]
    counter = 2
    while slug in context.used_slugs:
        slug = f"{base}-{counter}"
        counter += 1
    context.used_slugs.add(slug)
    return slug


def _compose(rng: random.Random, context: _Context, kind: str):
    """One action of this kind: the unsaved row, its zone's parts, its kinds, publics and
    carriers."""
    words_of = KINDS[kind]
    carrier = rng.choices(context.carriers, weights=context.carrier_weights[kind], k=1)[0]
    department = context.places[carrier.department]
    home = context.by_pk.get(carrier.commune) or department[0]
    if rng.random() < 0.6:
        place = home
    else:
        pool = context.by_epci.get(home.epci, department) if rng.random() < 0.5 else department
        place = rng.choices(pool, weights=[p.population**0.5 + 5 for p in pool], k=1)[0]
    remote = rng.random() < words_of.remote
    on_site = not remote and not words_of.at_home
    venue, venue_name = rng.choice(words_of.venues or VENUES)
    theme = rng.choice(words_of.themes)
    # Done from home, an action has no venue in its title.
    titles = [t for t in theme.titles if "{venue}" not in t] if remote else theme.titles
    title = rng.choice(titles or theme.titles).format(of_c=of_name(place.name), venue=venue)
    day = _DAY_IN_TITLE.search(title)
    schedule, hours = rhythm(
        rng, rng.choice(theme.rhythms or words_of.rhythms), day and _BY_NAME[day[1]]
    )
    # The theme's paragraph says what it is; one or two of the kind's follow, in order.
    more = sorted(rng.sample(range(len(words_of.paragraphs)), rng.randint(1, 2)))
    description = theme.intro + "".join(words_of.paragraphs[i] for i in more)
    if on_site:
        description += f"<p>Rendez-vous {escape(venue)} {escape(of_name(place.name))}.</p>"
    elif not remote:
        description += (
            f"<p>L'équipe est basée sur la commune {escape(of_name(place.name))} et se "
            "déplace dans les communes voisines.</p>"
        )
    elif kind != KindCode.PHONE_CALLS:
        description += (
            "<p>Tout se passe par téléphone ou en visioconférence : nul besoin de se déplacer.</p>"
        )
    costs = theme.costs or words_of.costs
    is_free = not costs or rng.random() < words_of.free
    status, verified_on = _verified(rng, context.today)
    neighbours = [p for p in context.by_epci.get(place.epci, []) if p.pk != place.pk][:40]
    action = Action(
        title=title,
        slug=_slug(context, title, place),
        summary=theme.summary,
        description=description,
        commune_id=None if remote else place.pk,
        address=f"{venue_name}, {words.address(rng)}" if on_site else "",
        remote=remote,
        schedule=schedule,
        opening_hours=hours,
        is_free=is_free,
        cost_details=rng.choice(costs) if not is_free else rng.choice(["Gratuit.", ""]),
        contact_phone=carrier.phone or words.phone(rng, place.region),
        contact_email=carrier.email,
        drop_in=on_site and rng.random() < words_of.drop_in,
        form_url=(
            f"https://{words.domain(carrier.slug)}/inscription" if rng.random() < 0.1 else ""
        ),
        how_to_join=rng.choice(words_of.joining),
        status=status,
        verified_on=verified_on,
    )
    kinds = {kind, rng.choice(list(KINDS))} if rng.random() < 0.2 else {kind}
    publics = set(rng.sample(words_of.publics, rng.randint(1, len(words_of.publics))))
    carriers = {carrier.pk}
    partner = rng.choice(context.carriers)
    if rng.random() < 0.15 and partner.department == carrier.department:
        carriers.add(partner.pk)
    return action, _zone(rng, place, neighbours, remote), (kinds, publics, carriers)


def build_demo_actions(today: date | None = None) -> int:
    """Create the demo's actions; the caller holds the transaction and checks idempotence."""
    rng = random.Random(SEED)
    context = _context(today or timezone.localdate())
    if context is None:
        return 0
    kinds = list(KINDS)
    weights = [KINDS[kind].weight for kind in kinds]
    composed = [_compose(rng, context, kind) for kind in rng.choices(kinds, weights, k=TOTAL)]
    actions = [action for action, _, _ in composed]
    zones = [parts for _, parts, _ in composed]

    # Every code comes from the geography; the territories service checks them all at once.
    clean_parts({part for parts in zones for part in parts})
    for action, perimeter in zip(actions, bulk_perimeters(actions, zones), strict=True):
        action.zone_id = perimeter.pk
    actions = Action.objects.bulk_create(actions, batch_size=BATCH)
    through = Action.kinds.through, Action.publics.through, Action.organisations.through
    for index, (model, column) in enumerate(
        zip(through, ("kind_id", "public_id", "organisation_id"), strict=True)
    ):
        _insert(
            model,
            ["action_id", column],
            [
                (action.pk, value)
                for action, (_, _, links) in zip(actions, composed, strict=True)
                for value in sorted(links[index])
            ],
        )
    # Bulk writes bypass the signals that index a saved action.
    reindex_actions([action.pk for action in actions])
    return len(actions)
