"""Malformed files given to the import of the inventory: each one gets a clear French report
(of the file, or line by line) and leaves the database as it was, at the preview and even
when its import is forced."""

from dataclasses import dataclass, field

import pytest
from django.urls import reverse

from maillage.actions.importers import ActionImporter
from maillage.actions.models import Action
from maillage.cooperations.models import Membership
from maillage.core.models import AuditEntry, ImportRun
from maillage.organisations.models import Organisation
from maillage.territories.models import Perimeter, PerimeterPart
from tests.core.spreadsheets import (
    OLE2,
    PDF,
    PNG,
    csv_bytes,
    lying_directory,
    many_entries_xlsx,
    ods_bytes,
    plain_zip,
    with_entries,
    xlsx_bytes,
    zip_bomb_xlsx,
)
from tests.html import Page

HEADINGS = ["Identifiant", "Titre", "Types d'action", "Organisations porteuses", "Commune"]
GOOD = ["A1", "Visites de convivialité", "Visites à domicile", "CCAS de Saint-Brieuc", "22278"]


def rows_with(*changes: dict, headings=HEADINGS) -> list[list]:
    """The heading row and one row per `changes` (column label → cell) over a good row."""
    result = [list(headings)]
    for number, change in enumerate(changes, start=1):
        row = dict(zip(HEADINGS, GOOD, strict=True))
        row["Identifiant"] = f"A{number}"
        row.update(change)
        result.append([row.get(heading, "") for heading in headings])
    return result


def with_column(label: str, value: str) -> list[list]:
    return rows_with({label: value}, headings=[*HEADINGS, label])


@dataclass(frozen=True)
class Bad:
    name: str
    data: object  # bytes, or a callable giving them (built only when the test runs)
    says: str  # a piece of the French message
    filename: str = "inventaire.csv"
    line: int | None = None  # the line a per-line problem names (None: the whole file)
    limits: dict = field(default_factory=dict)

    def bytes(self) -> bytes:
        return self.data() if callable(self.data) else self.data


def _formula_xlsx():
    return xlsx_bytes(rows_with({"Titre": '=CONCATENATE("Visites";" à domicile")'}))


def _shared_formula_xlsx():
    data = xlsx_bytes(rows_with({"Titre": "Visites"}))

    def patch(xml: bytes) -> bytes:
        return xml.replace(
            b'<c r="B2" t="inlineStr">',
            b'<c r="B2"><f t="shared" si="0"/><v>1</v></c><c r="Z2" t="inlineStr">',
            1,
        )

    return with_entries(data, {}, replace={"xl/worksheets/sheet1.xml": patch})


def _truncated_xlsx():
    data = xlsx_bytes(rows_with({}))
    return data[: len(data) // 2]


def _lying_bomb():
    bomb = zip_bomb_xlsx(rows_with({}), unpacked=90 * 1024 * 1024)
    return lying_directory(bomb, "xl/media/padding.bin", 1000)


def _too_big_csv():
    return csv_bytes(rows_with(*({"Titre": "Visites " * 100} for _ in range(20))))


CASES = [
    Bad("empty file", b"", "Le fichier est vide"),
    Bad("only a BOM and blank lines", b"\xef\xbb\xbf\r\n\r\n  \r\n", "Le fichier est vide"),
    Bad("headings only", lambda: csv_bytes([HEADINGS]), "aucune ligne à importer"),
    Bad("a PNG renamed .csv", PNG, "il s'agit d'un fichier PNG"),
    Bad("a PDF renamed .csv", PDF, "il s'agit d'un fichier PDF"),
    Bad("binary bytes renamed .csv", b"Titre\x00\x01\x02\xff\xfe" * 50, "pas un tableau lisible"),
    Bad("an old .xls", OLE2, "ancien classeur Excel (.xls)", filename="inventaire.xls"),
    Bad("a .xlsm name", lambda: xlsx_bytes(rows_with({})), "macros", filename="inventaire.xlsm"),
    Bad(
        "a vbaProject.bin inside",
        lambda: xlsx_bytes(rows_with({}), extra_entries={"xl/vbaProject.bin": b"\0" * 64}),
        "macros",
        filename="inventaire.xlsx",
    ),
    Bad(
        "ODS with Basic macros",
        lambda: ods_bytes(rows_with({}), extra_entries={"Basic/Standard/Module1.xml": b"<x/>"}),
        "macros",
        filename="inventaire.ods",
    ),
    Bad("a formula in an XLSX cell", _formula_xlsx, "formules (cellule B2)", "a.xlsx"),
    Bad("a shared formula in an XLSX", _shared_formula_xlsx, "cellule B2", "a.xlsx"),
    Bad(
        "a formula in an ODS cell",
        lambda: ods_bytes(rows_with({"Commune": "=A1+1"})),
        "formules (cellule E2)",
        filename="inventaire.ods",
    ),
    Bad(
        "a formula typed in a CSV",
        lambda: csv_bytes(rows_with({"Titre": '=HYPERLINK("http://exemple.fr")'})),
        "contient une formule",
        line=2,
    ),
    Bad("a truncated XLSX", _truncated_xlsx, "abîmé ou incomplet", filename="a.xlsx"),
    Bad(
        "an XLSX zip bomb",
        lambda: zip_bomb_xlsx(rows_with({}), unpacked=90 * 1024 * 1024),
        "dépasse 80 Mo",
        filename="a.xlsx",
    ),
    Bad("a zip bomb whose directory lies", _lying_bomb, "abîmé", filename="a.xlsx"),
    Bad("too many entries", lambda: many_entries_xlsx(rows_with({}), 250), "fichiers internes"),
    Bad("a zip that is no workbook", plain_zip(), "pas un classeur XLSX ni ODS", "a.zip"),
    Bad("an oversize file", _too_big_csv, "la limite est de 1 ko", limits={"max_bytes": 1024}),
    Bad(
        "too many rows",
        lambda: csv_bytes(rows_with(*({} for _ in range(6)))),
        "plus de 5 lignes",
        limits={"max_rows": 5},
    ),
    Bad(
        "an unknown encoding",
        lambda: csv_bytes(rows_with({})) + "é".encode()[:1] + b"\x81\x8d",
        "encodage inconnu",
    ),
    Bad(
        "an unclosed quote",
        lambda: csv_bytes(rows_with({})) + b'A9;"Visites' + b"x" * 140_000,
        "mal formé",
    ),
    Bad(
        "the required title column missing",
        lambda: csv_bytes([["Identifiant", "Organisations porteuses"], ["A1", "CCAS"]]),
        "La colonne obligatoire « Titre » est absente",
    ),
    Bad(
        "columns renamed beyond recognition",
        lambda: csv_bytes([["Colonne 1", "Colonne 2"], ["A1", "Visites"]]),
        "Aucune colonne attendue n'a été reconnue",
    ),
    Bad(
        "two columns for the title",
        lambda: csv_bytes([["Titre", "Intitulé", "Organisation"], ["Visites", "Visites", "X"]]),
        "Deux colonnes correspondent à « Titre »",
    ),
    Bad(
        "an unknown commune code",
        lambda: csv_bytes(rows_with({"Commune": "22999"})),
        "22999",
        line=2,
    ),
    Bad(
        "an unknown commune name",
        lambda: csv_bytes(rows_with({"Commune": "Trifouilly"})),
        "Aucune commune",
        line=2,
    ),
    Bad(
        "an impossible date",
        lambda: csv_bytes(with_column("Vérifiée le", "31/02/2025")),
        "jj/mm/aaaa",
        line=2,
    ),
    Bad(
        "a date in words",
        lambda: csv_bytes(with_column("Vérifiée le", "l'an dernier")),
        "jj/mm/aaaa",
        line=2,
    ),
    Bad(
        "a date in the future",
        lambda: csv_bytes(with_column("Vérifiée le", "01/01/2099")),
        "dans le futur",
        line=2,
    ),
    Bad(
        "a duplicate external id",
        lambda: csv_bytes(
            [
                HEADINGS,
                ["X1", "Bad", "truc", "CCAS", "22278"],
                ["X1", "Visites", "Visites", "CCAS", "22999"],
            ]
        ),
        "22999",
        line=3,
    ),
    Bad(
        "an unknown kind",
        lambda: csv_bytes(rows_with({"Types d'action": "pétanque"})),
        "type d'action connu",
        line=2,
    ),
    Bad(
        "a yes/no in other words",
        lambda: csv_bytes(with_column("Gratuite", "peut-être")),
        "« oui » ou « non »",
        line=2,
    ),
    Bad(
        "a wrong e-mail",
        lambda: csv_bytes(with_column("E-mail", "ccas@")),
        "adresse e-mail",
        line=2,
    ),
    Bad(
        "a wrong phone number",
        lambda: csv_bytes(with_column("Téléphone", "12")),
        "téléphone",
        line=2,
    ),
    Bad(
        "wrong opening hours",
        lambda: csv_bytes(with_column("Horaires OpenStreetMap", "mardi aprem")),
        "format OpenStreetMap",
        line=2,
    ),
    Bad(
        "a title too long",
        lambda: csv_bytes(rows_with({"Titre": "Visites " * 40})),
        "dépasse 200 caractères",
        line=2,
    ),
    Bad(
        "an unknown zone",
        lambda: csv_bytes(with_column("Zone couverte", "Atlantide")),
        "Zone « Atlantide » introuvable",
        line=2,
    ),
    Bad(
        "no organisation",
        lambda: csv_bytes(rows_with({"Organisations porteuses": ""})),
        "au moins une organisation",
        line=2,
    ),
    Bad(
        "no title", lambda: csv_bytes(rows_with({"Titre": ""})), "Le titre est obligatoire", line=2
    ),
    Bad(
        "an unknown status",
        lambda: csv_bytes(with_column("État", "en sommeil")),
        "état connu",
        line=2,
    ),
]


def fingerprint() -> tuple:
    return (
        tuple(Action.objects.order_by("pk").values_list("pk", "title", "version")),
        Organisation.objects.count(),
        Perimeter.objects.count(),
        PerimeterPart.objects.count(),
        Membership.objects.count(),
        AuditEntry.objects.count(),
    )


def test_there_are_at_least_thirty_malformed_files():
    assert len(CASES) >= 30


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_a_malformed_file_is_reported_and_nothing_is_written(world, settings, case):
    settings.MAILLAGE_IMPORT_LIMITS = case.limits
    client = world.client_as("animator")
    before = fingerprint()
    url = reverse("actions:import", args=[world.cooperation.slug])
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile(case.filename, case.bytes())
    response = client.post(url, {"file": upload}, follow=True)
    assert response.status_code == 200
    page = Page(response)
    if case.line is None:
        assert any(case.says in error for error in page.errors()), page.errors()
    else:
        problems = page.table("#titre-problemes ~ .table-wrap table")
        assert any(row[0] == str(case.line) and case.says in " ".join(row) for row in problems), (
            problems
        )
    assert "Importer maintenant" not in page.buttons()
    assert fingerprint() == before

    # Even forced, the import writes nothing.
    report = ActionImporter(scope=world.cooperation, actor=world.people["animator"]).run(
        case.bytes(), filename=case.filename, commit=True
    )
    assert not report.created and not report.updated
    assert fingerprint() == before


def test_a_file_refused_as_a_whole_is_not_kept(world):
    client = world.client_as("animator")
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.post(
        reverse("actions:import", args=[world.cooperation.slug]),
        {"file": SimpleUploadedFile("a.csv", PNG)},
    )
    run = ImportRun.objects.get()
    assert run.status == "refused"
    assert bytes(run.content) == b""
