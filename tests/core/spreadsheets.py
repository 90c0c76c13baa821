"""Files for the import tests, built in memory: CSV in any encoding and separator, XLSX (with
formulas, macros, a title row, dates), ODS, and the broken ones (truncated, zip bombs, archives
whose directory lies, binaries renamed .csv)."""

import csv
import io
import struct
import zipfile
from xml.sax.saxutils import escape

from openpyxl import Workbook


def csv_bytes(rows, *, delimiter=";", encoding="utf-8", bom=False) -> bytes:
    text = io.StringIO()
    csv.writer(text, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    data = text.getvalue().encode(encoding)
    return (b"\xef\xbb\xbf" + data) if bom else data


def xlsx_bytes(rows, *, title_row: str = "", extra_entries: dict | None = None) -> bytes:
    """A workbook whose first sheet holds `rows` (a str starting with "=" is a formula)."""
    workbook = Workbook()
    sheet = workbook.active
    if title_row:
        sheet.append([title_row])
    for row in rows:
        sheet.append(row)
    output = io.BytesIO()
    workbook.save(output)
    data = output.getvalue()
    if extra_entries:
        data = with_entries(data, extra_entries)
    return data


def with_entries(archive: bytes, entries: dict[str, bytes], replace: dict | None = None) -> bytes:
    """The archive with more entries (or some replaced)."""
    source = zipfile.ZipFile(io.BytesIO(archive))
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if replace and info.filename in replace:
                data = replace[info.filename](data)
            target.writestr(info.filename, data)
        for name, data in entries.items():
            target.writestr(name, data)
    return output.getvalue()


ODS_NS = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'xmlns:of="urn:oasis:names:tc:opendocument:xmlns:of:1.2" office:version="1.2"'
)


def _ods_cell(value) -> str:
    if isinstance(value, str) and value.startswith("="):
        return (
            f'<table:table-cell table:formula="of:{escape(value)}" office:value-type="float" '
            'office:value="3"><text:p>3</text:p></table:table-cell>'
        )
    if value in (None, ""):
        return "<table:table-cell/>"
    return (
        f'<table:table-cell office:value-type="string"><text:p>{escape(str(value))}</text:p>'
        "</table:table-cell>"
    )


def ods_bytes(rows, *, extra_entries: dict | None = None) -> bytes:
    """An OpenDocument spreadsheet, as LibreOffice lays it out (mimetype first, stored)."""
    body = "".join(
        "<table:table-row>" + "".join(_ods_cell(v) for v in row) + "</table:table-row>"
        for row in rows
    )
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {ODS_NS}>'
        '<office:body><office:spreadsheet><table:table table:name="Feuille1">'
        f"{body}</table:table></office:spreadsheet></office:body></office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
        'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" '
        'manifest:version="1.2">'
        '<manifest:file-entry manifest:full-path="/" '
        'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w") as archive:
        archive.writestr(
            "mimetype", "application/vnd.oasis.opendocument.spreadsheet", zipfile.ZIP_STORED
        )
        archive.writestr("content.xml", content, zipfile.ZIP_DEFLATED)
        archive.writestr("META-INF/manifest.xml", manifest, zipfile.ZIP_DEFLATED)
        for name, data in (extra_entries or {}).items():
            archive.writestr(name, data, zipfile.ZIP_DEFLATED)
    return output.getvalue()


def zip_bomb_xlsx(rows, *, unpacked: int) -> bytes:
    """A real workbook carrying one more entry of `unpacked` zeros (a few kB compressed)."""
    source = zipfile.ZipFile(io.BytesIO(xlsx_bytes(rows)))
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info.filename, source.read(info.filename))
        with target.open("xl/media/padding.bin", "w", force_zip64=True) as stream:
            block = b"\0" * (1024 * 1024)
            for _ in range(unpacked // len(block)):
                stream.write(block)
    return output.getvalue()


def lying_directory(archive: bytes, entry: str, declared: int) -> bytes:
    """The archive whose central directory (and local header) declares `declared` bytes for
    `entry`, whatever it really unpacks to: a bomb that hides behind small sizes."""
    data = bytearray(archive)
    name = entry.encode()
    # Central directory headers: signature PK\x01\x02, uncompressed size at offset 24.
    position = 0
    while (position := data.find(b"PK\x01\x02", position)) >= 0:
        name_length = struct.unpack_from("<H", data, position + 28)[0]
        if data[position + 46 : position + 46 + name_length] == name:
            struct.pack_into("<I", data, position + 24, declared)
        position += 4
    position = 0
    while (position := data.find(b"PK\x03\x04", position)) >= 0:
        name_length = struct.unpack_from("<H", data, position + 26)[0]
        if data[position + 30 : position + 30 + name_length] == name:
            struct.pack_into("<I", data, position + 22, declared)
        position += 4
    return bytes(data)


def many_entries_xlsx(rows, count: int) -> bytes:
    return with_entries(xlsx_bytes(rows), {f"xl/media/image{n}.png": b"x" for n in range(count)})


def plain_zip() -> bytes:
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w") as archive:
        archive.writestr("lisez-moi.txt", "Bonjour")
    return output.getvalue()


PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00"
    b"\x00\x00IEND\xaeB`\x82"
)
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<<>>\n%%EOF\n"
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504
