"""import_population: INSEE's census base per commune, CSV and XLSX, all or nothing."""

import pytest
from django.core.management import CommandError, call_command

from maillage.observatory.models import CommunePopulation
from maillage.observatory.population import import_population

from .files import HEADINGS, line, population_csv, population_xlsx

pytestmark = pytest.mark.django_db


def figures(commune):
    row = CommunePopulation.objects.get(commune=commune)
    return (
        row.year,
        row.aged_80_plus,
        row.aged_80_plus_alone,
        row.aged_55_79_alone,
        row.one_person_households,
        row.is_fictional,
    )


def test_a_csv_with_decimal_commas_is_read_and_rounded(geography):
    data = population_csv(
        [line("22278", 3120.4, 1402.5, 2210.49, 9870.51), line("29019", 8000, 3500.2, 5100, 30000)]
    )
    report = import_population(data, filename="base-cc-coupl-fam-men-2021.csv")
    assert report.ok and report.year == 2021
    assert (report.lines, report.created, report.updated) == (2, 2, 0)
    assert figures(geography["saint_brieuc"]) == (2021, 3120, 1403, 2210, 9871, False)
    assert figures(geography["brest"]) == (2021, 8000, 3500, 5100, 30000, False)
    source = CommunePopulation.objects.get(commune=geography["brest"]).source
    assert source.startswith("INSEE, recensement de la population 2021")


def test_the_xlsx_edition_with_its_title_rows_is_read(geography):
    data = population_xlsx([line("22278", 3120.4, 1402.5, 2210, 9870, comma=False)])
    report = import_population(data, filename="base-cc-coupl-fam-men-2021.xlsx")
    assert report.ok, report.problems
    assert figures(geography["saint_brieuc"]) == (2021, 3120, 1403, 2210, 9870, False)


def test_a_commune_code_turned_into_a_number_by_a_spreadsheet_is_padded(geography):
    from tests.core.spreadsheets import xlsx_bytes

    data = xlsx_bytes([HEADINGS, [2278.0, 1, 30.0, 12.0, 20.0, 2, 50.0, 3]])
    # 2278 is not a commune of the fixture; 02278 neither: the code is reported padded.
    report = import_population(data)
    assert report.unknown_codes == ["02278"]


def test_a_second_import_of_the_same_file_changes_nothing(geography):
    data = population_csv([line("22278", 3120, 1402, 2210, 9870)])
    import_population(data)
    report = import_population(data)
    assert (report.created, report.updated, report.unchanged) == (0, 0, 1)
    assert CommunePopulation.objects.count() == 1
    changed = import_population(population_csv([line("22278", 3120, 1500, 2210, 9870)]))
    assert (changed.created, changed.updated) == (0, 1)
    assert figures(geography["saint_brieuc"])[2] == 1500


def test_a_former_code_is_counted_in_the_current_commune(geography):
    """Morieux (22168) joined Lamballe-Armor (22093): an older file still lists it apart."""
    data = population_csv([line("22093", 1000, 400, 600, 2000), line("22168", 100, 30, 50, 150)])
    report = import_population(data)
    assert report.ok
    assert report.former_codes == [("22168", "22093")]
    assert figures(geography["lamballe"])[1:5] == (1100, 430, 650, 2150)


def test_a_code_named_in_former_codes_is_mapped(geography):
    brest = geography["brest"]
    brest.former_codes = "29001 29002"
    brest.save()
    report = import_population(population_csv([line("29002", 10, 5, 5, 10)]))
    assert report.former_codes == [("29002", "29019")]
    assert figures(brest)[1] == 10


def test_unknown_codes_are_reported_and_nothing_is_imported(geography):
    data = population_csv([line("22278", 3120, 1402, 2210, 9870), line("99999", 1, 1, 1, 1)])
    report = import_population(data)
    assert report.unknown_codes == ["99999"]
    assert not CommunePopulation.objects.exists()
    forced = import_population(data, allow_unknown=True)
    assert forced.created == 1


def test_one_bad_line_refuses_the_whole_file(geography):
    lines = [line("22278", 3120, 1402, 2210, 9870), line("29019", 8000, 3500, 5100, 30000)]
    lines[1][3] = "secret"
    report = import_population(population_csv(lines))
    assert report.problems == [
        "Ligne 3, colonne P21_POP80P_PSEUL : « secret » n'est pas un nombre."
    ]
    assert not CommunePopulation.objects.exists()


@pytest.mark.parametrize(
    ("headings", "message"),
    [
        (
            [h for h in HEADINGS if h != "P21_POP5579_PSEUL"] + ["P21_X"],
            "Colonne manquante : P21_POP5579_PSEUL.",
        ),
        (
            [h.replace("P21_POP80P_PSEUL", "P20_POP80P_PSEUL") for h in HEADINGS],
            "plusieurs années de recensement (2020, 2021)",
        ),
        (["CODE", *HEADINGS[1:]], "La colonne CODGEO est introuvable"),
    ],
)
def test_a_malformed_file_is_refused_with_a_clear_message(geography, tmp_path, headings, message):
    data = population_csv([line("22278", 1, 1, 1, 1)], headings=headings)
    path = tmp_path / "base.csv"
    path.write_bytes(data)
    with pytest.raises(CommandError) as refused:
        call_command("import_population", path, stdout=_Quiet())
    assert message in str(refused.value)
    assert not CommunePopulation.objects.exists()


def test_a_comma_separated_file_with_decimal_points_is_read(geography):
    data = population_csv([line("22278", 1, 1, 1, 1, comma=False)], delimiter=",")
    # Read with its own separator: the columns are found, the figures too.
    assert import_population(data).ok


def test_the_command_reports_and_refreshes_the_coverage(geography, tmp_path):
    from maillage.observatory.models import CommuneCoverage

    output = _Quiet()
    path = tmp_path / "base.csv"
    path.write_bytes(population_csv([line("22278", 3120, 1402, 2210, 9870)]))
    call_command("import_population", path, stdout=output)
    assert "1 commune(s) ajoutée(s)" in output.text
    assert CommuneCoverage.objects.get(commune=geography["saint_brieuc"]).aged_80_plus_alone == 1402


class _Quiet:
    def __init__(self):
        self.text = ""

    def write(self, text):
        self.text += text

    def flush(self):
        pass
