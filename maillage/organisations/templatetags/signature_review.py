"""The menu's count of signature requests awaiting staff: `{% load signature_review %}` then
`{% pending_signatures user as count %}` (one query for active staff, none for anyone else)."""

from django import template

from ..permissions import can_review_signatures
from ..services import pending_count

register = template.Library()


@register.simple_tag
def pending_signatures(user) -> int:
    return pending_count() if can_review_signatures(user) else 0
