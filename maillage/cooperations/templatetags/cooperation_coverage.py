"""The cooperations of a place, for the pages of the geography (a lower app, which cannot import
this one): `{% load cooperation_coverage %}` on the department and commune pages."""

from django import template

from ..models import Cooperation
from ..selectors import Coverage, cooperation_summaries, department_entries, network_rows

register = template.Library()


@register.simple_tag
def department_cooperations(department) -> list[Coverage]:
    """The cooperations present in a department, those covering all of it first, by name: the
    same reading as the national map (three small queries, the rest cached)."""
    rows = network_rows()
    for entry in department_entries(rows, cooperation_summaries(rows)):
        if entry.code == department.code:
            return entry.coverages
    return []


@register.simple_tag
def commune_cooperations(commune) -> list[Cooperation]:
    """The cooperations whose territory contains the commune, by name."""
    return list(Cooperation.objects.covering(commune).order_by("name"))
