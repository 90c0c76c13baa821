"""The downloadable templates of an import: a CSV that opens in Excel (semicolons, UTF-8 with
BOM) and an XLSX with a bold, frozen heading row."""

import csv
import io

from openpyxl import Workbook
from openpyxl.styles import Font

from .pipeline import Importer


def template_csv(importer: Importer) -> bytes:
    text = io.StringIO()
    writer = csv.writer(text, delimiter=";", lineterminator="\r\n")
    writer.writerow([column.label for column in importer.columns])
    writer.writerows(importer.example_rows())
    return ("\ufeff" + text.getvalue()).encode("utf-8")


def template_xlsx(importer: Importer) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "A importer"
    sheet.append([column.label for column in importer.columns])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in importer.example_rows():
        sheet.append(row)
    for index, column in enumerate(importer.columns, start=1):
        width = max(len(column.label), *(len(str(r[index - 1])) for r in importer.example_rows()))
        sheet.column_dimensions[sheet.cell(1, index).column_letter].width = min(width + 2, 50)
    sheet.freeze_panes = "A2"
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()
