"""Organisation forms: filters of the public list, the back office's edit and charter forms."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from maillage.core.forms import DateInput, Form, ModelForm, PhoneField, SiretField
from maillage.core.versioned import VersionedFormMixin
from maillage.territories.forms import CommuneField
from maillage.territories.models import Department
from maillage.territories.search import commune_label

from .enums import OrganisationKind, SignatureStatus
from .models import Network, Organisation
from .services import EDITABLE_FIELDS
from .validators import LOGO_MAX_BYTES


class SignatoryFilterForm(Form):
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


class OrganisationForm(VersionedFormMixin, ModelForm):
    """Everything the public page shows about an organisation, as its referent edits it."""

    siret = SiretField(
        required=False, help_text="14 chiffres, facultatif. Les espaces sont acceptés."
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
    phone = PhoneField(
        label="Téléphone",
        required=False,
        help_text="Numéro d'accueil de la structure, par exemple 02 96 12 34 56.",
    )
    networks = forms.ModelMultipleChoiceField(
        label="Réseaux auxquels l'organisation appartient",
        queryset=Network.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Organisation
        fields = list(EDITABLE_FIELDS)
        labels = {"name": "Nom de l'organisation", "kind": "Nature de l'organisation"}
        help_texts = {
            "description": "3 000 caractères au maximum, mise en forme non comptée. Une ligne "
            "vide sépare deux paragraphes.",
            "logo": "Image PNG, JPEG ou WebP, 1 Mo au maximum.",
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
        siret = self.cleaned_data.get("siret") or ""
        if not siret:
            return ""
        others = Organisation.objects.exclude(pk=self.instance.pk)
        if others.filter(siret=siret).exists():
            raise ValidationError(
                "Une autre organisation est déjà enregistrée avec ce SIRET.", code="siret_taken"
            )
        return siret


class SignatureRequestForm(Form):
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
        widget=DateInput,
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
    )

    def clean_signed_on(self):
        signed_on = self.cleaned_data["signed_on"]
        if signed_on > timezone.localdate():
            raise ValidationError(
                "La date de signature ne peut pas être dans le futur.", code="future"
            )
        return signed_on


class SignatureRefusalForm(Form):
    reason = forms.CharField(
        label="Motif du refus",
        help_text="Il est envoyé à la personne qui a fait la demande.",
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=2000,
        error_messages={"required": "Indiquez le motif du refus."},
    )


class SignatureFilterForm(Form):
    """Filters of staff's list of signature requests (GET, so that they work without JS and
    stay in the address)."""

    ALL = "toutes"
    status = forms.ChoiceField(
        label="Statut",
        required=False,
        choices=[
            (SignatureStatus.REQUESTED, "En attente de décision"),
            (SignatureStatus.VALIDATED, "Validées"),
            (SignatureStatus.REFUSED, "Refusées"),
            (SignatureStatus.WITHDRAWN, "Retirées"),
            (ALL, "Toutes"),
        ],
    )
    department = forms.ChoiceField(label="Département", required=False)
    kind = forms.ChoiceField(
        label="Nature de l'organisation",
        required=False,
        choices=[("", "Toutes les natures"), *OrganisationKind.choices],
    )
    since = forms.DateField(
        label="Demandées depuis le",
        required=False,
        widget=DateInput,
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
    )
    until = forms.DateField(
        label="Jusqu'au",
        required=False,
        widget=DateInput,
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
    )

    def __init__(self, data=None):
        super().__init__(data, auto_id="filtre-%s")
        self.fields["department"].choices = [
            ("", "Tous les départements"),
            *(
                (code, f"{code} — {name}")
                for code, name in Department.objects.order_by("code").values_list("code", "name")
            ),
        ]

    def clean(self):
        cleaned = super().clean()
        since, until = cleaned.get("since"), cleaned.get("until")
        if since and until and since > until:
            self.add_error("until", "Cette date doit suivre celle du début de la période.")
        return cleaned

    @property
    def shown_status(self) -> str:
        """The status shown: pending requests unless another is asked for."""
        return self.filters().get("status") or SignatureStatus.REQUESTED

    def filters(self) -> dict:
        """The filters that are valid; an invalid one is left out (its error is shown)."""
        self.is_valid()
        return {name: value for name, value in self.cleaned_data.items() if value}

    def apply(self, signatures):
        filters = self.filters()
        if self.shown_status != self.ALL:
            signatures = signatures.filter(status=self.shown_status)
        if "department" in filters:
            signatures = signatures.filter(
                organisation__commune__department_id=filters["department"]
            )
        if "kind" in filters:
            signatures = signatures.filter(organisation__kind=filters["kind"])
        if "since" in filters:
            signatures = signatures.filter(requested_at__date__gte=filters["since"])
        if "until" in filters:
            signatures = signatures.filter(requested_at__date__lte=filters["until"])
        if self.shown_status == SignatureStatus.REQUESTED:
            return signatures.order_by("requested_at", "pk")
        return signatures.order_by("-requested_at", "-pk")

    @property
    def narrowed(self) -> bool:
        """Whether anything beyond the status narrows the list."""
        return any(name != "status" for name in self.filters())


def department_choices():
    """Departments that have at least one signatory, for the filter of the public list."""
    signatory_departments = Organisation.objects.signatories().values("commune__department_id")
    return Department.objects.filter(code__in=signatory_departments).order_by("code")
