"""Page furniture written once: `{% breadcrumb %}`, `{% table %}`."""

from django import template
from django.template import loader
from django.template.base import kwarg_re
from django.urls import reverse
from django.utils.text import slugify

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


class TableNode(template.Node):
    def __init__(self, args, kwargs, nodelist):
        self.args, self.kwargs, self.nodelist = args, kwargs, nodelist

    def render(self, context) -> str:
        caption, *headings = (arg.resolve(context) for arg in self.args)
        options = {name: value.resolve(context) for name, value in self.kwargs.items()}
        numeric = {label.strip() for label in str(options.get("num", "")).split(",")}
        return loader.render_to_string(
            "_table.html",
            {
                "table_id": table_id(context, caption),
                "caption": caption,
                "caption_class": options.get("caption_class", ""),
                "wrap_class": options.get("wrap_class", ""),
                "count": options.get("count"),
                "page": options.get("page"),
                "headings": [(label, label in numeric) for label in headings],
                "rows": self.nodelist.render(context),
            },
        )


def table_id(context, caption) -> str:
    """An id for the caption, unique on the page: its scrolling region is named after it. The
    tables drawn for one request are counted on the request (an included template starts with a
    fresh render context)."""
    base = f"tableau-{slugify(str(caption))[:40].strip('-') or 'donnees'}"
    request = context.get("request")
    if request is None:
        return base
    seen = request.__dict__.setdefault("_maillage_table_ids", set())
    candidate, number = base, 1
    while candidate in seen:
        number += 1
        candidate = f"{base}-{number}"
    seen.add(candidate)
    return candidate


@register.tag
def table(parser, token) -> TableNode:
    """A data table in its scrolling wrapper, its caption and its column headings; the rows
    (`<tr>…</tr>`) are the tag's body:
    `{% table "Caption" "Name" "Members" num="Members" page=page %}{% for … %}<tr>…{% endtable %}`.
    Options: `count` (said after the caption, in brackets), `num` (headings of right-aligned
    number columns, separated by commas), `page` (a paginator page: the caption then says
    ", page 2 sur 5"), `caption_class`, `wrap_class`.
    """
    bits = token.split_contents()[1:]
    args, kwargs = [], {}
    for bit in bits:
        match = kwarg_re.match(bit)
        if match and match[1]:
            kwargs[match[1]] = parser.compile_filter(match[2])
        else:
            args.append(parser.compile_filter(bit))
    if not args:
        raise template.TemplateSyntaxError("table: a caption first, then the column headings")
    nodelist = parser.parse(("endtable",))
    parser.delete_first_token()
    return TableNode(args, kwargs, nodelist)
