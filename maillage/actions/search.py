"""Finding actions: what reaches a commune, of which kind, for whom, about what (ADR 016).

A search is a `Criteria`; `find(criteria, page=)` gives one page of results and the count each
kind and each public would give, in a fixed number of queries whatever the number of results.

Free text is matched against a full-text index that lives beside the table:
- SQLite: the FTS5 table `actions_action_fts` ("unicode61 remove_diacritics 2"), holding the
  words of each action already stemmed by `stem` below (FTS5 has no French stemmer); queries
  are stemmed the same way and each word is a prefix.
- PostgreSQL: the table `actions_action_search` (a tsvector per action, GIN index) built with
  the text search configuration `french_unaccent` (unaccent, then the French Snowball stemmer).
Both are filled from Python by `reindex_actions(ids)`: every save and delete of an action calls
it through signals (`maillage/actions/signals.py`); a bulk write (an import) calls it itself.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import Case, Count, IntegerField, Value, When
from django.db.models.expressions import RawSQL
from django.utils.html import strip_tags

from maillage.core.text import normalize
from maillage.territories.models import Commune, Department, PerimeterPart

from .enums import ActionStatus, KindCode, PublicCode
from .models import Action, stale_cutoff

PER_PAGE = 20
MAX_TEXT_LENGTH = 200
MAX_QUERY_WORDS = 8
FTS_TABLE = "actions_action_fts"
PG_TABLE = "actions_action_search"
PG_CONFIG = "french_unaccent"

# Words that carry no meaning in a search for an action (after `normalize`: no accents).
STOP_WORDS = frozenset(
    """a au aux avec ce ces d dans de des du elle en et il ils je l la le les leur leurs
    lui ma mais me mes mon n ne nos notre nous on ou par pas pour qu que qui s sa se ses son
    sur ta te tes ton tu un une vos votre vous y est sont etre""".split()
)

# A light French stemmer: plural, then one derivational or inflectional ending, keeping at
# least three letters. "visite", "visites", "visiter", "visiteur", "visiteuses" → "visit";
# "âgée", "âgés" → "age"; "culturelle", "culturels" → "culturel"; "active", "actifs" → "activ".
_ENDINGS = (
    ("issements", ""),
    ("issement", ""),
    ("ements", ""),
    ("ement", ""),
    ("ations", ""),
    ("ation", ""),
    ("atrice", ""),
    ("ateur", ""),
    ("euse", ""),
    ("eur", ""),
    ("ive", "iv"),
    ("if", "iv"),
    ("elle", "el"),
    ("ee", ""),
    ("er", ""),
    ("ez", ""),
    ("e", ""),
)
_MIN_STEM = 3


def stem(word: str) -> str:
    """The stem of one normalised word (lower case, no accents), as indexed and as searched."""
    if len(word) <= _MIN_STEM or not word.isalpha():
        return word
    if word.endswith("aux") and len(word) > 4:
        word = word[:-3] + "al"
    elif word[-1] in "sx":
        word = word[:-1]
    for ending, replacement in _ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) + len(replacement) >= _MIN_STEM:
            return word[: len(word) - len(ending)] + replacement
    return word


def words(text: str) -> list[str]:
    """The meaningful words of a text, normalised (accents, case, punctuation gone)."""
    return [word for word in normalize(text or "").split() if word not in STOP_WORDS]


def stemmed(text: str) -> str:
    return " ".join(stem(word) for word in words(text))


# --- the index ------------------------------------------------------------------------------
# The SQL below interpolates only this module's constant table names and "%s" placeholders;
# every value goes as a parameter (hence the `noqa: S608`).


def _texts(action: Action) -> tuple[str, str]:
    """(title, the rest) of what a person may search an action by."""
    rest = [
        action.summary,
        strip_tags(action.description or ""),
        action.schedule,
        action.how_to_join,
        action.cost_details,
        action.address,
        action.commune.name if action.commune_id else "",
        " ".join(organisation.name for organisation in action.organisations.all()),
        " ".join(kind.label for kind in action.kinds.all()),
    ]
    return action.title, " ".join(part for part in rest if part)


def _chunks(ids: list[int], size: int = 500) -> Iterable[list[int]]:
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


def reindex_actions(ids: Iterable[int]) -> None:
    """Bring the full-text index of these actions in step with their rows (and forget the ones
    that no longer exist). Call it after any write that bypasses `Action.save()` (bulk_create,
    queryset.update, an import); a save or a delete does it by itself. Runs in the caller's
    transaction."""
    ids = sorted({int(pk) for pk in ids})
    for chunk in _chunks(ids):
        actions = list(
            Action.objects.filter(pk__in=chunk)
            .select_related("commune")
            .prefetch_related("organisations", "kinds")
        )
        rows = [(action.pk, *_texts(action)) for action in actions]
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                _pg_write(cursor, chunk, rows)
            else:
                _fts_write(cursor, chunk, rows)


def unindex_actions(ids: Iterable[int]) -> None:
    """Remove these actions from the full-text index (PostgreSQL also cascades on delete)."""
    ids = sorted({int(pk) for pk in ids})
    for chunk in _chunks(ids):
        marks = ", ".join(["%s"] * len(chunk))
        table = PG_TABLE if connection.vendor == "postgresql" else FTS_TABLE
        key = "action_id" if connection.vendor == "postgresql" else "rowid"
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {table} WHERE {key} IN ({marks})", chunk)  # noqa: S608


def _fts_write(cursor, chunk: list[int], rows: list[tuple[int, str, str]]) -> None:
    marks = ", ".join(["%s"] * len(chunk))
    cursor.execute(f"DELETE FROM {FTS_TABLE} WHERE rowid IN ({marks})", chunk)  # noqa: S608
    if rows:
        cursor.executemany(
            f"INSERT INTO {FTS_TABLE} (rowid, title, body) VALUES (%s, %s, %s)",  # noqa: S608
            [(pk, stemmed(title), stemmed(body)) for pk, title, body in rows],
        )


def _pg_write(cursor, chunk: list[int], rows: list[tuple[int, str, str]]) -> None:
    present = [pk for pk, _title, _body in rows]
    gone = [pk for pk in chunk if pk not in set(present)]
    if gone:
        marks = ", ".join(["%s"] * len(gone))
        cursor.execute(f"DELETE FROM {PG_TABLE} WHERE action_id IN ({marks})", gone)  # noqa: S608
    if rows:
        cursor.executemany(
            f"INSERT INTO {PG_TABLE} (action_id, document) VALUES (%s, "  # noqa: S608
            f"setweight(to_tsvector('{PG_CONFIG}', %s), 'A') || "
            f"to_tsvector('{PG_CONFIG}', %s)) "
            "ON CONFLICT (action_id) DO UPDATE SET document = EXCLUDED.document",
            rows,
        )


def text_query(text: str) -> str:
    """The index query for what a person typed, or "" when nothing is searchable: every word
    must match, each as a prefix (a word being typed, a longer form of the same stem)."""
    found = words((text or "")[:MAX_TEXT_LENGTH])[:MAX_QUERY_WORDS]
    if connection.vendor == "postgresql":
        # The words are [a-z0-9] only: nothing for to_tsquery to misread. Snowball stems the
        # forms of a word apart once accents are gone ("aînés" → ain, "aînées" → aine): the
        # light stem is asked for too, so that PostgreSQL finds what SQLite finds.
        return " & ".join(
            f"({word}:* | {stem(word)}:*)" if stem(word) != word else f"{word}:*" for word in found
        )
    return " ".join(f'"{stem(word)}"*' for word in found)


def text_match_sql(query: str) -> tuple[str, list[str]]:
    """SQL selecting the ids of the actions matching `text_query(...)`, and its parameters."""
    if connection.vendor == "postgresql":
        return (
            f"SELECT action_id FROM {PG_TABLE} WHERE document @@ to_tsquery('{PG_CONFIG}', %s)",  # noqa: S608
            [query],
        )
    return f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s", [query]  # noqa: S608


# --- the search -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Criteria:
    """What a person asks for. Empty criteria: every current action."""

    commune: Commune | None = None
    kinds: tuple[str, ...] = ()
    publics: tuple[str, ...] = ()
    text: str = ""
    free_only: bool = False
    include_old: bool = False
    department: Department | None = None
    """Actions held in this department (the department page's link)."""
    cooperation: object | None = None
    """Actions in this cooperation's territory (the cooperation page's link)."""


@dataclass
class Facet:
    code: str
    label: str
    count: int | None
    chosen: bool


@dataclass
class Found:
    page: Page
    kinds: list[Facet] = field(default_factory=list)
    publics: list[Facet] = field(default_factory=list)

    @property
    def total(self) -> int:
        return self.page.paginator.count

    @property
    def actions(self) -> list[Action]:
        return list(self.page.object_list)


def matching(criteria: Criteria, *, ignore: str = "", today: datetime.date | None = None):
    """The actions meeting the criteria (unordered), leaving out the filter named by `ignore`
    ("kinds" or "publics": what a facet's counts need)."""
    rows = Action.objects.all()
    if not criteria.include_old:
        rows = rows.exclude(status=ActionStatus.ENDED).filter(verified_on__gte=stale_cutoff(today))
    if criteria.commune is not None:
        # Action.objects.reaching(), one subquery shallower: the zones are the perimeters of
        # the parts covering the commune.
        parts = PerimeterPart.objects.covering(criteria.commune)
        rows = rows.filter(zone_id__in=parts.values("perimeter_id"))
    if criteria.department is not None:
        rows = rows.filter(commune__department=criteria.department)
    if criteria.cooperation is not None:
        rows = rows.filter(pk__in=Action.objects.in_territory_of(criteria.cooperation).values("pk"))
    if criteria.free_only:
        rows = rows.filter(is_free=True)
    if criteria.kinds and "kinds" not in ignore:
        through = Action.kinds.through.objects.filter(kind_id__in=criteria.kinds)
        rows = rows.filter(pk__in=through.values("action_id"))
    if criteria.publics and "publics" not in ignore:
        through = Action.publics.through.objects.filter(public_id__in=criteria.publics)
        rows = rows.filter(pk__in=through.values("action_id"))
    if criteria.text:
        query = text_query(criteria.text)
        if query:
            sql, params = text_match_sql(query)
            # Constant SQL, the query as a parameter.
            rows = rows.filter(pk__in=RawSQL(sql, params))  # noqa: S611
    return rows


def ordered(rows, criteria: Criteria):
    """Results as shown: those held in the chosen commune first, then by title."""
    rows = rows.select_related("commune__department").prefetch_related(
        "kinds", "publics", "organisations"
    )
    if criteria.commune is not None:
        rows = rows.annotate(
            elsewhere=Case(
                When(commune_id=criteria.commune.pk, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        ).order_by("elsewhere", "title", "pk")
    else:
        rows = rows.order_by("title", "pk")
    return rows


def _counts(through_model, column: str, rows) -> dict[str, int]:
    found = (
        through_model.objects.filter(action_id__in=rows.values("pk"))
        .values(column)
        .annotate(n=Count("action_id"))
        .values_list(column, "n")
    )
    return dict(found)


def facets(criteria: Criteria, choices, through_model, column: str, ignore: str, chosen):
    """Each choice of a filter with the number of results it gives, the other filters kept.
    The labels are the reference rows' codes and labels, as seeded from the enums."""
    counts = _counts(through_model, column, matching(criteria, ignore=ignore))
    return [
        Facet(code=code, label=label, count=counts.get(code, 0), chosen=code in chosen)
        for code, label in choices
    ]


# A search narrowed to a place reads its candidates once when they are at most this many.
IN_MEMORY_LIMIT = 10_000


def find(criteria: Criteria, *, page: object = 1, per_page: int = PER_PAGE) -> Found:
    """One page of results and the counts of each kind and public, in a constant number of
    queries whatever the number of results.

    A search narrowed to a place (a commune, a department, a cooperation) reads its candidates
    once — every filter but kinds and publics — with their kinds and publics, then counts, sorts
    and pages them in Python: 3 queries, then the page and its 3 prefetches. Otherwise (all of
    France) the database counts: the count, the page, 3 prefetches, 2 facet counts."""
    if criteria.commune or criteria.department or criteria.cooperation:
        found = _find_in_memory(criteria, page, per_page)
        if found is not None:
            return found
    paginator = Paginator(ordered(matching(criteria), criteria), per_page)
    found = Found(page=paginator.get_page(page))
    found.kinds = facets(
        criteria, KindCode.choices, Action.kinds.through, "kind_id", "kinds", criteria.kinds
    )
    found.publics = facets(
        criteria,
        PublicCode.choices,
        Action.publics.through,
        "public_id",
        "publics",
        criteria.publics,
    )
    return found


def _find_in_memory(criteria: Criteria, page: object, per_page: int) -> Found | None:
    loose = matching(criteria, ignore="kinds+publics")
    candidates = list(loose.values_list("pk", "commune_id", "title")[: IN_MEMORY_LIMIT + 1])
    if len(candidates) > IN_MEMORY_LIMIT:
        return None
    ids = [pk for pk, _commune, _title in candidates]
    kinds_of: dict[int, set[str]] = {pk: set() for pk in ids}
    publics_of: dict[int, set[str]] = {pk: set() for pk in ids}
    if ids:
        # Plain SQL: Django prepares each of thousands of `__in` values one by one.
        marks = ", ".join(["%s"] * len(ids))
        with connection.cursor() as cursor:
            for model, column, target in (
                (Action.kinds.through, "kind_id", kinds_of),
                (Action.publics.through, "public_id", publics_of),
            ):
                cursor.execute(
                    f"SELECT action_id, {column} FROM {model._meta.db_table} "  # noqa: S608
                    f"WHERE action_id IN ({marks})",
                    ids,
                )
                for pk, code in cursor.fetchall():
                    target[pk].add(code)
    wanted_kinds, wanted_publics = set(criteria.kinds), set(criteria.publics)

    def kind_ok(pk):
        return not wanted_kinds or bool(kinds_of[pk] & wanted_kinds)

    def public_ok(pk):
        return not wanted_publics or bool(publics_of[pk] & wanted_publics)

    kind_counts: dict[str, int] = {}
    public_counts: dict[str, int] = {}
    for pk in ids:
        if public_ok(pk):
            for code in kinds_of[pk]:
                kind_counts[code] = kind_counts.get(code, 0) + 1
        if kind_ok(pk):
            for code in publics_of[pk]:
                public_counts[code] = public_counts.get(code, 0) + 1
    here = criteria.commune.pk if criteria.commune is not None else None
    chosen = sorted(
        ((commune_id != here, title, pk) for pk, commune_id, title in candidates)
        if here is not None
        else ((False, title, pk) for pk, _commune, title in candidates),
    )
    results = [pk for _elsewhere, _title, pk in chosen if kind_ok(pk) and public_ok(pk)]
    found = Found(page=Paginator(results, per_page).get_page(page))
    page_ids = list(found.page.object_list)
    rows = ordered(Action.objects.filter(pk__in=page_ids), Criteria()).order_by()
    by_id = {row.pk: row for row in rows} if page_ids else {}
    found.page.object_list = [by_id[pk] for pk in page_ids if pk in by_id]
    found.kinds = [
        Facet(code, label, kind_counts.get(code, 0), code in wanted_kinds)
        for code, label in KindCode.choices
    ]
    found.publics = [
        Facet(code, label, public_counts.get(code, 0), code in wanted_publics)
        for code, label in PublicCode.choices
    ]
    return found


def first_of(criteria: Criteria, limit: int) -> tuple[list[Action], int]:
    """The first `limit` results and how many there are (the short lists of other pages)."""
    rows = matching(criteria)
    return list(ordered(rows, criteria)[:limit]), rows.count()
