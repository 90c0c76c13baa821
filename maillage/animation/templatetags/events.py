"""Upcoming events on the pages of lower apps (home, cooperation, commune, department), which
load this library rather than import the animation app: `{% load events %}{% upcoming_events
cooperation=cooperation %}`."""

from django import template
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from maillage.cooperations.models import Cooperation

from ..models import Event

register = template.Library()

SHOWN = 5


@register.inclusion_tag("animation/events/_upcoming.html", takes_context=True)
def upcoming_events(context, *, cooperation=None, commune=None, department=None, national=False):
    """The next events the visitor may see: of a cooperation, held in a commune or organised
    by a cooperation covering it, held in a department; or of the whole network."""
    request = context.get("request")
    events = Event.objects.select_related("cooperation", "commune").published().upcoming()
    events = events.visible_to(request.user) if request else events.visible_to_anyone()
    more_url = reverse("animation:event_list")
    feed_url = reverse("animation:national_feed")
    if cooperation is not None:
        events = events.filter(cooperation=cooperation)
        more_url = reverse("animation:cooperation_events", args=[cooperation.slug])
        feed_url = reverse("animation:cooperation_feed", args=[cooperation.slug])
    elif commune is not None:
        covering = Cooperation.objects.covering(commune).values("pk")
        events = events.filter(Q(commune=commune) | Q(cooperation__in=covering))
    elif department is not None:
        events = events.filter(commune__department=department)
    return {
        "events": list(events[:SHOWN]),
        "more_url": more_url,
        "feed_url": feed_url,
        "about_cooperation": cooperation is not None,
        "national": national,
    }


def _hour(moment) -> str:
    """« 14 h », « 14 h 30 »: the French way of writing a time."""
    return f"{moment.hour} h" if moment.minute == 0 else f"{moment.hour} h {moment.minute:02d}"


def _day(moment) -> str:
    """« dimanche 1er mars 2026 »."""
    day = date_format(moment, "l j F Y")
    return day.replace(" 1 ", " 1er ", 1) if moment.day == 1 else day


@register.filter
def when(event) -> str:
    """« samedi 28 mars 2027, de 14 h à 17 h », or « du … au … » over several days (Paris time)."""
    starts, ends = timezone.localtime(event.starts_at), timezone.localtime(event.ends_at)
    if starts.date() == ends.date():
        if starts == ends:
            return f"{_day(starts)} à {_hour(starts)}"
        return f"{_day(starts)}, de {_hour(starts)} à {_hour(ends)}"
    return f"du {_day(starts)} à {_hour(starts)} au {_day(ends)} à {_hour(ends)}"


@register.filter
def moment(value) -> str:
    """« 27 mars 2027 à 12 h » (Paris time)."""
    local = timezone.localtime(value)
    day = date_format(local, "j F Y")
    if local.day == 1:
        day = "1er" + day[1:]
    return f"{day} à {_hour(local)}"


@register.filter
def place(event) -> str:
    parts = [event.address, event.commune.name if event.commune_id else ""]
    return ", ".join(part for part in parts if part)
