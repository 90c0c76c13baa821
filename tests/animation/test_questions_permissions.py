"""The permission matrix of the question box: every back-office page x every role of the
`world`, with a question of the role's cooperation, of the other cooperation and a national
one. Deny by default: an animator answers the questions of their cooperations only, staff
answer all (national ones only them); everyone else meets a 404."""

import pytest
from django.urls import reverse

from maillage.animation.models import FaqEntry, Question
from tests.html import Page
from tests.world import ROLES

from .factories import FaqEntryFactory, QuestionFactory

pytestmark = pytest.mark.django_db

ANSWERERS = {
    "own": {"animator", "staff"},
    "other": {"other_animator", "staff"},
    "national": {"staff"},
}


@pytest.fixture
def questions(world):
    return {
        "own": QuestionFactory(cooperation=world.cooperation, text="Question pour le 22"),
        "other": QuestionFactory(cooperation=world.other_cooperation, text="Question pour le 29"),
        "national": QuestionFactory(national=True, text="Question nationale", answered=True),
    }


def _signed_in_roles():
    return [role for role in ROLES if role != "anonymous"]


@pytest.mark.parametrize("role", _signed_in_roles())
@pytest.mark.parametrize("which", ["own", "other", "national"])
def test_a_question_page_opens_only_for_who_answers_it(world, questions, role, which):
    client = world.client_as(role)
    question = questions[which]
    expected = 200 if role in ANSWERERS[which] else 404
    page = client.get(reverse("animation:backoffice_question", args=[question.pk]))
    assert page.status_code == expected
    publish = client.get(reverse("animation:backoffice_question_publish", args=[question.pk]))
    # The publication page of an unanswered question sends back to the question.
    assert publish.status_code == (expected if expected == 404 or question.is_answered else 302)


OUTSIDERS = [
    (role, which)
    for which, people in ANSWERERS.items()
    for role in _signed_in_roles()
    if role not in people
]


@pytest.mark.parametrize(("role", "which"), OUTSIDERS)
def test_answering_someone_elses_question_stores_nothing(world, questions, role, which):
    question = questions[which]
    before = question.answer
    response = world.client_as(role).post(
        reverse("animation:backoffice_question", args=[question.pk]), {"answer": "Intrus"}
    )
    assert response.status_code == 404
    question.refresh_from_db()
    assert question.answer == before
    publish = world.client_as(role).post(
        reverse("animation:backoffice_question_publish", args=[question.pk]),
        {"question": "Intrus ?", "answer": "Intrus", "theme": ""},
    )
    assert publish.status_code == 404
    assert not FaqEntry.objects.filter(question="Intrus ?").exists()


@pytest.mark.parametrize("role", _signed_in_roles())
def test_the_list_shows_each_answerer_their_own_questions(world, questions, role):
    response = world.client_as(role).get(reverse("animation:backoffice_questions"))
    assert response.status_code == 200
    rows = Page(response.content).texts("tbody th")
    shown = {which for which, q in questions.items() if q.text in " ".join(rows)}
    assert shown == {which for which, people in ANSWERERS.items() if role in people}


@pytest.mark.parametrize("role", _signed_in_roles())
def test_only_who_answers_withdraws_a_published_text(world, role):
    own = FaqEntryFactory(cooperation=world.cooperation)
    national = FaqEntryFactory(national=True)
    client = world.client_as(role)
    for entry, people in ((own, ANSWERERS["own"]), (national, ANSWERERS["national"])):
        response = client.post(reverse("animation:backoffice_faq_unpublish", args=[entry.pk]))
        assert response.status_code == (302 if role in people else 404)
        assert FaqEntry.objects.filter(pk=entry.pk).exists() == (role not in people)


def test_the_space_links_to_the_questions_with_the_unanswered_count(world, questions):
    page = Page(world.client_as("animator").get(reverse("accounts:space")).content)
    assert page.link("Questions reçues (1 sans réponse)")["href"] == reverse(
        "animation:backoffice_questions"
    )
    staff = Page(world.client_as("staff").get(reverse("accounts:space")).content)
    assert staff.link("Questions reçues (2 sans réponse)")
    nobody = Page(world.client_as("referent").get(reverse("accounts:space")).content)
    assert not nobody.links("Questions reçues")
    assert Question.objects.count() == 3
