"""Spreadsheets for people: the files are read back as a spreadsheet program reads them."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from maillage.core.exports import neutralise, spreadsheet_response

HEADERS = ["Titre", "Nombre", "Date", "Gratuite", "Types", "Rien"]
ROWS = [
    ["Visites à domicile ; le mardi", 3, datetime.date(2026, 12, 2), True, ["a", "b"], None],
    ['Ligne 1\nligne 2 « guillemets » "doubles"', 2.5, datetime.date(2026, 1, 31), False, [], ""],
]
# What an attacker types into a title or a phone field, hoping a spreadsheet runs it.
FORMULAS = [
    '=HYPERLINK("http://exemple.fr";"clic")',
    "+33 1 23 45 67 89",
    "-2+3",
    "@SUM(A1:A2)",
    "\t=1+1",
    "\r=1+1",
]


def body(response) -> bytes:
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def read_csv(response) -> list[list[str]]:
    data = body(response)
    assert data.startswith(b"\xef\xbb\xbf"), "the UTF-8 byte order mark that Excel needs"
    text = data.decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))


def workbook_of(response):
    return load_workbook(io.BytesIO(body(response)))


def read_xlsx(response) -> list[list]:
    return [[cell.value for cell in row] for row in workbook_of(response).active.iter_rows()]


def test_the_csv_opens_in_excel_as_people_expect():
    response = spreadsheet_response(
        ROWS, headers=HEADERS, filename="Inventaire des actions", fmt="csv"
    )

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    data = body(spreadsheet_response(ROWS, headers=HEADERS, filename="x", fmt="csv"))
    assert data.count(b"\r\n") == 3  # CRLF line ends; the newline inside a cell stays "\n"
    assert read_csv(response) == [
        HEADERS,
        ["Visites à domicile ; le mardi", "3", "02/12/2026", "oui", "a, b", ""],
        ['Ligne 1\nligne 2 « guillemets » "doubles"', "2,5", "31/01/2026", "non", "", ""],
    ]


def test_the_xlsx_keeps_numbers_and_dates_as_such():
    response = spreadsheet_response(ROWS, headers=HEADERS, filename="Inventaire", fmt="xlsx")

    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    sheet = workbook_of(response).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows[0] == HEADERS
    assert rows[1] == [
        "Visites à domicile ; le mardi",
        3,
        datetime.datetime(2026, 12, 2),
        "oui",
        "a, b",
        None,
    ]
    assert rows[2][1] == 2.5
    assert sheet.title == "Inventaire"
    assert sheet.freeze_panes == "A2"
    assert sheet["A1"].font.bold
    assert sheet["C2"].number_format == "DD/MM/YYYY"


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_file_name_is_readable_and_dated(fmt, settings):
    response = spreadsheet_response(
        [], headers=HEADERS, filename="Actions MONALISA Côtes-d'Armor", fmt=fmt
    )

    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment; ")
    assert "actions-monalisa-cotes-darmor-20" in disposition
    assert disposition.endswith(f'.{fmt}"')


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_no_cell_can_run_as_a_formula(fmt):
    rows = [[formula, "sans danger", 1] for formula in FORMULAS]
    response = spreadsheet_response(rows, headers=["=Titre", "Texte", "N"], filename="x", fmt=fmt)

    if fmt == "csv":
        found = read_csv(response)
    else:
        sheet = workbook_of(response).active
        found = [[cell.value for cell in row] for row in sheet.iter_rows()]
        types = {cell.data_type for row in sheet.iter_rows() for cell in row}
        assert "f" not in types, "no formula cell in the workbook"
    assert found[0][0] == "'=Titre"
    for formula, row in zip(FORMULAS, found[1:], strict=True):
        if fmt == "xlsx":  # XML reads a carriage return back as a line feed
            formula = formula.replace("\r", "\n")
        assert row[0] == "'" + formula
        assert row[1] == "sans danger"


def test_numbers_are_not_text_and_stay_numbers():
    """A negative number is a number, not a formula: only text is neutralised."""
    response = spreadsheet_response(
        [[-3, Decimal("-1.5")]], headers=["a", "b"], filename="x", fmt="xlsx"
    )

    assert read_xlsx(response)[1] == [-3, -1.5]


def test_control_characters_are_dropped_from_the_xlsx():
    response = spreadsheet_response([["un\x01deux\x0b"]], headers=["a"], filename="x", fmt="xlsx")

    assert read_xlsx(response)[1] == ["undeux"]


def test_neutralise_leaves_ordinary_text_alone():
    assert neutralise("Visites - le mardi") == "Visites - le mardi"
    assert neutralise("01 23 45 67 89") == "01 23 45 67 89"
    assert neutralise("-") == "'-"


def test_an_unknown_format_is_a_programming_error():
    with pytest.raises(ValueError, match="pdf"):
        spreadsheet_response([], headers=["a"], filename="x", fmt="pdf")


def test_rows_are_read_as_the_file_is_sent():
    """The CSV streams: nothing is read from the rows before the response is consumed."""
    seen = []

    def rows():
        for n in range(3):
            seen.append(n)
            yield [n]

    response = spreadsheet_response(rows(), headers=["n"], filename="x", fmt="csv")
    assert seen == []
    assert [row[0] for row in read_csv(response)] == ["n", "0", "1", "2"]
    assert seen == [0, 1, 2]
