"""Form fields for the geography, used by every app's forms."""

from django import forms

from .models import Commune
from .search import MAX_QUERY_LENGTH, commune_label, resolve_commune


class CommuneField(forms.CharField):
    """A commune typed as a name, "name (INSEE code)" or an INSEE code; resolved with the commune
    search. Several matches or none: a French error that lists what to type instead."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", MAX_QUERY_LENGTH)
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, Commune):
            return commune_label(value)
        return value

    def clean(self, value):
        text = super().clean(value)
        if not text:
            return None
        return resolve_commune(text)
