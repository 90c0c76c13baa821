"""In a real browser: a person finds a team near their commune and writes to it; the team's
referent reads the message. Zero axe violations on every page, at 360 px too."""

import pytest
from django.conf import settings
from django.test import Client

from maillage.teams.models import VolunteerMessage
from tests.browser.helpers import assert_accessible, assert_no_axe_violations

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
    """Nothing wider than a 360-pixel phone (tables scroll inside their wrapper)."""
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url} déborde : {width} px"


def test_a_person_finds_a_team_and_writes_to_it_and_the_referent_reads_it(
    new_page, live_server, world, teams
):
    VolunteerMessage.objects.all().delete()
    page = new_page("/equipes/pres-de-chez-moi/", viewport=PHONE)
    assert_accessible(page)
    page.get_by_label("Votre commune, son code postal ou son code INSEE").fill("Plérin")
    page.get_by_role("button", name="Trouver les équipes").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=2).first.inner_text() == (
        "Aucune équipe citoyenne n'agit encore à Plérin"
    )
    assert_accessible(page)
    assert_fits(page)

    page.get_by_role("link", name="Les Visiteurs de Saint-Brieuc").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text() == "Les Visiteurs de Saint-Brieuc"
    assert_accessible(page)
    assert_fits(page)

    # A first try without a way to be reached: refused, what was typed kept.
    page.get_by_label("Votre nom").fill("Paul Riou")
    page.get_by_label("Quelques mots").fill("Je peux passer le jeudi après-midi.")
    page.get_by_label("J'accepte que l'équipe reçoive ces informations pour me répondre").check()
    page.get_by_role("button", name="Envoyer le message").click()
    page.wait_for_load_state()
    assert page.locator(".error-summary").is_visible()
    assert page.get_by_label("Quelques mots").input_value() == "Je peux passer le jeudi après-midi."
    # The refused form answers 400, which the browser reports on its console: that is intended.
    assert_no_axe_violations(page)
    page.console_errors.clear()
    assert not VolunteerMessage.objects.exists()

    page.get_by_label("Votre adresse e-mail").fill("paul.riou@exemple.fr")
    page.get_by_label("J'accepte que l'équipe reçoive ces informations pour me répondre").check()
    page.get_by_role("button", name="Envoyer le message").click()
    page.wait_for_load_state()
    assert "Votre message est enregistré" in page.locator(".messages").inner_text()
    assert_accessible(page)
    assert VolunteerMessage.objects.get().sender_email == "paul.riou@exemple.fr"

    referent = new_page(
        f"/mon-espace/equipes/{teams.mine.slug}/messages/",
        **signed_in(live_server, teams.mine.referent),
    )
    assert_accessible(referent)
    referent.get_by_role("link", name="Paul Riou").click()
    referent.wait_for_load_state()
    assert "Je peux passer le jeudi après-midi." in referent.locator("blockquote").inner_text()
    assert_accessible(referent)


@pytest.mark.parametrize("path", ["/equipes/charte/", "/equipes/pres-de-chez-moi/?commune=22278"])
def test_the_other_public_pages_are_accessible(new_page, world, teams, path):
    assert_accessible(new_page(path))
    phone = new_page(path, viewport=PHONE)
    assert_accessible(phone)
    assert_fits(phone)


def test_the_back_office_pages_are_accessible(new_page, live_server, world, teams):
    from maillage.teams.models import TeamCharterSignature

    TeamCharterSignature.objects.create(
        team=teams.mine.team, signatory_name="Claire Le Goff", signed_on="2026-11-02"
    )
    slug = teams.mine.slug
    as_referent = signed_in(live_server, teams.mine.referent)
    for path in (
        f"/mon-espace/equipes/{slug}/",
        f"/mon-espace/equipes/{slug}/presentation/",
        f"/mon-espace/equipes/{slug}/charte/",
        f"/mon-espace/equipes/{slug}/referents/",
        f"/mon-espace/equipes/{slug}/historique/",
    ):
        assert_accessible(new_page(path, **as_referent))
    as_animator = signed_in(live_server, world.people["animator"])
    for path in (
        "/mon-espace/equipes/cooperation/monalisa-22/",
        "/mon-espace/equipes/cooperation/monalisa-22/nouvelle/",
        f"/mon-espace/equipes/{slug}/",
        f"/mon-espace/equipes/{slug}/label/retirer/",
    ):
        assert_accessible(new_page(path, **as_animator))
