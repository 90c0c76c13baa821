"""The forms of the citizen teams: writing to a team, presenting it, its charter and label."""

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q

from maillage.actions.models import Action, Kind
from maillage.core.forms import DateInput, Form, FormMixin, PhoneField
from maillage.core.honeypot import HoneypotMixin
from maillage.core.versioned import VersionedFormMixin
from maillage.organisations.models import Organisation
from maillage.territories.models import Commune
from maillage.territories.search import commune_label, resolve_commune

from .models import CitizenTeam, VolunteerMessage
from .services import retention_in_words

MESSAGE_MAX = VolunteerMessage._meta.get_field("body").max_length
REPLY_MAX = 5000
MAX_COMMUNES = 100
CHOICES_SHOWN = 100


class VolunteerMessageForm(HoneypotMixin, Form):
    """« Écrire à l'équipe »: who they are, how to reach them, a few words, their consent."""

    sender_name = forms.CharField(label="Votre nom", max_length=150)
    sender_email = forms.EmailField(
        label="Votre adresse e-mail",
        required=False,
        help_text="Seuls les référents de l'équipe la verront.",
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    sender_phone = PhoneField(
        label="Ou votre numéro de téléphone",
        required=False,
        help_text="Seuls les référents de l'équipe le verront.",
    )
    body = forms.CharField(
        label="Quelques mots",
        max_length=MESSAGE_MAX,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Ce qui vous donne envie d'aider, vos disponibilités (2 000 caractères au plus).",
    )
    consent = forms.BooleanField(
        label="J'accepte que l'équipe reçoive ces informations pour me répondre",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sender_name"].error_messages["required"] = "Indiquez votre nom."
        self.fields["body"].error_messages["required"] = "Écrivez quelques mots à l'équipe."
        self.fields["body"].error_messages["max_length"] = (
            f"Votre message est trop long : {MESSAGE_MAX} caractères au plus "
            "(il en compte %(show_value)d)."
        )
        self.fields[
            "consent"
        ].help_text = f"Votre message est supprimé {retention_in_words()} après avoir été traité."
        self.fields["consent"].error_messages["required"] = (
            "Cochez la case pour que l'équipe puisse recevoir votre message."
        )

    def clean(self):
        data = super().clean()
        given = data.get("sender_email") or data.get("sender_phone")
        mistyped = "sender_email" in self.errors or "sender_phone" in self.errors
        if not given and not mistyped:
            self.add_error(
                "sender_email",
                "Indiquez une adresse e-mail ou un numéro de téléphone pour que l'équipe "
                "puisse vous répondre.",
            )
        return data


class CommunesField(forms.CharField):
    """Communes typed one per line (a name, a postal code, an INSEE code, "Plérin (22187)"),
    resolved through the commune search; each line that does not designate one commune is
    refused with what to type instead."""

    widget = forms.Textarea

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 6000)
        super().__init__(**kwargs)
        self.widget.attrs.setdefault("rows", 4)

    def prepare_value(self, value):
        if isinstance(value, list | tuple):
            return "\n".join(commune_label(commune) for commune in value)
        return value

    def clean(self, value):
        text = super().clean(value)
        lines = [line.strip() for line in (text or "").splitlines() if line.strip()]
        if len(lines) > MAX_COMMUNES:
            raise ValidationError(f"{MAX_COMMUNES} communes au plus.")
        communes, errors = [], []
        for line in lines:
            try:
                commune = resolve_commune(line)
            except ValidationError as error:
                errors += error.messages
                continue
            if commune not in communes:
                communes.append(commune)
        if errors:
            raise ValidationError(errors)
        return communes


class TeamForm(VersionedFormMixin, FormMixin, forms.ModelForm):
    """A team's presentation: affiliation free (none is « Équipe indépendante »), what it does,
    where it acts."""

    communes = CommunesField(
        label="Communes d'intervention",
        help_text="Une commune par ligne : son nom, son code postal ou son code INSEE.",
    )
    meeting_commune = forms.CharField(
        label="Commune où l'équipe se retrouve",
        max_length=120,
        required=False,
        help_text="Par défaut, la première commune d'intervention.",
    )

    class Meta:
        model = CitizenTeam
        fields = [
            "name",
            "description",
            "status",
            "founded_on",
            "organisations",
            "kinds",
            "actions",
        ]
        widgets = {
            "founded_on": DateInput(),
            "organisations": forms.CheckboxSelectMultiple,
            "kinds": forms.CheckboxSelectMultiple,
            "actions": forms.CheckboxSelectMultiple,
        }
        help_texts = {
            "organisations": "Aucune case cochée : l'équipe est indépendante, un choix aussi "
            "légitime que les autres.",
            "actions": "Les actions du recensement que l'équipe porte.",
        }

    def __init__(self, *args, cooperation=None, **kwargs):
        super().__init__(*args, **kwargs)
        team = self.instance
        if team.pk:
            self.initial.setdefault("communes", list(team.perimeter.communes().order_by("name")))
            if team.meeting_commune_id:
                self.initial.setdefault("meeting_commune", commune_label(team.meeting_commune))
        self.fields["kinds"].queryset = Kind.objects.all()
        self.fields["organisations"].queryset = self._organisations(cooperation)
        self.fields["actions"].queryset = self._actions()

    def _organisations(self, cooperation):
        """The organisations of the team's cooperations, those it already belongs to, and those
        of its meeting commune's department (the first CHOICES_SHOWN by name)."""
        team = self.instance
        condition = Q(pk__in=[])
        if cooperation is not None:
            condition |= Q(memberships__cooperation=cooperation)
        if team.pk:
            condition |= Q(memberships__cooperation__team_links__team=team)
            condition |= Q(pk__in=team.organisations.values("pk"))
            if team.meeting_commune_id:
                condition |= Q(commune__department_id=team.meeting_commune.department_id)
        return _first(Organisation.objects.filter(condition).order_by("name"))

    def _actions(self):
        """The actions the team carries, and those held in its communes or carried by its
        organisations (the first CHOICES_SHOWN by title)."""
        team = self.instance
        if not team.pk:
            return Action.objects.none()
        condition = (
            Q(pk__in=team.actions.values("pk"))
            | Q(commune__in=team.perimeter.communes())
            | Q(organisations__in=team.organisations.all())
        )
        return _first(Action.objects.filter(condition).order_by("title"))

    def clean_meeting_commune(self) -> Commune | None:
        text = self.cleaned_data.get("meeting_commune", "").strip()
        return resolve_commune(text) if text else None

    def service_data(self) -> dict:
        """The values the services take (the communes apart)."""
        data = {name: self.cleaned_data[name] for name in self.Meta.fields}
        data["meeting_commune"] = (
            self.cleaned_data.get("meeting_commune") or self.cleaned_data["communes"][0]
        )
        return data


def _first(rows):
    """A choice field's rows: the first CHOICES_SHOWN of `rows`, as a queryset that can still be
    filtered (a sliced one cannot, and the field filters on validation)."""
    ids = list(rows.values_list("pk", flat=True).distinct()[:CHOICES_SHOWN])
    return rows.model.objects.filter(pk__in=ids).order_by(*rows.query.order_by)


class CharterSignForm(Form):
    signatory_name = forms.CharField(
        label="Nom et prénom de la personne qui signe au nom de l'équipe", max_length=150
    )
    agree = forms.BooleanField(
        label="L'équipe a lu la charte de l'équipe citoyenne et s'engage à la respecter"
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agree"].error_messages["required"] = (
            "Cochez la case pour signer la charte au nom de l'équipe."
        )


class LabelWithdrawForm(Form):
    reason = forms.CharField(
        label="Motif du retrait",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Il est transmis aux référents de l'équipe (2 000 caractères au plus).",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].error_messages["required"] = "Indiquez le motif du retrait."


class ReplyForm(Form):
    text = forms.CharField(
        label="Votre réponse",
        max_length=REPLY_MAX,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Envoyée par e-mail ; la personne pourra vous répondre à votre adresse.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["text"].error_messages["required"] = "Écrivez votre réponse."


class ReferentInviteForm(Form):
    email = forms.EmailField(label="Adresse e-mail de la personne à inviter")
