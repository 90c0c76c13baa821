"""Opening hours in OpenStreetMap's `opening_hours` syntax, checked by its maintained parser."""

import datetime
import functools

import opening_hours
from django.core.exceptions import ValidationError
from django.utils import timezone


def validate_opening_hours(value: str) -> None:
    """Refuse, in French, what the OpenStreetMap parser cannot read."""
    if not value:
        return
    try:
        opening_hours.OpeningHours(value)
    except (opening_hours.ParserError, SyntaxError, ValueError) as error:
        raise ValidationError(
            "Ces horaires ne sont pas dans le format OpenStreetMap : écrivez par exemple "
            "« Tu 14:00-17:00 » (le mardi de 14 h à 17 h) ou « Mo-Fr 09:00-12:00 ».",
            code="opening_hours",
        ) from error


_DAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
_DAY = 24 * 60
# Weeks compared to make sure the hours are the same every week (seasons, "the first Monday
# of the month", holidays): a year from the reference Monday.
_WEEKS_COMPARED = 53
_ONE_DAY = datetime.timedelta(days=1)


def _clock(minutes: int) -> str:
    """ "9 h", "14 h 30", "minuit" (past midnight: the next day's hour)."""
    minutes %= _DAY
    if minutes == 0:
        return "minuit"
    hours, rest = divmod(minutes, 60)
    return f"{hours} h {rest:02d}" if rest else f"{hours} h"


def _span(start: int, end: int) -> str:
    if (start, end) == (0, _DAY):
        return "24 h sur 24"
    return f"de {_clock(start)} à {_clock(end)}"


def _french_list(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " et " + items[-1]


def _days(days: list[int]) -> str:
    """ "le mardi", "du lundi au vendredi", "le lundi et le jeudi", "tous les jours"."""
    if len(days) == 7:
        return "tous les jours"
    runs: list[list[int]] = []
    for day in days:
        if runs and runs[-1][-1] == day - 1:
            runs[-1].append(day)
        else:
            runs.append([day])
    parts = []
    for run in runs:
        if len(run) >= 3:
            parts.append(f"du {_DAYS[run[0]]} au {_DAYS[run[-1]]}")
        else:
            parts += [f"le {_DAYS[day]}" for day in run]
    return _french_list(parts)


def _week(hours, monday: datetime.datetime):
    """Each day's (start, end, state, comment) in minutes, an opening that runs past midnight
    kept whole on the day it starts."""
    days: list[list[tuple[int, int, str, str]]] = [[] for _ in range(7)]
    # From the Sunday before: an opening that starts on Sunday evening is not cut at midnight.
    sunday = monday - datetime.timedelta(days=1)
    next_monday = monday + datetime.timedelta(days=7)
    for start, end, state, comment in hours.intervals(sunday, next_monday + _ONE_DAY):
        state = str(state).rsplit(".", 1)[-1].lower()
        if state == "closed" or start >= next_monday or (end or next_monday) <= monday:
            continue
        if start < monday:
            if start > sunday:
                continue  # Sunday evening into Monday: counted on the week's own Sunday
            start = monday  # open since before the week ("24/7"): from Monday
        offset = int((start - monday).total_seconds() // 60)
        length = int(((end or start) - start).total_seconds() // 60)
        # A run of whole days ("24/7", "Mo-Fr 00:00-24:00") is one whole day each.
        while length > 0:
            day, begins = divmod(offset, _DAY)
            if day >= 7:
                break
            piece = length if begins + length <= 2 * _DAY and begins else min(length, _DAY)
            days[day].append((begins, begins + piece, state, comment or ""))
            offset, length = offset + piece, length - piece
    return tuple(tuple(day) for day in days)


@functools.lru_cache(maxsize=1024)
def _described(value: str, monday: datetime.date) -> str:
    try:
        hours = opening_hours.OpeningHours(value)
    except (opening_hours.ParserError, SyntaxError, ValueError):
        return ""
    start = datetime.datetime.combine(monday, datetime.time())
    weeks = {_week(hours, start + datetime.timedelta(weeks=n)) for n in range(_WEEKS_COMPARED)}
    if len(weeks) != 1:
        return ""
    (week,) = weeks
    groups: dict[tuple, list[int]] = {}
    for day, pieces in enumerate(week):
        if pieces:
            groups.setdefault(pieces, []).append(day)
    if not groups:
        return ""
    phrases = []
    for pieces, days in sorted(groups.items(), key=lambda item: item[1][0]):
        opened = [(s, e) for s, e, state, _ in pieces if state == "open"]
        comments = sorted({comment for *_, comment in pieces if comment})
        if len(comments) > 1:
            return ""
        if opened:
            spans = _french_list([_span(s, e) for s, e in opened])
            phrase = f"{_days(days)}{',' if spans.startswith('24') else ''} {spans}"
            if any(state != "open" for _, _, state, _ in pieces):
                phrase += " (d'autres horaires à confirmer)"
        else:
            phrase = f"{_days(days)} : horaires à confirmer"
        if comments:
            phrase += f" ({comments[0]})"
        phrases.append(phrase)
    return " ; ".join(phrases)


def describe_opening_hours(value: str, today: datetime.date | None = None) -> str:
    """Opening hours in plain French: "le mardi de 14 h à 17 h", "du lundi au vendredi de 9 h
    à 12 h et de 14 h à 17 h". The parser's intervals are read over a reference week, from the
    Monday of this week; hours that change from one week to the next over the coming year (by
    season, "the first Monday", dates) are not phrased: the value is then given as written,
    said to be in OpenStreetMap's format. "" for no value."""
    value = (value or "").strip()
    if not value:
        return ""
    today = today or timezone.localdate()
    phrase = _described(value, today - datetime.timedelta(days=today.weekday()))
    if phrase:
        return phrase[0].upper() + phrase[1:]
    return f"Horaires variables, notés au format OpenStreetMap : « {value} »"
