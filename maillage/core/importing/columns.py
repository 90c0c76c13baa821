"""The columns an importer reads, and the matching of a file's headings to them: any order,
any case, with or without accents, « (obligatoire) » or a star, the usual synonyms, a typo."""

import difflib
import re
from dataclasses import dataclass, field

from maillage.core.text import normalize

from .files import FileRefused, RawRow

_MARKS = re.compile(r"\(.*?\)|\*")
# How far down a heading row may sit (a title row or two above it is common).
HEADER_SEARCH_ROWS = 10
FUZZY_CUTOFF = 0.8


@dataclass(frozen=True)
class Column:
    """One column of an import: `name` for the code, `label` as the template writes it,
    `aliases` the other headings people use, `help` and `example` for the column guide."""

    name: str
    label: str
    aliases: tuple[str, ...] = ()
    required: bool = False
    help: str = ""
    example: str = ""
    keys: frozenset = field(init=False, repr=False, compare=False)

    def __post_init__(self):
        keys = {heading_key(self.label), heading_key(self.name)}
        keys |= {heading_key(alias) for alias in self.aliases}
        object.__setattr__(self, "keys", frozenset(key for key in keys if key))


def heading_key(text) -> str:
    """What a heading says once case, accents, punctuation and markers are set aside."""
    return normalize(_MARKS.sub(" ", str(text or "")))


def column_letters(index: int) -> str:
    """0 → "A", 27 → "AB"."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


@dataclass
class Mapping:
    """Where each column sits in the file: `positions[name]` is its index."""

    header_line: int
    positions: dict[str, int]
    headings: dict[str, str]  # name -> the heading as written in the file
    unknown: list[tuple[str, str]]  # (letter, heading) the import does not read

    def recognised(self, columns) -> list[tuple[str, str, str]]:
        """(letter, heading in the file, column label) for the columns read, in file order."""
        by_name = {column.name: column for column in columns}
        return sorted(
            (
                (column_letters(position), self.headings[name], by_name[name].label)
                for name, position in self.positions.items()
            ),
            key=lambda row: (len(row[0]), row[0]),
        )


def _match(heading: str, columns) -> Column | None:
    key = heading_key(heading)
    if not key:
        return None
    for column in columns:
        if key in column.keys:
            return column
    candidates = {k: column for column in columns for k in column.keys}
    close = difflib.get_close_matches(key, list(candidates), n=1, cutoff=FUZZY_CUTOFF)
    return candidates[close[0]] if close else None


def match_headings(rows, columns) -> tuple[Mapping, list[RawRow]]:
    """Find the heading row among the first rows and map it to `columns`; the rows read past
    it while looking are given back. Refuses a file with no heading row, a required column
    missing or two columns for one."""
    seen: list[RawRow] = []
    best = None
    for raw in rows:
        seen.append(raw)
        cells = [str(cell).strip() if cell is not None else "" for cell in raw.cells]
        if not any(cells):
            if len(seen) > HEADER_SEARCH_ROWS * 3:
                break
            continue
        found = [(index, cell, _match(cell, columns)) for index, cell in enumerate(cells)]
        score = sum(1 for _i, _c, column in found if column)
        required_found = sum(1 for _i, _c, column in found if column and column.required)
        if best is None or score > best[0]:
            best = (score, raw, found)
        if required_found == sum(1 for c in columns if c.required) and score:
            break
        if sum(1 for r in seen if any(str(c).strip() for c in r.cells)) >= HEADER_SEARCH_ROWS:
            break
    if best is None:
        raise FileRefused("Le fichier ne contient aucune ligne remplie.")
    score, header, found = best
    if not score:
        raise FileRefused(
            "Aucune colonne attendue n'a été reconnue sur la première ligne remplie : le "
            "fichier doit commencer par une ligne de titres de colonnes (par exemple « "
            + " », « ".join(c.label for c in columns if c.required)
            + " »). Téléchargez le modèle pour voir les titres attendus."
        )
    positions: dict[str, int] = {}
    headings: dict[str, str] = {}
    unknown: list[tuple[str, str]] = []
    doubles: list[str] = []
    for index, cell, column in found:
        if column is None:
            if cell:
                unknown.append((column_letters(index), cell))
            continue
        if column.name in positions:
            doubles.append(
                f"Deux colonnes correspondent à « {column.label} » : "
                f"{column_letters(positions[column.name])} (« {headings[column.name]} ») et "
                f"{column_letters(index)} (« {cell} »). Gardez-en une seule."
            )
            continue
        positions[column.name] = index
        headings[column.name] = cell
    missing = [column for column in columns if column.required and column.name not in positions]
    problems = doubles + [
        f"La colonne obligatoire « {column.label} » est absente"
        + (
            f" (titres acceptés : « {' », « '.join((column.label, *column.aliases[:4]))} »)."
            if column.aliases
            else "."
        )
        for column in missing
    ]
    if problems:
        raise FileRefused(*problems)
    rest = seen[seen.index(header) + 1 :]
    return Mapping(header.line, positions, headings, unknown), rest
