"""The back-office forms of the inventory: an action as its carriers describe it, the filters
of the list of actions.

The eligibility zone is asked in words a non-technician uses: « cette commune », « son
intercommunalité », « son département », « sa région » or « toute la France », derived from the
commune where the action takes place, plus other territories named one per line (ADR 015)."""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q

from maillage.core.forms import Form, ModelForm, PhoneField
from maillage.core.text import normalize
from maillage.core.versioned import VersionedFormMixin
from maillage.organisations.models import Organisation
from maillage.territories.enums import COUNTRY_CODE, PartKind
from maillage.territories.forms import CommuneField
from maillage.territories.models import Commune, Department, Epci, Region
from maillage.territories.search import (
    commune_label,
    resolve_commune,
    search_departments,
    search_epcis,
)

from .enums import ActionStatus
from .models import Action, Kind, Public
from .services import EDITABLE_FIELDS

# How far an action reaches, from the commune where it takes place.
LEVEL_COMMUNE, LEVEL_EPCI, LEVEL_DEPARTMENT, LEVEL_REGION = (
    "commune",
    "epci",
    "department",
    "region",
)
LEVEL_COUNTRY, LEVEL_NAMED = "country", "named"
LEVELS = [
    (LEVEL_COMMUNE, "Les habitants de cette commune"),
    (LEVEL_EPCI, "Les habitants de son intercommunalité"),
    (LEVEL_DEPARTMENT, "Les habitants de son département"),
    (LEVEL_REGION, "Les habitants de sa région"),
    (LEVEL_COUNTRY, "Toute la France"),
    (LEVEL_NAMED, "Seulement les territoires nommés ci-dessous"),
]
# The widest first: when a zone holds several derived parts, the widest names the level.
_DERIVED_ORDER = [LEVEL_COUNTRY, LEVEL_REGION, LEVEL_DEPARTMENT, LEVEL_EPCI, LEVEL_COMMUNE]
# A checkbox per organisation up to this many; a list to pick from beyond.
MAX_CHECKBOXES = 30

_CODE_IN_BRACKETS = re.compile(r"^(?P<name>.*?)\s*\((?P<code>[0-9A-Za-z ]{2,9})\)\s*$")
_DEPARTMENT_CODE = re.compile(r"^(\d{2,3}|2[AB])$", re.I)
_SIREN = re.compile(r"^\d{9}$")
_PREFIXES = {
    "region": PartKind.REGION,
    "departement": PartKind.DEPARTMENT,
    "intercommunalite": PartKind.EPCI,
    "commune": PartKind.COMMUNE,
}


def derived_part(commune: Commune | None, level: str) -> tuple[str, str] | None:
    """The part of a zone that a level names, from the commune where the action happens."""
    if level == LEVEL_COUNTRY:
        return (PartKind.COUNTRY, COUNTRY_CODE)
    if commune is None:
        return None
    place = commune.target
    if level == LEVEL_COMMUNE:
        return (PartKind.COMMUNE, place.code)
    if level == LEVEL_EPCI:
        return (PartKind.EPCI, place.epci_id) if place.epci_id else None
    if level == LEVEL_DEPARTMENT:
        return (PartKind.DEPARTMENT, place.department_id)
    if level == LEVEL_REGION:
        return (PartKind.REGION, place.region_id)
    return None


def _named(kind: str, text: str) -> tuple[str, str]:
    """One line of the other territories, of a known kind, by code or by name."""
    key = normalize(text)
    if kind == PartKind.REGION:
        for region in Region.objects.all():
            if key in (normalize(region.name), normalize(region.code)):
                return (kind, region.code)
        raise ValidationError(f"Aucune région ne s'appelle « {text} ».")
    if kind == PartKind.DEPARTMENT:
        found = Department.objects.filter(Q(code__iexact=text) | Q(search_name=key)).first()
        if found is None:
            raise ValidationError(
                f"Aucun département ne correspond à « {text} » : écrivez son nom ou son numéro, "
                "par exemple « Finistère » ou « 29 »."
            )
        return (kind, found.code)
    if kind == PartKind.EPCI:
        found = Epci.objects.filter(Q(code=text) | Q(search_name=key)).first()
        if found is None:
            raise ValidationError(
                f"Aucune intercommunalité ne correspond à « {text} » : écrivez son nom complet "
                "ou son numéro SIREN (9 chiffres)."
            )
        return (kind, found.code)
    return (PartKind.COMMUNE, resolve_commune(text).target.code)


def parse_territory(line: str) -> tuple[str, str]:
    """A territory as people write it: « Plérin », « 22187 », « Plérin (22187) »,
    « Finistère », « 29 », « Brest Métropole (242900314) », « Région Bretagne »."""
    text = line.strip()
    first, _space, rest = text.partition(" ")
    prefixed = _PREFIXES.get(normalize(first))
    if prefixed and rest.strip():
        return _named(prefixed, rest.strip())
    bracketed = _CODE_IN_BRACKETS.match(text)
    code = (bracketed["code"] if bracketed else text).replace(" ", "").upper()
    if _SIREN.match(code):
        return _named(PartKind.EPCI, code)
    if _DEPARTMENT_CODE.match(code):
        return _named(PartKind.DEPARTMENT, code)
    if bracketed or len(code) == 5:
        return _named(PartKind.COMMUNE, text)
    key = normalize(text)
    department = Department.objects.filter(search_name=key).first()
    if department is not None:
        return (PartKind.DEPARTMENT, department.code)
    epci = Epci.objects.filter(search_name=key).first()
    if epci is not None:
        return (PartKind.EPCI, epci.code)
    try:
        return _named(PartKind.COMMUNE, text)
    except ValidationError as error:
        if error.code != "commune_not_found":
            raise
        suggestions = [f"{d.name} ({d.code})" for d in search_departments(text, limit=3)]
        suggestions += [f"{e.name} ({e.code})" for e in search_epcis(text, limit=3)]
        if not suggestions:
            raise
        raise ValidationError(
            "Aucun territoire ne porte exactement ce nom. Recopiez l'une de ces propositions : "
            + " ; ".join(f"« {suggestion} »" for suggestion in suggestions)
            + ".",
            code="territory_not_found",
        ) from error


def territory_line(kind: str, code: str, names: dict) -> str:
    """How a part is written back into the field, so that it reads and parses again."""
    name = names.get((kind, code), code)
    if kind == PartKind.REGION:
        return f"Région {name.rsplit(' (', 1)[0]}"
    return name  # « Nom (code) » for communes, EPCIs and departments


class ActionForm(VersionedFormMixin, ModelForm):
    """Everything the public page of an action says, as an editor records it. `user` chooses
    the carrying organisations offered (their organisations, their cooperations' members)."""

    commune = CommuneField(
        label="Commune où elle a lieu",
        required=False,
        help_text="Nom de la commune ou code INSEE, par exemple « Plérin » ou « 22187 ». "
        "Laissez vide si l'action se déroule seulement à distance.",
    )
    zone_level = forms.ChoiceField(
        label="Qui peut en bénéficier ?",
        choices=LEVELS,
        initial=LEVEL_DEPARTMENT,
        widget=forms.RadioSelect,
    )
    zone_others = forms.CharField(
        label="Autres territoires concernés",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Un par ligne : une commune (« Plérin » ou « 22187 »), une intercommunalité "
        "(son nom ou son numéro SIREN), un département (« Finistère » ou « 29 ») ou une région "
        "(« Région Bretagne »).",
    )
    is_free = forms.TypedChoiceField(
        label="Coût",
        choices=[("True", "Gratuite"), ("False", "Payante")],
        coerce=lambda value: value == "True",
        widget=forms.RadioSelect,
        initial="True",
    )
    contact_phone = PhoneField(
        label="Téléphone", required=False, help_text="Par exemple 02 96 12 34 56."
    )
    form_url = forms.URLField(
        label="Formulaire d'inscription en ligne",
        required=False,
        assume_scheme="https",
        help_text="Adresse complète, par exemple https://www.exemple.fr/inscription",
    )
    kinds = forms.ModelMultipleChoiceField(
        label="Ce que propose l'action",
        queryset=Kind.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        help_text="Plusieurs choix possibles.",
        error_messages={"required": "Cochez au moins un type d'action."},
    )
    publics = forms.ModelMultipleChoiceField(
        label="Pour qui",
        queryset=Public.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        help_text="Plusieurs choix possibles.",
        error_messages={"required": "Cochez au moins un public."},
    )
    organisations = forms.ModelMultipleChoiceField(
        label="Organisations qui la portent",
        queryset=Organisation.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choisissez au moins une organisation."},
    )

    class Meta:
        model = Action
        fields = list(EDITABLE_FIELDS)
        labels = {
            "title": "Nom de l'action",
            "summary": "En une phrase",
            "address": "Adresse",
            "remote": "Elle se déroule à distance (par téléphone ou en ligne)",
            "schedule": "Quand",
            "opening_hours": "Horaires (format OpenStreetMap, facultatif)",
            "cost_details": "Précisions sur le coût",
            "contact_email": "Adresse électronique",
            "drop_in": "On peut venir sur place sans rendez-vous",
            "how_to_join": "Comment y participer",
            "status": "État",
        }
        help_texts = {
            "title": "Tel que les habitants le connaissent, par exemple « Les mardis du thé ».",
            "address": "Numéro et rue, ou le nom du lieu (salle des fêtes, médiathèque…).",
            "cost_details": "Par exemple « 2 € par séance, adhésion annuelle 10 € ».",
            "contact_email": "Une adresse générique (accueil, contact), jamais une adresse "
            "personnelle : elle est affichée publiquement.",
            "status": "Une action suspendue reste visible ; une action terminée sort des "
            "recherches.",
        }
        widgets = {"how_to_join": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        from .permissions import carrier_choices

        self.zone: list[tuple[str, str]] = []
        choices = Organisation.objects.filter(pk__in=carrier_choices(user).values("pk"))
        if self.instance.pk:
            current = self.instance.organisations.values("pk")
            choices = Organisation.objects.filter(
                Q(pk__in=carrier_choices(user).values("pk")) | Q(pk__in=current)
            )
        organisations = self.fields["organisations"]
        organisations.queryset = choices.order_by("name")
        if organisations.queryset.count() > MAX_CHECKBOXES:
            organisations.widget = forms.SelectMultiple(attrs={"size": 10})
            organisations.widget.choices = organisations.choices
            organisations.help_text = (
                "Choisissez-en une ; pour en choisir plusieurs, maintenez la touche Ctrl "
                "(Cmd sur Mac) en cliquant."
            )
        elif organisations.queryset.count() == 1 and not self.instance.pk:
            self.initial.setdefault("organisations", list(organisations.queryset))
        self.fields["status"].choices = ActionStatus.choices
        if self.instance.pk and self.instance.commune is not None:
            self._name_levels(self.instance.commune.target)
        if self.instance.pk and not self.is_bound:
            self._initial_zone()
        if not self.instance.pk and not self.is_bound:
            self.initial.setdefault("publics", list(Public.objects.filter(code="domicile")))

    def _name_levels(self, place: Commune) -> None:
        """On edit, the levels say the names they stand for: « … de son département
        (Côtes-d'Armor) »."""
        names = {
            LEVEL_COMMUNE: place.name,
            LEVEL_EPCI: place.epci.name if place.epci_id else "",
            LEVEL_DEPARTMENT: place.department.name,
            LEVEL_REGION: place.region.name,
        }
        self.fields["zone_level"].choices = [
            (value, f"{label} ({names[value]})" if names.get(value) else label)
            for value, label in LEVELS
        ]

    def _initial_zone(self) -> None:
        from .services import part_names

        commune = self.instance.commune
        self.initial["commune"] = commune_label(commune)
        parts = sorted(self.instance.zone.part_pairs())
        level = LEVEL_NAMED
        for candidate in _DERIVED_ORDER:
            part = derived_part(commune, candidate)
            if part is not None and part in parts:
                level = candidate
                parts.remove(part)
                break
        names = part_names(parts)
        self.initial["zone_level"] = level
        self.initial["zone_others"] = "\n".join(
            territory_line(kind, code, names) for kind, code in parts
        )

    def clean(self):
        data = super().clean()
        remote = data.get("remote")
        commune = data.get("commune")
        if not remote and commune is None and "commune" not in self.errors:
            self.add_error(
                "commune",
                "Indiquez la commune où l'action a lieu, ou cochez « Elle se déroule à distance ».",
            )
        self._clean_zone(data, commune)
        return data

    def _clean_zone(self, data, commune) -> None:
        level = data.get("zone_level")
        parts: list[tuple[str, str]] = []
        if level and level != LEVEL_NAMED and "commune" not in self.errors:
            part = derived_part(commune, level)
            if part is None and commune is None:
                self.add_error(
                    "zone_level",
                    "Indiquez d'abord la commune où l'action a lieu, ou choisissez « Seulement "
                    "les territoires nommés ci-dessous ».",
                )
            elif part is None:
                self.add_error(
                    "zone_level",
                    f"{commune.name} n'appartient à aucune intercommunalité : choisissez une "
                    "autre zone.",
                )
            else:
                parts.append(part)
        errors = []
        for line in (data.get("zone_others") or "").splitlines():
            if not line.strip():
                continue
            try:
                parts.append(parse_territory(line))
            except ValidationError as error:
                errors += [f"« {line.strip()} » : {message}" for message in error.messages]
        if errors:
            self.add_error("zone_others", errors)
        elif level == LEVEL_NAMED and not parts:
            self.add_error(
                "zone_others",
                "Nommez au moins un territoire, ou choisissez une zone autour de la commune.",
            )
        self.zone = sorted(set(parts))

    def values(self) -> dict:
        """What the services save, from the cleaned form."""
        return {name: self.cleaned_data[name] for name in EDITABLE_FIELDS}


FRESHNESS_CHOICES = [
    ("", "Toutes"),
    ("to_check", "À confirmer (plus de 12 mois)"),
    ("stale", "Anciennes (plus de 18 mois)"),
]


class ActionFilterForm(Form):
    """The filters of the back-office list, sent with GET: they work without JavaScript and the
    address can be shared."""

    q = forms.CharField(label="Nom de l'action", required=False, max_length=100)
    status = forms.ChoiceField(
        label="État", required=False, choices=[("", "Tous les états"), *ActionStatus.choices]
    )
    freshness = forms.ChoiceField(label="Confirmation", required=False, choices=FRESHNESS_CHOICES)
    department = forms.ChoiceField(label="Département", required=False)

    def __init__(self, *args, departments=(), **kwargs):
        super().__init__(*args, auto_id="filtre-%s", **kwargs)
        self.fields["department"].choices = [
            ("", "Tous les départements"),
            *((d.code, f"{d.code} — {d.name}") for d in departments),
        ]

    def filters(self) -> dict:
        return self.cleaned_data if self.is_valid() else {}
