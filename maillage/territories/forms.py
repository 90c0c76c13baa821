"""Form fields for the geography, used by every app's forms."""

from django import forms
from django.urls import reverse

from maillage.core.forms import Form

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


class CommuneSearchForm(Form):
    """The commune search box (GET): on the search page, the home page and the 404 page. A long
    query is cut rather than refused, as the search itself does."""

    q = forms.CharField(
        label="Commune, code postal ou code INSEE",
        required=False,
        help_text="Par exemple : Saint-Brieuc, st brieuc ou 22000",
        widget=forms.SearchInput(
            attrs={"maxlength": MAX_QUERY_LENGTH, "autocomplete": "off", "enterkeyhint": "search"}
        ),
    )

    def __init__(self, data=None, *, live: bool = False):
        super().__init__(data, auto_id="commune-%s")
        if live:
            # htmx asks for the results while people type (the page works without it).
            self.fields["q"].widget.attrs.update(
                {
                    "hx-get": reverse("territories:commune_search"),
                    "hx-trigger": "input changed delay:300ms, search",
                    "hx-target": "#commune-results",
                    "hx-sync": "this:replace",
                    "hx-replace-url": "true",
                    "aria-controls": "commune-results",
                }
            )

    @property
    def query(self) -> str:
        """What to search for; "" when nothing usable was typed."""
        if not self.is_valid():
            return ""
        return self.cleaned_data["q"][:MAX_QUERY_LENGTH]
