"""The import pipeline every app's importer runs on: read the file, match its headings, read
each row (the importer's `clean`), compare with what exists (`plan`), and either report (the
dry run of the preview) or write it all in one transaction (`write`, then `finish`).

An importer is a subclass of `Importer` per kind of row:

    class MemberImporter(Importer):
        kind = "cooperations.membership"
        columns = (Column("name", "Nom", aliases=("organisation",), required=True), ...)

        def clean(self, row):        # one row → an item, or None with row.refuse(...)
        def key(self, item):         # what must be unique within the file (or None)
        def plan(self, items):       # [(item, CREATED | UPDATED | UNCHANGED)] for a chunk
        def write(self, planned):    # bulk writes for a chunk (commit only)
        def finish(self, report):    # once, in the transaction: the audit entry

Rows are read and planned by chunks: memory holds a chunk, the keys seen and the report.
"""

from collections.abc import Iterable
from dataclasses import asdict, dataclass, field

from django.db import transaction

from . import values
from .columns import Column, Mapping, match_headings
from .files import FORMAT_LABELS, FileRefused, Table
from .limits import Limits, current_limits, thousands

CREATED, UPDATED, UNCHANGED = "created", "updated", "unchanged"


@dataclass
class Problem:
    line: int
    column: str  # the column's label ("" for the whole line)
    value: str
    message: str


@dataclass
class Report:
    """What an import found or did; stored as JSON on the staged run (`as_dict`)."""

    filename: str = ""
    format: str = ""
    encoding: str = ""
    delimiter: str = ""
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    refused: int = 0
    problem_total: int = 0
    problems: list = field(default_factory=list)
    refusal: list = field(default_factory=list)  # the file as a whole is refused: why
    recognised: list = field(default_factory=list)  # (letter, heading, column label)
    unknown: list = field(default_factory=list)  # (letter, heading)
    proposals: list = field(default_factory=list)  # rows the import will create beside its own
    committed: bool = False

    def as_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> "Report":
        return cls(**{key: value for key, value in (data or {}).items() if key in _FIELDS})

    @property
    def accepted(self) -> int:
        return self.created + self.updated + self.unchanged

    @property
    def can_commit(self) -> bool:
        return not self.refusal and (self.created + self.updated) > 0

    @property
    def format_label(self) -> str:
        return FORMAT_LABELS.get(self.format, self.format)

    @property
    def summary(self) -> str:
        """ "3 créations, 1 mise à jour, 280 lignes inchangées, 2 lignes refusées"."""
        return ", ".join(
            (
                _count(self.created, "création", "créations"),
                _count(self.updated, "mise à jour", "mises à jour"),
                _count(self.unchanged, "ligne inchangée", "lignes inchangées"),
                _count(self.refused, "ligne refusée", "lignes refusées"),
            )
        )

    @property
    def problems_left_out(self) -> int:
        return self.problem_total - len(self.problems)


_FIELDS = set(Report.__dataclass_fields__)


def _count(number: int, one: str, several: str) -> str:
    """French plurals: 0 and 1 take the singular."""
    return f"{thousands(number)} {several if number > 1 else one}"


class Row:
    """One line of the file, its cells by column name; `refuse` notes a problem."""

    def __init__(self, line: int, cells: list, mapping: Mapping, importer: "Importer"):
        self.line = line
        self._cells = cells
        self._mapping = mapping
        self._importer = importer
        self.problems: list[Problem] = []

    def has(self, name: str) -> bool:
        return name in self._mapping.positions

    def __getitem__(self, name: str):
        position = self._mapping.positions.get(name)
        if position is None or position >= len(self._cells):
            return None
        return self._cells[position]

    def text(self, name: str) -> str:
        return values.text(self[name])

    def refuse(self, name: str, message: str, value=None) -> None:
        column = self._importer.column(name) if name else None
        shown = values.text(self[name] if value is None and name else value)
        self.problems.append(
            Problem(self.line, column.label if column else "", shown[:200], message)
        )

    def read(self, name: str, reader, *args, **kwargs):
        """`reader(cell, ...)`, or None with the problem noted."""
        try:
            return reader(self[name], *args, **kwargs)
        except values.Refused as refused:
            self.refuse(name, refused.message)
            return None

    @property
    def refused(self) -> bool:
        return bool(self.problems)


class Importer:
    kind = ""  # "<app>.<model>": the kind of a staged run
    title = ""  # « Importer l'inventaire des actions »
    template_name = "import"  # the downloadable template: « modèle inventaire des actions »
    columns: tuple[Column, ...] = ()
    chunk_size = 500
    guide_intro = ""

    def __init__(self, *, scope, actor=None):
        self.scope = scope
        self.actor = actor
        self._by_name = {column.name: column for column in self.columns}

    def column(self, name: str) -> Column:
        return self._by_name[name]

    # --- what each importer says -------------------------------------------------------------

    def prepare(self, rows: list[Row]) -> None:
        """Before a chunk's rows are cleaned: look up in bulk what they name (communes)."""

    def clean(self, row: Row):
        raise NotImplementedError

    def key(self, item) -> str | None:
        return None

    key_column = ""

    def plan(self, items: list) -> list[tuple[object, str]]:
        raise NotImplementedError

    def write(self, planned: list[tuple[object, str]]) -> None:
        raise NotImplementedError

    def proposals(self) -> list[dict]:
        """What the import will create beside its own rows (organisations), for the preview."""
        return []

    def finish(self, report: Report) -> None:
        """Once, at the end of a commit, inside its transaction."""

    def example_rows(self) -> list[list[str]]:
        """Rows of the downloadable template, in the order of `columns`."""
        return [[column.example for column in self.columns]]

    # --- the run -----------------------------------------------------------------------------

    def run(self, data: bytes, *, filename: str = "", commit: bool, limits: Limits | None = None):
        """Read `data`; on `commit`, write it all in one transaction (a refusal found on the way
        undoes everything). Returns the Report; a refused file gives a Report with `refusal`."""
        limits = limits or current_limits()
        report = Report(filename=filename)
        try:
            if commit:
                with transaction.atomic():
                    self._run(data, report, limits, commit=True)
                    if report.created or report.updated:  # else nothing changed: no history
                        self.finish(report)
                    report.committed = True
            else:
                self._run(data, report, limits, commit=False)
        except FileRefused as refused:
            report.refusal = refused.messages
            report.created = report.updated = report.unchanged = 0
            report.committed = False
        return report

    def _run(self, data: bytes, report: Report, limits: Limits, *, commit: bool) -> None:
        table = Table(data, filename=report.filename, limits=limits)
        report.format = table.format
        rows = iter(table.rows())
        mapping, seen = match_headings(rows, self.columns)
        report.encoding, report.delimiter = table.encoding, table.delimiter
        report.recognised = [list(row) for row in mapping.recognised(self.columns)]
        report.unknown = [list(row) for row in mapping.unknown]
        keys: dict[str, int] = {}
        chunk: list[Row] = []
        for raw in _chain(seen, rows):
            cells = raw.cells[: limits.max_columns]
            if not any(values.text(cell) for cell in cells):
                continue
            report.rows += 1
            if report.rows > limits.max_rows:
                raise FileRefused(
                    f"Le fichier compte plus de {thousands(limits.max_rows)} lignes : "
                    "découpez-le en plusieurs fichiers."
                )
            chunk.append(Row(raw.line, cells, mapping, self))
            if len(chunk) >= self.chunk_size:
                self._chunk(chunk, report, keys, limits, commit=commit)
                chunk = []
        if chunk:
            self._chunk(chunk, report, keys, limits, commit=commit)
        if not report.rows:
            raise FileRefused(
                "Le fichier ne contient que la ligne des titres de colonnes : aucune ligne à "
                "importer."
            )
        report.proposals = self.proposals()

    def _chunk(self, rows: list[Row], report, keys, limits, *, commit: bool) -> None:
        items = []
        self.prepare(rows)
        for row in rows:
            self._check_cells(row, limits)
            item = None if row.refused else self.clean(row)
            if item is not None and not row.refused:
                key = self.key(item)
                if key is not None and key in keys:
                    row.refuse(
                        self.key_column,
                        f"Cette ligne reprend l'identifiant de la ligne {keys[key]} : chaque "
                        "ligne doit avoir le sien.",
                    )
                elif key is not None:
                    keys[key] = row.line
            if row.refused:
                row.problems.sort(key=lambda problem: self._position(row, problem.column))
                report.refused += 1
                report.problem_total += len(row.problems)
                room = limits.max_problems - len(report.problems)
                report.problems += [asdict(p) for p in row.problems[: max(room, 0)]]
            else:
                items.append(item)
        if not items:
            return
        planned = self.plan(items)
        for _item, outcome in planned:
            setattr(report, outcome, getattr(report, outcome) + 1)
        if commit:
            self.write(planned)

    def _position(self, row: Row, label: str) -> int:
        """Where a problem's column sits in the file, to list a row's problems in its order."""
        for column in self.columns:
            if column.label == label:
                return row._mapping.positions.get(column.name, -1)
        return -1

    def _check_cells(self, row: Row, limits: Limits) -> None:
        for name in row._mapping.positions:
            value = row[name]
            if not isinstance(value, str):
                continue
            if len(value) > limits.max_cell_chars:
                row.refuse(
                    name,
                    f"Cette cellule dépasse {thousands(limits.max_cell_chars)} caractères.",
                    value=value[:100] + "…",
                )
            elif value.lstrip().startswith("="):
                row.refuse(
                    name,
                    "Cette cellule contient une formule : remplacez-la par sa valeur (les "
                    "formules ne sont pas importées).",
                )


def _chain(first: Iterable, rest: Iterable):
    yield from first
    yield from rest
