"""Reading the package's files, fingerprinting them, and checking every row."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache, cached_property
from pathlib import Path
from typing import Any

from django.db import models

from maillage.core.text import normalize

from ..enums import CommuneKind, EpciKind, Zone
from ..models import Commune, Department, Epci, GeographyImport, PostalCode, Region
from .tables import (
    _CURRENT,
    _DEPARTMENT,
    _DEPARTMENT_POPULATION,
    _EPCI,
    _POPULATION,
    ATTACHED_KINDS,
    COMMUNE_KINDS,
    DATA_FILES,
    IMPORTER_VERSION,
    PACKAGE_NAME,
    TABLES,
    CommuneKey,
    GeographyImportError,
    PostalKey,
    Table,
    _number,
)

# --- Reading and checking the files -------------------------------------------------------------


@dataclass(frozen=True)
class SourceFiles:
    """The raw bytes of the data files, and what identifies them."""

    data_dir: Path
    version: str
    contents: dict[str, bytes]

    @cached_property
    def fingerprint(self) -> str:
        digest = hashlib.sha256()
        for part in (IMPORTER_VERSION, self.version):
            digest.update(part.encode() + b"\0")
        for name in DATA_FILES:
            content = self.contents[name]
            digest.update(f"{name}\0{len(content)}\0".encode())
            digest.update(content)
        return digest.hexdigest()


@dataclass
class Source:
    """Every row the database should hold, keyed by natural key, values in Table.fields order."""

    data_dir: Path
    version: str
    fingerprint: str
    regions: dict[str, tuple] = field(default_factory=dict)
    departments: dict[str, tuple] = field(default_factory=dict)
    epcis: dict[str, tuple] = field(default_factory=dict)
    communes: dict[CommuneKey, tuple] = field(default_factory=dict)
    postal_codes: dict[PostalKey, tuple] = field(default_factory=dict)

    def rows(self, table: Table) -> dict:
        return getattr(self, table.name)

    def summary(self) -> str:
        return ", ".join(f"{_number(len(self.rows(table)))} {table.label}" for table in TABLES)


def read_files(data_dir: Path | str) -> SourceFiles:
    """Read the data files and the package version, without parsing: enough to fingerprint."""
    data_dir = Path(data_dir)
    if not data_dir.is_dir():
        raise GeographyImportError(
            f"Dossier de données introuvable : {data_dir}. Le paquet npm {PACKAGE_NAME} "
            "est-il installé (« npm ci ») ?"
        )
    contents = {}
    for name in DATA_FILES:
        path = data_dir / name
        try:
            contents[name] = path.read_bytes()
        except FileNotFoundError:
            raise GeographyImportError(
                f"Fichier manquant : {path}. Le paquet npm {PACKAGE_NAME} est-il complet ?"
            ) from None
        except OSError as error:
            raise GeographyImportError(
                f"Impossible de lire le fichier {path} : {error.strerror}."
            ) from error
    return SourceFiles(data_dir=data_dir, version=_package_version(data_dir), contents=contents)


def _package_version(data_dir: Path) -> str:
    """The version in ../package.json; a folder made by hand may have none."""
    path = data_dir.parent / "package.json"
    try:
        package = json.loads(path.read_bytes())
    except FileNotFoundError:
        return "inconnue"
    except (OSError, ValueError) as error:
        raise GeographyImportError(f"Le fichier {path} est illisible : {error}.") from error
    version = package.get("version") if isinstance(package, dict) else None
    if not isinstance(version, str) or not version:
        raise GeographyImportError(f"Le fichier {path} n'indique pas de version du paquet.")
    return version[: GeographyImport._meta.get_field("source_version").max_length]


def load_source(data_dir: Path | str) -> Source:
    """Read, check and shape the whole package; any problem raises GeographyImportError."""
    return parse_files(read_files(data_dir))


class _Row:
    """One element of a file, with its place for the error messages."""

    def __init__(self, file: str, index: int, data: dict):
        self.file, self.index, self.data = file, index, data

    def error(self, message: str) -> GeographyImportError:
        code = self.data.get("code")
        where = f"{self.file}, élément n° {self.index + 1}"
        if isinstance(code, str):
            where += f" (code {code})"
        return GeographyImportError(f"{where} : {message}")

    def _value(self, key: str, optional: bool) -> Any:
        value = self.data.get(key)
        if value is None and not optional:
            raise self.error(f"la clé « {key} » est manquante.")
        return value

    def text(self, key: str, max_length: int, *, optional: bool = False) -> str | None:
        value = self._value(key, optional)
        if value is None:
            return None
        if not isinstance(value, str) or not value.strip():
            raise self.error(f"« {key} » doit être un texte non vide, pas {value!r}.")
        if len(value) > max_length:
            raise self.error(f"« {key} » dépasse {max_length} caractères : {value!r}.")
        return value

    def texts(self, key: str, max_length: int) -> list[str]:
        value = self._value(key, optional=True)
        if value is None:
            return []
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            raise self.error(f"« {key} » doit être une liste de textes, pas {value!r}.")
        if too_long := [item for item in value if not item or len(item) > max_length]:
            raise self.error(f"« {key} » contient un code invalide : {too_long[0]!r}.")
        return value

    def integer(self, key: str) -> int | None:
        value = self._value(key, optional=True)
        if value is None:
            return None
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            raise self.error(f"« {key} » doit être un entier positif, pas {value!r}.")
        return value

    def choice(self, key: str, choices: Iterable[str]) -> str:
        value = self._value(key, optional=False)
        if value not in choices:
            raise self.error(f"valeur inconnue pour « {key} » : {value!r}.")
        return value

    def members(self, key: str) -> list[dict]:
        value = self._value(key, optional=False)
        if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
            raise self.error(f"« {key} » doit être une liste d'objets, pas {value!r}.")
        return value


def _rows(files: SourceFiles, name: str) -> Iterator[_Row]:
    try:
        data = json.loads(files.contents[name])
    except ValueError as error:  # also UnicodeDecodeError
        raise GeographyImportError(
            f"Le fichier {files.data_dir / name} n'est pas un JSON valide : {error}."
        ) from error
    if not isinstance(data, list):
        raise GeographyImportError(f"Le fichier {name} doit contenir une liste d'éléments.")
    for index, item in enumerate(data):
        if not isinstance(item, dict):
            raise GeographyImportError(f"{name}, élément n° {index + 1} : un objet est attendu.")
        yield _Row(name, index, item)


@cache
def _max_length(model: type[models.Model], name: str) -> int:
    return model._meta.get_field(name).max_length


def _search_name(model: type[models.Model], name: str) -> str:
    return normalize(name)[: _max_length(model, "search_name")]


def parse_files(files: SourceFiles) -> Source:
    """Shape the files into rows; check types, lengths, duplicates and every cross-reference."""
    source = Source(data_dir=files.data_dir, version=files.version, fingerprint=files.fingerprint)
    zones = Zone.values

    for row in _rows(files, "regions.json"):
        code = row.text("code", _max_length(Region, "code"))
        if code in source.regions:
            raise row.error("code de région en double.")
        source.regions[code] = (
            row.text("nom", _max_length(Region, "name")),
            row.choice("zone", zones),
        )

    departments: dict[str, list] = {}
    for row in _rows(files, "departements.json"):
        code = row.text("code", _max_length(Department, "code"))
        if code in departments:
            raise row.error("code de département en double.")
        name = row.text("nom", _max_length(Department, "name"))
        region = row.text("region", _max_length(Region, "code"))
        if region not in source.regions:
            raise row.error(f"région « {region} » inconnue (absente de regions.json).")
        departments[code] = [
            name,
            _search_name(Department, name),
            region,
            row.choice("zone", zones),
            0,
        ]

    communes: dict[CommuneKey, list] = {}
    parents: dict[CommuneKey, tuple[str, _Row]] = {}  # attached or district -> current code
    postal_codes: dict[CommuneKey, list[str]] = {}
    code_length = _max_length(Commune, "code")
    for row in _rows(files, "communes.json"):
        code = row.text("code", code_length)
        kind = COMMUNE_KINDS[row.choice("type", COMMUNE_KINDS)]
        key = (code, kind)
        if key in communes:
            raise row.error(f"commune en double (même code et même type « {row.data['type']} »).")
        name = row.text("nom", _max_length(Commune, "name"))
        department = row.text("departement", _max_length(Department, "code"))
        if department not in departments:
            raise row.error(f"département « {department} » inconnu (absent de departements.json).")
        region = row.text("region", _max_length(Region, "code"))
        if region not in source.regions:
            raise row.error(f"région « {region} » inconnue (absente de regions.json).")
        former_codes = " ".join(row.texts("anciensCodes", code_length))
        if len(former_codes) > _max_length(Commune, "former_codes"):
            raise row.error("« anciensCodes » est trop long.")
        if kind in ATTACHED_KINDS:
            parents[key] = (row.text("chefLieu", code_length), row)
        elif kind == CommuneKind.MUNICIPAL_DISTRICT:
            parents[key] = (row.text("commune", code_length), row)
        population = row.integer("population")
        communes[key] = [
            name,
            _search_name(Commune, name),
            department,
            region,
            None,  # epci, from epci.json
            None,  # current, below
            population,
            former_codes,
        ]
        if codes := row.texts("codesPostaux", _max_length(PostalCode, "code")):
            postal_codes[key] = codes

    for key, (parent_code, row) in parents.items():
        parent = (parent_code, CommuneKind.CURRENT)
        if parent not in communes:
            raise row.error(f"commune de rattachement « {parent_code} » inconnue.")
        communes[key][_CURRENT] = parent

    epci_of: dict[str, str] = {}
    for row in _rows(files, "epci.json"):
        code = row.text("code", _max_length(Epci, "code"))
        if code in source.epcis:
            raise row.error("code d'intercommunalité en double.")
        name = row.text("nom", _max_length(Epci, "name"))
        kind = row.choice("type", EpciKind.values)
        population = 0
        for member in row.members("membres"):
            member_code = member.get("code")
            commune = (
                communes.get((member_code, CommuneKind.CURRENT))
                if isinstance(member_code, str)
                else None
            )
            if commune is None:
                raise row.error(f"la commune membre {member_code!r} est inconnue.")
            if member_code in epci_of:
                raise row.error(
                    f"la commune {member_code} est déjà membre de l'intercommunalité "
                    f"{epci_of[member_code]}."
                )
            epci_of[member_code] = code
            commune[_EPCI] = code
            population += commune[_POPULATION] or 0
        source.epcis[code] = (name, _search_name(Epci, name), kind, population)

    for (code, kind), values in communes.items():
        if kind == CommuneKind.CURRENT:
            departments[values[_DEPARTMENT]][_DEPARTMENT_POPULATION] += values[_POPULATION] or 0
        elif kind == CommuneKind.MUNICIPAL_DISTRICT:
            # Districts are not listed as EPCI members: they belong to their city's.
            values[_EPCI] = epci_of.get(values[_CURRENT][0])
        source.communes[(code, kind)] = tuple(values)
    source.departments = {code: tuple(values) for code, values in departments.items()}
    source.postal_codes = {
        (*key, postal_code): () for key, codes in postal_codes.items() for postal_code in codes
    }
    return source
