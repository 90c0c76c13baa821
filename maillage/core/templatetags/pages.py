"""Page furniture written once: `{% breadcrumb %}`."""

from django import template
from django.urls import reverse

register = template.Library()


@register.inclusion_tag("_breadcrumb.html")
def breadcrumb(*trail, current: str) -> dict:
    """The "Fil d'Ariane" navigation: links in order, then the current page.

    `trail` is pairs of (target, label); a target is a URL name without arguments
    ("accounts:space") or a path ("/…", e.g. `obj.get_absolute_url` or a `{% url … as x %}`);
    a pair with an empty target is left out, for a step that a page may not have:
    `{% breadcrumb "core:home" "Accueil" coop.get_absolute_url coop.name current=title %}`.
    """
    if len(trail) % 2:
        raise template.TemplateSyntaxError("breadcrumb: the trail goes by pairs (target, label)")
    links = [
        (target if str(target).startswith("/") else reverse(target), label)
        for target, label in zip(trail[::2], trail[1::2], strict=True)
        if target
    ]
    return {"links": links, "current": current}
