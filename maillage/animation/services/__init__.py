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
    registrations_purge,
)
from .questions import (
    faq_publish,
    faq_unpublish,
    question_answer,
    question_ask,
    questions_erase_contacts,
    questions_remind,
)

__all__ = [
    "EVENT_FIELDS",
    "cancel_token",
    "event_cancel",
    "event_create",
    "event_update",
    "events_remind",
    "faq_publish",
    "faq_unpublish",
    "question_answer",
    "question_ask",
    "questions_erase_contacts",
    "questions_remind",
    "registration_cancel",
    "registration_create",
    "registration_of_token",
    "registrations_purge",
]
