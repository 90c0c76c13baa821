"""Import of the official geography of France from the pinned npm package
@etalab/decoupage-administratif: idempotent bulk upserts, a diff report, all or nothing.

The flow: read the files and fingerprint them (`read_files`); stop there when the latest
import had the same fingerprint; otherwise parse and check everything (`load_source`), load
what the database holds in one query per table, diff the two in Python on natural keys
(codes, never database ids), then write the differences in bulk inside one transaction
(`import_geography`).
"""

from __future__ import annotations

import hashlib
import json
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache, cached_property
from itertools import islice
from pathlib import Path
from typing import Any, TextIO

from django.db import DatabaseError, connection, models, transaction
from django.utils import timezone

from maillage.core.text import normalize

from .enums import CommuneKind, EpciKind, PartKind, Zone
from .models import Commune, Department, Epci, GeographyImport, PerimeterPart, PostalCode, Region
from .signals import communes_replaced

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


# --- Diff -------------------------------------------------------------------------------------


@dataclass
class TableDiff:
    table: Table
    was_empty: bool
    added: dict[Any, tuple] = field(default_factory=dict)
    changed: dict[Any, tuple[tuple, tuple]] = field(default_factory=dict)  # key -> (old, new)
    removed: dict[Any, tuple] = field(default_factory=dict)

    @property
    def changes(self) -> int:
        return len(self.added) + len(self.changed) + len(self.removed)

    def counts(self) -> str:
        return ", ".join(
            [
                _plural(len(self.added), "ajout", "ajouts"),
                _plural(len(self.changed), "modification", "modifications"),
                _plural(len(self.removed), "suppression", "suppressions"),
            ]
        )

    def changed_fields(self, key: Any) -> list[str]:
        old, new = self.changed[key]
        return [name for name, a, b in zip(self.table.fields, old, new, strict=True) if a != b]

    def as_json(self) -> dict:
        def keys(rows: dict) -> list[str]:
            return [self.table.describe(key) for key in islice(sorted(rows), STORED_KEYS_LIMIT)]

        return {
            "label": self.table.label,
            "added": len(self.added),
            "changed": len(self.changed),
            "removed": len(self.removed),
            "added_keys": keys(self.added),
            "changed_keys": keys(self.changed),
            "removed_keys": keys(self.removed),
        }

    def detail_lines(self) -> list[str]:
        """The rows themselves, for a table that already held data (not after a first import)."""
        if self.was_empty:
            return []
        lines = []
        for sign, rows in (("+", self.added), ("~", self.changed), ("-", self.removed)):
            for key in islice(sorted(rows), PRINTED_KEYS_LIMIT):
                line = f"    {sign} {self.table.describe(key)}"
                if sign == "~":
                    old, new = rows[key]
                    line += f" {_name(self.table, new)} : " + ", ".join(
                        self._change(name, old, new) for name in self.changed_fields(key)
                    )
                else:
                    line += f" {_name(self.table, rows[key])}"
                lines.append(line.rstrip())
            if len(rows) > PRINTED_KEYS_LIMIT:
                lines.append(f"    … et {_number(len(rows) - PRINTED_KEYS_LIMIT)} autres")
        return lines

    def _change(self, name: str, old: tuple, new: tuple) -> str:
        index = self.table.fields.index(name)
        before, after = old[index], new[index]
        if name == "current":
            before, after = (value and value[0] for value in (before, after))
        return f"{self.table.field_label(name)} {_show(before)} → {_show(after)}"


def _name(table: Table, values: tuple) -> str:
    return values[0] if table.fields and table.fields[0] == "name" else ""


def _show(value: Any) -> str:
    return "∅" if value in (None, "") else str(value)


def _diff(table: Table, wanted: dict, existing: dict) -> TableDiff:
    diff = TableDiff(table=table, was_empty=not existing)
    for key, values in wanted.items():
        old = existing.get(key)
        if old is None:
            diff.added[key] = values
        elif old != values:
            diff.changed[key] = (old, values)
    diff.removed = {key: values for key, values in existing.items() if key not in wanted}
    return diff


@dataclass
class _Database:
    """What the database holds, in the Source's shape, and the ids behind the natural keys."""

    rows: dict[str, dict] = field(default_factory=dict)
    pks: dict[str, dict] = field(default_factory=dict)

    @classmethod
    def load(cls) -> _Database:
        """One query per table, whatever the number of rows."""
        database = cls()
        for table in (REGIONS, DEPARTMENTS, EPCIS):
            query = table.model.objects.order_by().values_list("pk", *table.fields)
            database.rows[table.name] = {pk: tuple(values) for pk, *values in query}
            database.pks[table.name] = {pk: pk for pk in database.rows[table.name]}

        commune_rows = list(
            Commune.objects.order_by().values_list("pk", "code", "kind", *COMMUNE_FIELDS)
        )
        key_of = {pk: (code, kind) for pk, code, kind, *_ in commune_rows}
        communes = {}
        for _pk, code, kind, *values in commune_rows:
            values[_CURRENT] = key_of.get(values[_CURRENT])
            communes[(code, kind)] = tuple(values)
        database.rows[COMMUNES.name] = communes
        database.pks[COMMUNES.name] = {key: pk for pk, key in key_of.items()}

        postal_codes = PostalCode.objects.order_by().values_list("pk", "commune_id", "code")
        database.pks[POSTAL_CODES.name] = {
            (*key_of[commune_id], code): pk for pk, commune_id, code in postal_codes
        }
        database.rows[POSTAL_CODES.name] = dict.fromkeys(database.pks[POSTAL_CODES.name], ())
        return database


# --- Report -----------------------------------------------------------------------------------


@dataclass
class Report:
    """What an import found to change (and changed, unless it was a dry run)."""

    version: str
    fingerprint: str
    dry_run: bool
    tables: dict[str, TableDiff]
    warnings: list[str] = field(default_factory=list)
    relocations: list[str] = field(default_factory=list)
    """What the apps moved from a merged commune to the current one (communes_replaced)."""
    seconds: float = 0.0

    @property
    def changes(self) -> int:
        return sum(diff.changes for diff in self.tables.values())

    def as_json(self) -> dict:
        return {
            "importer_version": IMPORTER_VERSION,
            "dry_run": self.dry_run,
            "seconds": round(self.seconds, 2),
            "tables": {name: diff.as_json() for name, diff in self.tables.items()},
            "warnings": self.warnings,
            "relocations": self.relocations,
        }

    def lines(self) -> list[str]:
        if not self.changes and not self.warnings:
            return ["Aucun changement : la base correspond déjà au référentiel."]
        title = "Changements trouvés (simulation)" if self.dry_run else "Changements appliqués"
        lines = [f"{title} :"]
        for diff in self.tables.values():
            lines.append(f"  {diff.table.label} : {diff.counts()}")
            lines += diff.detail_lines()
        lines += [f"Attention : {warning}" for warning in self.warnings]
        if self.relocations:
            lines.append("Rattachés à la commune nouvelle (communes fusionnées) :")
            lines += [f"  {line}" for line in self.relocations]
        return lines


# --- Writing ----------------------------------------------------------------------------------


class _Progress:
    def __init__(self, stdout: TextIO | None):
        self.stdout = stdout

    def say(self, line: str) -> None:
        if self.stdout is not None:
            self.stdout.write(line + "\n")
            self.stdout.flush()

    def done(self, started: float, line: str) -> None:
        self.say(f"{line} — {_seconds(time.perf_counter() - started)}")


def _batched(items: Iterable, size: int = BATCH_SIZE) -> Iterator[list]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


@cache
def _attnames(table: Table) -> list[str]:
    return [table.model._meta.get_field(name).attname for name in table.fields]


@cache
def _columns(table: Table) -> tuple[str, ...]:
    """The attnames of a _Writer row: the natural key's columns, then Table.fields'."""
    if table is POSTAL_CODES:
        return ("commune_id", "code")
    key = ("code", "kind") if table is COMMUNES else ("code",)
    return (*key, *_attnames(table))


def _insert(table: Table, rows: Iterable[tuple]) -> None:
    """INSERT through executemany, one call per batch (pipelined by psycopg). bulk_create spends
    most of a first import in its per-field Python work (about four times the database's own
    time for 74,000 rows); the values here are plain texts, integers and NULLs that need none."""
    meta = table.model._meta
    quote = connection.ops.quote_name
    columns = ", ".join(quote(meta.get_field(name).column) for name in _columns(table))
    placeholders = ", ".join(["%s"] * len(_columns(table)))
    sql = f"INSERT INTO {quote(meta.db_table)} ({columns}) VALUES ({placeholders})"  # noqa: S608
    with connection.cursor() as cursor:
        for batch in _batched(rows):
            cursor.executemany(sql, batch)


class _Writer:
    """Applies TableDiffs in bulk: a handful of queries per table, never one per row."""

    def __init__(self, database: _Database):
        self.database = database
        self.commune_ids: dict[CommuneKey, int] = database.pks[COMMUNES.name]

    def _row(self, table: Table, key: Any, values: tuple) -> tuple:
        """Values in _columns(table) order, natural keys of communes turned into their ids."""
        if table is POSTAL_CODES:
            return (self.commune_ids[key[:2]], key[2])
        if table is COMMUNES:
            current = values[_CURRENT] and self.commune_ids[values[_CURRENT]]
            return (*key, *values[:_CURRENT], current, *values[_CURRENT + 1 :])
        return (key, *values)

    def create(self, diff: TableDiff, kinds: Iterable[str] | None = None) -> None:
        table = diff.table
        rows = diff.added.items()
        if kinds is not None:  # communes: the current ones first, the others need their ids
            rows = [(key, values) for key, values in rows if key[1] in kinds]
        if not rows:
            return
        _insert(table, (self._row(table, key, values) for key, values in rows))
        if table is COMMUNES:
            ids = Commune.objects.filter(kind__in=kinds).values_list("pk", "code", "kind")
            self.commune_ids.update({(code, kind): pk for pk, code, kind in ids})

    def update(self, diff: TableDiff) -> None:
        """One UPDATE statement per set of changed columns, run through executemany: a yearly
        refresh of the populations is one statement over every commune."""
        table = diff.table
        pks = self.database.pks[table.name]
        columns = _columns(table)
        groups: dict[tuple[str, ...], list[tuple]] = defaultdict(list)
        for key, (_, new) in diff.changed.items():
            names = tuple(
                _attnames(table)[table.fields.index(name)] for name in diff.changed_fields(key)
            )
            row = dict(zip(columns, self._row(table, key, new), strict=True))
            groups[names].append((*(row[name] for name in names), pks[key]))
        meta = table.model._meta
        quote = connection.ops.quote_name
        with connection.cursor() as cursor:
            for names, rows in groups.items():
                assignments = ", ".join(
                    f"{quote(meta.get_field(name).column)} = %s" for name in names
                )
                sql = (
                    f"UPDATE {quote(meta.db_table)} SET {assignments} "  # noqa: S608
                    f"WHERE {quote(meta.pk.column)} = %s"
                )
                for batch in _batched(rows):
                    cursor.executemany(sql, batch)

    def delete(self, diff: TableDiff, keys: Iterable | None = None) -> None:
        table = diff.table
        pks = self.database.pks[table.name]
        wanted = [pks[key] for key in (diff.removed if keys is None else keys)]
        for batch in _batched(wanted):
            try:
                table.model.objects.filter(pk__in=batch).delete()
            except models.ProtectedError as error:
                raise _still_used(table, error.protected_objects) from error
            except models.RestrictedError as error:
                raise _still_used(table, error.restricted_objects) from error


def _still_used(table: Table, objs: Iterable[models.Model]) -> GeographyImportError:
    used_by = sorted({str(obj._meta.verbose_name_plural) for obj in objs})
    return GeographyImportError(
        f"Impossible de retirer des {table.label} qui n'existent plus dans le référentiel : "
        f"des données y font encore référence ({', '.join(used_by)}). Rien n'a été importé."
    )


def _perimeter_warnings(source: Source, diffs: dict[str, TableDiff]) -> list[str]:
    """Perimeters name territories by code: say which ones now point at nothing."""
    addressable = {CommuneKind.CURRENT, CommuneKind.MUNICIPAL_DISTRICT}
    still_there = {code for code, kind in source.communes if kind in addressable}
    gone = {
        PartKind.REGION: set(diffs[REGIONS.name].removed),
        PartKind.DEPARTMENT: set(diffs[DEPARTMENTS.name].removed),
        PartKind.EPCI: set(diffs[EPCIS.name].removed),
        PartKind.COMMUNE: {
            code
            for code, kind in diffs[COMMUNES.name].removed
            if kind in addressable and code not in still_there
        },
    }
    condition = models.Q(pk__in=[])
    for kind, codes in gone.items():
        if codes:
            condition |= models.Q(kind=kind, code__in=codes)
    if not any(gone.values()):
        return []
    parts = PerimeterPart.objects.filter(condition).values_list("kind", "code").distinct()
    return [
        f"des périmètres désignent « {PartKind(kind).label} {code} », qui n'existe plus dans le "
        "référentiel ; à corriger dans ces périmètres."
        for kind, code in sorted(parts)
    ]


def _successors(source: Source, diffs: dict[str, TableDiff]) -> dict[CommuneKey, CommuneKey]:
    """{removed current commune: the current commune that took it in}, for mergers: the old
    code lives on as a delegated or associated commune, or among a commune's former codes."""
    former_of = {
        former: key
        for key, values in source.communes.items()
        if key[1] == CommuneKind.CURRENT
        for former in (values[_FORMER_CODES] or "").split()
    }
    successors = {}
    for code, kind in diffs[COMMUNES.name].removed:
        if kind != CommuneKind.CURRENT:
            continue
        attached = next(
            (source.communes[(code, k)] for k in ATTACHED_KINDS if (code, k) in source.communes),
            None,
        )
        successor = attached[_CURRENT] if attached else former_of.get(code)
        if successor:
            successors[(code, kind)] = successor
    return successors


def _relocate(successors: dict[CommuneKey, CommuneKey], writer: _Writer) -> list[str]:
    """Let the apps move what pointed at a merged commune before it is deleted."""
    old_ids = writer.database.pks[COMMUNES.name]
    replacements = {old_ids[old]: writer.commune_ids[new] for old, new in successors.items()}
    if not replacements:
        return []
    answers = communes_replaced.send(sender=Commune, replacements=replacements)
    return [line for _receiver, lines in answers for line in lines or []]


def import_geography(
    source: Source, *, dry_run: bool = False, stdout: TextIO | None = None
) -> Report:
    """Make the database hold exactly the source's rows, all or nothing, and say what changed."""
    progress = _Progress(stdout)
    started = time.perf_counter()
    try:
        report = _compare_and_write(source, dry_run=dry_run, progress=progress, started=started)
    except DatabaseError as error:
        raise GeographyImportError(
            f"La base de données a refusé l'import ({error}). Rien n'a été importé."
        ) from error
    report.seconds = time.perf_counter() - started
    for line in report.lines():
        progress.say(line)
    return report


def _compare_and_write(
    source: Source, *, dry_run: bool, progress: _Progress, started: float
) -> Report:
    with transaction.atomic():
        step = time.perf_counter()
        database = _Database.load()
        diffs = {
            table.name: _diff(table, source.rows(table), database.rows[table.name])
            for table in TABLES
        }
        report = Report(
            version=source.version,
            fingerprint=source.fingerprint,
            dry_run=dry_run,
            tables=diffs,
            warnings=_perimeter_warnings(source, diffs),
        )
        progress.done(
            step,
            f"Comparaison avec la base : {_plural(report.changes, 'changement', 'changements')}",
        )
        if not dry_run:
            report.relocations = _apply(diffs, database, progress, _successors(source, diffs))
            report.seconds = time.perf_counter() - started
            latest = GeographyImport.objects.order_by("-imported_at", "-pk").first()
            if report.changes or latest is None or latest.fingerprint != source.fingerprint:
                GeographyImport.objects.create(
                    source_version=source.version,
                    fingerprint=source.fingerprint,
                    report=report.as_json(),
                )
    return report


def _apply(
    diffs: dict[str, TableDiff],
    database: _Database,
    progress: _Progress,
    successors: dict[CommuneKey, CommuneKey],
) -> list[str]:
    """Parents before children when adding, children before parents when removing; what
    pointed at a merged commune is moved to its successor before it is removed (returned)."""
    writer = _Writer(database)
    communes = diffs[COMMUNES.name]
    for table in (REGIONS, DEPARTMENTS, EPCIS):
        diff = diffs[table.name]
        if diff.added or diff.changed:
            step = time.perf_counter()
            writer.create(diff)
            writer.update(diff)
            progress.done(step, f"Écriture des {table.label} : {diff.counts()}")
    if communes.added or communes.changed:
        step = time.perf_counter()
        writer.create(communes, [CommuneKind.CURRENT])
        writer.create(communes, [*ATTACHED_KINDS, CommuneKind.MUNICIPAL_DISTRICT])
        writer.update(communes)
        progress.done(step, f"Écriture des communes : {communes.counts()}")
    postal_codes = diffs[POSTAL_CODES.name]
    if postal_codes.changes:
        step = time.perf_counter()
        writer.delete(postal_codes)
        writer.create(postal_codes)
        progress.done(step, f"Écriture des codes postaux : {postal_codes.counts()}")
    relocations = _relocate(successors, writer)
    if communes.removed:
        step = time.perf_counter()
        # Attached communes first: removing a current commune cascades to what is attached to it.
        writer.delete(communes, [key for key in communes.removed if key[1] != CommuneKind.CURRENT])
        writer.delete(communes, [key for key in communes.removed if key[1] == CommuneKind.CURRENT])
        progress.done(
            step, f"Suppression de {_plural(len(communes.removed), 'commune', 'communes')}"
        )
    for table in (EPCIS, DEPARTMENTS, REGIONS):
        diff = diffs[table.name]
        if diff.removed:
            step = time.perf_counter()
            writer.delete(diff)
            progress.done(step, f"Suppression des {table.label} : {_number(len(diff.removed))}")
    return relocations


# --- The whole run ----------------------------------------------------------------------------


def up_to_date_import(fingerprint: str) -> GeographyImport | None:
    """The latest import, when it read exactly these files with this importer."""
    latest = GeographyImport.objects.order_by("-imported_at", "-pk").first()
    if latest is None or latest.fingerprint != fingerprint or not Commune.objects.exists():
        return None
    return latest


def run_import(
    data_dir: Path | str,
    *,
    dry_run: bool = False,
    force: bool = False,
    stdout: TextIO | None = None,
) -> Report | None:
    """What `manage.py import_territories` does; None when the database is already up to date."""
    progress = _Progress(stdout)
    started = time.perf_counter()
    files = read_files(data_dir)
    if not force and (latest := up_to_date_import(files.fingerprint)):
        imported_at = timezone.localtime(latest.imported_at).strftime("%d/%m/%Y à %H:%M")
        progress.say(
            f"Référentiel géographique à jour ({PACKAGE_NAME} {latest.source_version}, "
            f"importé le {imported_at}), rien à importer."
        )
        return None
    source = parse_files(files)
    progress.done(
        started,
        f"Lecture de {files.data_dir} ({PACKAGE_NAME} {source.version}) : {source.summary()}",
    )
    report = import_geography(source, dry_run=dry_run, stdout=stdout)
    if dry_run:
        progress.say("Simulation terminée : la base n'a pas été modifiée.")
    else:
        changes = _plural(report.changes, "changement", "changements")
        progress.done(started, f"Référentiel géographique importé : {changes}")
    return report


# --- French formatting ------------------------------------------------------------------------


def _number(value: int) -> str:
    return f"{value:,}".replace(",", "\u202f")


def _plural(count: int, singular: str, plural: str) -> str:
    return f"{_number(count)} {singular if count < 2 else plural}"


def _seconds(value: float) -> str:
    return f"{value:.1f} s".replace(".", ",")
