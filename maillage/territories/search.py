"""Finding a commune, a department or an EPCI from what people type: a name, a code.

Commune search runs a fixed, small number of indexed queries whatever the size of the
geography: one by name prefix (or by code), one by word inside the name only when the first
does not fill the page, one for the postal codes shown with the results.
"""

import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db.models import Case, F, IntegerField, Q, Value, When

from maillage.core.text import normalize, of_name
from maillage.core.validators import is_commune_code

from .enums import CommuneKind
from .models import Commune, Department, Epci, PostalCode

MAX_QUERY_LENGTH = 100
MIN_PREFIX_LENGTH = 2
# Search keys are made of [a-z0-9 ] only: every key starting with `key` sorts between `key`
# and `key + _AFTER`, so a prefix is a range on the B-tree index (SQLite cannot use an index
# for LIKE on a case-sensitive column; PostgreSQL's C collation orders bytes the same way).
_AFTER = "\x7f"
_DIGITS = re.compile(r"^\d{2,5}$")
# "Saint-Denis (93066)": how a commune is written back into a field, and what people copy.
_NAME_AND_CODE = re.compile(r"^(?P<name>.*?)\s*\((?P<code>[0-9AB ]{5,7})\)\s*$", re.I)
_FORMER = (CommuneKind.DELEGATED, CommuneKind.ASSOCIATED)


@dataclass(frozen=True)
class Result:
    """One commune found: the row that matched (a commune, a former commune, a district)."""

    commune: Commune
    postal_codes: tuple[str, ...] = ()
    former_code: str = ""
    """The former INSEE code the query matched, when it matched one."""

    @property
    def place(self) -> Commune:
        """The commune the result leads to: itself, or the current commune of a former one."""
        return self.commune.target

    @property
    def is_former(self) -> bool:
        return self.commune.kind in _FORMER

    @property
    def label(self) -> str:
        """ "Brest", "Lamballe — commune déléguée de Lamballe-Armor",
        "Paris 1er Arrondissement — arrondissement municipal de Paris"."""
        commune = self.commune
        if commune.kind == CommuneKind.CURRENT:
            return commune.name
        return f"{commune.name} — {commune.get_kind_display()} {of_name(commune.current.name)}"

    @property
    def url(self) -> str:
        return self.commune.get_absolute_url()


def _rows():
    return Commune.objects.select_related("department", "current")


def _by_population():
    return (F("population").desc(nulls_last=True), "search_name", "kind", "code")


def _name_rows(key: str, fetch: int) -> list[Commune]:
    """Names starting with the query, the exact ones first; one letter only finds "Y"."""
    if len(key) < MIN_PREFIX_LENGTH:
        return list(_rows().filter(search_name=key).order_by(*_by_population())[:fetch])
    return list(
        _rows()
        .filter(search_name__gte=key, search_name__lt=key + _AFTER)
        .annotate(inexact=Case(When(search_name=key, then=Value(0)), default=Value(1)))
        .order_by("inexact", *_by_population())[:fetch]
    )


def _word_rows(key: str, fetch: int, exclude: list[int]) -> list[Commune]:
    """Names where the query starts a word other than the first: "brieuc" → Saint-Brieuc.
    A scan of the table, run only when the prefix search leaves room on the page."""
    return list(
        _rows()
        .filter(search_name__contains=" " + key)
        .exclude(pk__in=exclude)
        .order_by(*_by_population())[:fetch]
    )


def _code_rows(code: str, fetch: int) -> tuple[list[Commune], list[Commune]]:
    """The rows of this INSEE code (current first), and the communes which had it as a former
    code: the codes in `former_codes` are all five characters long, so containment is equality
    with one of them. The former codes are not indexed: a scan, run only for a code."""
    rows = _rows().filter(Q(code=code) | Q(former_codes__contains=code)).order_by(*_by_population())
    rows = list(rows[:fetch])
    own = sorted((c for c in rows if c.code == code), key=lambda c: c.kind != CommuneKind.CURRENT)
    return own, [c for c in rows if c.code != code]


def _postal_rows(digits: str, fetch: int) -> list[Commune]:
    """Communes served by a postal code starting with these digits, largest first."""
    served = PostalCode.objects.filter(code__gte=digits, code__lt=digits + _AFTER)
    return list(
        _rows().filter(pk__in=served.values("commune_id")).order_by(*_by_population())[:fetch]
    )


def _postal_codes_of(communes: list[Commune]) -> dict[int, tuple[str, ...]]:
    ids = {c.pk for c in communes} | {c.current_id for c in communes if c.current_id}
    codes: dict[int, list[str]] = {}
    rows = PostalCode.objects.filter(commune_id__in=ids).order_by("code")
    for commune_id, code in rows.values_list("commune_id", "code"):
        codes.setdefault(commune_id, []).append(code)
    return {pk: tuple(values) for pk, values in codes.items()}


def search_communes(query: str, limit: int = 10) -> list[Result]:
    """Communes for a name (accents, case, hyphens and "st" do not matter), a postal code or an
    INSEE code (current or former): exact matches first, then the most populated; a former
    commune leads to its current commune, and each place appears once."""
    query = (query or "")[:MAX_QUERY_LENGTH]
    limit = max(1, limit)
    # Room for the rows that collapse into the same current commune.
    fetch = 2 * limit + 5
    compact = re.sub(r"\s+", "", query).upper()
    rows: list[Commune] = []
    if is_commune_code(compact) or _DIGITS.match(compact):
        # A five-digit number is an INSEE code or a postal code; a former code (often a
        # postal code today: 75001 was Alfortville's) comes last.
        own, formerly = _code_rows(compact, fetch) if is_commune_code(compact) else ([], [])
        postal = _postal_rows(compact, fetch) if _DIGITS.match(compact) else []
        rows = own + postal + formerly
    else:
        key = normalize(query)
        if not key:
            return []
        rows = _name_rows(key, fetch)
        if len(key) >= MIN_PREFIX_LENGTH and len({c.target.pk for c in rows}) < limit:
            rows += _word_rows(key, fetch, exclude=[c.pk for c in rows])

    chosen: list[Commune] = []
    seen: set[int] = set()
    for commune in rows:
        place = commune.target
        if place.pk in seen:
            continue
        seen.add(place.pk)
        chosen.append(commune)
        if len(chosen) == limit:
            break
    if not chosen:
        return []
    postal = _postal_codes_of(chosen)
    return [
        Result(
            commune=commune,
            postal_codes=postal.get(commune.pk) or postal.get(commune.current_id, ()),
            former_code=compact if compact in commune.former_codes.split() else "",
        )
        for commune in chosen
    ]


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
    commune's ("Saint-Brieuc", not Saint-Brieuc-des-Iffs). Otherwise the candidates."""
    text = (text or "").strip()[:MAX_QUERY_LENGTH]
    query = text
    if match := _NAME_AND_CODE.match(text):
        query = match["code"]
    code = re.sub(r"\s+", "", query).upper()
    results = search_communes(code if is_commune_code(code) else query, limit=limit)
    if not results:
        return CommuneMatch(None)
    if is_commune_code(code):
        # An INSEE code typed in full designates that commune, before any postal code.
        coded = [r for r in results if r.place.code == code]
        if len(coded) == 1:
            return CommuneMatch(coded[0].place, tuple(results))
    if len(results) == 1:
        return CommuneMatch(results[0].place, tuple(results))
    key = normalize(text)
    exact = [r for r in results if key in (normalize(r.commune.name), normalize(r.place.name))]
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
