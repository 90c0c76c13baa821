"""The question box: questions anyone asks of a cooperation or of the national team, and the
public FAQ the answerers publish from them (rephrased, without the asker's identity)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.html import strip_tags

from maillage.cooperations.models import Cooperation
from maillage.core.fields import link
from maillage.core.richtext import RichTextField
from maillage.core.text import normalize

QUESTION_MAX_LENGTH = 3000
NATIONAL_TEAM = "Équipe nationale MONALISA"


class QuestionQuerySet(models.QuerySet):
    def unanswered(self):
        return self.filter(answered_at__isnull=True)

    def answerable_by(self, user):
        """Deny by default: staff answer every question (national ones only by them); an
        animator, the questions asked of their cooperations."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_staff:
            return self
        return self.filter(cooperation__animators__user=user)


class Question(models.Model):
    """A question and its answer. The asker's contact (name, address) is kept only until the
    retention time after the answer has passed; then it is erased."""

    cooperation = link(
        Cooperation,
        "coopération",
        related_name="questions",
        optional=True,
        help_text="Vide pour une question posée à l'équipe nationale.",
    )
    user = link(
        settings.AUTH_USER_MODEL,
        "compte",
        related_name="questions_asked",
        on_delete=models.SET_NULL,
        optional=True,
    )
    name = models.CharField("nom", max_length=150, blank=True)
    email = models.EmailField("adresse e-mail", blank=True)
    text = models.TextField("question", max_length=QUESTION_MAX_LENGTH)
    asked_at = models.DateTimeField("posée le", default=timezone.now, db_index=True)
    answer = models.TextField("réponse", max_length=10000, blank=True)
    answered_at = models.DateTimeField("répondue le", null=True, blank=True, db_index=True)
    answered_by = link(
        settings.AUTH_USER_MODEL,
        "répondue par",
        on_delete=models.SET_NULL,
        optional=True,
    )
    reminded_at = models.DateTimeField("rappel envoyé le", null=True, blank=True)
    contact_erased_at = models.DateTimeField("coordonnées effacées le", null=True, blank=True)

    objects = QuestionQuerySet.as_manager()

    class Meta:
        verbose_name = "question"
        verbose_name_plural = "questions"
        ordering = ["-asked_at", "-pk"]

    def __str__(self) -> str:
        return self.text[:60]

    @property
    def addressee(self) -> str:
        return self.cooperation.name if self.cooperation_id else NATIONAL_TEAM

    @property
    def is_answered(self) -> bool:
        return self.answered_at is not None


class FaqEntryQuerySet(models.QuerySet):
    def national(self):
        return self.filter(cooperation__isnull=True)

    def search(self, text: str):
        """Every word of `text`, accents and case aside, in the question, answer or theme."""
        rows = self
        for word in normalize(text).split():
            rows = rows.filter(search_key__contains=word)
        return rows

    def editable_by(self, user):
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_staff:
            return self
        return self.filter(cooperation__animators__user=user)


class FaqEntry(models.Model):
    """A published text of the public FAQ: a question as rephrased by who answered it, its
    answer and a theme. It names nobody: the asker's identity never reaches it."""

    cooperation = link(
        Cooperation,
        "coopération",
        related_name="faq_entries",
        optional=True,
        help_text="Vide pour la foire aux questions nationale.",
    )
    source = link(
        Question,
        "question d'origine",
        related_name="faq_entries",
        on_delete=models.SET_NULL,
        optional=True,
    )
    question = models.CharField("question", max_length=300)
    answer = RichTextField("réponse")
    theme = models.CharField("thème", max_length=100, blank=True)
    search_key = models.TextField(editable=False, default="")
    published_at = models.DateTimeField("publiée le", default=timezone.now, db_index=True)

    objects = FaqEntryQuerySet.as_manager()

    class Meta:
        verbose_name = "question de la foire aux questions"
        verbose_name_plural = "foire aux questions"
        ordering = ["-published_at", "-pk"]

    def __str__(self) -> str:
        return self.question

    def save(self, *args, **kwargs):
        self.search_key = normalize(" ".join([self.question, self.theme, strip_tags(self.answer)]))
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "search_key"}
        super().save(*args, **kwargs)

    @property
    def addressee(self) -> str:
        return self.cooperation.name if self.cooperation_id else NATIONAL_TEAM
