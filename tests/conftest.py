"""Fixtures shared by every test: a small, realistic slice of the French geography, the
network of `world` built on it, and the guard of the global role registries."""

import pytest
from django.core.cache import cache

from maillage.accounts import roles
from maillage.territories.enums import CommuneKind, EpciKind, Zone

from .mail import mail_server_down  # noqa: F401  (a fixture for every app)
from .territories.factories import CommuneFactory, DepartmentFactory, EpciFactory, RegionFactory
from .world import World, build_world


@pytest.fixture(autouse=True)
def _empty_cache():
    """Rate-limit counters and cached pages do not leak from one test into the next."""
    cache.clear()


@pytest.fixture
def geography(db):
    """Brittany, Paris, Corsica and La Réunion: enough to exercise search and perimeters."""
    bretagne = RegionFactory(code="53", name="Bretagne")
    idf = RegionFactory(code="11", name="Île-de-France")
    corse = RegionFactory(code="94", name="Corse")
    reunion_region = RegionFactory(code="04", name="La Réunion", zone=Zone.DROM)
    armor = DepartmentFactory(code="22", name="Côtes-d'Armor", region=bretagne, population=0)
    finistere = DepartmentFactory(code="29", name="Finistère", region=bretagne)
    paris_dep = DepartmentFactory(code="75", name="Paris", region=idf)
    seine_st_denis = DepartmentFactory(code="93", name="Seine-Saint-Denis", region=idf)
    corse_sud = DepartmentFactory(code="2A", name="Corse-du-Sud", region=corse)
    reunion = DepartmentFactory(
        code="974", name="La Réunion", region=reunion_region, zone=Zone.DROM
    )
    sbaa = EpciFactory(code="200069409", name="Saint-Brieuc Armor Agglomération", kind=EpciKind.CA)
    lamballe_cc = EpciFactory(code="200069391", name="Lamballe Terre et Mer", kind=EpciKind.CA)
    mgp = EpciFactory(code="200054781", name="Métropole du Grand Paris", kind=EpciKind.METRO)
    brest_m = EpciFactory(code="242900314", name="Brest Métropole", kind=EpciKind.METRO)
    saint_brieuc = CommuneFactory(
        code="22278",
        name="Saint-Brieuc",
        department=armor,
        epci=sbaa,
        population=44372,
        postal=["22000"],
    )
    plerin = CommuneFactory(
        code="22187",
        name="Plérin",
        department=armor,
        epci=sbaa,
        population=14606,
        postal=["22190"],
    )
    lamballe = CommuneFactory(
        code="22093",
        name="Lamballe-Armor",
        department=armor,
        epci=lamballe_cc,
        population=17193,
        postal=["22400"],
    )
    CommuneFactory(code="22093", name="Lamballe", delegated_of=lamballe, department=armor)
    CommuneFactory(code="22168", name="Morieux", delegated_of=lamballe, department=armor)
    brest = CommuneFactory(
        code="29019",
        name="Brest",
        department=finistere,
        epci=brest_m,
        population=139926,
        postal=["29200"],
    )
    paris = CommuneFactory(
        code="75056",
        name="Paris",
        department=paris_dep,
        epci=mgp,
        population=2113705,
        postal=["75001", "75015"],
    )
    paris_1 = CommuneFactory(
        code="75101",
        name="Paris 1er Arrondissement",
        district_of=paris,
        department=paris_dep,
        epci=mgp,
        population=15917,
        postal=["75001"],
    )
    saint_denis = CommuneFactory(
        code="93066",
        name="Saint-Denis",
        department=seine_st_denis,
        epci=mgp,
        population=113942,
        postal=["93200", "93210"],
    )
    saint_denis_reunion = CommuneFactory(
        code="97411",
        name="Saint-Denis",
        department=reunion,
        population=153810,
        postal=["97400"],
    )
    ajaccio = CommuneFactory(
        code="2A004",
        name="Ajaccio",
        department=corse_sud,
        population=74677,
        postal=["20000"],
    )
    assert not lamballe.attached.filter(kind=CommuneKind.CURRENT).exists()
    return {
        "bretagne": bretagne,
        "armor": armor,
        "finistere": finistere,
        "paris_dep": paris_dep,
        "sbaa": sbaa,
        "mgp": mgp,
        "saint_brieuc": saint_brieuc,
        "plerin": plerin,
        "lamballe": lamballe,
        "brest": brest,
        "paris": paris,
        "paris_1": paris_1,
        "saint_denis": saint_denis,
        "saint_denis_reunion": saint_denis_reunion,
        "ajaccio": ajaccio,
        "corse_sud": corse_sud,
    }


@pytest.fixture
def world(geography) -> World:
    """Two cooperations (Côtes-d'Armor, Finistère), their members, one person per role of
    tests/world.py ROLES; `world.client_as(role)` signs one in."""
    return build_world(geography)


@pytest.fixture
def role_registries():
    """Lets a test register roles of its own: the registries of maillage/accounts/roles.py are
    restored in place afterwards, the roles the apps registered at start-up kept throughout."""
    providers, granters = list(roles._providers), dict(roles._granters)
    yield roles
    roles._providers[:] = providers
    roles._granters.clear()
    roles._granters.update(granters)
