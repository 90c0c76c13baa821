"""The limits of an import, against abuse and accidents (ADR 018). Each may be lowered or
raised in the settings (`MAILLAGE_IMPORT_LIMITS = {"max_rows": 5000}`); every refusal says the
limit in French and nothing is written."""

from dataclasses import dataclass, replace

from django.conf import settings


@dataclass(frozen=True)
class Limits:
    # The uploaded file, as received: below the request cap (MAILLAGE_MAX_REQUEST_BYTES, 5 MB).
    max_bytes: int = 4 * 1024 * 1024
    # Rows of data (the heading row not counted).
    max_rows: int = 20_000
    # Spreadsheets are zip archives: what they unpack to, and how many files they hold. A real
    # 20,000-row inventory unpacks to about 15 MB and holds a dozen entries.
    max_unpacked_bytes: int = 80 * 1024 * 1024
    max_entries: int = 200
    # Columns read per row, and characters per cell.
    max_columns: int = 60
    max_cell_chars: int = 10_000
    # Problems kept in a report (the total is always counted).
    max_problems: int = 1_000


def current_limits() -> Limits:
    return replace(Limits(), **getattr(settings, "MAILLAGE_IMPORT_LIMITS", {}))


def megabytes(size: int) -> str:
    """ "4 Mo", "80 Mo" as a person reads it."""
    value = size / 1024 / 1024
    return f"{value:.0f} Mo" if value >= 1 else f"{size // 1024} ko"


def thousands(number: int) -> str:
    """ "20 000": the French thousands separator (a narrow no-break space)."""
    return f"{number:,}".replace(",", "\u202f")
