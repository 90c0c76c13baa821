"""A reusable import pipeline (ADR 018): CSV, XLSX and ODS read with bounded memory, checked
against abuse (size, rows, zip bombs, formulas, macros), headings matched in any order and
wording, a per-line French report, a dry run then an all-or-nothing commit, the file staged
between the two (`core.models.ImportRun`), and the back-office pages (`views.ImportPages`).

An app writes one `Importer` subclass per kind of row (see `pipeline`), and one
`ImportPages` subclass for its routes."""

from . import values
from .columns import Column
from .files import FileRefused
from .limits import Limits, current_limits
from .pipeline import CREATED, UNCHANGED, UPDATED, Importer, Report, Row
from .staging import import_commit, import_stage

__all__ = [
    "CREATED",
    "UNCHANGED",
    "UPDATED",
    "Column",
    "FileRefused",
    "Importer",
    "Limits",
    "Report",
    "Row",
    "current_limits",
    "import_commit",
    "import_stage",
    "values",
]
