"""Writing the differences in bulk, inside one transaction."""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Iterable, Iterator
from functools import cache
from itertools import islice
from typing import Any, TextIO

from django.db import DatabaseError, connection, models, transaction

from ..enums import CommuneKind, PartKind
from ..models import Commune, GeographyImport, PerimeterPart
from ..signals import communes_replaced
from .diff import (
    Report,
    TableDiff,
    _Database,
    _diff,
)
from .source import (
    Source,
)
from .tables import (
    _CURRENT,
    _FORMER_CODES,
    ATTACHED_KINDS,
    BATCH_SIZE,
    COMMUNES,
    DEPARTMENTS,
    EPCIS,
    POSTAL_CODES,
    REGIONS,
    TABLES,
    CommuneKey,
    GeographyImportError,
    Table,
    _number,
    _plural,
    _seconds,
)

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
