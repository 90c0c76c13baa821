"""The commune index behind the search that forgives what people type (ADR 021).

Every process builds it once from the database (one query), in memory, and rebuilds it when the
geography changes: the geography import writes a `GeographyImport` row, whose id each search
reads with the rows it found (no query of its own), and a commune or postal code saved in this
process bumps a counter.

Names are compared on their compact form: the search key (`core.text.normalize`: no accents, no
punctuation, "st" written "saint") without its spaces, so that glued or split words, hyphens and
apostrophes do not matter; a name starting with an article (« Le », « La », « Les », « L' ») is
also known without it. A query is ranked in four tiers, population breaking ties in each:

0. the name exactly (written any of those ways);
1. the start of a name, or the whole name within one letter wrong, missing, extra or swapped;
2. the start of a word inside a name ("brieuc" → Saint-Brieuc);
3. a close spelling: the start of a name within one letter, or the name or its start within two
   letters for queries of six letters or more (an optimal string alignment distance, bounded).
A lower tier is looked at only when the ones above have not filled the page.
"""

import bisect
import heapq
import re
import threading
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from enum import IntEnum

from django.db.models import F
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from .enums import CommuneKind
from .models import Commune, GeographyImport, PostalCode

# Search keys are made of [a-z0-9 ]: every string starting with `prefix` sorts between `prefix`
# and `prefix + _AFTER` in a sorted list.
_AFTER = "\x7f"
_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789"
_ARTICLES = frozenset({"le", "la", "les", "l"})
# "stbrieuc", "stemarie": a saint glued to the name, which normalize() cannot see as a word.
_GLUED_SAINT = re.compile(r"^(st|ste|sts|stes)(?=[bcdfghjklmnpqrstvwxz])")
_SAINTS = {"st": "saint", "ste": "sainte", "sts": "saints", "stes": "saintes"}
_PLACES = (CommuneKind.CURRENT, CommuneKind.MUNICIPAL_DISTRICT)
# Names of at least this many letters are matched within one edit; from _TWO_EDITS, two.
_ONE_EDIT = 4
_TWO_EDITS = 6
# Candidates sharing the most three-letter pieces with the query that are measured exactly.
_MEASURED = 80
# A piece found in more names than this is not counted, if _KEPT_PIECES others remain.
_COMMON_PIECE = 1500
_KEPT_PIECES = 4


class Tier(IntEnum):
    EXACT = 0
    START = 1
    WORD = 2
    CLOSE = 3


@dataclass(frozen=True)
class Hit:
    """One entry of the index found for a query."""

    tier: Tier
    distance: int
    """Letters wrong, missing, extra or swapped between the query and the name (or its start)."""
    partial: bool
    """The query matched the start of the name, not the whole name (close spellings only)."""
    entry: int
    """The entry's position, which is its rank by population."""
    exact: bool = False
    """The query is the name, however written, its article left out or wrong included."""
    loose: bool = False
    """The query starts the name only once spaces are ignored ("sainte" of "saint etienne")."""

    @property
    def rank(self) -> tuple:
        """Best first: by tier; the start of a name, the name without its article and a whole
        name one letter away are ranked together by population ("lion" → Lyon before
        Lion-sur-Mer; "saint" → Saint-Étienne before Le Saint), starts that ignore spaces
        after them; close spellings by distance, whole names before starts."""
        if self.tier == Tier.START:
            return (self.tier, self.loose, False, self.entry)
        if self.tier != Tier.CLOSE:
            return (self.tier, 0, False, self.entry)
        return (self.tier, self.distance, self.partial, self.entry)


@dataclass
class CommuneIndex:
    """Communes (current, former, districts) in rank order: most populated first, then by name,
    kind and code, as the SQL search ordered them."""

    token: tuple
    pks: list[int] = field(default_factory=list)
    codes: list[str] = field(default_factory=list)
    kinds: list[str] = field(default_factory=list)
    departments: list[str] = field(default_factory=list)
    targets: list[int] = field(default_factory=list)
    """The entry of the page a result leads to: itself, or the current commune of a former one."""
    postal: list[tuple[str, ...]] = field(default_factory=list)
    """Postal codes of the entry, or of its current commune for a former commune."""
    keys: list[str] = field(default_factory=list)
    """The search key of each entry ("les sables d olonne")."""
    forms: dict[str, tuple[int, ...]] = field(default_factory=dict)
    """Entries by the compact form of their whole name ("lessablesdolonne")."""
    bare_forms: dict[str, tuple[int, ...]] = field(default_factory=dict)
    """Entries by the compact form of their name without its article ("sablesdolonne")."""
    sorted_forms: list[str] = field(default_factory=list)
    sorted_form_entries: list[int] = field(default_factory=list)
    words: list[str] = field(default_factory=list)
    word_entries: list[int] = field(default_factory=list)
    trigrams: dict[str, tuple[int, ...]] = field(default_factory=dict)
    by_code: dict[str, tuple[int, ...]] = field(default_factory=dict)
    by_former_code: dict[str, tuple[int, ...]] = field(default_factory=dict)
    postal_codes: list[str] = field(default_factory=list)
    postal_entries: list[int] = field(default_factory=list)
    entry_forms: list[tuple[str, ...]] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.pks)

    # -- Names -----------------------------------------------------------------------------

    def find_names(
        self, key: str, wanted: int, keep: Callable[[int], bool] | None = None
    ) -> list[Hit]:
        """Entries for a normalised name, best first, until `wanted` places are found (or all
        the tiers have been looked at). `keep` filters entries (a department, a postal code)."""
        variants = query_forms(key)
        if not variants:
            return []
        hits: dict[int, Hit] = {}

        def add(entries: Iterable[int], tier: Tier, distance=0, partial=False, exact=False):
            for entry in entries:
                if keep is not None and not keep(entry):
                    continue
                hit = Hit(tier, distance, partial, entry, exact=exact)
                if entry not in hits or hit.rank < hits[entry].rank:
                    hits[entry] = hit

        def enough() -> bool:
            return len({self.targets[entry] for entry in hits}) >= wanted

        def result() -> list[Hit]:
            return sorted(hits.values(), key=lambda hit: hit.rank)

        fetch = 2 * wanted + 5
        for variant, _ in variants:
            add(self.forms.get(variant, ()), Tier.EXACT, exact=True)
        for variant, _ in variants:
            add(self.bare_forms.get(variant, ()), Tier.START, exact=True)
        # A query that is a name is taken as typed: no close spellings beside it.
        typed_right = bool(hits)
        if max(len(variant) for variant, _ in variants) < 2:
            # One letter only finds a commune of that name ("Y").
            return result()
        for variant, spaced in variants:
            for entry in self._starting(variant, fetch, keep):
                loose = not any(form.startswith(spaced) for form in spaced_forms(self.keys[entry]))
                hit = Hit(Tier.START, 0, False, entry, loose=loose)
                if entry not in hits or hit.rank < hits[entry].rank:
                    hits[entry] = hit
            if not typed_right and len(variant) >= _ONE_EDIT:
                for edited in edits(variant):
                    add(self.forms.get(edited, ()), Tier.START, 1)
                    add(self.bare_forms.get(edited, ()), Tier.START, 1)
        if not enough():
            for variant, _ in variants:
                add(self._word_starting(variant, fetch, keep), Tier.WORD)
        if typed_right or enough():
            return result()
        for variant, _ in variants:
            length = len(variant)
            if length >= _TWO_EDITS:
                for entry, whole, start in self._close(variant, 2, keep):
                    add([entry], Tier.CLOSE, min(whole, start), partial=whole > start)
            elif length >= _ONE_EDIT:
                # A letter wrong, missing or swapped while a short name is being typed.
                for edited in edits(variant):
                    if len(edited) >= length:
                        add(self._starting(edited, fetch, keep), Tier.CLOSE, 1, partial=True)
        return result()

    def _starting(self, prefix: str, fetch: int, keep) -> list[int]:
        """The `fetch` most populated entries with a name starting with `prefix`."""
        return _most_populated(self.sorted_forms, self.sorted_form_entries, prefix, fetch, keep)

    def _word_starting(self, prefix: str, fetch: int, keep) -> list[int]:
        """The same for a word inside the name: "brieuc" of "saint brieuc"."""
        return _most_populated(self.words, self.word_entries, prefix, fetch, keep)

    def _close(self, variant: str, limit: int, keep) -> list[tuple[int, int, int]]:
        """(entry, distance to the whole name, distance to its closest start) for the names
        within `limit` edits, among those sharing the most three-letter pieces with `variant`.
        Each edit breaks at most three pieces: a name within `limit` edits shares at least
        (pieces - 3 × limit) of the query's."""
        # The most common pieces ("sai", "ain" of four thousand saints) are left out while
        # enough others remain: a name within the limit shares at least
        # (kept - 3 × limit) of the pieces kept.
        pieces = sorted((self.trigrams.get(piece, ()) for piece in set(trigrams(variant))), key=len)
        while len(pieces) > _KEPT_PIECES and len(pieces[-1]) > _COMMON_PIECE:
            pieces.pop()
        counts: Counter[int] = Counter()
        for entries in pieces:
            counts.update(entries)
        floor = max(1, len(pieces) - 3 * limit)
        candidates = [(-count, entry) for entry, count in counts.items() if count >= floor]
        found = []
        for _, entry in heapq.nsmallest(_MEASURED, candidates):
            if keep is not None and not keep(entry):
                continue
            whole = start = limit + 1
            for form in self.entry_forms[entry]:
                form_whole, form_start = distances(variant, form, limit)
                whole = min(whole, form_whole)
                start = min(start, form_start)
            if start <= limit or whole <= limit:
                found.append((entry, whole, start))
        return found

    # -- Codes -----------------------------------------------------------------------------

    def with_code(self, code: str) -> list[int]:
        """Entries of this INSEE code, current communes first."""
        return sorted(self.by_code.get(code, ()), key=lambda e: (self.kinds[e] not in _PLACES, e))

    def with_former_code(self, code: str) -> list[int]:
        return sorted(self.by_former_code.get(code, ()))

    def with_postal_code(self, digits: str, fetch: int) -> list[tuple[int, str]]:
        """(entry, postal code) for postal codes starting with these digits, most populated
        first, each entry once."""
        low = bisect.bisect_left(self.postal_codes, digits)
        high = bisect.bisect_left(self.postal_codes, digits + _AFTER, low)
        first: dict[int, str] = {}
        for code, entry in zip(
            self.postal_codes[low:high], self.postal_entries[low:high], strict=True
        ):
            first.setdefault(entry, code)
        return [(entry, first[entry]) for entry in heapq.nsmallest(fetch, first)]


def _most_populated(keys: list[str], entries: list[int], prefix: str, fetch: int, keep):
    """The `fetch` first entries (the most populated) of the sorted keys starting with `prefix`."""
    low = bisect.bisect_left(keys, prefix)
    high = bisect.bisect_left(keys, prefix + _AFTER, low)
    found = entries[low:high]
    if keep is not None:
        found = [entry for entry in found if keep(entry)]
    return heapq.nsmallest(fetch, found)


# -- Text ----------------------------------------------------------------------------------


def spaced_forms(key: str) -> list[str]:
    """The search key, and without its article: "les sables d olonne", "sables d olonne"."""
    words = key.split(" ", 1)
    if len(words) > 1 and words[0] in _ARTICLES:
        return [key, words[1]]
    return [key]


def name_forms(key: str) -> list[str]:
    """The compact forms a name is known by: "les sables d olonne" → lessablesdolonne,
    sablesdolonne."""
    return [form.replace(" ", "") for form in spaced_forms(key)]


def query_forms(key: str) -> list[tuple[str, str]]:
    """The (compact, spaced) forms a normalised query is compared with: its own, without an
    article, with a glued "st" spelt out ("stbrieuc" → saintbrieuc)."""
    forms = spaced_forms(key)
    if match := _GLUED_SAINT.match(key):
        forms.append(_SAINTS[match[1]] + " " + key[match.end() :])
    found: dict[str, str] = {}
    for form in forms:
        found.setdefault(form.replace(" ", ""), form)
    return [(compact, spaced) for compact, spaced in found.items() if compact]


def word_starts(key: str) -> list[str]:
    """The compact rest of a name from each of its words but the first: "saint brieuc des iffs"
    → brieucdesiffs, desiffs, iffs."""
    words = key.split()
    return ["".join(words[index:]) for index in range(1, len(words))]


def trigrams(form: str) -> list[str]:
    """Three-letter pieces, the first one marked as the start of the name."""
    padded = "^" + form
    return [padded[index : index + 3] for index in range(len(padded) - 2)]


def edits(word: str) -> set[str]:
    """Every string one letter away: a letter removed, swapped with the next, replaced, added."""
    splits = [(word[:index], word[index:]) for index in range(len(word) + 1)]
    removed = [left + right[1:] for left, right in splits if right]
    swapped = [left + right[1] + right[0] + right[2:] for left, right in splits if len(right) > 1]
    replaced = [left + c + right[1:] for left, right in splits if right for c in _ALPHABET]
    added = [left + c + right for left, right in splits for c in _ALPHABET]
    found = set(removed + swapped + replaced + added)
    found.discard(word)
    return found


def distances(query: str, name: str, limit: int) -> tuple[int, int]:
    """Optimal string alignment distances (a letter wrong, missing, extra, or two swapped) from
    `query` to the whole `name` and to the closest start of `name` at least as long as the
    query; each capped at limit + 1. Only the band of cells within `limit` of the diagonal is
    computed, and it stops as soon as a row is over the limit."""
    m = len(query)
    n = len(name)
    over = limit + 1
    width = n if n < m + limit else m + limit
    if width < m - limit:
        return over, over
    before: list[int] = []
    previous = list(range(width + 1))
    for i in range(1, m + 1):
        letter = query[i - 1]
        current = [over] * (width + 1)
        if i <= limit:
            current[0] = i
        row_best = over
        for j in range(
            i - limit if i > limit else 1, (i + limit if i + limit < width else width) + 1
        ):
            other = name[j - 1]
            value = previous[j - 1] if letter == other else previous[j - 1] + 1
            if previous[j] < value:
                value = previous[j] + 1
            if current[j - 1] < value:
                value = current[j - 1] + 1
            if (
                j > 1
                and i > 1
                and letter == name[j - 2]
                and other == query[i - 2]
                and before[j - 2] < value
            ):
                value = before[j - 2] + 1
            if value > over:
                value = over
            current[j] = value
            if value < row_best:
                row_best = value
        if row_best > limit:
            return over, over
        before, previous = previous, current
    whole = previous[n] if n <= width else over
    start = min(previous[m:]) if width >= m else over
    return whole, start


# -- Building and invalidation --------------------------------------------------------------

_lock = threading.Lock()
_index: CommuneIndex | None = None
_generation = 0


def latest_import():
    """The latest geography import, as a query to read alone or inside another one."""
    return GeographyImport.objects.order_by("-pk").values("pk")[:1]


def commune_index() -> CommuneIndex:
    """The index of this process: built at first use, and again after a change made in this
    process. Whether the database moved on since (an import run by another process) is for
    the caller to check, with `is_stale`, in the query that reads the rows found."""
    index = _index
    if index is not None and index.token[1] == _generation:
        return index
    return _rebuild(latest_import().values_list("pk", flat=True).first())


def is_stale(index: CommuneIndex, latest_import_pk: int | None) -> bool:
    return index.token[0] != latest_import_pk


def refreshed(latest_import_pk: int | None) -> CommuneIndex:
    """The index rebuilt for a geography import made since it was built."""
    return _rebuild(latest_import_pk)


def _rebuild(latest_import_pk: int | None) -> CommuneIndex:
    global _index
    token = (latest_import_pk, _generation)
    with _lock:
        if _index is None or _index.token != token:
            _index = build(token)
        return _index


def build(token: tuple = ()) -> CommuneIndex:
    """The index from one query: the communes joined with their postal codes, in rank order."""
    rows = Commune.objects.order_by(
        F("population").desc(nulls_last=True), "search_name", "kind", "code", "postal_codes__code"
    ).values_list(
        "pk",
        "code",
        "kind",
        "search_name",
        "current_id",
        "department_id",
        "former_codes",
        "postal_codes__code",
    )
    index = CommuneIndex(token=token)
    entry_of_pk: dict[int, int] = {}
    currents: list[int | None] = []
    keys: list[str] = []
    former: list[str] = []
    own_postal: list[list[str]] = []
    for pk, code, kind, key, current_id, department, former_codes, postal_code in rows:
        if pk in entry_of_pk:
            own_postal[-1].append(postal_code)
            continue
        entry_of_pk[pk] = len(index.pks)
        index.pks.append(pk)
        index.codes.append(code)
        index.kinds.append(kind)
        index.departments.append(department)
        currents.append(current_id)
        keys.append(key)
        former.append(former_codes)
        own_postal.append([postal_code] if postal_code else [])

    forms: defaultdict[str, list[int]] = defaultdict(list)
    bare_forms: defaultdict[str, list[int]] = defaultdict(list)
    pieces: defaultdict[str, list[int]] = defaultdict(list)
    by_code: defaultdict[str, list[int]] = defaultdict(list)
    by_former_code: defaultdict[str, list[int]] = defaultdict(list)
    sorted_forms: list[tuple[str, int]] = []
    sorted_words: list[tuple[str, int]] = []
    postal: list[tuple[str, int]] = []
    for entry, key in enumerate(keys):
        current = entry_of_pk.get(currents[entry]) if currents[entry] else None
        own = index.kinds[entry] in _PLACES or current is None
        index.targets.append(entry if own else current)
        # A former commune has no postal code of its own: those of its current commune.
        codes = own_postal[entry] or (own_postal[current] if current is not None else [])
        index.postal.append(tuple(codes))
        names = tuple(name_forms(key))
        index.entry_forms.append(names)
        forms[names[0]].append(entry)
        for name in names[1:]:
            bare_forms[name].append(entry)
        for name in names:
            sorted_forms.append((name, entry))
        for piece in {piece for name in names for piece in trigrams(name)}:
            pieces[piece].append(entry)
        sorted_words.extend((rest, entry) for rest in word_starts(key))
        by_code[index.codes[entry]].append(entry)
        for code in former[entry].split():
            by_former_code[code].append(entry)
        postal.extend((code, entry) for code in own_postal[entry])

    # Tuples rather than lists: the index is read only once built, and tuples of strings and
    # numbers are left out of the garbage collector's rounds, which would otherwise walk
    # its hundred thousand containers again and again.
    index.keys = keys
    index.forms = _frozen(forms)
    index.bare_forms = _frozen(bare_forms)
    index.trigrams = _frozen(pieces)
    index.by_code = _frozen(by_code)
    index.by_former_code = _frozen(by_former_code)
    sorted_forms.sort()
    sorted_words.sort()
    postal.sort()
    index.sorted_forms = [name for name, _ in sorted_forms]
    index.sorted_form_entries = [entry for _, entry in sorted_forms]
    index.words = [word for word, _ in sorted_words]
    index.word_entries = [entry for _, entry in sorted_words]
    index.postal_codes = [code for code, _ in postal]
    index.postal_entries = [entry for _, entry in postal]
    return index


def _frozen(lists: dict[str, list[int]]) -> dict[str, tuple[int, ...]]:
    return {key: tuple(values) for key, values in lists.items()}


def forget() -> None:
    """Make the next search rebuild the index (a commune or a postal code changed here)."""
    global _generation
    _generation += 1


@receiver([post_save, post_delete], sender=Commune, dispatch_uid="commune_index_commune")
@receiver([post_save, post_delete], sender=PostalCode, dispatch_uid="commune_index_postal")
@receiver([post_save, post_delete], sender=GeographyImport, dispatch_uid="commune_index_import")
def _geography_changed(sender, **kwargs) -> None:
    forget()
