"""Back-office forms of a cooperation. Querysets are always limited to the cooperation edited,
so that an id of another cooperation slipped into a form is refused as an invalid choice."""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils.text import slugify

from maillage.core import forms as core_forms
from maillage.core.forms import DateInput, FormMixin, MessageErrorList
from maillage.core.text import at_name
from maillage.core.versioned import VersionedFormMixin
from maillage.organisations.enums import OrganisationKind
from maillage.organisations.models import Organisation
from maillage.organisations.validators import image_extensions, validate_logo
from maillage.territories.enums import PartKind
from maillage.territories.forms import CommuneField
from maillage.territories.models import Department

from .enums import Aim, MemberRole
from .models import RESERVED_SLUGS, Cooperation, Membership, NewsItem, Objective, Testimony
from .services import EDITABLE_FIELDS


class CooperationForm(VersionedFormMixin, FormMixin, forms.ModelForm):
    autonomy_plan_url = forms.URLField(
        label="Schéma départemental de l'autonomie",
        required=False,
        assume_scheme="https",
        max_length=200,
        help_text="Lien vers le schéma du département.",
    )

    class Meta:
        model = Cooperation
        fields = list(EDITABLE_FIELDS)
        widgets = {"founded_on": DateInput()}
        help_texts = {
            "founded_on": "Au format jj/mm/aaaa.",
            "contact_email": "Jamais affichée sur le site : les messages du formulaire de "
            "contact y sont relayés. Préférez une adresse générique.",
        }


class AimsForm(core_forms.Form):
    """The eight aims as fixed fields: a checkbox and the cooperation's own words for each."""

    def __init__(self, *args, cooperation: Cooperation, **kwargs):
        initial = {}
        for row in cooperation.aims.all():
            initial[f"aim_{row.aim}"] = True
            initial[f"aim_{row.aim}_text"] = row.description
        super().__init__(*args, initial=initial, **kwargs)
        for aim in Aim:
            self.fields[f"aim_{aim.value}"] = forms.BooleanField(
                label="La coopération travaille sur cet axe", required=False
            )
            self.fields[f"aim_{aim.value}_text"] = forms.CharField(
                label="Dans nos mots",
                required=False,
                max_length=2000,
                widget=forms.Textarea(attrs={"rows": 3}),
                help_text="Ce que la coopération fait sur cet axe (2 000 caractères au plus).",
            )

    def aim_groups(self):
        """(aim, checkbox, text) for the template, in the national order."""
        return [(aim, self[f"aim_{aim.value}"], self[f"aim_{aim.value}_text"]) for aim in Aim]

    def clean(self):
        cleaned = super().clean()
        for aim in Aim:
            if cleaned.get(f"aim_{aim.value}_text") and not cleaned.get(f"aim_{aim.value}"):
                self.add_error(
                    f"aim_{aim.value}",
                    "Vous avez écrit un texte pour cet axe sans le cocher : cochez-le pour "
                    "l'enregistrer, ou effacez le texte.",
                )
        return cleaned

    def chosen_aims(self) -> dict[int, str]:
        return {
            aim.value: self.cleaned_data[f"aim_{aim.value}_text"].strip()
            for aim in Aim
            if self.cleaned_data.get(f"aim_{aim.value}")
        }


class ObjectiveForm(core_forms.ModelForm):
    class Meta:
        model = Objective
        fields = ["title", "description", "status", "position"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}
        help_texts = {"position": "Les objectifs s'affichent du plus petit numéro au plus grand."}


class BaseObjectiveFormSet(forms.BaseModelFormSet):
    """Objectives of one cooperation; an id from elsewhere is an invalid choice."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("error_class", MessageErrorList)
        super().__init__(*args, **kwargs)

    def add_fields(self, form, index):
        super().add_fields(form, index)
        form.fields["id"].queryset = self.get_queryset()
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = "Supprimer cet objectif"

    def clean(self):
        super().clean()
        for form in self.initial_forms:
            if form.instance.pk is None and form.has_changed():
                raise ValidationError(
                    "Un objectif envoyé n'appartient pas à cette coopération : rien n'a été "
                    "enregistré."
                )


ObjectiveFormSet = forms.modelformset_factory(
    Objective,
    form=ObjectiveForm,
    formset=BaseObjectiveFormSet,
    extra=3,
    can_delete=True,
    max_num=100,
    absolute_max=100,
    validate_max=True,
)


class NewsItemForm(FormMixin, forms.ModelForm):
    class Meta:
        model = NewsItem
        fields = ["title", "body", "published_on"]
        widgets = {"published_on": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance.pk:
            self.fields["published_on"].initial = datetime.date.today


class TestimonyForm(core_forms.ModelForm):
    class Meta:
        model = Testimony
        fields = ["quote", "person_name", "person_role", "organisation_name", "photo", "position"]
        widgets = {"quote": forms.Textarea(attrs={"rows": 5})}
        help_texts = {
            "photo": "Facultative. PNG, JPEG ou WebP, 1 Mo au plus. Avec l'accord de la personne.",
        }
        error_messages = {
            "photo": {
                "invalid_image": "Ce fichier n'est pas une image lisible. Formats acceptés : "
                "PNG, JPEG ou WebP.",
            }
        }

    def clean_photo(self):
        photo = self.cleaned_data.get("photo")
        # A new upload: checked here too, so the French message shows beside the field.
        if photo and hasattr(photo, "content_type"):
            image_extensions(photo)
            validate_logo(photo)
        return photo


class PerimeterSearchForm(core_forms.Form):
    """First step of the perimeter picker (GET): what kind of territory, and its name."""

    kind = forms.ChoiceField(
        label="Type de territoire", choices=PartKind.choices, initial=PartKind.DEPARTMENT
    )
    q = forms.CharField(
        label="Nom ou code",
        required=False,
        max_length=100,
        help_text="Par exemple : Saint-Brieuc, 22278, Côtes-d'Armor, 22. "
        "Inutile pour la France entière.",
    )


class PerimeterPartForm(core_forms.Form):
    """Second step (POST): the territory chosen among the results."""

    kind = forms.ChoiceField(choices=PartKind.choices, widget=forms.HiddenInput)
    code = forms.CharField(
        label="Territoire à ajouter",
        max_length=9,
        error_messages={"required": "Choisissez un territoire dans la liste des résultats."},
    )


class MemberSearchForm(core_forms.Form):
    q = forms.CharField(
        label="Nom de l'organisation",
        max_length=100,
        required=False,
        help_text="Une partie du nom suffit, par exemple : CCAS, Saint-Brieuc.",
    )


class MembershipAddForm(core_forms.ModelForm):
    organisation = forms.ModelChoiceField(
        label="Organisation à ajouter",
        queryset=Organisation.objects.none(),
        widget=forms.RadioSelect,
        error_messages={
            "invalid_choice": "Choisissez une organisation parmi les résultats de la recherche.",
            "required": "Choisissez une organisation parmi les résultats de la recherche.",
        },
    )

    class Meta:
        model = Membership
        fields = ["organisation", "role", "since"]
        widgets = {"since": DateInput()}

    def __init__(self, *args, cooperation: Cooperation, **kwargs):
        super().__init__(*args, **kwargs)
        # Any organisation not already a member; the search only narrows what is shown, and
        # the template draws the radio buttons of the search results only.
        self.fields["organisation"].queryset = Organisation.objects.exclude(
            memberships__cooperation=cooperation
        )
        self.fields["role"].initial = MemberRole.MEMBER


class MemberOrganisationForm(core_forms.Form):
    """An organisation Maillage does not know yet, added as a member in one go; someone of it
    may be invited to become its referent and complete its page."""

    name = forms.CharField(label="Nom de l'organisation", max_length=200)
    kind = forms.ChoiceField(
        label="Nature de l'organisation", choices=[("", "Choisir…"), *OrganisationKind.choices]
    )
    commune = CommuneField(
        label="Commune",
        help_text="Là où l'organisation est installée : nom ou code INSEE, par exemple "
        "« Plérin » ou « 22187 ».",
    )
    role = forms.ChoiceField(
        label="Rôle dans la coopération", choices=MemberRole.choices, initial=MemberRole.MEMBER
    )
    since = forms.DateField(
        label="Membre depuis le",
        required=False,
        widget=DateInput,
        help_text="Facultatif, au format jj/mm/aaaa.",
    )
    referent_email = forms.EmailField(
        label="Adresse e-mail d'une personne de l'organisation",
        required=False,
        help_text="Facultatif. Elle recevra une invitation à devenir référente de "
        "l'organisation sur Maillage, pour compléter et tenir à jour sa fiche. L'adresse "
        "n'est pas publiée.",
    )

    def clean(self):
        cleaned = super().clean()
        name, commune = cleaned.get("name", "").strip(), cleaned.get("commune")
        if name and commune:
            twin = Organisation.objects.filter(name__iexact=name, commune=commune).first()
            if twin is not None:
                self.add_error(
                    "name",
                    f"Une organisation « {twin.name} » existe déjà {at_name(commune.name)} : "
                    "cherchez-la avec le formulaire de recherche pour l'ajouter.",
                )
        return cleaned


class MembershipForm(core_forms.ModelForm):
    class Meta:
        model = Membership
        fields = ["role", "since"]
        widgets = {"since": DateInput()}


class AnimatorInviteForm(core_forms.Form):
    email = forms.EmailField(label="Adresse e-mail de la personne invitée")
    organisation = forms.ModelChoiceField(
        label="Structure qu'elle représente",
        queryset=Organisation.objects.none(),
        help_text="Parmi les organisations membres de la coopération.",
        error_messages={
            "invalid_choice": "Choisissez une organisation membre de la coopération.",
        },
    )

    def __init__(self, *args, cooperation: Cooperation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.filter(
            memberships__cooperation=cooperation
        ).order_by("name")


class CooperationCreateForm(core_forms.Form):
    name = forms.CharField(label="Nom de la coopération", max_length=200)
    department = forms.ModelChoiceField(
        label="Département de départ",
        queryset=Department.objects.order_by("code"),
        to_field_name="code",
        help_text="Le territoire pourra ensuite être précisé par les animateurs.",
        error_messages={"invalid_choice": "Choisissez un département de la liste."},
    )

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        slug = slugify(name)[:100]
        if not slug:
            raise ValidationError("Le nom doit contenir au moins une lettre ou un chiffre.")
        if slug in RESERVED_SLUGS or Cooperation.objects.filter(slug=slug).exists():
            raise ValidationError(
                f"Une coopération a déjà l'identifiant d'adresse « {slug} » : choisissez un "
                "autre nom."
            )
        self.slug = slug
        return name
