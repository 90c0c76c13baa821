"""Forms of the question box: the public question form, the answer, the FAQ publication."""

from django import forms
from django.core.exceptions import ValidationError

from maillage.cooperations.enums import CooperationStatus
from maillage.cooperations.models import Cooperation
from maillage.core.forms import Form, ModelForm
from maillage.core.honeypot import HoneypotMixin
from maillage.territories.search import resolve_commune

from .models import FaqEntry
from .models_questions import QUESTION_MAX_LENGTH

NATIONAL = "national"


def _answering():
    """The cooperations a question may go to: all but those asleep."""
    return Cooperation.objects.exclude(status=CooperationStatus.DORMANT)


class QuestionForm(HoneypotMixin, Form):
    """Anyone asks: of a cooperation chosen in the list, of the cooperation covering the
    commune typed, or of the national team. A signed-in person is reached through their
    account; anyone else gives an e-mail address."""

    cooperation = forms.ChoiceField(
        label="À qui posez-vous votre question ?",
        required=False,
        help_text="Laissez « Choisir… » pour trouver la coopération de votre commune.",
    )
    commune = forms.CharField(
        label="Votre commune",
        required=False,
        max_length=120,
        help_text="Nom ou code INSEE, par exemple « Saint-Brieuc » ou « 22278 ». "
        "Sans coopération sur votre commune, l'équipe nationale vous répond.",
    )
    text = forms.CharField(
        label="Votre question",
        max_length=QUESTION_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=f"{QUESTION_MAX_LENGTH} caractères au plus. N'y écrivez le nom d'aucune "
        "personne âgée.",
    )
    name = forms.CharField(label="Votre nom", required=False, max_length=150)
    email = forms.EmailField(
        label="Votre adresse e-mail",
        help_text="La réponse vous parvient à cette adresse ; elle n'est jamais publiée.",
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user if user is not None and user.is_authenticated else None
        cooperations = _answering().order_by("name").only("pk", "name")
        self._cooperations = {str(c.pk): c for c in cooperations}
        self.fields["cooperation"].choices = [
            ("", "Choisir…"),
            (NATIONAL, "L'équipe nationale MONALISA"),
            *((pk, c.name) for pk, c in self._cooperations.items()),
        ]
        self.fields["text"].error_messages["required"] = "Écrivez votre question."
        self.fields["email"].error_messages["required"] = (
            "Indiquez votre adresse e-mail : c'est là que la réponse vous parviendra."
        )
        if self.user is not None:
            del self.fields["name"]
            del self.fields["email"]

    def clean(self):
        cleaned = super().clean()
        choice = cleaned.get("cooperation")
        self.addressee = None
        if choice and choice != NATIONAL:
            self.addressee = self._cooperations[choice]
        elif not choice and cleaned.get("commune"):
            try:
                commune = resolve_commune(cleaned["commune"])
            except ValidationError as error:
                self.add_error("commune", error)
                return cleaned
            self.addressee = _answering().covering(commune).order_by("name").first()
        return cleaned

    def person(self) -> tuple[str, str]:
        if self.user is not None:
            return self.user.get_full_name(), self.user.email
        return self.cleaned_data["name"], self.cleaned_data["email"]


class AnswerForm(Form):
    answer = forms.CharField(
        label="Votre réponse",
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="Elle part par mail à la personne qui a posé la question.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["answer"].error_messages["required"] = "Écrivez votre réponse."


class FaqEntryForm(ModelForm):
    """The question reworded so that it names nobody, and its answer, for the public FAQ."""

    class Meta:
        model = FaqEntry
        fields = ["question", "answer", "theme"]
        labels = {"question": "Question reformulée"}
        help_texts = {
            "question": "Reformulez-la sans rien qui permette de reconnaître la personne qui "
            "l'a posée.",
            "theme": "Par exemple « Bénévolat », « Recensement », « Charte ».",
        }
