"""Events as iCalendar (RFC 5545), written with the `icalendar` package: a file per event, a
feed per cooperation and a national feed. Times carry TZID=Europe/Paris with its VTIMEZONE
(ADR 024), so that a calendar shows 14 h on both sides of a change to or from summer time."""

from collections.abc import Iterable
from zoneinfo import ZoneInfo

import icalendar
from django.conf import settings
from django.http import HttpResponse
from django.utils.html import strip_tags
from django.utils.text import slugify

from .enums import EventStatus
from .models import Event

PRODID = "-//MONALISA//Maillage//FR"
CONTENT_TYPE = "text/calendar; charset=utf-8"


def _place(event: Event) -> str:
    parts = [event.address, event.commune.name if event.commune_id else ""]
    place = ", ".join(part for part in parts if part)
    return place or event.online_url


def _component(event: Event, *, base_url: str, host: str) -> icalendar.Event:
    zone = ZoneInfo(settings.TIME_ZONE)
    component = icalendar.Event()
    component.add("uid", f"evenement-{event.pk}@{host}")
    component.add("dtstamp", event.updated_at)
    component.add("sequence", event.version)
    component.add("summary", event.title)
    component.add("dtstart", event.starts_at.astimezone(zone))
    component.add("dtend", event.ends_at.astimezone(zone))
    component.add("status", "CANCELLED" if event.status == EventStatus.CANCELLED else "CONFIRMED")
    component.add("url", base_url + event.get_absolute_url())
    component.add("categories", [event.get_kind_display()])
    description = strip_tags(event.description).strip()
    lines = [description] if description else []
    if event.online_url:
        lines.append(f"En ligne : {event.online_url}")
    lines.append(f"Organisé par : {event.organiser_name}")
    lines.append(base_url + event.get_absolute_url())
    component.add("description", "\n\n".join(lines))
    place = _place(event)
    if place:
        component.add("location", place)
    return component


def calendar_of(events: Iterable[Event], *, name: str, base_url: str, host: str) -> bytes:
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    for event in events:
        calendar.add_component(_component(event, base_url=base_url, host=host))
    calendar.add_missing_timezones()
    return calendar.to_ical()


def calendar_response(request, events: Iterable[Event], *, name: str, filename: str):
    """The calendar of `events` as a download named after `filename` (slugified)."""
    body = calendar_of(
        events,
        name=name,
        base_url=request.build_absolute_uri("/").rstrip("/"),
        host=request.get_host().split(":")[0],
    )
    response = HttpResponse(body, content_type=CONTENT_TYPE)
    response["Content-Disposition"] = (
        f'attachment; filename="{slugify(filename) or "evenements"}.ics"'
    )
    return response
