"""In a real browser: a question asked anonymously is answered by the cooperation's animator,
published, and appears in the public FAQ. Zero axe violations on every page, at 360 px too."""

import pytest
from django.conf import settings
from django.test import Client

from maillage.animation.models import Question
from tests.browser.conftest import browser, new_page  # noqa: F401
from tests.browser.helpers import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 360, "height": 740}


def signed_in(live_server, user) -> dict:
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    return {
        "storage_state": {
            "cookies": [{"name": cookie.key, "value": cookie.value, "url": live_server.url}],
            "origins": [],
        }
    }


def assert_fits(page) -> None:
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url} déborde : {width} px"


def test_a_question_asked_anonymously_is_answered_and_appears_in_the_faq(
    new_page,  # noqa: F811
    live_server,
    world,
):
    page = new_page("/questions/", viewport=PHONE)
    assert_accessible(page)
    assert_fits(page)
    page.get_by_role("link", name="Poser une question").click()
    page.wait_for_load_state()
    assert_accessible(page)
    assert_fits(page)

    # A first try without an address: refused, the question kept.
    page.get_by_label("Votre commune").fill("Plérin")
    page.get_by_role("textbox", name="Votre question").fill(
        "Où se forment les bénévoles des visites ?"
    )
    page.get_by_role("button", name="Envoyer ma question").click()
    page.wait_for_load_state()
    assert page.title().startswith("Erreur")
    # The refused form answers 400, which the browser logs; nothing else went wrong.
    assert [error for error in page.console_errors if "400" not in error] == []
    page.console_errors.clear()
    assert page.get_by_role("textbox", name="Votre question").input_value() == (
        "Où se forment les bénévoles des visites ?"
    )
    assert_accessible(page)
    assert not Question.objects.exists()

    page.get_by_label("Votre adresse e-mail").fill("nora@exemple.fr")
    page.get_by_role("button", name="Envoyer ma question").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text() == "Votre question est envoyée"
    assert_accessible(page)
    question = Question.objects.get()
    assert question.cooperation == world.cooperation

    animator = new_page("/mon-espace/", **signed_in(live_server, world.people["animator"]))
    animator.get_by_role("link", name="Questions reçues (1 sans réponse)").click()
    animator.wait_for_load_state()
    assert_accessible(animator)
    animator.get_by_role("link", name="Où se forment les bénévoles des visites ?").click()
    animator.wait_for_load_state()
    assert_accessible(animator)
    animator.get_by_label("Votre réponse").fill("Lors de la formation de base, chaque trimestre.")
    animator.get_by_role("button", name="Envoyer la réponse").click()
    animator.wait_for_load_state()
    animator.get_by_role("link", name="Publier cette question dans la foire aux questions").click()
    animator.wait_for_load_state()
    assert_accessible(animator)
    animator.get_by_label("Question reformulée").fill("Où les bénévoles sont-ils formés ?")
    animator.get_by_label("Thème").fill("Bénévolat")
    animator.get_by_role("button", name="Publier").click()
    animator.wait_for_load_state()
    assert_accessible(animator)

    page.goto("/questions/?q=benevoles")
    assert page.get_by_role("heading", level=2).all_inner_texts() == [
        "Où les bénévoles sont-ils formés ?"
    ]
    assert "nora@exemple.fr" not in page.locator("main").inner_text()
    assert_accessible(page)
