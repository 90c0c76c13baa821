"""Reading INSEE's census base per commune (« Couples – Familles – Ménages »), CSV or XLSX, in
its native format: a `CODGEO` column and the census year inside the column names (`P21_POP80P`).

The file is read whole and checked before anything is written: a heading missing, a year mix,
text in a number column or an unknown commune code refuses the import and changes nothing.
Former codes (a commune merged since the census) are mapped to the current commune and their
figures added to it; municipal districts are set aside (the file's city line counts them)."""

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.db import transaction

from maillage.core.importing import FileRefused, values
from maillage.core.importing.files import Table
from maillage.core.importing.limits import Limits, thousands
from maillage.territories.enums import CommuneKind
from maillage.territories.models import Commune

from .models import CommunePopulation

SOURCE = "INSEE, recensement de la population {year}, base « Couples – Familles – Ménages »"
# The national file: about 35,000 lines and 180 columns, 20 to 40 MB once unpacked.
LIMITS = Limits(
    max_bytes=200 * 1024 * 1024,
    max_rows=100_000,
    max_unpacked_bytes=600 * 1024 * 1024,
    max_columns=1_000,
)
HEADER_SEARCH_ROWS = 12
# field name -> the column's name without its year prefix
FIGURES = {
    "aged_80_plus": ("P", "POP80P"),
    "aged_80_plus_alone": ("P", "POP80P_PSEUL"),
    "aged_55_79_alone": ("P", "POP5579_PSEUL"),
    "one_person_households": ("C", "PMEN_MENPSEUL"),
}
_YEARED = re.compile(r"^([PC])(\d{2})_(.+)$")


@dataclass
class PopulationReport:
    year: int = 0
    lines: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    problems: list[str] = field(default_factory=list)
    unknown_codes: list[str] = field(default_factory=list)
    former_codes: list[tuple[str, str]] = field(default_factory=list)  # (code read, current)
    districts: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems and not self.unknown_codes


def _number(cell, line: int, heading: str) -> Decimal:
    if isinstance(cell, (int, float)) and not isinstance(cell, bool):
        number = Decimal(str(cell))
    else:
        text = values.text(cell).replace(" ", "").replace(",", ".")
        if not text:
            raise values.Refused(f"Ligne {line}, colonne {heading} : la valeur manque.")
        try:
            number = Decimal(text)
        except InvalidOperation:
            raise values.Refused(
                f"Ligne {line}, colonne {heading} : « {values.text(cell)} » n'est pas un nombre."
            ) from None
    if not number.is_finite() or number < 0:
        raise values.Refused(
            f"Ligne {line}, colonne {heading} : « {values.text(cell)} » n'est pas un nombre "
            "positif."
        )
    return number


def _rounded(number: Decimal) -> int:
    return int(number.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def _header(rows) -> list[str]:
    for index, raw in enumerate(rows):
        cells = [values.text(cell).upper() for cell in raw.cells]
        if "CODGEO" in cells:
            return cells
        if index >= HEADER_SEARCH_ROWS:
            break
    raise FileRefused(
        "La colonne CODGEO est introuvable : ce fichier n'est pas la base « Couples – Familles "
        "– Ménages » de l'INSEE par commune (ou son séparateur n'est pas le point-virgule)."
    )


def _columns(cells: list[str]) -> tuple[int, dict[str, int]]:
    """The census year and the position of each figure read; refuses a missing column or a
    mix of years among the columns read."""
    years: dict[str, set[str]] = {}
    found: dict[tuple[str, str, str], int] = {}
    for position, cell in enumerate(cells):
        if match := _YEARED.match(cell):
            prefix, year, name = match.groups()
            found[(prefix, year, name)] = position
            years.setdefault(name, set()).add(year)
    wanted = {name for _prefix, name in FIGURES.values()}
    read_years = set().union(*(years.get(name, set()) for name in wanted))
    if len(read_years) > 1:
        listed = ", ".join(f"20{year}" for year in sorted(read_years))
        raise FileRefused(
            f"Le fichier mélange plusieurs années de recensement ({listed}) : importez un "
            "fichier d'une seule année."
        )
    year = next(iter(read_years), "")
    missing = [
        f"{prefix}{year or 'AA'}_{name}"
        for prefix, name in FIGURES.values()
        if (prefix, year, name) not in found
    ]
    if missing:
        raise FileRefused(
            "Colonne"
            + ("s" if len(missing) > 1 else "")
            + " manquante"
            + ("s" if len(missing) > 1 else "")
            + " : "
            + ", ".join(missing)
            + ". Le fichier attendu est la base « Couples – Familles – Ménages » de l'INSEE."
        )
    positions = {
        field_name: found[(prefix, year, name)] for field_name, (prefix, name) in FIGURES.items()
    }
    positions["code"] = cells.index("CODGEO")
    return 2000 + int(year), positions


def _communes() -> tuple[dict, dict, set]:
    """Code -> current commune id for current communes, and for former codes (delegated or
    associated communes, `former_codes`); the codes of municipal districts."""
    current: dict[str, tuple[int, str]] = {}
    former: dict[str, tuple[int, str]] = {}
    districts: set[str] = set()
    rows = Commune.objects.values_list("id", "code", "kind", "current_id", "former_codes")
    by_id = {}
    for pk, code, kind, _current_id, former_codes in rows:
        by_id[pk] = code
        if kind == CommuneKind.CURRENT:
            current[code] = (pk, code)
            for old in former_codes.split():
                former.setdefault(old, (pk, code))
        elif kind == CommuneKind.MUNICIPAL_DISTRICT:
            districts.add(code)
    for _pk, code, kind, current_id, _former in rows:
        if kind in (CommuneKind.DELEGATED, CommuneKind.ASSOCIATED) and code not in current:
            former.setdefault(code, (current_id, by_id[current_id]))
    return current, former, districts


def read_population(
    data: bytes, *, filename: str = "", progress: Callable[[int], None] | None = None
) -> tuple[PopulationReport, dict[int, dict]]:
    """Read and check the whole file: the report, and the figures by current commune id."""
    report = PopulationReport()
    table = Table(data, filename=filename, limits=LIMITS)
    rows = table.rows()
    cells = _header(rows)
    report.year, positions = _columns(cells)
    current, former, districts = _communes()
    figures: dict[int, dict] = {}
    for raw in rows:
        if not any(values.text(cell) for cell in raw.cells):
            continue
        report.lines += 1
        if progress and report.lines % 5000 == 0:
            progress(report.lines)
        if len(raw.cells) <= max(positions.values()):
            report.problems.append(f"Ligne {raw.line} : la ligne est incomplète.")
            continue
        code = values.code(raw.cells[positions["code"]], width=5)
        try:
            read = {
                name: _number(raw.cells[position], raw.line, cells[position])
                for name, position in positions.items()
                if name != "code"
            }
        except values.Refused as refused:
            report.problems.append(refused.message)
            continue
        if code in current:
            pk, _code = current[code]
        elif code in former:
            pk, current_code = former[code]
            report.former_codes.append((code, current_code))
        elif code in districts:
            report.districts.append(code)
            continue
        else:
            report.unknown_codes.append(code)
            continue
        into = figures.setdefault(pk, dict.fromkeys(read, Decimal(0)))
        for name, number in read.items():
            into[name] += number
    if not report.lines:
        report.problems.append("Le fichier ne contient aucune ligne de commune.")
    return report, {
        pk: {name: _rounded(number) for name, number in numbers.items()}
        for pk, numbers in figures.items()
    }


def import_population(
    data: bytes,
    *,
    filename: str = "",
    allow_unknown: bool = False,
    progress: Callable[[int], None] | None = None,
) -> PopulationReport:
    """Read, check, then write every line in one transaction, or nothing. The figures of a
    commune absent from the file are kept; fictional (demo) figures are all replaced."""
    report, figures = read_population(data, filename=filename, progress=progress)
    if report.problems or (report.unknown_codes and not allow_unknown):
        return report
    source = SOURCE.format(year=report.year)
    with transaction.atomic():
        CommunePopulation.objects.filter(is_fictional=True).delete()
        existing = {row.commune_id: row for row in CommunePopulation.objects.all()}
        created, changed = [], []
        for pk, numbers in figures.items():
            row = existing.get(pk)
            if row is None:
                created.append(
                    CommunePopulation(commune_id=pk, year=report.year, source=source, **numbers)
                )
                continue
            wanted = {**numbers, "year": report.year, "source": source}
            if any(getattr(row, name) != value for name, value in wanted.items()):
                for name, value in wanted.items():
                    setattr(row, name, value)
                changed.append(row)
        CommunePopulation.objects.bulk_create(created, batch_size=2000)
        CommunePopulation.objects.bulk_update(
            changed, [*FIGURES, "year", "source"], batch_size=2000
        )
    report.created, report.updated = len(created), len(changed)
    report.unchanged = len(figures) - len(created) - len(changed)
    return report


def report_lines(report: PopulationReport) -> list[str]:
    """The report in French, for the command's output."""
    lines = [f"Recensement {report.year} : {thousands(report.lines)} lignes lues."]
    if report.former_codes:
        lines.append(
            f"{thousands(len(report.former_codes))} ancien(s) code(s) rattaché(s) à la commune "
            "actuelle : "
            + ", ".join(f"{old} → {new}" for old, new in report.former_codes[:20])
            + (" …" if len(report.former_codes) > 20 else "")
        )
    if report.districts:
        lines.append(
            f"{thousands(len(report.districts))} arrondissement(s) municipal(aux) mis de côté "
            "(leur ville est comptée sur sa propre ligne)."
        )
    if report.unknown_codes:
        lines.append(
            f"{thousands(len(report.unknown_codes))} code(s) commune inconnu(s) du référentiel "
            "géographique : "
            + ", ".join(report.unknown_codes[:20])
            + (" …" if len(report.unknown_codes) > 20 else "")
        )
    lines += report.problems[:50]
    if len(report.problems) > 50:
        lines.append(f"… et {thousands(len(report.problems) - 50)} autres problèmes.")
    return lines
