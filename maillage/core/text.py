"""Text normalisation shared by every search in Maillage."""

import re
import unicodedata

_LIGATURES = str.maketrans({"œ": "oe", "Œ": "oe", "æ": "ae", "Æ": "ae", "ß": "ss"})
_NOT_ALNUM = re.compile(r"[^a-z0-9]+")
# Abbreviations people type for the saints in French place names.
_ABBREVIATIONS = {"st": "saint", "ste": "sainte", "sts": "saints", "stes": "saintes"}


def normalize(text: str) -> str:
    """Lowercase, strip accents and punctuation, expand "st"/"ste": the search key of a name."""
    text = unicodedata.normalize("NFKD", text.translate(_LIGATURES))
    text = "".join(char for char in text if not unicodedata.combining(char)).lower()
    words = _NOT_ALNUM.sub(" ", text).split()
    return " ".join(_ABBREVIATIONS.get(word, word) for word in words)


# Control characters (C0, DEL, C1) and the Unicode line and paragraph separators: what must
# never sit in a one-line value (a name, a title, a mail header, a CSV cell).
LINE_BREAKERS = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]+")


def single_line(text: str) -> str:
    """Text on one line, as a mail header needs it: every break or control character becomes
    a space, runs of spaces fold into one."""
    return " ".join(LINE_BREAKERS.sub(" ", text or "").split())
