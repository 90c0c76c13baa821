"""Spreadsheets for people: a CSV that opens as it should in Excel, and an XLSX, both written
row by row and safe against formula injection.

    return spreadsheet_response(rows, headers=["Titre"], filename="Inventaire", fmt="csv")

`rows` is any iterable of sequences (a generator over a queryset's `.iterator()` keeps memory
flat); each value may be text, a number, a date, a boolean (« oui » / « non »), a list (joined
with commas) or None (an empty cell).

Formula injection: a spreadsheet program runs a cell that starts with = + - @ (or a tab or a
carriage return, which some programs skip before reading a formula) as a formula. Every text
cell starting so is prefixed with an apostrophe, in both formats: the cell reads as text, the
person sees where the value was changed (ADR 017).
"""

import csv
import datetime
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal

from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, WriteOnlyCell
from openpyxl.styles import Font

CSV = "csv"
XLSX = "xlsx"
FORMATS = (CSV, XLSX)

CONTENT_TYPES = {
    CSV: "text/csv; charset=utf-8",
    XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Excel reads a CSV as UTF-8 only when it starts with the byte order mark.
BOM = "\ufeff"
DATE_FORMAT = "DD/MM/YYYY"
# Rows written to the XLSX's temporary file before it is zipped: memory stays flat; beyond this
# size the spooled file moves to disk.
SPOOL_BYTES = 4 * 1024 * 1024


def neutralise(text: str) -> str:
    """The text as a spreadsheet must show it, never run it: an apostrophe before a formula."""
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def _plain(value):
    """A cell's value: text (neutralised), a number, a date, or "" for nothing."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, int | float | Decimal):
        return value
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, list | tuple | set | frozenset):
        return neutralise(", ".join(str(item) for item in value))
    return neutralise(str(value))


def _csv_text(value) -> str:
    """A value as French Excel reads it from a CSV: dates as 02/12/2026, decimal commas."""
    value = _plain(value)
    if isinstance(value, datetime.datetime):
        return value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, float | Decimal):
        return str(value).replace(".", ",")
    return str(value)


class _Line:
    """A file-like object whose `write` hands back what the csv module writes."""

    def write(self, text: str) -> str:
        return text


def csv_lines(rows: Iterable[Sequence], headers: Sequence[str]) -> Iterator[str]:
    """The lines of a CSV for Excel: `;` separated, CRLF, the byte order mark first."""
    writer = csv.writer(_Line(), delimiter=";", lineterminator="\r\n")
    yield BOM + writer.writerow([_csv_text(heading) for heading in headers])
    for row in rows:
        yield writer.writerow([_csv_text(value) for value in row])


def write_xlsx(rows: Iterable[Sequence], headers: Sequence[str], out, *, title: str = "") -> None:
    """Write an XLSX workbook of one sheet into the binary file `out`, row by row (openpyxl's
    write-only mode keeps only the current row in memory)."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=_sheet_title(title))
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    heading_cells = []
    for heading in headers:
        cell = WriteOnlyCell(sheet, value=_xlsx_value(heading))
        cell.font = bold
        heading_cells.append(cell)
    sheet.append(heading_cells)
    for row in rows:
        sheet.append([_xlsx_cell(sheet, value) for value in row])
    workbook.save(out)


def _xlsx_value(value):
    value = _plain(value)
    if isinstance(value, str):
        # Control characters are refused by the XLSX format itself.
        return ILLEGAL_CHARACTERS_RE.sub("", value)
    return value


def _xlsx_cell(sheet, value):
    value = _xlsx_value(value)
    if isinstance(value, datetime.date):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = (
            DATE_FORMAT if not isinstance(value, datetime.datetime) else (DATE_FORMAT + " hh:mm")
        )
        return cell
    return value


def _sheet_title(title: str) -> str:
    """Excel's rules for a sheet name: at most 31 characters, none of []:*?/\\."""
    cleaned = "".join(" " if char in "[]:*?/\\" else char for char in title).strip()
    return cleaned[:31] or "Feuille 1"


def file_name(name: str, fmt: str, *, today: datetime.date | None = None) -> str:
    """« inventaire-des-actions-monalisa-22-2026-12-02.csv »: readable, dated, safe in every
    operating system and mail program."""
    day = (today or timezone.localdate()).isoformat()
    return f"{slugify(name) or 'export'}-{day}.{fmt}"


def spreadsheet_response(
    rows: Iterable[Sequence],
    *,
    headers: Sequence[str],
    filename: str,
    fmt: str,
    sheet_title: str = "",
):
    """A download of `rows` under `headers` as a CSV or an XLSX (`fmt`), named after `filename`
    (a human name: it is slugified and dated). The CSV is streamed as it is written; the XLSX is
    written to a temporary file (it is a zip archive) then streamed from it."""
    if fmt not in FORMATS:
        raise ValueError(f"Unknown spreadsheet format: {fmt!r}")
    name = file_name(filename, fmt)
    if fmt == CSV:
        response = StreamingHttpResponse(csv_lines(rows, headers), content_type=CONTENT_TYPES[CSV])
        response["Content-Disposition"] = content_disposition_header(True, name)
        return response
    # Closed by the response once sent (FileResponse closes its file).
    out = tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES)  # noqa: SIM115
    try:
        write_xlsx(rows, headers, out, title=sheet_title or filename)
    except BaseException:
        out.close()
        raise
    out.seek(0)
    return FileResponse(out, as_attachment=True, filename=name, content_type=CONTENT_TYPES[XLSX])
