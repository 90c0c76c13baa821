"""Small files in the real format of INSEE's census base per commune (« Couples – Familles –
Ménages »): `;`-separated, CODGEO as text, the year in the column names, more columns than read,
and, for the XLSX edition, title rows and a row of long labels above the codes."""

from tests.core.spreadsheets import csv_bytes, xlsx_bytes

HEADINGS = [
    "CODGEO",
    "P21_POP15P",
    "P21_POP80P",
    "P21_POP80P_PSEUL",
    "P21_POP5579_PSEUL",
    "C21_MEN",
    "C21_PMEN_MENPSEUL",
    "P21_POP1524",
]


def line(code, aged_80, alone_80, alone_55_79, one_person, *, comma=True):
    """One commune's line; the figures are weighted estimates with decimals, as INSEE's are."""

    def number(value):
        text = f"{value}"
        return text.replace(".", ",") if comma else text

    return [
        code,
        number(aged_80 * 8.5),
        number(aged_80),
        number(alone_80),
        number(alone_55_79),
        number(one_person * 2.1),
        number(one_person),
        "1204,3" if comma else "1204.3",
    ]


def population_csv(lines, headings=HEADINGS, **options) -> bytes:
    return csv_bytes([headings, *lines], **options)


def population_xlsx(lines, headings=HEADINGS) -> bytes:
    """The XLSX edition: numbers as numbers, two title rows and a row of labels above the
    codes."""

    def numbers(row):
        """The commune code stays text; the figures become numbers."""
        return [row[0], *(float(value.replace(",", ".")) for value in row[1:])]

    return xlsx_bytes(
        [
            ["Couples - Familles - Ménages en 2021"],
            ["Recensement de la population - Base communale"],
            ["Code géographique", *("Libellé long" for _ in headings[1:])],
            headings,
            *(numbers(row) for row in lines),
        ],
    )


def alone(commune, people: int, *, fictional: bool = False):
    """Census figures for a commune where `people` aged 80+ live alone."""
    from maillage.observatory.models import CommunePopulation

    return CommunePopulation.objects.create(
        commune=commune,
        year=2021,
        aged_80_plus=people * 3,
        aged_80_plus_alone=people,
        aged_55_79_alone=people * 2,
        one_person_households=people * 5,
        source="INSEE, recensement de la population 2021",
        is_fictional=fictional,
    )
