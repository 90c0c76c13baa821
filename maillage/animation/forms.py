"""Forms of the events: the organisers' event form and the public registration form."""

from django import forms
from django.core.exceptions import ValidationError

from maillage.core.forms import Form, FormMixin
from maillage.core.honeypot import HoneypotMixin
from maillage.core.versioned import VersionedFormMixin
from maillage.territories.search import commune_label, resolve_commune

from .models import Event
from .services import EVENT_FIELDS

NATIONAL = "national"
DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%d/%m/%Y %H:%M", "%d/%m/%Y %Hh%M"]


class DateTimeInput(forms.DateTimeInput):
    """The browser's date-and-time picker; the value in the format it expects."""

    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%dT%H:%M")


def _datetime_field(label: str, *, required: bool = True, help_text: str = ""):
    return forms.DateTimeField(
        label=label,
        required=required,
        input_formats=DATETIME_FORMATS,
        widget=DateTimeInput(),
        help_text=help_text or "Heure de Paris, au format jj/mm/aaaa hh:mm.",
    )


class EventForm(VersionedFormMixin, FormMixin, forms.ModelForm):
    """`cooperations`: where the organiser may publish; `national`: whether they may publish
    a national event (staff). The choice is offered when adding only."""

    organiser = forms.ChoiceField(label="Organisé par")
    starts_at = _datetime_field("Début")
    ends_at = _datetime_field("Fin")
    registration_deadline = _datetime_field(
        "Date limite d'inscription",
        required=False,
        help_text="Facultative : sinon, inscriptions ouvertes jusqu'au début.",
    )
    commune_text = forms.CharField(
        label="Commune",
        required=False,
        max_length=120,
        help_text="Nom ou code INSEE, par exemple « Saint-Brieuc » ou « 22278 ».",
    )
    online_url = forms.URLField(
        label="Lien de la visioconférence", required=False, assume_scheme="https", max_length=200
    )

    class Meta:
        model = Event
        fields = [name for name in EVENT_FIELDS if name != "commune"]

    field_order = ["organiser", "title", "kind", "description", "starts_at", "ends_at"]

    def __init__(self, *args, cooperations=(), national=False, **kwargs):
        super().__init__(*args, **kwargs)
        self._cooperations = {str(cooperation.pk): cooperation for cooperation in cooperations}
        if self.instance.pk:
            del self.fields["organiser"]
            self.fields["commune_text"].initial = commune_label(self.instance.commune)
        else:
            choices = [(pk, cooperation.name) for pk, cooperation in self._cooperations.items()]
            if national:
                choices.insert(0, (NATIONAL, "L'équipe nationale (événement national)"))
            self.fields["organiser"].choices = choices
            if len(choices) == 1:
                self.fields["organiser"].initial = choices[0][0]

    def clean_commune_text(self):
        text = self.cleaned_data["commune_text"].strip()
        self.cleaned_data["commune"] = resolve_commune(text) if text else None
        return text

    def clean(self):
        cleaned = super().clean()
        starts, ends = cleaned.get("starts_at"), cleaned.get("ends_at")
        if starts and ends and ends < starts:
            self.add_error("ends_at", "La fin doit venir après le début.")
        deadline = cleaned.get("registration_deadline")
        if deadline and starts and deadline > starts:
            self.add_error(
                "registration_deadline", "La date limite d'inscription doit précéder le début."
            )
        if (
            "commune_text" in cleaned
            and not cleaned.get("commune")
            and not cleaned.get("online_url")
            and not self.has_error("online_url")
        ):
            raise ValidationError(
                "Indiquez le lieu (la commune) ou le lien de la visioconférence.", code="place"
            )
        return cleaned

    def organiser_cooperation(self):
        """The cooperation chosen (None for a national event)."""
        choice = self.cleaned_data["organiser"]
        return None if choice == NATIONAL else self._cooperations[choice]

    def values(self) -> dict:
        return {name: self.cleaned_data[name] for name in EVENT_FIELDS}


class RegistrationForm(HoneypotMixin, Form):
    """Anyone registers with a name and an address; a signed-in person in one click (the form
    then has no field of its own, their account gives both)."""

    name = forms.CharField(label="Votre nom", max_length=150)
    email = forms.EmailField(
        label="Votre adresse e-mail",
        help_text="Pour la confirmation, le rappel la veille et le lien d'annulation.",
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user if user is not None and user.is_authenticated else None
        if self.user is not None:
            del self.fields["name"]
            del self.fields["email"]

    def person(self) -> tuple[str, str]:
        if self.user is not None:
            return self.user.get_full_name() or self.user.email, self.user.email
        return self.cleaned_data["name"], self.cleaned_data["email"]
