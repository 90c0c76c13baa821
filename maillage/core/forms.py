"""Form glue shared by every app. Build each form on `Form` or `ModelForm` (or put `FormMixin`
before a Django form class) and render its fields with `_field.html`: errors in the site's style,
French messages, a French empty choice instead of "---------", required fields marked,
help texts and errors tied to their field (aria-describedby), single-line fields that refuse
newlines and other control characters.

    class ContactForm(Form):
        name = forms.CharField(label="Votre nom", max_length=150)

A form may name its own empty choices: `empty_labels = {"department": "Tous les départements"}`.
"""

from django import forms
from django.db.models import BLANK_CHOICE_DASH
from django.forms.utils import ErrorList
from django.forms.widgets import Input

from .validators import normalize_phone, normalize_siret, validate_single_line

REQUIRED_EMPTY_LABEL = "Choisir…"
OPTIONAL_EMPTY_LABEL = "Non précisé"
REQUIRED_NOTE = "Les champs marqués « obligatoire » doivent être remplis."
_DASHES = BLANK_CHOICE_DASH[0][1]

# Django's French messages that read badly or say too little, by field class and error code.
# Checked from the most specific class; a message a form sets itself is kept.
_CHOOSE = "Ce choix n'existe pas : choisissez une valeur de la liste."
_MESSAGES = {
    forms.ModelMultipleChoiceField: {
        "invalid_choice": "Choisissez seulement des valeurs de la liste.",
        "invalid_pk_value": "Choisissez seulement des valeurs de la liste.",
    },
    forms.MultipleChoiceField: {"invalid_choice": "Choisissez seulement des valeurs de la liste."},
    forms.ModelChoiceField: {"invalid_choice": _CHOOSE},
    forms.ChoiceField: {"invalid_choice": _CHOOSE},
    forms.URLField: {
        "invalid": "Saisissez une adresse internet complète, par exemple https://www.exemple.fr."
    },
    forms.EmailField: {
        "invalid": "Indiquez une adresse e-mail valide, par exemple nom@exemple.fr."
    },
    forms.DateField: {"invalid": "Saisissez une date valide, par exemple 14/07/2025."},
    forms.ImageField: {
        "invalid_image": "Ce fichier n'est pas une image lisible : choisissez une image PNG, "
        "JPEG ou WebP."
    },
    forms.FileField: {
        "invalid": "Le fichier n'a pas été reçu : choisissez-le à nouveau.",
        "contradiction": "Choisissez un nouveau fichier ou cochez « Effacer », pas les deux.",
    },
}


class MessageErrorList(ErrorList):
    """Errors drawn in the site's error style (.message-error), with the id
    "<field id>_error" that aria-describedby points to."""

    def __init__(self, initlist=None, error_class=None, renderer=None, field_id=None):
        classes = f"message-error {error_class or ''}".strip()
        super().__init__(initlist, error_class=classes, renderer=renderer, field_id=field_id)


class DateInput(forms.DateInput):
    """The browser's date picker; the value in the ISO format it expects."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def is_single_line(field: forms.Field) -> bool:
    """A text typed on one line: a CharField drawn as a text, email, URL… input."""
    widget = field.widget
    return (
        isinstance(field, forms.CharField)
        and isinstance(widget, Input)
        and not isinstance(widget, forms.PasswordInput | forms.FileInput)
    )


def _default_messages(field: forms.Field) -> dict:
    defaults = {}
    for cls in reversed(type(field).__mro__):
        defaults.update(getattr(cls, "default_error_messages", {}))
    return defaults


def _french_messages(field: forms.Field) -> None:
    defaults = _default_messages(field)
    done = set()
    for cls in type(field).__mro__:
        for code, message in _MESSAGES.get(cls, {}).items():
            current = field.error_messages.get(code)
            if code not in done and (current is None or current is defaults.get(code)):
                field.error_messages[code] = message
            done.add(code)


def _empty_choice(field: forms.Field, label: str) -> None:
    if isinstance(field, forms.ModelChoiceField):
        if field.empty_label == _DASHES:
            field.empty_label = label
    elif isinstance(field, forms.ChoiceField):
        choices = list(field.choices)
        if any(value == "" and text == _DASHES for value, text in choices):
            field.choices = [
                (value, label if value == "" and text == _DASHES else text)
                for value, text in choices
            ]


def prepare_field(field: forms.Field, empty_label: str | None = None) -> None:
    """Give a field the site's behaviour; idempotent, so that fields added late are caught."""
    if getattr(field, "_maillage_ready", False):
        return
    field._maillage_ready = True
    _french_messages(field)
    if empty_label is None:
        empty_label = REQUIRED_EMPTY_LABEL if field.required else OPTIONAL_EMPTY_LABEL
    _empty_choice(field, empty_label)
    if is_single_line(field) and validate_single_line not in field.validators:
        field.validators.append(validate_single_line)


class FormMixin:
    """Put before a Django form class: `class LoginForm(FormMixin, AuthenticationForm)`."""

    empty_labels: dict[str, str] = {}

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("error_class", MessageErrorList)
        super().__init__(*args, **kwargs)
        self.prepare_fields()

    def prepare_fields(self) -> None:
        for name, field in self.fields.items():
            prepare_field(field, self.empty_labels.get(name))

    def __getitem__(self, name):
        # Fields a subclass adds after __init__ are prepared when first shown.
        if name in self.fields:
            prepare_field(self.fields[name], self.empty_labels.get(name))
        return super().__getitem__(name)

    def full_clean(self):
        self.prepare_fields()
        super().full_clean()

    @property
    def required_note(self) -> str:
        """The sentence that explains the required marker, when a field shown carries it."""
        if any(field.field.required for field in self.visible_fields()):
            return REQUIRED_NOTE
        return ""


class Form(FormMixin, forms.Form):
    pass


class ModelForm(FormMixin, forms.ModelForm):
    pass


class SiretField(forms.CharField):
    """A SIRET copied with spaces, dots or dashes, stored as its 14 digits."""

    def __init__(self, **kwargs):
        # Room for the separators people copy from an official document.
        kwargs.setdefault("max_length", 30)
        kwargs.setdefault("label", "SIRET")
        super().__init__(**kwargs)

    def clean(self, value):
        return normalize_siret(super().clean(value))


class PhoneField(forms.CharField):
    """A French or foreign phone number, stored as it is shown: "01 23 45 67 89"."""

    widget = forms.TelInput

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 30)
        super().__init__(**kwargs)
        self.widget.attrs.setdefault("autocomplete", "tel")

    def clean(self, value):
        return normalize_phone(super().clean(value))
