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

SEED = 2026
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

FIRST_NAMES = (
    "Anne Bernard Claire Didier Élodie Fabrice Gaëlle Hervé Isabelle Jacques Karima Louis "
    "Martine Nicolas Odile Pascal Quentin Rachida Sylvie Thierry Valérie Yann Zoé Mathieu "
    "Sophie Julien Nathalie Patrick Chantal Olivier"
).split()
LAST_NAMES = (
    "Le-Goff Martin Bernard Morel Girard Bonnet Lambert Fontaine Rousseau Vincent Muller "
    "Lefèvre Faure André Mercier Blanc Guérin Boyer Garnier Chevalier François Legrand Gauthier "
    "Perrin Robin Clément Morin Nicolas Henry Roussel"
).split()
NETWORKS = [
    "Réseau Aînés Solidaires",
    "Fédération des Clubs de l'Amitié",
    "Union des Visiteurs Bénévoles",
    "Mouvement Voisins et Générations",
    "Collectif Lien Rural",
]
ASSOCIATION_NAMES = [
    "Les Amis de {c}",
    "Lien et Partage {c}",
    "Visites à domicile de {c}",
    "Club de l'Amitié de {c}",
    "Voisins solidaires de {c}",
    "Bien vieillir à {c}",
    "Les Bénévoles du cœur de {c}",
]
KIND_PATTERNS = {
    OrganisationKind.CCAS: ["CCAS de {c}", "CIAS du pays de {c}"],
    OrganisationKind.LOCAL_AUTHORITY: ["Mairie de {c}", "Communauté de communes autour de {c}"],
    OrganisationKind.DEPARTMENT_COUNCIL: ["Département {d} — direction de l'autonomie"],
    OrganisationKind.PENSION_FUND: ["Caisse de retraite Horizon {d}", "Retraite Solidaire {d}"],
    OrganisationKind.MUTUAL_INSURER: ["Mutuelle Entraide {d}", "Mutuelle des Aînés {d}"],
    OrganisationKind.SOCIAL_CENTRE: ["Centre social de {c}", "Maison des habitants de {c}"],
    OrganisationKind.CARE_HOME: ["Résidence Les Tilleuls de {c}", "EHPAD Les Glycines de {c}"],
    OrganisationKind.INSTITUTION: ["Maison départementale de l'autonomie {d}"],
    OrganisationKind.OTHER: ["Groupement Solidarité Seniors {d}"],
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


def _person(rng: random.Random) -> tuple[str, str]:
    return rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)


def _communes_by_department(codes: list[str]) -> dict[str, list[tuple[int, str, int]]]:
    rows = (
        Commune.objects.current()
        .filter(department_id__in=codes)
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


def build_demo_network(password_hash: str | None = None) -> DemoNetwork:
    """Create the demo network; the caller holds the transaction and checks idempotence."""
    rng = random.Random(SEED)
    today = date(2026, 11, 1)
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
    used_slugs: set[str] = set()
    kinds, weights = zip(*KIND_WEIGHTS, strict=True)
    for code in chosen:
        department = departments[code]
        count = rng.randint(6, 11)
        # Every cooperation needs at least two structures to co-animate it.
        chosen_kinds = [OrganisationKind.ASSOCIATION, rng.choice(kinds[1:6])]
        chosen_kinds += rng.choices(kinds, weights=weights, k=count - 2)
        for kind in chosen_kinds:
            commune_pk, commune_name, _ = _weighted_commune(rng, communes[code])
            patterns = (
                ASSOCIATION_NAMES if kind == OrganisationKind.ASSOCIATION else KIND_PATTERNS[kind]
            )
            name = rng.choice(patterns).format(c=commune_name, d=department.name)
            slug = base = slugify(name)[:200]
            suffix = 2
            while slug in used_slugs:
                slug = f"{base}-{suffix}"
                suffix += 1
            used_slugs.add(slug)
            organisations.append(
                Organisation(
                    name=name if slug == base else f"{name} ({suffix - 1})",
                    slug=slug,
                    kind=kind,
                    siret=_siret(rng) if rng.random() < 0.7 else "",
                    commune_id=commune_pk,
                    address=f"{rng.randint(1, 60)} rue de la Solidarité",
                    website=f"https://{slug[:40]}.exemple.fr" if rng.random() < 0.5 else "",
                    contact_email=f"contact@{slug[:40]}.exemple.fr",
                    description=(
                        f"<p>{escape(name)} agit auprès des personnes âgées de "
                        f"{escape(commune_name)} et des communes voisines : <strong>visites, "
                        "appels, sorties</strong> et moments partagés.</p>"
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
        first, last = _person(rng)
        signed = today - timedelta(days=rng.randint(30, 3600))
        signatures.append(
            CharterSignature(
                organisation=organisation,
                charter=CharterKind.NATIONAL,
                signatory_name=f"{first} {last}",
                signatory_role=rng.choice(["président", "présidente", "directeur", "directrice"]),
                signed_on=signed,
                status=status,
                decided_at=None,
            )
        )
    CharterSignature.objects.bulk_create(signatures, batch_size=500)

    cooperations, memberships, animators, affiliations, users = [], [], [], [], []
    for code in chosen:
        department = departments[code]
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
        perimeter = perimeter_create(parts=parts, label=name)
        cooperation = cooperation_models.Cooperation.objects.create(
            name=name,
            slug=f"monalisa-{code.lower()}",
            perimeter=perimeter,
            status=status,
            founded_on=date(rng.randint(2014, 2024), rng.randint(1, 12), 1),
            birth_story=BIRTH_STORY_22
            if code == "22"
            else f"<p>La coopération est née de la volonté d'acteurs de {department.name} "
            "de travailler ensemble, à partir de l'existant.</p>",
            working_mode=WorkingMode.THEMATIC_GROUPS
            if code == "22"
            else WorkingMode.TERRITORIAL_SECTORS
            if code == "34"
            else rng.choice(list(WorkingMode)),
            working_description=WORKING_22
            if code == "22"
            else "<p>Trois secteurs territoriaux se réunissent chaque trimestre.</p>"
            if code == "34"
            else "<p>Un comité de pilotage se réunit <em>chaque trimestre</em>.</p>",
            strategy=STRATEGY_22
            if code == "22"
            else "<p>Mieux mailler le territoire là où il n'existe pas encore d'équipe "
            "citoyenne.</p>",
            contact_email=f"cooperation-{code.lower()}@{DEMO_DOMAIN}",
        )
        cooperations.append(cooperation)
        members = by_department[code]
        roles = [MemberRole.CO_ANIMATOR, MemberRole.CO_ANIMATOR]
        roles += [
            rng.choice(
                [
                    MemberRole.STEERING,
                    MemberRole.MEMBER,
                    MemberRole.MEMBER,
                    MemberRole.FUNDER,
                    MemberRole.PARTNER,
                ]
            )
            for _ in members[2:]
        ]
        for organisation, role in zip(members, roles, strict=True):
            memberships.append(
                cooperation_models.Membership(
                    cooperation=cooperation,
                    organisation=organisation,
                    role=role,
                    since=cooperation.founded_on + timedelta(days=rng.randint(0, 700)),
                )
            )
        for index, organisation in enumerate(members[:2]):
            first, last = _person(rng)
            email = (
                ANIMATOR_22_EMAIL
                if code == "22" and index == 0
                else f"animation{index + 1}.{code.lower()}@{DEMO_DOMAIN}"
            )
            user = User(email=email, first_name=first, last_name=last, password=password_hash)
            users.append(user)
            animators.append((cooperation, user, organisation))
        cooperation_models.CooperationAim.objects.bulk_create(
            [
                cooperation_models.CooperationAim(
                    cooperation=cooperation,
                    aim=aim,
                    description=f"Ce que la coopération {code} fait sur cet axe.",
                )
                for aim in sorted(rng.sample(list(Aim), rng.randint(3, 8)))
            ]
        )
        cooperation_models.Objective.objects.bulk_create(
            [
                cooperation_models.Objective(
                    cooperation=cooperation,
                    title=title,
                    status=rng.choice(list(ObjectiveStatus)),
                    position=position,
                )
                for position, title in enumerate(
                    [
                        "Recenser toutes les actions contre l'isolement du territoire",
                        "Faire naître deux équipes citoyennes dans les zones blanches",
                        "Présenter le diagnostic au conseil départemental",
                    ]
                )
            ]
        )
        cooperation_models.NewsItem.objects.create(
            cooperation=cooperation,
            title="Rencontre des équipes citoyennes du territoire",
            body="<p>Une cinquantaine de bénévoles ont partagé leurs expériences.</p>"
            "<ul><li>Des visites à domicile aux cafés des aînés ;</li>"
            "<li>des appels réguliers aux personnes qui vivent seules.</li></ul>",
            published_on=today - timedelta(days=rng.randint(5, 200)),
        )
        first, last = _person(rng)
        cooperation_models.Testimony.objects.create(
            cooperation=cooperation,
            quote="Travailler ensemble, à partir de ce qui existe déjà, nous a permis d'aller "
            "vers des communes où personne ne rendait visite aux aînés.",
            person_name=f"{first} {last}",
            person_role="co-animatrice" if rng.random() < 0.5 else "co-animateur",
            organisation_name=members[0].name,
        )
    cooperation_models.Membership.objects.bulk_create(memberships, batch_size=500)
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
