"""`{{ value|rich_text }}`: the one place in Maillage that marks HTML safe."""

import re

from django import template
from django.utils.safestring import mark_safe

from maillage.core.richtext import sanitize

register = template.Library()

_HEADING = re.compile(r"<(/?)h([34])>")


@register.filter(is_safe=True)
def rich_text(value, first_heading: int = 3) -> str:
    """Rich text ready for a page, sanitised again here whatever path stored it. The text's
    headings (stored as h3, h4) start at `first_heading` (2 to 5), to follow the page's
    outline: `{{ cooperation.strategy|rich_text:4 }}` under an h3."""
    html = sanitize(str(value or ""))
    shift = max(2, min(int(first_heading), 5)) - 3
    if shift:
        html = _HEADING.sub(lambda m: f"<{m[1]}h{int(m[2]) + shift}>", html)
    return mark_safe(html)  # cleaned by the nh3 allow-list just above
