"""Importing a cooperation's inventory of actions, as an animator does it: upload, read the
report, import; again to update; with organisations proposed and created."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from maillage.actions.importers import ActionImporter
from maillage.actions.models import Action
from maillage.core.models import AuditEntry, ImportRun
from maillage.organisations.models import Organisation
from maillage.territories.enums import PartKind
from tests.core.spreadsheets import csv_bytes, xlsx_bytes
from tests.html import Page

HEADINGS = [
    "N°",
    "Intitulé de l'action",
    "Type",
    "Public",
    "Structure porteuse",
    "Commune",
    "Zone d'intervention",
    "Gratuit",
    "Tarif",
    "Date de mise à jour",
    "Statut",
]
ROWS = [
    ["CA-1", "Visites de convivialité", "Visites à domicile ; repérage", "seniors",
     "CCAS de Saint-Brieuc", "Saint-Brieuc", "intercommunalité", "oui", "", "12/09/2025",
     "en cours"],
    ["CA-2", "Café des aidants", "aidants", "Aidants", "Maison des aidants du Goëlo",
     "22187", "Côtes-d'Armor", "", "2 € la séance", "2025-10-01", ""],
    ["CA-3", "Appels du lundi", "appels", "", "Petits Frères des Pauvres 22 ; Croix-Rouge",
     "", "France", "", "", "", "terminée"],
]  # fmt: skip


def upload(client, cooperation, data, name="inventaire.csv"):
    return client.post(
        reverse("actions:import", args=[cooperation.slug]),
        {"file": SimpleUploadedFile(name, data)},
        follow=True,
    )


def test_an_animator_uploads_reads_the_report_and_imports(world):
    client = world.client_as("animator")
    page = Page(upload(client, world.cooperation, csv_bytes([HEADINGS, *ROWS])))
    assert page.h1.startswith("Vérifier avant d'importer")
    assert page.section("Ce que l'import va faire").table() == [
        ["À créer", "3"],
        ["À mettre à jour", "0"],
        ["Inchangées", "0"],
        ["Refusées (ignorées)", "0"],
    ]
    proposals = page.section("Organisations inconnues de Maillage, qui seront créées").table()
    assert [row[0] for row in proposals] == ["Croix-Rouge", "Maison des aidants du Goëlo"]
    assert proposals[1][2] == "Plérin (22187)"
    assert Action.objects.count() == 0

    response = client.post(page.form("main form[method=post]:not(.stacked-form)")["action"])
    page = Page(client.get(response.url))
    assert page.messages() == [
        "Import terminé : 3 créations, 0 mise à jour, 0 ligne inchangée, 0 ligne refusée."
    ]
    assert page.h1.startswith("Résultat de l'import")
    assert "Importer maintenant" not in page.buttons()

    visits = Action.objects.get(external_id="CA-1")
    assert visits.source == world.cooperation
    assert sorted(visits.kinds.values_list("code", flat=True)) == ["reperage", "visites_domicile"]
    assert list(visits.publics.values_list("code", flat=True)) == ["domicile"]
    assert visits.zone.part_pairs() == [(PartKind.EPCI, "200069409")]
    assert visits.verified_on == datetime.date(2025, 9, 12)
    assert list(visits.organisations.all()) == [world.signatory]
    assert visits.created_by == world.people["animator"]
    carers = Action.objects.get(external_id="CA-2")
    assert (carers.is_free, carers.cost_details) == (False, "2 € la séance")
    assert carers.zone.part_pairs() == [(PartKind.DEPARTMENT, "22")]
    calls = Action.objects.get(external_id="CA-3")
    assert calls.status == "ended" and calls.commune is None
    assert calls.zone.part_pairs() == [(PartKind.COUNTRY, "FR")]
    assert calls.verified_on == timezone.localdate()
    assert sorted(calls.organisations.values_list("name", flat=True)) == [
        "Croix-Rouge",
        "Petits Frères des Pauvres 22",
    ]
    assert (
        Organisation.objects.filter(name="Maison des aidants du Goëlo").get().commune
        == (world.geography["plerin"])
    )
    entry = AuditEntry.objects.about(world.cooperation).first()
    assert entry.action == "actions.inventory.import"
    assert entry.actor == world.people["animator"]
    assert entry.summary == (
        "Import de l'inventaire des actions (inventaire.csv) : 3 créations, 0 mise à jour, "
        "0 ligne inchangée, 0 ligne refusée"
    )
    assert not AuditEntry.objects.about(visits).exists()  # the cooperation's line tells it
    run = ImportRun.objects.get()
    assert run.status == "committed" and bytes(run.content) == b""


def test_importing_again_updates_instead_of_duplicating(world):
    cooperation, actor = world.cooperation, world.people["animator"]
    ActionImporter(scope=cooperation, actor=actor).run(
        csv_bytes([HEADINGS, *ROWS]), filename="v1.csv", commit=True
    )
    first = {a.external_id: (a.pk, a.slug, a.zone_id) for a in Action.objects.all()}
    changed = [list(row) for row in ROWS]
    changed[0][1] = "Visites de convivialité à domicile"
    changed[1][6] = "commune"
    report = ActionImporter(scope=cooperation, actor=actor).run(
        xlsx_bytes([HEADINGS, *changed]), filename="v2.xlsx", commit=True
    )
    assert (report.created, report.updated, report.unchanged) == (0, 2, 1)
    assert Action.objects.count() == 3
    assert {a.external_id: (a.pk, a.slug, a.zone_id) for a in Action.objects.all()} == first
    visits = Action.objects.get(external_id="CA-1")
    assert visits.title == "Visites de convivialité à domicile"
    assert visits.version == 2
    assert Action.objects.get(external_id="CA-2").zone.part_pairs() == [("commune", "22187")]
    update = AuditEntry.objects.about(visits).first()
    assert update.action == "actions.action.update"
    assert update.changes == {
        "title": ["Visites de convivialité", "Visites de convivialité à domicile"]
    }
    assert Organisation.objects.filter(name="Croix-Rouge").count() == 1


def test_a_file_without_ids_is_matched_again_by_title_and_commune(world):
    rows = [row[1:] for row in [HEADINGS, *ROWS]]
    importer = ActionImporter(scope=world.cooperation, actor=world.people["animator"])
    importer.run(csv_bytes(rows), commit=True)
    report = ActionImporter(scope=world.cooperation, actor=world.people["animator"]).run(
        csv_bytes(rows), commit=True
    )
    assert (report.created, report.unchanged) == (0, 3)


def test_an_import_does_not_touch_the_actions_of_another_cooperations_inventory(world):
    ActionImporter(scope=world.other_cooperation).run(csv_bytes([HEADINGS, *ROWS]), commit=True)
    report = ActionImporter(scope=world.cooperation).run(csv_bytes([HEADINGS, *ROWS]), commit=True)
    assert report.created == 3
    assert Action.objects.count() == 6
    assert Action.objects.filter(slug__startswith="visites-de-convivialite").count() == 2


def test_valid_lines_are_imported_and_refused_ones_reported(world):
    rows = [HEADINGS, ROWS[0], ["CA-9", "Sans porteur", "visites", "", "", "22278", "", "", "",
                                "", ""]]  # fmt: skip
    client = world.client_as("animator")
    page = Page(upload(client, world.cooperation, csv_bytes(rows)))
    assert page.section("Lignes refusées et pourquoi").table() == [
        ["3", "Organisations porteuses", "(vide)", "Indiquez au moins une organisation porteuse."]
    ]
    form = page.form("main form[method=post]:not(.stacked-form)")
    assert Page(str(form)).texts("p") == [
        "L'import se fait en une fois : tout ce qui est annoncé ci-dessus est enregistré, ou "
        "rien en cas d'incident. La ligne refusée ne sera pas importée."
    ]
    client.post(form["action"])
    assert list(Action.objects.values_list("external_id", flat=True)) == ["CA-1"]


def test_a_staged_file_is_imported_once(world):
    client = world.client_as("animator")
    page = Page(upload(client, world.cooperation, csv_bytes([HEADINGS, *ROWS])))
    url = page.form("main form[method=post]:not(.stacked-form)")["action"]
    client.post(url)
    response = client.post(url, follow=True)
    assert Page(response).messages()[-1] == (
        "Ce fichier a déjà été importé ou refusé : déposez-le de nouveau."
    )
    assert Action.objects.count() == 3


def test_a_staged_file_expires_after_a_day(world):
    client = world.client_as("animator")
    upload(client, world.cooperation, csv_bytes([HEADINGS, *ROWS]))
    run = ImportRun.objects.get()
    ImportRun.objects.filter(pk=run.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=1, minutes=1)
    )
    url = reverse("actions:import_preview", args=[world.cooperation.slug, run.pk])
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404
    assert Action.objects.count() == 0
    upload(client, world.cooperation, csv_bytes([HEADINGS, *ROWS]))
    assert not ImportRun.objects.filter(pk=run.pk).exists()  # purged on the way


def test_the_purge_command_deletes_expired_runs(world):
    from django.core.management import call_command

    client = world.client_as("animator")
    upload(client, world.cooperation, csv_bytes([HEADINGS, *ROWS]))
    ImportRun.objects.update(created_at=timezone.now() - datetime.timedelta(days=2))
    out = io.StringIO()
    call_command("purge_import_runs", stdout=out)
    assert not ImportRun.objects.exists()


def test_the_templates_carry_every_column(world):
    client = world.client_as("animator")
    labels = [column.label for column in ActionImporter.columns]
    response = client.get(reverse("actions:import_template", args=[world.cooperation.slug, "csv"]))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    assert text.splitlines()[0].split(";") == labels
    response = client.get(reverse("actions:import_template", args=[world.cooperation.slug, "xlsx"]))
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    assert [cell.value for cell in sheet[1]] == labels


def test_the_template_imports_as_is(world):
    client = world.client_as("animator")
    response = client.get(reverse("actions:import_template", args=[world.cooperation.slug, "xlsx"]))
    data = b"".join(response.streaming_content)
    report = ActionImporter(scope=world.cooperation).run(data, filename="m.xlsx", commit=False)
    assert not report.refusal and not report.problems
    assert report.created == 2


def test_the_column_guide_lists_every_column_with_its_names(world):
    client = world.client_as("animator")
    page = Page(client.get(reverse("actions:import_guide", args=[world.cooperation.slug])))
    columns = page.section("Les colonnes").definitions("dl")
    assert list(columns) == [
        f"{c.label} (obligatoire)" if c.required else c.label for c in ActionImporter.columns
    ]
    assert "« intitulé »" in columns["Titre (obligatoire)"]


def test_the_upload_page_offers_the_templates_and_the_guide(world):
    client = world.client_as("animator")
    page = Page(client.get(reverse("actions:import", args=[world.cooperation.slug])))
    assert page.link("Télécharger le modèle Excel (XLSX)")["href"] == reverse(
        "actions:import_template", args=[world.cooperation.slug, "xlsx"]
    )
    assert page.link("guide des colonnes")["href"] == reverse(
        "actions:import_guide", args=[world.cooperation.slug]
    )
    assert page.field("Fichier à importer")["type"] == "file"


def test_the_cooperation_dashboard_links_to_the_import(world):
    client = world.client_as("animator")
    page = Page(client.get(reverse("cooperations:backoffice_home", args=[world.cooperation.slug])))
    assert page.link("Importer l'inventaire des actions")["href"] == reverse(
        "actions:import", args=[world.cooperation.slug]
    )


def _rows(count: int) -> list[list]:
    return [HEADINGS] + [
        [f"Q-{n}", f"Atelier mémoire n° {n}", "sorties", "", "CCAS de Saint-Brieuc",
         "Saint-Brieuc", "commune", "oui", "", "01/10/2025", ""]
        for n in range(count)
    ]  # fmt: skip


@pytest.mark.parametrize("count", [10, 400])
def test_the_queries_of_an_import_do_not_grow_with_its_rows(
    world, django_assert_max_num_queries, count
):
    """Written in bulk: a few queries per chunk of 500 rows, not per row."""
    data = csv_bytes(_rows(count))
    with django_assert_max_num_queries(45):
        report = ActionImporter(scope=world.cooperation, actor=world.people["animator"]).run(
            data, commit=True
        )
    assert report.created == count


def test_a_name_several_communes_bear_means_the_one_in_the_cooperations_territory(world):
    from tests.territories.factories import CommuneFactory

    armor_saint_denis = CommuneFactory(
        code="22301", name="Saint-Denis", department=world.geography["armor"]
    )
    rows = [HEADINGS, ["SD-1", "Thé dansant", "sorties", "", "CCAS de Saint-Brieuc",
                       "Saint-Denis", "", "", "", "", ""]]  # fmt: skip
    report = ActionImporter(scope=world.cooperation).run(csv_bytes(rows), commit=True)
    assert report.created == 1
    assert Action.objects.get().commune == armor_saint_denis
    report = ActionImporter(scope=world.other_cooperation).run(csv_bytes(rows), commit=False)
    assert report.problems[0]["message"].startswith("Plusieurs communes correspondent")


@pytest.mark.parametrize("name", ["inventaire-exemple.xlsx", "inventaire-exemple.csv"])
def test_the_sample_spreadsheet_imports_as_is(world, name):
    from pathlib import Path

    import maillage.actions.samples as samples

    from .sample_geography import add_sample_geography

    add_sample_geography(world.geography)
    data = (Path(samples.__file__).parent / name).read_bytes()
    report = ActionImporter(scope=world.cooperation, actor=world.people["animator"]).run(
        data, filename=name, commit=True
    )
    assert (report.created, report.refused, report.refusal) == (308, 0, [])
    assert report.unknown == [["S", "Remarques internes"]]
    assert Action.objects.filter(source=world.cooperation).count() == 308
