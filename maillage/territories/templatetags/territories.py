"""Template tags of the geography."""

from django import template

from ..forms import CommuneSearchForm

register = template.Library()


@register.inclusion_tag("territories/public/_search_form.html", takes_context=True)
def commune_search_form(context):
    """The commune search box: the search page's own form (with what was typed and htmx), or an
    empty one on the other pages."""
    return {"form": context.get("search_form") or CommuneSearchForm()}
