"""Reading an uploaded table: CSV (UTF-8 with or without BOM, UTF-16, Windows-1252; comma,
semicolon or tab), XLSX and ODS. The format is told by the content, not by the name.

Everything a file could do wrong is refused before a row is read, with a French message:
an empty file, a binary file, an archive that unpacks too large or holds too many entries
(checked on its directory, then while unpacking), a damaged or truncated archive, macros,
formula cells (with their line). Rows are then yielded one at a time: CSV through a text
stream, spreadsheets through calamine (whose unpacked size is bounded by the checks above).
"""

import codecs
import csv
import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass

import filetype
import python_calamine
from defusedxml import ElementTree

from .limits import Limits, megabytes, thousands

CSV, XLSX, ODS = "csv", "xlsx", "ods"
FORMAT_LABELS = {CSV: "CSV", XLSX: "Excel (XLSX)", ODS: "OpenDocument (ODS)"}
ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"
_CHUNK = 64 * 1024
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_MACRO_NAMES = re.compile(r"(^|/)vbaProject\.bin$|(^|/)vbaData\.xml$|^(Basic|Scripts)/", re.I)
# A formula in a worksheet: an <f> element (shared and array formulas included).
_XLSX_CELL = re.compile(rb"<(?:\w+:)?c\s[^>]*?\br=\"([A-Z]{1,3})(\d+)\"")
_XLSX_FORMULA = re.compile(rb"<(?:\w+:)?f[\s>/]")
_XLSX_TOKENS = re.compile(_XLSX_CELL.pattern + rb"|" + _XLSX_FORMULA.pattern)
_ODS_NS = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
MAX_FORMULAS_LISTED = 10
SAVE_AS = (
    "Enregistrez le tableau au format CSV (UTF-8), XLSX ou ODS depuis votre tableur, puis "
    "déposez-le de nouveau."
)


class FileRefused(Exception):
    """The file as a whole cannot be read: nothing is imported. `messages` are French."""

    def __init__(self, *messages: str):
        self.messages = list(messages)
        super().__init__(" ".join(messages))


@dataclass(frozen=True)
class RawRow:
    line: int  # as the spreadsheet shows it: the first row is line 1
    cells: list


class Table:
    """An uploaded file made readable: `format`, then `rows()` one at a time."""

    def __init__(self, data: bytes, *, filename: str = "", limits: Limits):
        self.data = data
        self.filename = filename
        self.limits = limits
        self.delimiter = ""
        self.encoding = ""
        self.format = self._check()

    # --- what the file is ------------------------------------------------------------------

    def _check(self) -> str:
        data, limits = self.data, self.limits
        if len(data) > limits.max_bytes:
            raise FileRefused(
                f"Le fichier pèse {megabytes(len(data))} : la limite est de "
                f"{megabytes(limits.max_bytes)}. Découpez-le en plusieurs fichiers."
            )
        if self.filename.lower().endswith((".xlsm", ".xltm", ".xlsb")):
            raise FileRefused(
                "Les classeurs avec macros (.xlsm, .xlsb) ne sont pas acceptés. " + SAVE_AS
            )
        if not data.strip(b" \t\r\n\xef\xbb\xbf"):
            raise FileRefused("Le fichier est vide : il ne contient aucune ligne.")
        if data.startswith(b"PK\x03\x04") or data.startswith(b"PK\x05\x06"):
            return self._check_archive()
        if data.startswith(_OLE2):
            raise FileRefused(
                "Ce fichier est un ancien classeur Excel (.xls) ou un classeur protégé par un "
                "mot de passe : il ne peut pas être lu. " + SAVE_AS
            )
        self._check_text()
        return CSV

    def _check_text(self) -> None:
        head = self.data[:8192]
        if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            self.encoding = "utf-16"
            return
        kind = filetype.guess(head)
        if kind is not None or b"\x00" in head:
            what = f" (il s'agit d'un fichier {kind.extension.upper()})" if kind else ""
            raise FileRefused(
                f"Ce fichier n'est pas un tableau lisible{what}, même si son nom se termine "
                f"par « .csv ». " + SAVE_AS
            )
        self.encoding = _text_encoding(self.data)

    def _check_archive(self) -> str:
        limits = self.limits
        try:
            archive = zipfile.ZipFile(io.BytesIO(self.data))
            entries = archive.infolist()
        except (zipfile.BadZipFile, OSError, ValueError) as error:
            raise FileRefused(_damaged()) from error
        if len(entries) > limits.max_entries:
            raise FileRefused(
                f"Ce classeur contient {thousands(len(entries))} fichiers internes : la limite "
                f"est de {limits.max_entries}. " + SAVE_AS
            )
        names = [entry.filename for entry in entries]
        if len(set(names)) != len(names):
            raise FileRefused(_damaged())
        declared = sum(entry.file_size for entry in entries)
        if declared > limits.max_unpacked_bytes:
            raise FileRefused(_too_large(limits))
        if any(_MACRO_NAMES.search(name) for name in names):
            raise FileRefused("Ce classeur contient des macros : il n'est pas accepté. " + SAVE_AS)
        kind = self._archive_kind(archive, names)
        self._archive = archive
        self._sheet_entry = self._first_sheet(archive, kind)
        formulas = self._unpack_all(archive, entries, kind)
        if formulas:
            listed = ", ".join(formulas[:MAX_FORMULAS_LISTED])
            more = len(formulas) - MAX_FORMULAS_LISTED
            raise FileRefused(
                f"Le tableau contient des formules (cellule{'s' if len(formulas) > 1 else ''} "
                f"{listed}{f' et {more} autres' if more > 0 else ''}). Les formules ne sont pas "
                "importées, car leur résultat dépend du tableur : remplacez-les par leurs "
                "valeurs (copier, puis « Collage spécial » › « Valeurs uniquement ») et "
                "déposez le fichier de nouveau."
            )
        return kind

    def _archive_kind(self, archive, names) -> str:
        if "mimetype" in names:
            if archive.read("mimetype").strip() == ODS_MIMETYPE and "content.xml" in names:
                return ODS
        elif "[Content_Types].xml" in names and "xl/workbook.xml" in names:
            types = archive.read("[Content_Types].xml")
            if b"macroEnabled" in types:
                raise FileRefused(
                    "Ce classeur contient des macros : il n'est pas accepté. " + SAVE_AS
                )
            return XLSX
        raise FileRefused(
            "Ce fichier est une archive, mais pas un classeur XLSX ni ODS. " + SAVE_AS
        )

    def _first_sheet(self, archive, kind) -> str:
        """The archive entry of the first sheet (the one read)."""
        if kind == ODS:
            return "content.xml"
        try:
            workbook = ElementTree.fromstring(archive.read("xl/workbook.xml"))
            rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
        except (KeyError, ElementTree.ParseError, zipfile.BadZipFile) as error:
            raise FileRefused(_damaged()) from error
        except Exception as error:  # defusedxml refuses entities and DTDs
            raise FileRefused(_damaged()) from error
        sheet = next((el for el in workbook.iter() if el.tag.endswith("}sheet")), None)
        if sheet is None:
            raise FileRefused("Ce classeur ne contient aucune feuille.")
        rel_id = next((v for k, v in sheet.attrib.items() if k.endswith("}id")), "")
        for rel in rels.iter():
            if rel.get("Id") == rel_id:
                target = rel.get("Target", "").lstrip("/")
                return target if target.startswith("xl/") else "xl/" + target
        raise FileRefused(_damaged())

    def _unpack_all(self, archive, entries, kind) -> list[str]:
        """Unpack every entry once, counting what it really unpacks to (a directory may lie),
        checking its CRC (zipfile does at the end of each entry), and listing the formula
        cells of the sheet read."""
        total = 0
        formulas: list[str] = []
        for entry in entries:
            if entry.filename == self._sheet_entry and kind == ODS:
                total += self._scan_ods(archive, entry, formulas, total)
                continue
            scan = _FormulaScan(formulas) if entry.filename == self._sheet_entry else None
            try:
                with archive.open(entry) as stream:
                    while chunk := stream.read(_CHUNK):
                        total += len(chunk)
                        if total > self.limits.max_unpacked_bytes:
                            raise FileRefused(_too_large(self.limits))
                        if scan:
                            scan.feed(chunk)
            except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError) as error:
                raise FileRefused(_damaged()) from error
        return formulas

    def _scan_ods(self, archive, entry, formulas, already) -> int:
        counted = [already]
        limits = self.limits

        class Counted(io.RawIOBase):
            def __init__(self, stream):
                self.stream = stream

            def readable(self):
                return True

            def readinto(self, buffer):
                data = self.stream.read(len(buffer))
                counted[0] += len(data)
                if counted[0] > limits.max_unpacked_bytes:
                    raise FileRefused(_too_large(limits))
                buffer[: len(data)] = data
                return len(data)

        row = 0
        first_table_done = False
        depth = 0
        try:
            with archive.open(entry) as stream:
                events = ElementTree.iterparse(
                    io.BufferedReader(Counted(stream)), events=("start", "end")
                )
                column = 0
                for event, element in events:
                    tag = element.tag
                    if tag == f"{{{_ODS_NS}}}table":
                        if event == "start":
                            depth += 1
                        else:
                            first_table_done = True
                        continue
                    if first_table_done or not depth:
                        if event == "end":
                            element.clear()
                        continue
                    if tag == f"{{{_ODS_NS}}}table-row" and event == "start":
                        row += 1
                        column = 0
                    elif tag == f"{{{_ODS_NS}}}table-row" and event == "end":
                        repeat = int(element.get(f"{{{_ODS_NS}}}number-rows-repeated", "1"))
                        row += min(repeat, 1_048_576) - 1
                        element.clear()
                    elif tag in (f"{{{_ODS_NS}}}table-cell", f"{{{_ODS_NS}}}covered-table-cell"):
                        if event == "start":
                            column += 1
                            if element.get(f"{{{_ODS_NS}}}formula") is not None:
                                formulas.append(f"{_column_letters(column)}{row}")
                        else:
                            repeat = element.get(f"{{{_ODS_NS}}}number-columns-repeated", "1")
                            column += min(int(repeat), 16_384) - 1
                            element.clear()
                # Read to the end: the CRC is checked there.
                while stream.read(_CHUNK):
                    pass
        except FileRefused:
            raise
        except Exception as error:  # a damaged archive or XML, entities refused
            raise FileRefused(_damaged()) from error
        return counted[0] - already

    # --- the rows ----------------------------------------------------------------------------

    def rows(self) -> Iterator[RawRow]:
        if self.format == CSV:
            yield from self._csv_rows()
        else:
            yield from self._sheet_rows()

    def _csv_rows(self) -> Iterator[RawRow]:
        text = io.TextIOWrapper(io.BytesIO(self.data), encoding=self.encoding, newline="")
        first_line = text.readline()
        self.delimiter = sniff_delimiter(first_line)
        text.seek(0)
        reader = csv.reader(text, delimiter=self.delimiter, strict=False)
        line = 0
        try:
            for cells in reader:
                line += 1
                yield RawRow(line, cells)
        except csv.Error as error:
            raise FileRefused(
                f"Ligne {line + 1} : le fichier CSV est mal formé (une cellule trop longue ou "
                "un guillemet jamais refermé). " + SAVE_AS
            ) from error
        except UnicodeDecodeError as error:
            raise FileRefused(_encoding_message()) from error

    def _sheet_rows(self) -> Iterator[RawRow]:
        try:
            workbook = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(self.data))
            sheet = workbook.get_sheet_by_index(0)
            # calamine yields from the sheet's first row (line 1), columns from the first used.
            for index, cells in enumerate(sheet.iter_rows()):
                yield RawRow(index + 1, cells)
        except python_calamine.CalamineError as error:
            raise FileRefused(_damaged()) from error
        except (python_calamine.ZipError, python_calamine.XmlError) as error:
            raise FileRefused(_damaged()) from error


def _column_letters(number: int) -> str:
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


class _FormulaScan:
    """The cells holding a formula in a worksheet's XML, read chunk by chunk (a tag may
    straddle two chunks: the tail from the last "<" is carried over)."""

    def __init__(self, formulas: list[str]):
        self.formulas = formulas
        self.cell = ""
        self.carry = b""

    def feed(self, chunk: bytes) -> None:
        buffer = self.carry + chunk
        cut = buffer.rfind(b"<")
        whole, self.carry = (buffer[:cut], buffer[cut:]) if cut >= 0 else (buffer, b"")
        if len(self.carry) > 4096:  # no tag is that long
            whole, self.carry = buffer, b""
        for match in _XLSX_TOKENS.finditer(whole):
            if match.group(1):
                self.cell = (match.group(1) + match.group(2)).decode()
            elif self.cell and (not self.formulas or self.formulas[-1] != self.cell):
                self.formulas.append(self.cell)


def _text_encoding(data: bytes) -> str:
    """UTF-8 (with or without BOM) if it decodes, else Windows-1252, else refused. Checked in
    chunks: the text is never held twice."""
    encoding = "utf-8-sig" if data.startswith(codecs.BOM_UTF8) else "utf-8"
    for candidate in (encoding, "cp1252"):
        decoder = codecs.getincrementaldecoder(candidate)()
        try:
            for start in range(0, len(data), _CHUNK):
                decoder.decode(data[start : start + _CHUNK])
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            continue
        return candidate
    raise FileRefused(_encoding_message())


def sniff_delimiter(first_line: str) -> str:
    """Semicolon (French spreadsheets), comma or tab: the most frequent outside quotes in the
    heading line; a tie goes to the semicolon."""
    outside = re.sub(r'"[^"]*"', "", first_line)
    counts = {";": outside.count(";"), ",": outside.count(","), "\t": outside.count("\t")}
    best = max(counts.values())
    if best == 0:
        return ";"
    return next(sep for sep in (";", ",", "\t") if counts[sep] == best)


def _damaged() -> str:
    return (
        "Ce classeur est abîmé ou incomplet (le téléversement a peut-être été interrompu) : "
        "il ne peut pas être lu. Ouvrez-le dans votre tableur, enregistrez-le de nouveau, puis "
        "déposez-le."
    )


def _too_large(limits: Limits) -> str:
    return (
        f"Une fois décompressé, ce classeur dépasse {megabytes(limits.max_unpacked_bytes)} : il "
        "n'est pas accepté. Retirez les feuilles, images et mises en forme inutiles, ou "
        "découpez-le."
    )


def _encoding_message() -> str:
    return (
        "Les caractères de ce fichier ne sont pas lisibles (encodage inconnu). Enregistrez-le "
        "au format « CSV UTF-8 » depuis votre tableur, puis déposez-le de nouveau."
    )
