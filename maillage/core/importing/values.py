"""Reading one cell as people fill spreadsheets: yes/no in many words, French and Excel dates,
lists in one cell, numbers that lost their leading zero. Each reader returns the value or
raises `Refused` with a French message for the report."""

import datetime
import re

from maillage.core.text import normalize

EXCEL_EPOCH = datetime.date(1899, 12, 30)
_LIST_SEPARATORS = re.compile(r"\s*(?:[;|\n\r•]|,(?!\d))\s*")
_DATE_FORMATS = ("%d/%m/%Y", "%d/%m/%y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d", "%d %m %Y")
_FRENCH_MONTHS = {
    "janvier": 1, "fevrier": 2, "mars": 3, "avril": 4, "mai": 5, "juin": 6, "juillet": 7,
    "aout": 8, "septembre": 9, "octobre": 10, "novembre": 11, "decembre": 12,
}  # fmt: skip
YES = frozenset({"oui", "o", "yes", "y", "vrai", "true", "1", "x", "ok", "gratuit", "gratuite"})
NO = frozenset({"non", "n", "no", "faux", "false", "0", "payant", "payante"})


class Refused(ValueError):
    """A cell that cannot be read: `message` says why, in French."""

    def __init__(self, message: str):
        self.message = message
        super().__init__(message)


def text(value) -> str:
    """A cell as text: numbers without a useless ".0", dates in French, spaces tidied."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime):
        return value.strftime("%d/%m/%Y %H:%M") if value.time() else value.strftime("%d/%m/%Y")
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    return " ".join(str(value).replace("\u00a0", " ").replace("\u202f", " ").split())


def code(value, width: int = 0) -> str:
    """A code a spreadsheet may have turned into a number: 2278 → "02278" for width 5."""
    result = text(value).replace(" ", "").upper()
    if width and result.isdigit() and len(result) < width:
        result = result.zfill(width)
    return result


def yes_no(value, *, default: bool | None = None) -> bool | None:
    key = normalize(text(value))
    if not key:
        return default
    if key in YES:
        return True
    if key in NO:
        return False
    raise Refused("Écrivez « oui » ou « non ».")


def date(value, *, default=None) -> datetime.date | None:
    """dd/mm/yyyy, dd/mm/yy, yyyy-mm-dd, « 3 mars 2025 », a spreadsheet date or an Excel
    serial number."""
    if value is None or value == "":
        return default
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        if 1 <= value < 100_000:
            return EXCEL_EPOCH + datetime.timedelta(days=int(value))
        raise Refused(_DATE_HELP)
    raw = text(value)
    if not raw:
        return default
    for pattern in _DATE_FORMATS:
        try:
            return datetime.datetime.strptime(raw, pattern).date()
        except ValueError:
            continue
    words = normalize(raw).split()
    if len(words) == 3 and words[1] in _FRENCH_MONTHS and words[0].isdigit() and words[2].isdigit():
        try:
            return datetime.date(int(words[2]), _FRENCH_MONTHS[words[1]], int(words[0]))
        except ValueError:
            pass
    if raw.isdigit() and 20_000 <= int(raw) < 100_000:
        return EXCEL_EPOCH + datetime.timedelta(days=int(raw))
    raise Refused(_DATE_HELP)


_DATE_HELP = "Cette date n'est pas lisible : écrivez-la jj/mm/aaaa, par exemple 14/03/2025."


def many(value) -> list[str]:
    """Several values in one cell, separated by ; | a line break or a comma."""
    return [part for part in _LIST_SEPARATORS.split(text_keeping_lines(value)) if part.strip()]


def text_keeping_lines(value) -> str:
    if isinstance(value, str):
        return value.replace("\u00a0", " ").strip()
    return text(value)


def choice(value, choices: dict[str, str], *, refused: str) -> str:
    """The code of a choice named by its code, its label or a synonym (`choices` maps their
    normalised forms to codes); else `refused`, the French message."""
    key = normalize(text(value))
    if key in choices:
        return choices[key]
    words = set(key.split())
    # The longest name first: « visites en établissement » before « visites ».
    for known in sorted(choices, key=len, reverse=True):
        if known and set(known.split()) <= words:
            return choices[known]
    raise Refused(refused)
