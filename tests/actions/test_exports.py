"""The inventory as a spreadsheet: a cooperation's actions from its public page and its back
office, any list of actions through `export_actions`; the files are read back."""

import csv
import datetime
import io

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from maillage.actions.enums import KindCode, PublicCode
from maillage.actions.exports import HEADERS
from maillage.actions.models import Action
from maillage.actions.views.exports import export_actions
from maillage.territories.enums import PartKind
from tests.html import Page
from tests.organisations.factories import OrganisationFactory
from tests.world import ROLES

from .factories import ActionFactory


def body(response) -> bytes:
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def csv_records(response) -> list[dict]:
    """The rows of a downloaded CSV, as dicts keyed by the headings."""
    assert response.status_code == 200
    text = body(response).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text, newline=""), delimiter=";"))


def xlsx_records(response) -> list[dict]:
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(body(response))).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


def public_url(cooperation, fmt="csv"):
    return reverse("actions:cooperation_inventory", args=[cooperation.slug, fmt])


def backoffice_url(cooperation, fmt="csv"):
    return reverse("actions:backoffice_inventory", args=[cooperation.slug, fmt])


@pytest.fixture
def inventory(world):
    """In the Côtes-d'Armor cooperation's territory: a current action carried by a member, one
    held in Plérin by a stranger organisation, one ended, one stale; in Finistère, one."""
    geography = world.geography
    return {
        "member": ActionFactory(
            title="Visites de convivialité à Saint-Brieuc",
            commune=geography["saint_brieuc"],
            organisations=[world.organisation],
            kinds=[KindCode.HOME_VISITS, KindCode.PHONE_CALLS],
            publics=[PublicCode.AT_HOME, PublicCode.CARERS],
            parts=[(PartKind.EPCI, "200069409"), (PartKind.COMMUNE, "22093")],
            address="3 rue des Lilas",
            is_free=False,
            cost_details="5 € par an",
            contact_email="visites@pfp22.fr",
            verified_on=datetime.date(2026, 3, 5),
        ),
        "in_territory": ActionFactory(
            title="Atelier numérique de Plérin", commune=geography["plerin"]
        ),
        "ended": ActionFactory(
            title="Ancien café des aidants",
            commune=geography["saint_brieuc"],
            organisations=[world.organisation],
            ended=True,
        ),
        "stale": ActionFactory(
            title="Promenades d'autrefois", commune=geography["plerin"], stale=True
        ),
        "elsewhere": ActionFactory(
            title="Visites à Brest",
            commune=geography["brest"],
            organisations=[world.other_organisation],
        ),
    }


def test_the_public_inventory_lists_the_current_actions_of_the_territory(client, world, inventory):
    records = csv_records(client.get(public_url(world.cooperation)))

    assert [record["Titre"] for record in records] == [
        "Atelier numérique de Plérin",
        "Visites de convivialité à Saint-Brieuc",
    ]
    assert list(records[0]) == HEADERS


def test_a_row_says_all_a_person_needs(client, world, inventory):
    records = csv_records(client.get(public_url(world.cooperation)))

    row = next(record for record in records if record["Titre"].startswith("Visites"))
    assert row["Types d'action"] == "Visites à domicile, Appels téléphoniques de convivialité"
    assert row["Publics"] == "Personnes âgées vivant à domicile, Aidants"
    assert row["Commune"] == "Saint-Brieuc (22)"
    assert row["Code INSEE de la commune"] == "22278"
    assert row["Adresse"] == "3 rue des Lilas"
    assert row["Zone où habiter pour en bénéficier"] == (
        "Lamballe-Armor (22), Saint-Brieuc Armor Agglomération"
    )
    assert row["Gratuite"] == "non"
    assert row["Coût et conditions"] == "5 € par an"
    assert row["Téléphone"] == "01 23 45 67 89"
    assert row["Adresse électronique"] == "visites@pfp22.fr"
    assert row["Organisations porteuses"] == "Petits Frères des Pauvres 22"
    assert row["État"] == "en cours"
    assert row["Dernière vérification"] == "05/03/2026"
    assert row["À vérifier"] == "non"
    assert row["Page de l'action"] == ("http://testserver" + inventory["member"].get_absolute_url())
    assert row["Identifiant"] == inventory["member"].slug


def test_the_xlsx_has_the_same_rows(client, world, inventory):
    records = xlsx_records(client.get(public_url(world.cooperation, "xlsx")))

    assert [record["Titre"] for record in records] == [
        "Atelier numérique de Plérin",
        "Visites de convivialité à Saint-Brieuc",
    ]
    assert records[1]["Dernière vérification"] == datetime.datetime(2026, 3, 5)


def test_the_file_is_named_after_the_cooperation(client, world, inventory):
    response = client.get(public_url(world.cooperation, "xlsx"))

    assert 'filename="actions-monalisa-22-' in response["Content-Disposition"]


def test_a_title_typed_as_a_formula_is_neutralised(client, world):
    ActionFactory(
        title='=HYPERLINK("http://exemple.fr")',
        commune=world.geography["saint_brieuc"],
        how_to_join="+33 6 12 34 56 78 ou passer",
    )

    (row,) = csv_records(client.get(public_url(world.cooperation)))
    assert row["Titre"] == '\'=HYPERLINK("http://exemple.fr")'
    assert row["Comment y participer"] == "'+33 6 12 34 56 78 ou passer"


@pytest.mark.parametrize("fmt", ["pdf", "CSV", "json"])
def test_an_unknown_format_is_not_found(client, world, fmt):
    assert client.get(public_url(world.cooperation, fmt)).status_code == 404


def test_an_unknown_cooperation_is_not_found(client, db):
    url = reverse("actions:cooperation_inventory", args=["nulle-part", "csv"])
    assert client.get(url).status_code == 404


def test_only_reads_are_allowed(client, world):
    assert client.post(public_url(world.cooperation)).status_code == 405


def test_the_back_office_inventory_holds_every_state(world, inventory):
    response = world.client_as("animator").get(backoffice_url(world.cooperation))

    records = csv_records(response)
    assert {record["Titre"]: record["État"] for record in records} == {
        "Ancien café des aidants": "terminée",
        "Atelier numérique de Plérin": "en cours",
        "Promenades d'autrefois": "en cours",
        "Visites de convivialité à Saint-Brieuc": "en cours",
    }
    stale = next(record for record in records if record["Titre"] == "Promenades d'autrefois")
    assert stale["À vérifier"] == "oui"
    assert 'filename="inventaire-complet-monalisa-22-' in response["Content-Disposition"]


# Who may download a cooperation's complete inventory: its animators and staff.
BACKOFFICE_STATUS = {
    "anonymous": 302,
    "no_role": 404,
    "referent": 404,
    "other_referent": 404,
    "animator": 200,
    "other_animator": 404,
    "staff": 200,
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_back_office_inventory_by_role(world, role, fmt):
    response = world.client_as(role).get(backoffice_url(world.cooperation, fmt))

    assert response.status_code == BACKOFFICE_STATUS[role]
    if role == "anonymous":
        assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize("role", ["animator", "referent"])
def test_another_cooperations_inventory_is_refused(world, role):
    response = world.client_as(role).get(backoffice_url(world.other_cooperation))

    assert response.status_code == 404


def export_queries(rows: int) -> int:
    """Queries of the download of `rows` actions, each with its own carrier and zone."""
    organisation = OrganisationFactory()
    for _ in range(rows):
        ActionFactory(
            organisations=[organisation, OrganisationFactory()],
            kinds=[KindCode.DIGITAL, KindCode.OUTINGS],
            parts=[(PartKind.COMMUNE, "22278"), (PartKind.DEPARTMENT, "29")],
        )
    request = RequestFactory().get("/")
    with CaptureQueriesContext(connection) as queries:
        response = export_actions(request, Action.objects.all(), "csv")
        assert len(csv_records(response)) == Action.objects.count()
    Action.objects.all().delete()
    return len(queries) - 1  # the count above


@pytest.mark.django_db
def test_the_query_count_does_not_grow_with_the_rows(geography):
    assert export_queries(2) == export_queries(12)


def test_export_actions_takes_any_queryset_in_its_order(world, inventory, rf):
    actions = Action.objects.filter(commune=world.geography["plerin"]).order_by("-title")

    response = export_actions(rf.get("/recherche/"), actions, "xlsx", filename="Recherche Plérin")

    assert [record["Titre"] for record in xlsx_records(response)] == [
        "Promenades d'autrefois",
        "Atelier numérique de Plérin",
    ]
    assert 'filename="recherche-plerin-' in response["Content-Disposition"]


def test_the_cooperation_page_offers_the_downloads(client, world):
    page = Page(client.get(world.cooperation.get_absolute_url()))

    section = page.section("Actions contre l'isolement")
    assert section.link("CSV (actions du territoire)")["href"] == public_url(world.cooperation)
    assert section.link("Excel (actions du territoire)")["href"] == public_url(
        world.cooperation, "xlsx"
    )


def test_the_back_office_offers_the_complete_inventory(world):
    url = reverse("cooperations:backoffice_home", args=[world.cooperation.slug])
    page = Page(world.client_as("animator").get(url))

    assert page.link("Excel (inventaire complet)")["href"] == backoffice_url(
        world.cooperation, "xlsx"
    )
    assert page.link("CSV (inventaire complet)")["href"] == backoffice_url(world.cooperation)


def test_a_search_downloads_its_own_results_in_the_page_order(client, geography):
    ActionFactory(title="Visites à domicile de Plérin", commune=geography["plerin"])
    ActionFactory(
        title="Appels du lundi",
        commune=geography["saint_brieuc"],
        kinds=[KindCode.PHONE_CALLS],
    )
    ActionFactory(title="Atelier tablette à Brest", commune=geography["brest"])
    search = "?commune=Plérin"

    page = Page(client.get(reverse("actions:search") + search))
    csv_link = page.link("CSV (tableur, séparateur point-virgule)")["href"]
    xlsx_link = page.link("Excel (XLSX)")["href"]

    assert [row["Titre"] for row in csv_records(client.get(csv_link))] == [
        "Visites à domicile de Plérin",
        "Appels du lundi",
    ]
    assert [row["Titre"] for row in xlsx_records(client.get(xlsx_link))] == [
        "Visites à domicile de Plérin",
        "Appels du lundi",
    ]
    filtered = client.get(
        reverse("actions:search_export", args=["csv"]) + search + "&type=" + KindCode.PHONE_CALLS
    )
    assert [row["Titre"] for row in csv_records(filtered)] == ["Appels du lundi"]


def test_a_download_of_a_search_that_does_not_hold_goes_back_to_the_search(client, db):
    response = client.get(reverse("actions:search_export", args=["csv"]) + "?commune=Zzyzx")
    assert response.status_code == 302
    assert response["Location"] == reverse("actions:search")
