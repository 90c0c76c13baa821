"""Opening hours in OpenStreetMap's `opening_hours` syntax, checked by its maintained parser."""

import opening_hours
from django.core.exceptions import ValidationError


def validate_opening_hours(value: str) -> None:
    """Refuse, in French, what the OpenStreetMap parser cannot read."""
    if not value:
        return
    try:
        opening_hours.OpeningHours(value)
    except (opening_hours.ParserError, SyntaxError, ValueError) as error:
        raise ValidationError(
            "Ces horaires ne sont pas dans le format OpenStreetMap : écrivez par exemple "
            "« Tu 14:00-17:00 » (le mardi de 14 h à 17 h) ou « Mo-Fr 09:00-12:00 ».",
            code="opening_hours",
        ) from error
