"""Whether the person reading a public page may edit the action: `{% load action_editing %}`
then `{% if action|editable_by:user %}` (one query for a signed-in person, none otherwise)."""

from django import template

from ..permissions import can_edit_action

register = template.Library()


@register.filter
def editable_by(action, user) -> bool:
    return can_edit_action(user, action)
