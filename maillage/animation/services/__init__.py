"""The writes of the animation app, one module per section."""

from .events import (
    EVENT_FIELDS,
    cancel_token,
    event_cancel,
    event_create,
    event_update,
    events_remind,
    registration_cancel,
    registration_create,
    registration_of_token,
)

__all__ = [
    "EVENT_FIELDS",
    "cancel_token",
    "event_cancel",
    "event_create",
    "event_update",
    "events_remind",
    "registration_cancel",
    "registration_create",
    "registration_of_token",
]
