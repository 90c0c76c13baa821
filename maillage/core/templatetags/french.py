"""French agreement in templates, loaded in every template (a built-in library, see the
TEMPLATES setting).

`{{ n }} coopération{{ n|fr_pluralize }}` gives « 0 coopération », « 1 coopération »,
« 2 coopérations »: French keeps the singular below two, where Django's `pluralize` puts 0 in
the plural. Like `pluralize`, it takes the plural suffix (`"x"`) or both endings
(`"al,aux"`), and a sized value (a list) counts by its length.

`Les coopérations {{ commune.name|of_name }}` gives « Les coopérations du Mans », « … d'Annecy »:
"de" elided and contracted as French writes it (`core.text.of_name`); `{{ name|at_name }}` gives
« au Mans », « à Brest ».
"""

from django import template

from maillage.core import text

register = template.Library()


@register.filter(is_safe=False)
def fr_pluralize(value, arg: str = "s") -> str:
    endings = arg.split(",")
    if len(endings) > 2:
        return ""
    singular, plural = endings if len(endings) == 2 else ("", arg)
    try:
        count = float(value)
    except (TypeError, ValueError):
        try:
            count = len(value)
        except TypeError:
            return ""
    return singular if abs(count) < 2 else plural


@register.filter(is_safe=False)
def of_name(value) -> str:
    return text.of_name(str(value)) if value not in (None, "") else ""


@register.filter(is_safe=False)
def at_name(value) -> str:
    return text.at_name(str(value)) if value not in (None, "") else ""
