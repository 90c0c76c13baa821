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


# French elides "de" before a vowel; H is left alone, as an "h aspiré" (Haguenau, Le Havre)
# forbids it and no rule tells the two apart.
_VOWELS = frozenset("aeiouyàâäéèêëîïôöùûüœæ")
# "de" and "à" + an article: contracted (le, les, aux) or kept (la, l').
_CONTRACTIONS = (("le ", "du "), ("les ", "des "), ("aux ", "des "))
_CONTRACTIONS_AT = (("le ", "au "), ("les ", "aux "), ("aux ", "aux "))
# INSEE's "type de nom en clair" of a department or a region (`typeLiaison` in the official
# geography): the article its name takes in a sentence.
_ARTICLES = {2: "le ", 3: "la ", 4: "les ", 5: "l'", 6: "les ", 7: "las ", 8: "los "}


def with_article(name: str, link: int | None) -> str:
    """A department's or a region's name as a sentence says it, from INSEE's type of link:
    "le Finistère", "les Côtes-d'Armor", "l'Aisne", "Paris"."""
    return _ARTICLES.get(link, "") + name if link is not None else name


def _contracted(name: str, contractions) -> str | None:
    lowered = name.lower()
    for article, contracted in contractions:
        if lowered.startswith(article) and len(name) > len(article):
            return contracted + name[len(article) :]
    return None


def of_name(name: str) -> str:
    """French "de" before a name, elided and contracted: "de Paris", "d'Annecy", "du Mans",
    "des Sables-d'Olonne", "de La Rochelle", "de l'Aisne", "des aidants"."""
    name = " ".join(name.split())
    if contracted := _contracted(name, _CONTRACTIONS):
        return contracted
    return ("d'" if name[:1].lower() in _VOWELS else "de ") + name


def at_name(name: str) -> str:
    """French "à" before a name, contracted: "à Paris", "au Mans", "aux Sables-d'Olonne",
    "à La Rochelle"."""
    name = " ".join(name.split())
    return _contracted(name, _CONTRACTIONS_AT) or "à " + name
