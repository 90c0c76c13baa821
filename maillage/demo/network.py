"""An invented MONALISA network on the real geography: 66 cooperations, about 550 organisations.

Names of organisations and people are made up; communes and departments are real. The same
seed always gives the same network, so the demo accounts and pages are stable.
"""

import random
from dataclasses import dataclass
from datetime import date, timedelta

from django.contrib.auth.hashers import make_password
from django.utils.html import escape
from django.utils.text import slugify

from maillage.accounts.models import User
from maillage.cooperations import models as cooperation_models
from maillage.cooperations.enums import (
    Aim,
    CooperationStatus,
    MemberRole,
    ObjectiveStatus,
    WorkingMode,
)
from maillage.core.text import at_name, of_name, with_article
from maillage.core.validators import luhn_valid
from maillage.organisations.enums import (
    AffiliationRole,
    CharterKind,
    OrganisationKind,
    SignatureStatus,
)
from maillage.organisations.models import Affiliation, CharterSignature, Network, Organisation
from maillage.territories.enums import PartKind
from maillage.territories.models import Commune, Department, Epci
from maillage.territories.services import perimeter_create

from . import words

SEED = 2026
# The demo network's "today": its dates stay the same whatever the day it is loaded.
TODAY = date(2026, 11, 1)
CHARTER_SINCE = date(2014, 6, 1)
DEMO_DOMAIN = "demo.maillage.fr"
ANIMATOR_22_EMAIL = f"animation.cotes-darmor@{DEMO_DOMAIN}"

# 66 departments with a cooperation (most of them one department each).
DEPARTMENTS = (
    "01 02 06 07 11 13 14 16 17 19 21 22 24 25 26 29 30 31 33 34 35 37 38 40 42 44 45 49 50 "
    "51 54 56 57 59 61 62 63 64 66 67 68 69 71 72 73 74 75 76 77 78 80 81 83 84 85 86 87 91 "
    "92 93 94 95 971 974 36 89"
).split()
EMERGING = {"07", "40", "81", "971", "95", "16"}
DORMANT = {"02", "19", "57", "66", "80"}
# Smaller or larger territories than one department, as some cooperations have.
SPECIAL_PERIMETERS = {
    "69": ("Coopération MONALISA Métropole de Lyon", [(PartKind.EPCI, "200046977")]),
    "29": ("Coopération MONALISA Pays de Brest", [(PartKind.EPCI, "242900314")]),
    "64": (
        "Coopération MONALISA Béarn et Pays basque",
        [(PartKind.DEPARTMENT, "64"), (PartKind.DEPARTMENT, "65")],
    ),
}

NETWORKS = [
    "Réseau Aînés Solidaires",
    "Fédération des Clubs de l'Amitié",
    "Union des Visiteurs Bénévoles",
    "Mouvement Voisins et Générations",
    "Collectif Lien Rural",
]
FUNDING_KINDS = {
    OrganisationKind.PENSION_FUND,
    OrganisationKind.MUTUAL_INSURER,
    OrganisationKind.DEPARTMENT_COUNCIL,
    OrganisationKind.LOCAL_AUTHORITY,
}
KIND_WEIGHTS = [
    (OrganisationKind.ASSOCIATION, 38),
    (OrganisationKind.CCAS, 16),
    (OrganisationKind.LOCAL_AUTHORITY, 8),
    (OrganisationKind.DEPARTMENT_COUNCIL, 3),
    (OrganisationKind.PENSION_FUND, 7),
    (OrganisationKind.MUTUAL_INSURER, 6),
    (OrganisationKind.SOCIAL_CENTRE, 9),
    (OrganisationKind.CARE_HOME, 8),
    (OrganisationKind.INSTITUTION, 3),
    (OrganisationKind.OTHER, 2),
]

BIRTH_STORY_22 = (
    "<p>À l'issue d'un groupe de travail sur le bénévolat, deux structures signataires de la "
    "charte MONALISA ont lancé la mobilisation dans le département.</p>"
    "<p>Un recensement des actions et un guide du bénévole ont permis de solliciter les acteurs "
    "intéressés par la dynamique.</p>"
)
WORKING_22 = (
    "<p>Les membres ont choisi à l'unanimité de travailler en <strong>groupes thématiques</strong> "
    "qui se réunissent en même temps, puis mettent leurs travaux en commun :</p>"
    "<ul><li>aller vers les personnes isolées ;</li><li>accueillir et former les bénévoles ;</li>"
    "<li>faire connaître les actions du territoire.</li></ul>"
    "<p>Le travail de la coopération est partagé avec le conseil départemental pour nourrir le "
    "prochain schéma de l'autonomie.</p>"
)
STRATEGY_22 = (
    "<h3>Trois priorités</h3>"
    "<ol><li>Mieux mailler le territoire là où il n'existe pas encore d'équipe citoyenne.</li>"
    "<li>Recenser les actions contre l'isolement, commune par commune.</li>"
    "<li>Présenter le diagnostic aux élus du département.</li></ol>"
    '<p>Pour en savoir plus : <a href="https://www.monalisa-asso.fr">le site de '
    "MONALISA</a>.</p>"
)


@dataclass
class DemoNetwork:
    cooperations: int
    organisations: int
    memberships: int
    animators: int


def _siret(rng: random.Random) -> str:
    while True:
        digits = "".join(str(rng.randint(0, 9)) for _ in range(13))
        for key in range(10):
            candidate = digits + str(key)
            if luhn_valid(candidate) and not candidate.startswith("356000000"):
                return candidate


def _communes_by_department(codes: list[str]) -> dict[str, list[tuple[int, str, int]]]:
    rows = (
        Commune.objects.current()
        .filter(department_id__in=codes)
        .order_by("pk")
        .values_list("department_id", "pk", "name", "population")
    )
    found: dict[str, list[tuple[int, str, int]]] = {}
    for department, pk, name, population in rows:
        found.setdefault(department, []).append((pk, name, population or 0))
    return found


def _weighted_commune(rng: random.Random, communes: list[tuple[int, str, int]]):
    # Larger towns host more organisations, but villages have some too.
    weights = [population**0.5 + 5 for _, _, population in communes]
    return rng.choices(communes, weights=weights, k=1)[0]


def department_phrase(department: Department) -> str:
    """The department as a sentence says it: "les Côtes-d'Armor", "l'Aisne", "Paris"."""
    return with_article(department.name, words.department_links().get(department.code))


def _organisation_name(rng, kind, communes, of_d, used_slugs) -> tuple[str, str, int, str]:
    """A believable name not taken yet: (name, slug, commune pk, commune name)."""
    patterns = (
        words.ASSOCIATION_NAMES if kind == OrganisationKind.ASSOCIATION else words.KIND_NAMES[kind]
    )
    for attempt in range(30):
        commune_pk, commune_name, _ = _weighted_commune(rng, communes)
        name = rng.choice(patterns).format(
            at_c=at_name(commune_name), of_c=of_name(commune_name), of_d=of_d
        )
        if attempt >= 20:  # a department with few communes: number the namesakes
            name = f"{name} — antenne {attempt - 18}"
        slug = slugify(name)[:200]
        if slug not in used_slugs:
            used_slugs.add(slug)
            return name, slug, commune_pk, commune_name
    raise RuntimeError("No free organisation name")  # pragma: no cover


def build_demo_network(password_hash: str | None = None) -> DemoNetwork:
    """Create the demo network; the caller holds the transaction and checks idempotence."""
    rng = random.Random(SEED)
    password_hash = password_hash or make_password(None)
    departments = {d.code: d for d in Department.objects.filter(code__in=[*DEPARTMENTS, "65"])}
    communes = _communes_by_department(list(departments))
    # A partial geography (tests) gives a smaller network: departments without communes are skipped.
    chosen = [code for code in DEPARTMENTS if len(communes.get(code, [])) >= 1]
    valid_epcis = set(
        Epci.objects.filter(
            code__in=[
                code
                for _, parts in SPECIAL_PERIMETERS.values()
                for k, code in parts
                if k == PartKind.EPCI
            ]
        ).values_list("code", flat=True)
    )
    networks = [Network.objects.get_or_create(name=name)[0] for name in NETWORKS]

    organisations: list[Organisation] = []
    org_department: list[str] = []
    used_slugs: set[str] = set(Organisation.objects.values_list("slug", flat=True))
    kinds, weights = zip(*KIND_WEIGHTS, strict=True)
    for code in chosen:
        department = departments[code]
        of_d = of_name(department_phrase(department))
        count = rng.randint(6, 11)
        # Every cooperation needs at least two structures to co-animate it.
        chosen_kinds = [OrganisationKind.ASSOCIATION, rng.choice(kinds[1:6])]
        chosen_kinds += rng.choices(kinds, weights=weights, k=count - 2)
        for kind in chosen_kinds:
            name, slug, commune_pk, commune_name = _organisation_name(
                rng, kind, communes[code], of_d, used_slugs
            )
            description = words.ORGANISATION_DESCRIPTIONS.get(
                kind, words.DEFAULT_ORGANISATION_DESCRIPTION
            )
            organisations.append(
                Organisation(
                    name=name,
                    slug=slug,
                    kind=kind,
                    siret=_siret(rng) if rng.random() < 0.7 else "",
                    commune_id=commune_pk,
                    address=words.address(rng),
                    website=f"https://{words.domain(slug)}" if rng.random() < 0.5 else "",
                    contact_email=f"contact@{words.domain(slug)}",
                    phone=words.phone(rng, department.region_id) if rng.random() < 0.8 else "",
                    description=description.format(
                        of_c=escape(of_name(commune_name)), of_d=escape(of_d)
                    ),
                )
            )
            org_department.append(code)
    organisations = Organisation.objects.bulk_create(organisations, batch_size=500)
    by_department: dict[str, list[Organisation]] = {}
    for organisation, code in zip(organisations, org_department, strict=True):
        by_department.setdefault(code, []).append(organisation)

    Organisation.networks.through.objects.bulk_create(
        [
            Organisation.networks.through(organisation_id=o.pk, network_id=n.pk)
            for o in organisations
            if o.kind == OrganisationKind.ASSOCIATION
            for n in rng.sample(networks, rng.randint(0, 2))
        ]
    )
    signatures = []
    for organisation in organisations:
        roll = rng.random()
        if roll < 0.75:
            status = SignatureStatus.VALIDATED
        elif roll < 0.82:
            status = SignatureStatus.REQUESTED
        else:
            continue
        signatory = words.person(rng)
        roles = words.SIGNATORY_ROLES.get(organisation.kind, words.DEFAULT_SIGNATORY_ROLES)
        # Validated signatures spread over the years since the charter (2014); requests are
        # recent, as they wait for the national team.
        days = rng.randint(90, 4000) if status == SignatureStatus.VALIDATED else rng.randint(3, 60)
        signatures.append(
            CharterSignature(
                organisation=organisation,
                charter=CharterKind.NATIONAL,
                signatory_name=signatory.name,
                signatory_role=signatory.role(*rng.choice(roles)),
                signed_on=max(TODAY - timedelta(days=days), CHARTER_SINCE),
                status=status,
                decided_at=None,
            )
        )
    CharterSignature.objects.bulk_create(signatures, batch_size=500)

    cooperations, memberships, animators, affiliations, users = [], [], [], [], []
    aims, objectives, news, testimonies = [], [], [], []
    for code in chosen:
        department = departments[code]
        of_d = of_name(department_phrase(department))
        town = max(communes[code], key=lambda row: row[2])[1]
        name, parts = SPECIAL_PERIMETERS.get(
            code,
            (f"Coopération MONALISA {code} — {department.name}", [(PartKind.DEPARTMENT, code)]),
        )
        parts = [
            (kind, part)
            for kind, part in parts
            if (kind == PartKind.EPCI and part in valid_epcis)
            or (kind == PartKind.DEPARTMENT and part in departments)
        ] or [(PartKind.DEPARTMENT, code)]
        status = (
            CooperationStatus.EMERGING
            if code in EMERGING
            else CooperationStatus.DORMANT
            if code in DORMANT
            else CooperationStatus.ACTIVE
        )
        # Emerging cooperations are young; the others have a few years behind them.
        founded_on = (
            date(rng.randint(2024, 2025), rng.randint(1, 12), 1)
            if status == CooperationStatus.EMERGING
            else date(rng.randint(2015, 2023), rng.randint(1, 12), 1)
        )
        members = by_department[code]
        working_mode = (
            WorkingMode.THEMATIC_GROUPS
            if code == "22"
            else WorkingMode.TERRITORIAL_SECTORS
            if code == "34"
            else rng.choice(list(WorkingMode))
        )
        values = {
            "of_d": escape(of_d),
            "of_t": escape(of_name(town)),
            "year": founded_on.year,
            "org_a": escape(members[0].name),
            "org_b": escape(members[1].name),
            "sectors": rng.choice(["trois", "quatre", "cinq"]),
        }
        perimeter = perimeter_create(parts=parts, label=name)
        cooperation = cooperation_models.Cooperation.objects.create(
            name=name,
            slug=f"monalisa-{code.lower()}",
            perimeter=perimeter,
            status=status,
            founded_on=founded_on,
            birth_story=BIRTH_STORY_22
            if code == "22"
            else rng.choice(words.BIRTH_STORIES).format(**values),
            working_mode=working_mode,
            working_description=WORKING_22
            if code == "22"
            else words.WORKING_DESCRIPTIONS[working_mode].format(**values),
            strategy=STRATEGY_22 if code == "22" else rng.choice(words.STRATEGIES).format(**values),
            contact_email=f"cooperation-{code.lower()}@{DEMO_DOMAIN}",
        )
        cooperations.append(cooperation)
        roles = [MemberRole.CO_ANIMATOR, MemberRole.CO_ANIMATOR]
        # Funders are those who fund: caisses, mutuelles, councils, towns.
        roles += [
            rng.choice(
                [MemberRole.FUNDER, MemberRole.FUNDER, MemberRole.STEERING, MemberRole.PARTNER]
                if organisation.kind in FUNDING_KINDS
                else [MemberRole.STEERING, MemberRole.MEMBER, MemberRole.MEMBER, MemberRole.PARTNER]
            )
            for organisation in members[2:]
        ]
        for index, (organisation, role) in enumerate(zip(members, roles, strict=True)):
            # The founders from the first day, the others joining over the years since.
            joined = 0 if index < 2 else rng.randint(30, max(31, (TODAY - founded_on).days))
            memberships.append(
                cooperation_models.Membership(
                    cooperation=cooperation,
                    organisation=organisation,
                    role=role,
                    since=founded_on + timedelta(days=joined),
                )
            )
        for index, organisation in enumerate(members[:2]):
            animator = words.person(rng)
            email = (
                ANIMATOR_22_EMAIL
                if code == "22" and index == 0
                else f"animation{index + 1}.{code.lower()}@{DEMO_DOMAIN}"
            )
            user = User(
                email=email,
                first_name=animator.first_name,
                last_name=animator.last_name,
                password=password_hash,
            )
            users.append(user)
            animators.append((cooperation, user, organisation))
        aims += [
            cooperation_models.CooperationAim(
                cooperation=cooperation,
                aim=aim,
                description=rng.choice(words.AIM_WORDS[aim]).format(of_d=of_d, of_t=of_name(town)),
            )
            for aim in sorted(rng.sample(list(Aim), rng.randint(3, 8)))
        ]
        objectives += [
            cooperation_models.Objective(
                cooperation=cooperation,
                title=title,
                status=rng.choice(list(ObjectiveStatus)),
                position=position,
            )
            for position, title in enumerate(rng.sample(words.OBJECTIVES, 3))
        ]
        news += _news(rng, cooperation, town, values)
        witness = words.person(rng)
        testimonies.append(
            cooperation_models.Testimony(
                cooperation=cooperation,
                quote=rng.choice(words.TESTIMONIES),
                person_name=witness.name,
                person_role=witness.role(*rng.choice(words.TESTIMONY_ROLES)),
                organisation_name=members[0].name,
            )
        )
    cooperation_models.Membership.objects.bulk_create(memberships, batch_size=500)
    cooperation_models.CooperationAim.objects.bulk_create(aims, batch_size=500)
    cooperation_models.Objective.objects.bulk_create(objectives, batch_size=500)
    cooperation_models.NewsItem.objects.bulk_create(news, batch_size=500)
    cooperation_models.Testimony.objects.bulk_create(testimonies, batch_size=500)
    User.objects.bulk_create(users, batch_size=500)
    saved_users = {u.email: u for u in User.objects.filter(email__in=[u.email for u in users])}
    cooperation_models.Animator.objects.bulk_create(
        [
            cooperation_models.Animator(
                cooperation=coop, user=saved_users[user.email], organisation=org
            )
            for coop, user, org in animators
        ]
    )
    for _, user, organisation in animators:
        affiliations.append(
            Affiliation(
                user=saved_users[user.email],
                organisation=organisation,
                role=AffiliationRole.REFERENT,
            )
        )
    Affiliation.objects.bulk_create(affiliations, ignore_conflicts=True)
    return DemoNetwork(
        cooperations=len(cooperations),
        organisations=len(organisations),
        memberships=len(memberships),
        animators=len(animators),
    )


def _news(rng: random.Random, cooperation, town: str, values: dict) -> list:
    """The launch soon after the founding, then a few items in the years since, in order."""
    founded_on = cooperation.founded_on
    title, body = words.LAUNCH_NEWS
    items = [(founded_on + timedelta(days=rng.randint(7, 45)), title, body)]
    span = (TODAY - items[0][0]).days
    for title, body, month in rng.sample(words.NEWS, rng.randint(1, 3)):
        day = items[0][0] + timedelta(days=rng.randint(30, max(31, span)))
        if month:  # the Semaine bleue is in October: the nearest October after `day`
            october = date(day.year, month, rng.randint(10, 25))
            day = october if october >= day else october.replace(year=day.year + 1)
        items.append((day, title, body))
    return [
        cooperation_models.NewsItem(
            cooperation=cooperation,
            title=title.format(at_t=at_name(town)),
            body=body.format(**values),
            published_on=published_on,
        )
        for published_on, title, body in items
        if published_on <= TODAY
    ]
