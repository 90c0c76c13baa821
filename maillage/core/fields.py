"""Model fields as Maillage writes them, so that each model says only what is its own."""

from django.db import models


def link(
    to,
    verbose_name: str | None = None,
    *,
    related_name: str = "+",
    on_delete=models.CASCADE,
    optional: bool = False,
    **options,
) -> models.ForeignKey:
    """A foreign key: to a row the model belongs to (CASCADE) unless `on_delete` says
    otherwise; `optional` makes it null and blank (with `on_delete=models.SET_NULL` for a
    person or a mail that may go). `related_name` "+" unless the other side reads it."""
    if optional:
        options.update(null=True, blank=True)
    return models.ForeignKey(
        to, on_delete=on_delete, related_name=related_name, verbose_name=verbose_name, **options
    )
