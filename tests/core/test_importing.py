"""The core import pipeline on its own: formats, encodings, separators, headings, values,
limits. A small importer stands for the apps' (it keeps the rows it would write)."""

import datetime
from types import SimpleNamespace

import pytest

from maillage.core.importing import CREATED, Column, Importer, Limits, values
from maillage.core.importing.columns import heading_key

from .spreadsheets import csv_bytes, ods_bytes, xlsx_bytes

pytestmark = pytest.mark.django_db


class Guests(Importer):
    kind = "core.guest"
    title = "Importer des invités"
    key_column = "ref"
    columns = (
        Column("ref", "Identifiant", aliases=("id", "n°")),
        Column("name", "Nom", aliases=("nom complet", "prénom et nom"), required=True),
        Column("town", "Code commune", aliases=("code insee",)),
        Column("arrival", "Arrivée le", aliases=("date d'arrivée",)),
        Column("vegetarian", "Végétarien", aliases=("végé",)),
    )

    def __init__(self):
        super().__init__(scope=SimpleNamespace(pk=1))
        self.written = []

    def clean(self, row):
        return {
            "line": row.line,
            "ref": row.text("ref") or None,
            "name": row.text("name"),
            "town": values.code(row["town"], 5),
            "arrival": row.read("arrival", values.date),
            "vegetarian": row.read("vegetarian", values.yes_no, default=False),
        }

    def key(self, item):
        return item["ref"]

    def plan(self, items):
        return [(item, CREATED) for item in items]

    def write(self, planned):
        self.written += [item for item, _outcome in planned]


HEADINGS = ["Identifiant", "Nom", "Code commune", "Arrivée le", "Végétarien"]
ROWS = [
    ["1", "Anne Le Goff", "22278", "14/03/2025", "oui"],
    ["2", "Hervé Quéré", "2A004", "2025-04-01", "non"],
]


def imported(data: bytes, *, filename="invites.csv", limits=None):
    importer = Guests()
    report = importer.run(data, filename=filename, commit=True, limits=limits)
    return report, importer.written


@pytest.mark.parametrize(
    ("encoding", "bom"), [("utf-8", False), ("utf-8", True), ("cp1252", False)]
)
def test_csv_in_utf8_with_or_without_bom_and_in_windows_1252(encoding, bom):
    report, written = imported(csv_bytes([HEADINGS, *ROWS], encoding=encoding, bom=bom))
    assert not report.refusal
    assert [row["name"] for row in written] == ["Anne Le Goff", "Hervé Quéré"]
    assert report.encoding == {"utf-8": "utf-8-sig" if bom else "utf-8"}.get(encoding, encoding)


def test_csv_in_utf16_as_excel_saves_unicode_text():
    text = "\r\n".join("\t".join(row) for row in [HEADINGS, *ROWS])
    report, written = imported(text.encode("utf-16"))  # with its byte order mark
    assert not report.refusal
    assert written[1]["name"] == "Hervé Quéré"


@pytest.mark.parametrize("delimiter", [";", ",", "\t"])
def test_the_separator_is_sniffed(delimiter):
    report, written = imported(csv_bytes([HEADINGS, *ROWS], delimiter=delimiter))
    assert report.delimiter == delimiter
    assert [row["town"] for row in written] == ["22278", "2A004"]


def test_a_quoted_cell_may_hold_the_separator_and_line_breaks():
    rows = [HEADINGS, ["1", "Le Goff; Anne", "22278", "", ""], ["2", "Yves\nQuéré", "", "", ""]]
    _report, written = imported(csv_bytes(rows))
    assert [row["name"] for row in written] == ["Le Goff; Anne", "Yves Quéré"]
    assert [row["line"] for row in written] == [2, 3]


def test_xlsx_with_a_title_row_above_the_headings_and_real_dates():
    rows = [HEADINGS, ["1", "Anne", 22278, datetime.datetime(2025, 3, 14), True]]
    report, written = imported(xlsx_bytes(rows, title_row="Liste des invités"), filename="a.xlsx")
    assert report.format == "xlsx"
    assert written == [
        {
            "line": 3,
            "ref": "1",
            "name": "Anne",
            "town": "22278",
            "arrival": datetime.date(2025, 3, 14),
            "vegetarian": True,
        }
    ]


def test_a_code_that_lost_its_leading_zero_in_a_spreadsheet_gets_it_back():
    _report, written = imported(xlsx_bytes([HEADINGS, ["1", "Anne", 1053, "", ""]]))
    assert written[0]["town"] == "01053"


def test_ods_is_read():
    report, written = imported(ods_bytes([HEADINGS, *ROWS]), filename="invites.ods")
    assert report.format == "ods"
    assert [row["name"] for row in written] == ["Anne Le Goff", "Hervé Quéré"]
    assert [row["line"] for row in written] == [2, 3]


def test_the_format_is_told_by_the_content_not_the_name():
    report, written = imported(xlsx_bytes([HEADINGS, *ROWS]), filename="invites.csv")
    assert report.format == "xlsx"
    assert len(written) == 2


@pytest.mark.parametrize(
    "heading",
    ["Nom", "NOM", "nom (obligatoire)", "Nom*", "  nom  ", "Prénom et nom", "Nom complet", "Nomm"],
)
def test_headings_in_human_variants(heading):
    report, written = imported(csv_bytes([["Code INSEE", heading], ["22278", "Anne"]]))
    assert not report.refusal
    assert written[0]["name"] == "Anne"
    assert written[0]["town"] == "22278"


def test_columns_in_any_order_and_unknown_ones_reported():
    rows = [["Remarques", "Végé", "Nom", "ID"], ["à rappeler", "x", "Anne", "7"]]
    report, written = imported(csv_bytes(rows))
    assert report.unknown == [["A", "Remarques"]]
    assert report.recognised == [
        ["B", "Végé", "Végétarien"],
        ["C", "Nom", "Nom"],
        ["D", "ID", "Identifiant"],
    ]
    assert written[0]["vegetarian"] is True and written[0]["ref"] == "7"


def test_heading_keys_ignore_case_accents_and_markers():
    assert heading_key("Arrivée LE (jj/mm/aaaa) *") == heading_key("arrivee le")


def test_blank_rows_are_skipped_and_lines_keep_their_numbers():
    rows = [HEADINGS, ROWS[0], ["", "", "", "", ""], ROWS[1]]
    report, written = imported(csv_bytes(rows))
    assert report.rows == 2
    assert [row["line"] for row in written] == [2, 4]


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("14/03/2025", datetime.date(2025, 3, 14)),
        ("14/03/25", datetime.date(2025, 3, 14)),
        ("2025-03-14", datetime.date(2025, 3, 14)),
        ("14.03.2025", datetime.date(2025, 3, 14)),
        ("14 mars 2025", datetime.date(2025, 3, 14)),
        ("45730", datetime.date(2025, 3, 14)),
        (45730.0, datetime.date(2025, 3, 14)),
        (datetime.datetime(2025, 3, 14, 0, 0), datetime.date(2025, 3, 14)),
    ],
)
def test_dates_as_people_and_spreadsheets_write_them(cell, expected):
    assert values.date(cell) == expected


@pytest.mark.parametrize("cell", ["31/02/2025", "demain", "14/13/2025", "3"])
def test_unreadable_dates_are_refused_in_french(cell):
    with pytest.raises(values.Refused, match="jj/mm/aaaa"):
        values.date(cell)


@pytest.mark.parametrize(
    ("cell", "expected"),
    [("oui", True), ("OUI", True), ("x", True), ("Vrai", True), (1.0, True), (True, True),
     ("non", False), ("N", False), ("0", False), ("", None)],
)  # fmt: skip
def test_yes_no(cell, expected):
    assert values.yes_no(cell) is expected


def test_several_values_in_one_cell():
    assert values.many("Visites ; appels | sorties\nrepas, jeux") == [
        "Visites",
        "appels",
        "sorties",
        "repas",
        "jeux",
    ]
    assert values.many("2,5 € la séance") == ["2,5 € la séance"]


def test_choices_by_code_label_synonym_or_words():
    table = {"visites a domicile": "home", "visites": "home", "visites en etablissement": "ehpad"}
    assert values.choice("Visites en établissement", table, refused="?") == "ehpad"
    assert values.choice("VISITES À DOMICILE", table, refused="?") == "home"
    with pytest.raises(values.Refused, match="inconnu"):
        values.choice("pétanque", table, refused="Type inconnu.")


def test_duplicate_keys_in_a_file_are_refused_with_the_first_line():
    rows = [HEADINGS, ["A1", "Anne", "", "", ""], ["A1", "Yves", "", "", ""]]
    report, written = imported(csv_bytes(rows))
    assert [row["name"] for row in written] == ["Anne"]
    assert report.problems == [
        {
            "line": 3,
            "column": "Identifiant",
            "value": "A1",
            "message": "Cette ligne reprend l'identifiant de la ligne 2 : chaque ligne doit "
            "avoir le sien.",
        }
    ]


def test_rows_are_read_by_chunks_and_counted():
    rows = [HEADINGS] + [[str(n), f"Invité {n}", "", "", ""] for n in range(1, 1201)]
    report, written = imported(csv_bytes(rows))
    assert report.rows == report.created == 1200
    assert written[-1]["line"] == 1201


def test_problems_kept_in_the_report_are_capped_but_counted():
    rows = [HEADINGS] + [[str(n), f"Invité {n}", "", "hier", ""] for n in range(30)]
    report, _written = imported(csv_bytes(rows), limits=Limits(max_problems=10))
    assert report.refused == report.problem_total == 30
    assert len(report.problems) == 10
    assert report.problems_left_out == 20


def test_a_report_says_its_counts_in_french():
    report, _written = imported(csv_bytes([HEADINGS, *ROWS]))
    assert report.summary == ("2 créations, 0 mise à jour, 0 ligne inchangée, 0 ligne refusée")
