"""The question box end to end: asking (by the list, by the commune, of the national team),
refusals that store nothing, the answer mailed, the public FAQ, reminders and the erasure of
the askers' contact."""

import datetime

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from maillage.animation.models import FaqEntry, Question
from maillage.animation.services import questions_erase_contacts, questions_remind
from maillage.core.models import AuditEntry
from tests.html import Page
from tests.mail import nothing_mailed, sent_mails

from .factories import FaqEntryFactory, QuestionFactory

pytestmark = pytest.mark.django_db

ASK = reverse("animation:question_ask")
FAQ = reverse("animation:faq")


def _ask(client, **data):
    return client.post(ASK, {"text": "Comment rejoindre une équipe citoyenne ?", **data})


def test_a_visitor_asks_the_cooperation_of_their_commune(
    world, client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = _ask(client, commune="Saint-Brieuc", name="Nora", email="nora@exemple.fr")
    assert response.status_code == 302
    (question,) = Question.objects.all()
    assert question.cooperation == world.cooperation
    assert (question.name, question.email) == ("Nora", "nora@exemple.fr")
    (sent,) = sent_mails()
    assert sent.to == [world.people["animator"].email]
    assert sent.subject == "Nouvelle question pour MONALISA 22"
    assert "Comment rejoindre une équipe citoyenne ?" in sent.text
    assert sent.links[0].endswith(reverse("animation:backoffice_question", args=[question.pk]))
    page = Page(client.get(response["Location"]).content)
    assert page.h1 == "Votre question est envoyée"
    assert "MONALISA 22" in page.text("main")
    assert AuditEntry.objects.filter(action="animation.question.ask").count() == 1


def test_without_a_cooperation_on_the_commune_the_national_team_answers(
    world, client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _ask(client, commune="Paris", email="lea@exemple.fr")
    (question,) = Question.objects.all()
    assert question.cooperation is None
    assert [mail.to for mail in sent_mails()] == [[world.people["staff"].email]]


def test_a_cooperation_chosen_in_the_list_wins(world, client):
    _ask(
        client, cooperation=str(world.other_cooperation.pk), commune="Saint-Brieuc", email="a@b.fr"
    )
    assert Question.objects.get().cooperation == world.other_cooperation


def test_the_cooperation_in_the_address_is_chosen_beforehand(world, client):
    page = Page(client.get(ASK, {"cooperation": world.cooperation.slug}).content)
    chosen = page.field("À qui posez-vous votre question ?").select_one("option[selected]")
    assert chosen.get_text(strip=True) == "MONALISA 22"


def test_a_signed_in_person_is_reached_through_their_account(world):
    client = world.client_as("no_role")
    page = Page(client.get(ASK).content)
    assert not [label for label in page.texts("label") if "adresse e-mail" in label]
    anonymous = Page(world.client_as("anonymous").get(ASK).content)
    assert anonymous.field("Votre adresse e-mail")
    _ask(client, cooperation="national")
    question = Question.objects.get()
    assert question.email == "sans-role@exemple.fr"
    assert question.user == world.people["no_role"]


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"commune": "Saint-Brieuc"}, "Votre adresse e-mail", "Indiquez votre adresse e-mail"),
        ({"email": "x@y.fr", "text": ""}, "Votre question", "Écrivez votre question."),
        ({"email": "x@y.fr", "text": "a" * 3001}, "Votre question", "3000"),
        ({"email": "x@y.fr", "commune": "Nullepart"}, "Votre commune", "Aucune commune"),
    ],
)
def test_bad_input_is_refused_clearly_and_nothing_is_stored(
    world, client, data, field, message, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(ASK, {"text": "Ma question", **data})
    assert response.status_code == 400
    page = Page(response.content)
    assert page.title.startswith("Erreur")
    assert any(message in error for error in page.field_errors(field))
    assert page.field("Votre question").get_text().strip() == data.get("text", "Ma question")
    assert not Question.objects.exists()
    assert nothing_mailed()


def test_the_honeypot_stores_nothing(world, client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = _ask(client, email="robot@exemple.fr", site_web="http://spam.example")
    assert response.status_code == 400
    assert not Question.objects.exists()
    assert nothing_mailed()


def test_a_burst_of_questions_is_refused_and_nothing_more_is_stored(world, client):
    for n in range(5):
        assert _ask(client, email=f"p{n}@exemple.fr").status_code == 302
    response = _ask(client, email="p6@exemple.fr", text="La sixième question")
    assert response.status_code == 429
    page = Page(response.content)
    assert "plusieurs questions en peu de temps" in " ".join(page.errors())
    assert page.field("Votre question").get_text().strip() == "La sixième question"
    assert Question.objects.count() == 5
    assert not Question.objects.filter(email="p6@exemple.fr").exists()


def test_the_animator_answers_and_the_asker_gets_the_answer_by_mail(
    world, django_capture_on_commit_callbacks
):
    question = QuestionFactory(cooperation=world.cooperation, name="Nora", email="nora@exemple.fr")
    client = world.client_as("animator")
    url = reverse("animation:backoffice_question", args=[question.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"answer": "Écrivez à l'équipe de Plérin."})
    assert response.status_code == 302
    question.refresh_from_db()
    assert question.is_answered
    assert question.answered_by == world.people["animator"]
    (sent,) = sent_mails()
    assert sent.to == ["nora@exemple.fr"]
    assert "Écrivez à l'équipe de Plérin." in sent.text
    entry = AuditEntry.objects.get(action="animation.question.answer")
    assert entry.target_id == world.cooperation.pk


def test_an_empty_answer_is_refused(world, django_capture_on_commit_callbacks):
    question = QuestionFactory(cooperation=world.cooperation)
    url = reverse("animation:backoffice_question", args=[question.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = world.client_as("animator").post(url, {"answer": ""})
    assert response.status_code == 400
    assert Page(response.content).field_errors("Votre réponse") == ["Écrivez votre réponse."]
    question.refresh_from_db()
    assert not question.is_answered
    assert nothing_mailed()


def test_publishing_puts_the_rephrased_question_in_the_faq_without_the_asker(world):
    question = QuestionFactory(
        cooperation=world.cooperation, name="Nora Le Gall", email="nora@exemple.fr", answered=True
    )
    client = world.client_as("animator")
    response = client.post(
        reverse("animation:backoffice_question_publish", args=[question.pk]),
        {
            "question": "Comment devenir bénévole ?",
            "answer": "<p>Écrivez à l'équipe citoyenne la plus proche.</p>",
            "theme": "Bénévolat",
        },
    )
    assert response.status_code == 302
    entry = FaqEntry.objects.get()
    assert entry.cooperation == world.cooperation
    assert AuditEntry.objects.filter(action="animation.faqentry.publish").count() == 1
    page = Page(world.client_as("anonymous").get(FAQ).content)
    assert page.headings(2) == ["Comment devenir bénévole ?"]
    text = page.text("main")
    assert "Écrivez à l'équipe citoyenne la plus proche." in text
    assert "Nora" not in text and "nora@exemple.fr" not in text
    assert question.text not in text


def test_an_unanswered_question_cannot_be_published(world):
    question = QuestionFactory(cooperation=world.cooperation)
    response = world.client_as("animator").post(
        reverse("animation:backoffice_question_publish", args=[question.pk]),
        {"question": "Q ?", "answer": "<p>R</p>", "theme": ""},
    )
    assert response.status_code == 302
    assert not FaqEntry.objects.exists()


def test_the_faq_shows_only_published_texts_and_never_raw_questions(world, client):
    QuestionFactory(cooperation=world.cooperation, text="Une question jamais publiée")
    FaqEntryFactory(cooperation=world.cooperation, question="Publiée pour le 22")
    page = Page(client.get(FAQ).content)
    assert page.headings(2) == ["Publiée pour le 22"]
    assert "Une question jamais publiée" not in page.text("main")


def test_the_faq_is_searched_accents_and_case_aside(world, client):
    FaqEntryFactory(cooperation=world.cooperation, question="Où trouver le guide ?", theme="")
    FaqEntryFactory(national=True, question="Qui peut devenir BÉNÉVOLE ?", theme="")
    page = Page(client.get(FAQ, {"q": "benevole"}).content)
    assert page.headings(2) == ["Qui peut devenir BÉNÉVOLE ?"]
    page = Page(client.get(FAQ, {"q": "Ou TROUVER"}).content)
    assert page.headings(2) == ["Où trouver le guide ?"]


def test_the_faq_per_cooperation_and_national(world, client):
    FaqEntryFactory(cooperation=world.cooperation, question="Du 22 ?")
    FaqEntryFactory(cooperation=world.other_cooperation, question="Du 29 ?")
    FaqEntryFactory(national=True, question="Nationale ?")
    assert Page(client.get(FAQ, {"cooperation": "monalisa-22"}).content).headings(2) == ["Du 22 ?"]
    assert Page(client.get(FAQ, {"cooperation": "national"}).content).headings(2) == ["Nationale ?"]
    assert len(Page(client.get(FAQ).content).headings(2)) == 3


def test_unanswered_questions_are_reminded_once_after_seven_days(
    world, django_capture_on_commit_callbacks
):
    now = timezone.now()
    old = QuestionFactory(cooperation=world.cooperation, asked_at=now - datetime.timedelta(days=8))
    QuestionFactory(cooperation=world.cooperation, asked_at=now - datetime.timedelta(days=6))
    QuestionFactory(
        cooperation=world.cooperation, asked_at=now - datetime.timedelta(days=9), answered=True
    )
    with django_capture_on_commit_callbacks(execute=True):
        call_command("remind_questions", base_url="https://maillage.test")
    (sent,) = sent_mails()
    assert sent.to == [world.people["animator"].email]
    assert old.text in sent.text
    assert questions_remind(base_url="https://maillage.test") == 0
    old.refresh_from_db()
    assert old.reminded_at is not None


@override_settings(MAILLAGE_TEAM_DATA_RETENTION_DAYS=30)
def test_the_askers_contact_is_erased_after_the_retention_time(world):
    now = timezone.now()
    due = QuestionFactory(
        cooperation=world.cooperation,
        answered=True,
        answered_at=now - datetime.timedelta(days=31),
        user=world.people["no_role"],
    )
    kept = QuestionFactory(
        cooperation=world.cooperation, answered=True, answered_at=now - datetime.timedelta(days=29)
    )
    unanswered = QuestionFactory(
        cooperation=world.cooperation, asked_at=now - datetime.timedelta(days=400)
    )
    call_command("erase_question_contacts")
    due.refresh_from_db()
    assert (due.name, due.email, due.user) == ("", "", None)
    assert due.text and due.answer
    for question in (kept, unanswered):
        question.refresh_from_db()
        assert question.email
    assert questions_erase_contacts() == 0
    assert AuditEntry.objects.filter(action="animation.question.erase").count() == 1


def test_the_faq_keeps_its_queries_as_it_grows(world, client, django_assert_max_num_queries):
    FaqEntryFactory.create_batch(3, cooperation=world.cooperation)
    with django_assert_max_num_queries(6) as few:
        client.get(FAQ)
    FaqEntryFactory.create_batch(15, cooperation=world.other_cooperation)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(FAQ)


def test_the_answerers_list_keeps_its_queries_as_it_grows(world, django_assert_max_num_queries):
    client = world.client_as("staff")
    url = reverse("animation:backoffice_questions")
    QuestionFactory.create_batch(2, cooperation=world.cooperation)
    client.get(url)
    with django_assert_max_num_queries(12) as few:
        page = Page(client.get(url).content)
    assert "2 questions sans réponse sur 2." in page.text("main")
    QuestionFactory.create_batch(10, cooperation=world.other_cooperation)
    QuestionFactory.create_batch(3, national=True, answered=True)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = Page(client.get(url).content)
    assert "12 questions sans réponse sur 15." in page.text("main")
