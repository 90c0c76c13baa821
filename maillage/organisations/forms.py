"""Organisation forms: filters of the public list, the back office's edit and charter forms."""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from maillage.core.text import normalize
from maillage.territories.models import Commune, Department
from maillage.territories.search import MAX_QUERY_LENGTH, search_communes

from .enums import OrganisationKind
from .models import Network, Organisation
from .validators import LOGO_MAX_BYTES, validate_siret

COMMUNE_CHOICES_SHOWN = 8
# "Saint-Denis (93066)": the form the error message invites people to type.
_NAME_AND_CODE = re.compile(r"^(?P<name>.*?)\s*\((?P<code>(?:\d{2}|2[AB])\d{3})\)\s*$", re.I)
_INSEE_CODE = re.compile(r"^(?:\d{2}|2[AB])\d{3}$", re.I)
_SIRET_SEPARATORS = re.compile(r"[\s.\-]")


class SignatoryFilterForm(forms.Form):
    """Filters of the public list of signatories, sent with GET so that they work without JS."""

    kind = forms.ChoiceField(
        label="Nature de l'organisation",
        required=False,
        choices=[("", "Toutes les natures"), *OrganisationKind.choices],
    )
    department = forms.ChoiceField(label="Département", required=False)

    def __init__(self, *args, departments=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].choices = [
            ("", "Tous les départements"),
            *((d.code, f"{d.code} — {d.name}") for d in departments),
        ]


def commune_label(commune: Commune | None) -> str:
    """How a commune is written back into the commune field: "Saint-Brieuc (22278)"."""
    if commune is None:
        return ""
    return f"{commune.name} ({commune.code})"


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


def _choices_message(results) -> str:
    examples = [f"« {r.place.name} ({r.place.code}) », {r.place.department.name}" for r in results]
    return (
        "Plusieurs communes correspondent. Précisez en recopiant l'une de ces propositions : "
        + (" ; ".join(examples) + ".")
    )


def resolve_commune(text: str) -> Commune:
    """The single commune `text` designates, or a ValidationError listing the candidates."""
    text = text.strip()
    wanted_code = ""
    query = text
    if match := _NAME_AND_CODE.match(text):
        wanted_code = match["code"].upper()
        query = wanted_code
    elif _INSEE_CODE.match(text.replace(" ", "")):
        wanted_code = text.replace(" ", "").upper()
    results = search_communes(query, limit=COMMUNE_CHOICES_SHOWN)
    if wanted_code:
        # An INSEE code typed in full designates that commune, before any postal code.
        coded = [r for r in results if r.place.code == wanted_code]
        if len(coded) == 1:
            return coded[0].place
    if len(results) == 1:
        return results[0].place
    if not results:
        raise ValidationError(
            f"Aucune commune ne correspond à « {text} ». Vérifiez l'orthographe ou saisissez "
            "le code INSEE de la commune (5 caractères, par exemple 22278).",
            code="commune_not_found",
        )
    key = normalize(text)
    exact = [r for r in results if normalize(r.place.name) == key]
    if len(exact) == 1:
        return exact[0].place
    raise ValidationError(_choices_message(exact or results), code="commune_ambiguous")


class LogoField(forms.ImageField):
    """The size is checked before Pillow opens the file; the model's validate_logo then checks
    the format and the dimensions."""

    default_error_messages = {
        "invalid_image": "Ce fichier n'est pas une image lisible. "
        "Formats acceptés : PNG, JPEG ou WebP.",
    }

    def to_python(self, data):
        if data and getattr(data, "size", 0) > LOGO_MAX_BYTES:
            raise ValidationError("L'image est trop lourde : 1 Mo au maximum.", code="too_large")
        return super().to_python(data)


class OrganisationForm(forms.ModelForm):
    """Everything the public page shows about an organisation, as its referent edits it."""

    siret = forms.CharField(
        label="SIRET",
        required=False,
        # Room for the spaces people copy from an official document; removed in clean_siret.
        max_length=30,
        help_text="14 chiffres, facultatif. Les espaces sont acceptés.",
    )
    commune = CommuneField(
        label="Commune",
        required=False,
        help_text="Nom de la commune ou code INSEE, par exemple « Saint-Brieuc » ou « 22278 ».",
    )
    website = forms.URLField(
        label="Site internet",
        required=False,
        assume_scheme="https",
        help_text="Adresse complète, par exemple https://www.exemple.fr",
    )
    networks = forms.ModelMultipleChoiceField(
        label="Réseaux auxquels l'organisation appartient",
        queryset=Network.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Organisation
        fields = [
            "name",
            "kind",
            "siret",
            "address",
            "commune",
            "website",
            "contact_email",
            "phone",
            "description",
            "logo",
            "networks",
        ]
        labels = {"name": "Nom de l'organisation", "kind": "Nature de l'organisation"}
        help_texts = {
            "description": "3 000 caractères au maximum, mise en forme non comptée. Une ligne "
            "vide sépare deux paragraphes.",
            "logo": "Image PNG, JPEG ou WebP, 1 Mo au maximum.",
            "phone": "Numéro d'accueil de la structure.",
        }
        field_classes = {"logo": LogoField}
        widgets = {
            "logo": forms.ClearableFileInput(attrs={"accept": "image/png,image/jpeg,image/webp"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The nature is always known: no empty choice.
        self.fields["kind"].choices = OrganisationKind.choices
        if not self.is_bound:
            self.initial["commune"] = commune_label(self.instance.commune)
        self.fields["contact_email"].help_text = (
            "Adresse générique de la structure (accueil, contact) : elle est affichée "
            "publiquement. Jamais une adresse personnelle."
        )

    def clean_siret(self) -> str:
        siret = _SIRET_SEPARATORS.sub("", self.cleaned_data.get("siret") or "")
        if not siret:
            return ""
        validate_siret(siret)
        others = Organisation.objects.exclude(pk=self.instance.pk)
        if others.filter(siret=siret).exists():
            raise ValidationError(
                "Une autre organisation est déjà enregistrée avec ce SIRET.", code="siret_taken"
            )
        return siret


class SignatureRequestForm(forms.Form):
    """Who signs the national charter for the organisation, and when."""

    signatory_name = forms.CharField(label="Nom et prénom de la personne qui signe", max_length=150)
    signatory_role = forms.CharField(
        label="Sa fonction dans l'organisation",
        max_length=150,
        help_text="Par exemple : présidente, directeur, maire adjointe.",
    )
    signed_on = forms.DateField(
        label="Date de signature",
        help_text="Au format jj/mm/aaaa. Elle ne peut pas être dans le futur.",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
    )

    def clean_signed_on(self):
        signed_on = self.cleaned_data["signed_on"]
        if signed_on > timezone.localdate():
            raise ValidationError(
                "La date de signature ne peut pas être dans le futur.", code="future"
            )
        return signed_on


class SignatureRefusalForm(forms.Form):
    reason = forms.CharField(
        label="Motif du refus",
        help_text="Il est envoyé à la personne qui a fait la demande.",
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=2000,
        error_messages={"required": "Indiquez le motif du refus."},
    )


def department_choices():
    """Departments that have at least one signatory, for the filter of the public list."""
    signatory_departments = Organisation.objects.signatories().values("commune__department_id")
    return Department.objects.filter(code__in=signatory_departments).order_by("code")
