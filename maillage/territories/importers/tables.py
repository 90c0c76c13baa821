"""What the import writes: the tables, their fields and natural keys, French numbers."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import models

from ..enums import CommuneKind
from ..models import Commune, Department, Epci, PostalCode, Region

IMPORTER_VERSION = "1"
"""Bump when the way files become rows changes, so that the next start imports again."""

PACKAGE_NAME = "@etalab/decoupage-administratif"
DATA_FILES = ("regions.json", "departements.json", "epci.json", "communes.json")
BATCH_SIZE = 2000
STORED_KEYS_LIMIT = 100
"""Keys kept per table and kind of change in GeographyImport.report; counts are always exact."""
PRINTED_KEYS_LIMIT = 20

COMMUNE_KINDS = {
    "commune-actuelle": CommuneKind.CURRENT,
    "commune-deleguee": CommuneKind.DELEGATED,
    "commune-associee": CommuneKind.ASSOCIATED,
    "arrondissement-municipal": CommuneKind.MUNICIPAL_DISTRICT,
}
ATTACHED_KINDS = (CommuneKind.DELEGATED, CommuneKind.ASSOCIATED)


class GeographyImportError(Exception):
    """The source files or the database refuse the import; the message is for people, in French."""


# --- Tables -----------------------------------------------------------------------------------

CommuneKey = tuple[str, str]  # (code, kind)
PostalKey = tuple[str, str, str]  # (commune code, commune kind, postal code)


@dataclass(frozen=True)
class Table:
    """One imported table: its natural key and the fields compared, in the order of the tuples."""

    name: str
    label: str
    model: type[models.Model]
    fields: tuple[str, ...]
    describe: Callable[[Any], str] = str

    def field_label(self, name: str) -> str:
        return str(self.model._meta.get_field(name).verbose_name)


def _describe_commune(key: CommuneKey) -> str:
    return f"{key[0]} ({key[1]})"


def _describe_postal_code(key: PostalKey) -> str:
    return f"{key[2]} → {key[0]} ({key[1]})"


REGIONS = Table("regions", "régions", Region, ("name", "zone"))
DEPARTMENTS = Table(
    "departments",
    "départements",
    Department,
    ("name", "search_name", "region", "zone", "population"),
)
EPCIS = Table("epcis", "intercommunalités", Epci, ("name", "search_name", "kind", "population"))
COMMUNE_FIELDS = (
    "name",
    "search_name",
    "department",
    "region",
    "epci",
    "current",
    "population",
    "former_codes",
)
COMMUNES = Table("communes", "communes", Commune, COMMUNE_FIELDS, _describe_commune)
POSTAL_CODES = Table("postal_codes", "codes postaux", PostalCode, (), _describe_postal_code)
TABLES = (REGIONS, DEPARTMENTS, EPCIS, COMMUNES, POSTAL_CODES)
_DEPARTMENT, _EPCI, _CURRENT, _POPULATION, _FORMER_CODES = (
    COMMUNE_FIELDS.index(name)
    for name in ("department", "epci", "current", "population", "former_codes")
)
_DEPARTMENT_POPULATION = DEPARTMENTS.fields.index("population")


# --- French formatting ------------------------------------------------------------------------


def _number(value: int) -> str:
    return f"{value:,}".replace(",", "\u202f")


def _plural(count: int, singular: str, plural: str) -> str:
    return f"{_number(count)} {singular if count < 2 else plural}"


def _seconds(value: float) -> str:
    return f"{value:.1f} s".replace(".", ",")
