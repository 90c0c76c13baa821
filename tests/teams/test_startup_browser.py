"""In a real browser: a newcomer in a commune where no team acts proposes a team; the animator
of the cooperation covering it moves the request along the board until the team is active.
Zero axe violations on every page, at 360 px for the public ones."""

import pytest

from maillage.teams.enums import Stage, TeamStatus
from maillage.teams.models import StartupRequest
from tests.browser.helpers import assert_accessible

from .test_browser import PHONE, assert_fits, signed_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_newcomer_proposes_a_team_and_the_animator_brings_it_to_life(
    new_page, live_server, world, teams
):
    page = new_page("/equipes/pres-de-chez-moi/?commune=22187", viewport=PHONE)
    assert_accessible(page)
    page.get_by_role("link", name="proposer un projet d'équipe à Plérin").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text() == "Créer une équipe près de chez moi"
    assert page.get_by_label("Votre commune").input_value() == "Plérin (22187)"
    assert_accessible(page)
    assert_fits(page)

    page.get_by_label("Quelques personnes").check()
    page.get_by_label("Votre projet en quelques mots").fill(
        "Nous sommes quatre retraités du bourg et aimerions rendre visite aux personnes seules."
    )
    page.get_by_label("Une formation").check()
    page.get_by_label("Votre nom").fill("Sylvie Guénec")
    page.get_by_label("Votre adresse e-mail").fill("sylvie.guenec@exemple.fr")
    page.get_by_label(
        "J'accepte que la coopération de mon territoire me contacte au sujet de ce projet"
    ).check()
    page.get_by_role("button", name="Envoyer mon projet").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text() == "Votre projet est transmis"
    assert_accessible(page)
    request = StartupRequest.objects.get()
    assert request.cooperation == world.cooperation

    board = new_page(
        f"/mon-espace/equipes/cooperation/{world.cooperation.slug}/demarrage/",
        **signed_in(live_server, world.people["animator"]),
    )
    assert_accessible(board)
    board.get_by_role("button", name="Passer à « première rencontre »").click()
    board.wait_for_load_state()
    assert "première rencontre" in board.locator(".messages").inner_text()
    board.get_by_role("link", name="Projet d'équipe à Plérin").click()
    board.wait_for_load_state()
    assert_accessible(board)
    board.get_by_role("button", name="L'équipe démarre sans partenaire").click()
    board.wait_for_load_state()
    for stage in (
        "partenaire d'entrée choisi",
        "formation socle",
        "charte signée",
        "équipe active",
    ):
        board.get_by_role("button", name=f"Passer à l'étape « {stage} »").click()
        board.wait_for_load_state()
    assert_accessible(board)
    request.refresh_from_db()
    assert request.stage == Stage.ACTIVE
    assert request.team.status == TeamStatus.ACTIVE
