"""An animator imports the sample inventory in a real browser: the upload page, the report,
the import, the column guide; zero axe violations, on a large screen and at 360 px."""

from pathlib import Path

import pytest
from django.urls import reverse

import maillage.actions.samples as samples
from maillage.actions.models import Action
from tests.browser.conftest import browser, new_page  # noqa: F401  (fixtures)
from tests.browser.helpers import assert_accessible
from tests.cooperations.test_backoffice_browser import PHONE, assert_fits, signed_in, with_css

from .sample_geography import add_sample_geography

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SAMPLE = Path(samples.__file__).parent / "inventaire-exemple.xlsx"


def accessible(page) -> None:
    with_css(page)
    assert_accessible(page)


def test_an_animator_imports_the_sample_spreadsheet(new_page, live_server, world):  # noqa: F811
    add_sample_geography(world.geography)
    slug = world.cooperation.slug
    page = new_page(
        reverse("actions:import", args=[slug]), **signed_in(live_server, world.people["animator"])
    )
    accessible(page)
    page.get_by_label("Fichier à importer").set_input_files(str(SAMPLE))
    page.get_by_role("button", name="Vérifier le fichier").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")

    assert page.get_by_role("heading", name="Ce que l'import va faire").is_visible()
    counts = page.locator("#titre-bilan ~ .table-wrap tbody tr")
    assert counts.nth(0).inner_text().split() == ["À", "créer", "308"]
    assert counts.nth(3).inner_text().split()[-1] == "0"
    assert page.get_by_text("S : « Remarques internes »").is_visible()
    accessible(page)
    assert Action.objects.count() == 0

    page.get_by_role("button", name="Importer maintenant").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.get_by_text(
        "Import terminé : 308 créations, 0 mise à jour, 0 ligne inchangée, 0 ligne refusée."
    ).is_visible()
    accessible(page)
    assert Action.objects.filter(source=world.cooperation).count() == 308

    page.get_by_role("link", name="Déposer un autre fichier").click()
    page.get_by_role("link", name="guide des colonnes").click()
    assert page.get_by_role("heading", name="Les colonnes").is_visible()
    accessible(page)


def test_the_import_pages_fit_a_phone(new_page, live_server, world):  # noqa: F811
    slug = world.cooperation.slug
    options = signed_in(live_server, world.people["animator"])
    page = new_page(reverse("actions:import", args=[slug]), viewport=PHONE, **options)
    for url in (
        reverse("actions:import", args=[slug]),
        reverse("actions:import_guide", args=[slug]),
        reverse("cooperations:backoffice_members_import", args=[slug]),
    ):
        page.goto(url)
        accessible(page)
        assert_fits(page)
    page.goto(reverse("actions:import", args=[slug]))
    page.get_by_label("Fichier à importer").set_input_files(str(SAMPLE))
    with page.expect_navigation():
        page.get_by_role("button", name="Vérifier le fichier").click()
    accessible(page)
    assert_fits(page)
