"""The few actions a page of a lower app lists (a commune, a department, a cooperation), with
a link to the full search: `{% load actions %}{% actions_for_commune commune %}`. The lower
apps never import the inventory in Python; their templates load this library."""

from urllib.parse import urlencode

from django import template
from django.urls import reverse

from maillage.territories.search import of_name

from ..search import Criteria, first_of

register = template.Library()

FEW = 5


def _few(criteria: Criteria, params: dict, heading: str, empty: str, more: str) -> dict:
    actions, total = first_of(criteria, FEW)
    return {
        "actions": actions,
        "total": total,
        "heading": heading,
        "empty": empty,
        "more": more,
        "search_url": f"{reverse('actions:search')}?{urlencode(params)}",
    }


@register.inclusion_tag("actions/public/_few.html")
def actions_for_commune(commune):
    """What reaches the people of this commune (its eligibility zones cover it)."""
    of = of_name(commune.name)
    return _few(
        Criteria(commune=commune),
        {"commune": commune.code},
        "Actions contre l'isolement",
        f"Aucune action recensée n'est encore ouverte aux habitants {of}.",
        f"Voir toutes les actions pour les habitants {of}",
    )


@register.inclusion_tag("actions/public/_few.html")
def actions_for_department(department):
    """What takes place in a commune of this department."""
    return _few(
        Criteria(department=department),
        {"departement": department.code},
        "Actions contre l'isolement",
        "Aucune action recensée n'a encore lieu dans ce département.",
        "Voir toutes les actions du département",
    )


@register.inclusion_tag("actions/public/_few.html")
def actions_for_cooperation(cooperation):
    """What its members carry or what takes place in its territory, with the downloads of its
    inventory."""
    context = _few(
        Criteria(cooperation=cooperation),
        {"cooperation": cooperation.slug},
        "Actions contre l'isolement",
        "Aucune action de ce territoire n'est encore recensée.",
        "Voir toutes les actions du territoire",
    )
    context["cooperation"] = cooperation
    return context
