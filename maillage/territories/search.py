"""Finding a commune, a department or an EPCI from what people type: a name, a code.

Commune search forgives what people type (ADR 021): accents, case, hyphens, apostrophes,
"st"/"saint", articles, glued or split words, one or two letters wrong, missing, extra or
swapped; it reads postal codes and INSEE codes, current or former. Names and codes are looked up
in an index held in memory (`search_index`); the database answers one small query per search
(the rows found, with the latest geography import to tell whether the index is up to date),
three when the index is rebuilt.
"""

import re
from dataclasses import dataclass
from enum import StrEnum

from django.core.exceptions import ValidationError
from django.db.models import Case, IntegerField, Q, Subquery, Value, When

from maillage.core.text import normalize, of_name
from maillage.core.validators import is_commune_code, is_department_code

from .enums import CommuneKind
from .models import Commune, Department, Epci
from .search_index import (
    CommuneIndex,
    Hit,
    Tier,
    commune_index,
    is_stale,
    latest_import,
    refreshed,
)

MAX_QUERY_LENGTH = 100
MIN_PREFIX_LENGTH = 2
_DIGITS = re.compile(r"^\d{2,5}$")
_FIVE_DIGITS = re.compile(r"^\d{5}$")
# "Saint-Denis (93066)": how a commune is written back into a field, and what people copy.
_NAME_AND_CODE = re.compile(r"^(?P<name>.*?)\s*\((?P<code>[0-9AB ]{5,7})\)\s*$", re.I)
_FORMER = (CommuneKind.DELEGATED, CommuneKind.ASSOCIATED)


class Match(StrEnum):
    """What in a commune the query matched."""

    NAME = "name"
    """The name written another way, its start, or a word inside it."""
    CLOSE_NAME = "close_name"
    """A spelling close to the name: letters wrong, missing, extra or swapped."""
    INSEE_CODE = "insee_code"
    FORMER_CODE = "former_code"
    POSTAL_CODE = "postal_code"


@dataclass(frozen=True)
class Result:
    """One commune found: the row that matched (a commune, a former commune, a district)."""

    commune: Commune
    postal_codes: tuple[str, ...] = ()
    former_code: str = ""
    """The former INSEE code the query matched, when it matched one."""
    match: Match = Match.NAME
    exact: bool = False
    """The query is the name itself, however written (accents, case, hyphens, "st", article,
    glued words): what lets a form take it without asking."""

    @property
    def place(self) -> Commune:
        """The commune the result leads to: itself, or the current commune of a former one."""
        return self.commune.target

    @property
    def is_former(self) -> bool:
        return self.commune.kind in _FORMER

    @property
    def is_close(self) -> bool:
        """Found by a close spelling, not by what was typed."""
        return self.match == Match.CLOSE_NAME

    @property
    def label(self) -> str:
        """ "Brest", "Lamballe — commune déléguée de Lamballe-Armor",
        "Paris 1er Arrondissement — arrondissement municipal de Paris"."""
        commune = self.commune
        if commune.kind == CommuneKind.CURRENT:
            return commune.name
        return f"{commune.name} — {commune.get_kind_display()} {of_name(commune.current.name)}"

    @property
    def notes(self) -> list[str]:
        """What the result says beside its name, so that no code is taken for another: « code
        INSEE 22187 », « ancien code INSEE 75059 », « ancienne commune, aujourd'hui … ». The
        postal codes are listed apart, as « code postal 22190 »."""
        notes = []
        if self.match == Match.INSEE_CODE:
            notes.append(f"code INSEE {self.commune.code}")
        if self.former_code:
            notes.append(f"ancien code INSEE {self.former_code}")
        if self.is_former:
            notes.append(f"ancienne commune, aujourd'hui {self.commune.current.name}")
        return notes

    @property
    def url(self) -> str:
        return self.commune.get_absolute_url()


def _rows():
    return Commune.objects.select_related("department", "current", "current__department")


def _by_code(index: CommuneIndex, code: str, fetch: int) -> list[tuple[int, Match]]:
    """A five-digit number is a postal code or an INSEE code, and people type postal codes far
    more often: the communes served by the postal codes starting with these digits first (most
    populated first), then the rows of the INSEE code (current first), then the communes which
    had it as a former code (often a postal code today: 75001 was Alfortville's)."""
    found: list[tuple[int, Match]] = []
    if _DIGITS.match(code):
        found += [(entry, Match.POSTAL_CODE) for entry, _ in index.with_postal_code(code, fetch)]
    if is_commune_code(code):
        found += [(entry, Match.INSEE_CODE) for entry in index.with_code(code)]
    if is_commune_code(code):
        found += [(entry, Match.FORMER_CODE) for entry in index.with_former_code(code)]
    return found


def _place_hint(word: str) -> str:
    """ "93", "2a", "974", "22190" typed beside a name; "" for any other word."""
    word = word.upper()
    return word if _FIVE_DIGITS.match(word) or is_department_code(word) else ""


def _hint_filter(index: CommuneIndex, hint: str):
    """Keep the entries of a department, or of a postal or INSEE code."""
    if len(hint) == 5:
        return lambda entry: (
            hint in index.postal[entry]
            or hint == index.codes[entry]
            or hint == index.codes[index.targets[entry]]
        )
    return lambda entry: index.departments[entry] == hint


def _by_name(index: CommuneIndex, query: str, key: str, limit: int) -> list[Hit]:
    """Names; a department or postal code typed before or after the name narrows them down,
    unless nothing is left ("Paris 15" is an arrondissement, not a commune of Cantal)."""
    words = query.replace("(", " ").replace(")", " ").replace(",", " ").split()
    if len(words) > 1:
        for hint, rest in ((words[-1], words[:-1]), (words[0], words[1:])):
            name = normalize(" ".join(rest))
            code = _place_hint(hint)
            if not code or len(name) < MIN_PREFIX_LENGTH:
                continue
            if hits := index.find_names(name, limit, _hint_filter(index, code)):
                return hits
    return index.find_names(key, limit)


def search_communes(query: str, limit: int = 10) -> list[Result]:
    """Communes for a name written the way people write it, a postal code or an INSEE code
    (current or former): the name itself first, then the names it starts, words inside names,
    close spellings, the most populated first in each; a former commune leads to its current
    commune, and each place appears once. One query when the index is up to date."""
    query = (query or "")[:MAX_QUERY_LENGTH]
    limit = max(1, limit)
    compact = "".join(query.split()).upper()
    key = normalize(query)
    is_code = bool(is_commune_code(compact) or _DIGITS.match(compact))
    if not is_code and not key:
        return []
    index = commune_index()
    while True:
        chosen = _chosen(index, query, key, compact if is_code else "", limit)
        pks = [index.pks[entry] for entry, _, _ in chosen]
        if pks:
            rows = _rows().order_by().annotate(latest_import=Subquery(latest_import())).in_bulk(pks)
            latest = next(iter(rows.values())).latest_import if rows else None
        if not pks or not rows:
            rows = {}
            latest = latest_import().values_list("pk", flat=True).first()
        if not is_stale(index, latest):
            break
        # Another process imported the geography since this index was built.
        index = refreshed(latest)
    return [
        Result(
            commune=rows[index.pks[entry]],
            postal_codes=index.postal[entry],
            former_code=compact if match == Match.FORMER_CODE else "",
            match=match,
            exact=exact,
        )
        for entry, match, exact in chosen
        if index.pks[entry] in rows
    ]


def _chosen(
    index: CommuneIndex, query: str, key: str, code: str, limit: int
) -> list[tuple[int, Match, bool]]:
    """(entry, what matched, exactly) for the best `limit` places, each place once."""
    if code:
        found = [(entry, match, False) for entry, match in _by_code(index, code, 2 * limit + 5)]
    else:
        found = [
            (
                hit.entry,
                Match.CLOSE_NAME if hit.tier == Tier.CLOSE or hit.distance else Match.NAME,
                hit.exact,
            )
            for hit in _by_name(index, query, key, limit)
        ]
    chosen: list[tuple[int, Match, bool]] = []
    seen: set[int] = set()
    for entry, match, exact in found:
        place = index.targets[entry]
        if place in seen:
            continue
        seen.add(place)
        chosen.append((entry, match, exact))
        if len(chosen) == limit:
            break
    return chosen


def commune_by_code(code: str) -> Commune | None:
    """The current commune (or municipal district) of this INSEE code, or None."""
    if not is_commune_code(code):
        return None
    rows = _rows().filter(code=code, kind__in=[CommuneKind.CURRENT, CommuneKind.MUNICIPAL_DISTRICT])
    return rows.order_by("kind").first()


def commune_label(commune: Commune | None) -> str:
    """How a chosen commune is written back into a field: "Saint-Brieuc (22278)"."""
    return f"{commune.name} ({commune.code})" if commune is not None else ""


@dataclass(frozen=True)
class CommuneMatch:
    """What a text designates: one commune, or the candidates to choose from."""

    commune: Commune | None
    results: tuple[Result, ...] = ()

    @property
    def others(self) -> list[Result]:
        """The other communes found beside the one designated ("Saint-Brieuc-des-Iffs")."""
        return [r for r in self.results if self.commune is None or r.place != self.commune]


def find_commune(text: str, limit: int = 10) -> CommuneMatch:
    """The commune a text designates: "Plérin (22187)", "22187", "Plérin" or "plerin" when
    unique, a postal code served by one commune, a former code; a name that is exactly one
    commune's, however written ("Saint-Brieuc", not Saint-Brieuc-des-Iffs). A close spelling
    is never taken without asking, nor a number that is both one commune's INSEE code and
    another's postal code (22190: Pleslin-Trigavou's code, Plérin's postal code). Otherwise
    the candidates."""
    text = (text or "").strip()[:MAX_QUERY_LENGTH]
    query = text
    explicit = False
    if match := _NAME_AND_CODE.match(text):
        query = match["code"]
        explicit = True
    code = "".join(query.split()).upper()
    results = search_communes(code if is_commune_code(code) else query, limit=limit)
    if not results:
        return CommuneMatch(None)
    if is_commune_code(code):
        coded = [r for r in results if r.place.code == code]
        postal = {
            r.place.pk for r in results if r.match == Match.POSTAL_CODE and code in r.postal_codes
        }
        # "Name (code)" is how a chosen commune is written back: its INSEE code.
        if len(coded) == 1 and (explicit or not postal - {coded[0].place.pk}):
            return CommuneMatch(coded[0].place, tuple(results))
    if len(results) == 1 and not results[0].is_close:
        return CommuneMatch(results[0].place, tuple(results))
    exact = [r for r in results if r.exact]
    if len(exact) == 1:
        return CommuneMatch(exact[0].place, tuple(results))
    return CommuneMatch(None, tuple(exact or results))


def resolve_commune(text: str, limit: int = 8) -> Commune:
    """The single commune `text` designates, or a French ValidationError listing what to type."""
    match = find_commune(text, limit=limit)
    if match.commune is not None:
        return match.commune
    if not match.results:
        raise ValidationError(
            f"Aucune commune ne correspond à « {text.strip()} ». Vérifiez l'orthographe ou "
            "saisissez le code INSEE de la commune (5 caractères, par exemple 22278).",
            code="commune_not_found",
        )
    examples = [f"« {commune_label(r.place)} », {r.place.department.name}" for r in match.results]
    if all(r.is_close for r in match.results):
        raise ValidationError(
            f"Aucune commune ne s'appelle « {text.strip()} ». Vouliez-vous dire "
            + " ; ".join(examples)
            + " ? Recopiez la bonne proposition.",
            code="commune_misspelt",
        )
    raise ValidationError(
        "Plusieurs communes correspondent. Précisez en recopiant l'une de ces propositions : "
        + " ; ".join(examples)
        + ".",
        code="commune_ambiguous",
    )


def search_departments(query: str, limit: int = 10) -> list[Department]:
    """Departments by code ("22", "2a", "974") or by a part of their name."""
    query = (query or "")[:MAX_QUERY_LENGTH]
    key = normalize(query)
    if not key:
        return []
    found = Department.objects.select_related("region").searching(query)
    code = query.strip().upper()
    return sorted(
        found, key=lambda d: (d.code != code, not d.search_name.startswith(key), d.search_name)
    )[: max(1, limit)]


def search_epcis(query: str, limit: int = 10) -> list[Epci]:
    """EPCIs by SIREN code or by a part of their name, names starting with the query first."""
    query = (query or "")[:MAX_QUERY_LENGTH]
    key = normalize(query)
    if not key:
        return []
    return list(
        Epci.objects.filter(Q(code=query.strip()) | Q(search_name__contains=key))
        .annotate(
            rank=Case(
                When(code=query.strip(), then=Value(0)),
                When(search_name__startswith=key, then=Value(1)),
                default=Value(2),
                output_field=IntegerField(),
            )
        )
        .order_by("rank", "-population", "search_name")[: max(1, limit)]
    )
