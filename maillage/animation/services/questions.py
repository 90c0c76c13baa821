"""The question box: a question asked (mailed to those who answer it), its answer (mailed to
the asker), its publication into the public FAQ, the reminders of questions left unanswered
and the erasure of the askers' contact after the retention time. Every write is audited."""

import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from maillage.accounts.models import User
from maillage.cooperations.models import Cooperation
from maillage.core.audit import audited_create, audited_delete, audited_update
from maillage.core.mail import send_templated_mail
from maillage.core.models import audit

from ..models import FaqEntry, Question

REMIND_AFTER_DAYS = 7
DEFAULT_RETENTION_DAYS = 365
FAQ_FIELDS = ("question", "answer", "theme")


def retention_days() -> int:
    """The askers' contact is kept this many days after the answer: the retention time of
    the platform's personal data (settings.MAILLAGE_TEAM_DATA_RETENTION_DAYS)."""
    return getattr(settings, "MAILLAGE_TEAM_DATA_RETENTION_DAYS", DEFAULT_RETENTION_DAYS)


def answerers(cooperation: Cooperation | None) -> list[User]:
    """Who answers: the cooperation's animators; the national staff for a national question."""
    people = User.objects.filter(is_active=True)
    if cooperation is None:
        people = people.filter(is_staff=True)
    else:
        people = people.filter(animations__cooperation=cooperation)
    return list(people.exclude(email="").order_by("pk").distinct())


def _target(question: Question):
    return question.cooperation or question


def _mail_answerers(question: Question, template: str, *, base_url: str) -> int:
    url = base_url + reverse("animation:backoffice_question", args=[question.pk])
    people = answerers(question.cooperation)
    for person in people:
        send_templated_mail(
            to=(person.get_full_name() or person.email, person.email),
            template=template,
            context={"question": question, "person": person, "question_url": url},
        )
    return len(people)


@transaction.atomic
def question_ask(
    *,
    actor: User | None,
    cooperation: Cooperation | None,
    text: str,
    name: str,
    email: str,
    base_url: str,
) -> Question:
    """Record a question and mail it to those who answer it."""
    user = actor if actor is not None and actor.is_authenticated else None
    question = audited_create(
        actor=user,
        instance=Question(cooperation=cooperation, user=user, name=name, email=email, text=text),
        target=cooperation,
        fields=("text",),
        action="animation.question.ask",
        summary=f"Question reçue pour {question_addressee(cooperation)}",
    )
    _mail_answerers(question, "animation/emails/question_received", base_url=base_url)
    return question


def question_addressee(cooperation: Cooperation | None) -> str:
    return cooperation.name if cooperation else "l'équipe nationale"


@transaction.atomic
def question_answer(*, actor: User, question: Question, answer: str) -> Question:
    """Answer a question (or correct the answer) and mail it to the asker."""
    question = Question.objects.select_for_update(of=("self",)).get(pk=question.pk)
    first = not question.is_answered
    audited_update(
        actor=actor,
        instance=question,
        target=_target(question),
        values={
            "answer": answer,
            "answered_at": question.answered_at or timezone.now(),
            "answered_by": actor,
        },
        action="animation.question.answer",
        summary="Réponse à une question" if first else "Réponse à une question corrigée",
    )
    if question.email:
        send_templated_mail(
            to=(question.name, question.email) if question.name else question.email,
            template="animation/emails/question_answered",
            context={"question": question},
        )
    return question


@transaction.atomic
def faq_publish(
    *, actor: User, question: Question, faq_question: str, answer: str, theme: str
) -> FaqEntry:
    """Publish a question, as rephrased, and its answer into the FAQ of the question's
    cooperation (or the national one). Nothing of the asker goes with it."""
    return audited_create(
        actor=actor,
        instance=FaqEntry(
            cooperation=question.cooperation,
            source=question,
            question=faq_question,
            answer=answer,
            theme=theme,
        ),
        target=question.cooperation,
        fields=FAQ_FIELDS,
        action="animation.faqentry.publish",
        summary=f"Publié dans la foire aux questions : « {faq_question} »",
    )


@transaction.atomic
def faq_unpublish(*, actor: User, entry: FaqEntry) -> None:
    audited_delete(
        actor=actor,
        instance=entry,
        target=entry.cooperation,
        fields=FAQ_FIELDS,
        action="animation.faqentry.unpublish",
        summary=f"Retiré de la foire aux questions : « {entry.question} »",
    )


def questions_remind(*, base_url: str, now: datetime.datetime | None = None) -> int:
    """Remind those who answer of each question left unanswered for 7 days, once per
    question. Return how many questions were reminded."""
    now = now or timezone.now()
    due = Question.objects.unanswered().filter(
        reminded_at__isnull=True, asked_at__lte=now - datetime.timedelta(days=REMIND_AFTER_DAYS)
    )
    reminded = 0
    for pk in due.order_by("pk").values_list("pk", flat=True):
        with transaction.atomic():
            question = (
                due.select_for_update(of=("self",), skip_locked=True)
                .select_related("cooperation")
                .filter(pk=pk)
                .first()
            )
            if question is None:  # reminded by a run alongside, or answered meanwhile
                continue
            question.reminded_at = now
            question.save(update_fields=["reminded_at"])
            _mail_answerers(question, "animation/emails/question_reminder", base_url=base_url)
            reminded += 1
    return reminded


def questions_erase_contacts(*, now: datetime.datetime | None = None) -> int:
    """Erase the askers' name, address and account link once the retention time after the
    answer has passed. The question and answer stay (they name nobody once erased)."""
    now = now or timezone.now()
    until = now - datetime.timedelta(days=retention_days())
    due = Question.objects.filter(answered_at__lte=until, contact_erased_at__isnull=True).filter(
        ~Q(email="") | ~Q(name="") | Q(user__isnull=False)
    )
    with transaction.atomic():
        rows = list(due.select_for_update(of=("self",)).select_related("cooperation"))
        for question in rows:
            question.name, question.email, question.user = "", "", None
            question.contact_erased_at = now
            question.save(update_fields=["name", "email", "user", "contact_erased_at"])
            audit(
                actor=None,
                target=_target(question),
                action="animation.question.erase",
                summary="Coordonnées de la personne qui a posé une question effacées "
                "(durée de conservation écoulée)",
            )
    return len(rows)
