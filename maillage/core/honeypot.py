"""A honeypot for public forms: a field people never see, that robots filling every field do.
A form whose honeypot is filled is refused with a neutral message, and nothing is done."""

from django import forms
from django.core.exceptions import ValidationError

HONEYPOT_FIELD = "site_web"
HONEYPOT_LABEL = "Ne remplissez pas ce champ"
HONEYPOT_MESSAGE = "Votre envoi n'a pas pu être pris en compte. Rechargez la page et réessayez."


class HoneypotInput(forms.TextInput):
    """Hidden from people: out of sight (visually-hidden), out of the accessibility tree
    (aria-hidden), out of the tab order (tabindex=-1), never filled by the browser
    (autocomplete=off). Counts as a hidden field, so form templates render it without a label of
    their own; its template carries the label for the rare person who meets it anyway."""

    template_name = "core/widgets/honeypot.html"

    def __init__(self, attrs=None):
        super().__init__({"tabindex": "-1", "autocomplete": "off", **(attrs or {})})

    @property
    def is_hidden(self) -> bool:
        return True

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["label"] = HONEYPOT_LABEL
        return context


class HoneypotMixin:
    """Add to a public form (before forms.Form): the honeypot field and its check."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[HONEYPOT_FIELD] = forms.CharField(
            label=HONEYPOT_LABEL, required=False, widget=HoneypotInput
        )

    def clean(self):
        if self.data.get(self.add_prefix(HONEYPOT_FIELD)):
            raise ValidationError(HONEYPOT_MESSAGE, code="honeypot")
        return super().clean()
