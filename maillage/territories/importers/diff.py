"""What differs between the files and the database, and the report that says it."""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import islice
from typing import Any

from ..models import Commune, PostalCode
from .tables import (
    _CURRENT,
    COMMUNE_FIELDS,
    COMMUNES,
    DEPARTMENTS,
    EPCIS,
    IMPORTER_VERSION,
    POSTAL_CODES,
    PRINTED_KEYS_LIMIT,
    REGIONS,
    STORED_KEYS_LIMIT,
    Table,
    _number,
    _plural,
)

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
