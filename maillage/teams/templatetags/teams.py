"""The teams shown on pages of lower apps (a cooperation's page), without a Python import of
the teams app there: `{% load teams %}{% cooperation_teams cooperation %}`."""

from django import template

from ..selectors import acting_teams, cooperation_teams_shown
from ..services.reports import cooperation_totals, national_totals

register = template.Library()


@register.inclusion_tag("teams/public/_cooperation_teams.html")
def cooperation_teams(cooperation) -> dict:
    """The teams working with a cooperation, labelled ones marked, at most TEAMS_SHOWN of them."""
    teams, total = cooperation_teams_shown(cooperation)
    return {"teams": teams, "total": total, "cooperation": cooperation}


@register.inclusion_tag("teams/public/_commune_teams.html")
def commune_teams(commune) -> dict:
    """The teams acting in a commune (a commune's page): to write to them, or to start one."""
    return {"teams": acting_teams(commune), "commune": commune}


@register.inclusion_tag("teams/reports/_cooperation_activity.html")
def cooperation_activity(cooperation) -> dict:
    """What the cooperation's teams did in the last complete year (their reports' totals)."""
    return {"totals": cooperation_totals(cooperation)}


@register.inclusion_tag("teams/reports/_network_figures.html")
def network_figures() -> dict:
    """The network's totals for the last complete year (the home page)."""
    return {"totals": national_totals()}
