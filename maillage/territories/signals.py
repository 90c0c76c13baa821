"""What the geography import tells the apps above it (territories imports none of them)."""

from django.dispatch import Signal

communes_replaced = Signal()
"""Sent by the geography import inside its transaction, after the new communes are written and
before the communes that no longer exist are deleted (which would empty the foreign keys that
point at them). Keyword `replacements`: {id of a commune about to be deleted: id of the
current commune that took it in (a merger)}. Each receiver moves its own rows and returns the
lines, in French, that the import report lists."""
