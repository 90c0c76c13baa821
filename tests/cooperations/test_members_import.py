"""Importing a cooperation's list of member organisations: organisations found by SIRET or by
name and commune, the others proposed then created, memberships added or updated."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from maillage.cooperations.enums import MemberRole
from maillage.cooperations.importers import MemberImporter
from maillage.cooperations.models import Membership
from maillage.core.models import AuditEntry
from maillage.organisations.enums import OrganisationKind
from maillage.organisations.models import Organisation
from tests.core.spreadsheets import csv_bytes, ods_bytes
from tests.html import Page
from tests.organisations.factories import OrganisationFactory

HEADINGS = ["Structure", "Type", "N° SIRET", "Ville", "Courriel", "Rôle", "Date d'adhésion"]
SIRET = "73282932000074"


@pytest.fixture
def known(world):
    return OrganisationFactory(
        name="Club des retraités de Plérin", siret=SIRET, commune=world.geography["plerin"]
    )


def run(world, rows, *, commit=True, data=None):
    importer = MemberImporter(scope=world.cooperation, actor=world.people["animator"])
    return importer.run(data or csv_bytes(rows), filename="membres.csv", commit=commit)


def test_members_are_found_proposed_added_and_updated(world, known):
    before = Organisation.objects.count()
    rows = [
        HEADINGS,
        # Found by SIRET whatever its name in the file.
        ["Club retraités Plérin", "", "732 829 320 00074", "", "", "copil", "01/02/2023"],
        # Found by name (already a member, as a member: its role changes).
        ["PETITS FRERES DES PAUVRES 22", "", "", "Saint-Brieuc", "", "financeur", ""],
        # Unknown: proposed, created at the commit.
        ["Amicale des aînés de Trégueux", "asso", "", "22187", "amicale@exemple.fr", "", ""],
    ]
    preview = run(world, rows, commit=False)
    assert (preview.created, preview.updated, preview.unchanged) == (2, 1, 0)
    assert preview.proposals == [
        {
            "name": "Amicale des aînés de Trégueux",
            "kind": "association",
            "commune": "Plérin (22187)",
            "lines": "4",
        }
    ]
    assert Organisation.objects.count() == before

    report = run(world, rows)
    assert report.committed
    created = Organisation.objects.get(name="Amicale des aînés de Trégueux")
    assert (created.kind, created.contact_email) == (
        OrganisationKind.ASSOCIATION,
        "amicale@exemple.fr",
    )
    memberships = {
        m.organisation.name: (m.role, m.since and m.since.isoformat())
        for m in Membership.objects.filter(cooperation=world.cooperation).select_related(
            "organisation"
        )
    }
    assert memberships["Club des retraités de Plérin"] == (MemberRole.STEERING, "2023-02-01")
    assert memberships["Petits Frères des Pauvres 22"][0] == MemberRole.FUNDER
    assert memberships["Amicale des aînés de Trégueux"][0] == MemberRole.MEMBER
    entry = AuditEntry.objects.about(world.cooperation).first()
    assert entry.action == "cooperations.members.import"
    assert entry.changes["organisations créées"] == ["", "Amicale des aînés de Trégueux"]
    assert AuditEntry.objects.about(created).get().action == "organisations.organisation.create"

    again = run(world, rows)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)


def test_an_existing_organisations_record_is_left_as_it_is(world, known):
    run(world, [HEADINGS, ["Club des retraités de Plérin", "ccas", "", "Plérin", "x@y.fr", "", ""]])
    known.refresh_from_db()
    assert (known.kind, known.contact_email) == (OrganisationKind.ASSOCIATION, "")


def test_a_name_shared_by_two_organisations_needs_its_commune(world):
    OrganisationFactory(name="ADMR", slug="admr-brest", commune=world.geography["brest"])
    OrganisationFactory(name="ADMR", slug="admr-lamballe", commune=world.geography["lamballe"])
    report = run(world, [HEADINGS, ["ADMR", "", "", "", "", "", ""]], commit=False)
    assert report.problems[0]["message"].startswith("Plusieurs organisations s'appellent")
    report = run(world, [HEADINGS, ["ADMR", "", "", "Lamballe-Armor", "", "", ""]])
    assert report.created == 1
    assert (
        Membership.objects.get(organisation__name="ADMR").organisation.commune
        == (world.geography["lamballe"])
    )


@pytest.mark.parametrize(
    ("cell", "column", "says"),
    [
        ("12345678901234", "N° SIRET", "clé de contrôle"),
        ("chef", "Rôle", "n'est pas un rôle connu"),
        ("société secrète", "Type", "n'est pas une nature connue"),
        ("Atlantide", "Ville", "Aucune commune"),
        ("pas-une-adresse", "Courriel", "adresse e-mail"),
        ("30/02/2020", "Date d'adhésion", "jj/mm/aaaa"),
    ],
)
def test_bad_cells_are_refused_line_by_line_and_nothing_is_written(world, cell, column, says):
    row = dict.fromkeys(HEADINGS, "")
    row.update({"Structure": "Amicale des aînés", column: cell})
    before = (Organisation.objects.count(), Membership.objects.count(), AuditEntry.objects.count())
    report = run(world, [HEADINGS, list(row.values())])
    assert report.refused == 1
    assert report.problems[0]["line"] == 2
    assert report.problems[0]["column"] in {c.label for c in MemberImporter.columns}
    assert says in report.problems[0]["message"]
    assert (
        Organisation.objects.count(),
        Membership.objects.count(),
        AuditEntry.objects.count(),
    ) == before


def test_the_same_organisation_twice_in_a_file_is_refused(world, known):
    rows = [HEADINGS, ["Club des retraités de Plérin", "", "", "", "", "", ""],
            ["", "", SIRET, "", "", "", ""]]  # fmt: skip
    rows[2][0] = "Club des retraités"
    report = run(world, rows, commit=False)
    assert report.problems[0]["line"] == 3
    assert "reprend l'identifiant de la ligne 2" in report.problems[0]["message"]


def test_an_ods_list_is_imported(world):
    report = run(world, None, data=ods_bytes([["Nom", "Commune"], ["Amicale de Brest", "Brest"]]))
    assert report.format == "ods" and report.created == 1


def test_the_members_page_links_to_the_import_and_the_import_works_through_the_pages(world):
    client = world.client_as("animator")
    members_url = reverse("cooperations:backoffice_members", args=[world.cooperation.slug])
    page = Page(client.get(members_url))
    link = page.link("Importer une liste de membres")["href"]
    assert link == reverse("cooperations:backoffice_members_import", args=[world.cooperation.slug])
    response = client.post(
        link,
        {"file": SimpleUploadedFile("m.csv", csv_bytes([["Nom"], ["Amicale de Plérin"]]))},
        follow=True,
    )
    page = Page(response)
    assert page.h1.startswith("Vérifier avant d'importer — Importer la liste des membres")
    response = client.post(page.form("main form[method=post]:not(.stacked-form)")["action"])
    assert Membership.objects.filter(organisation__name="Amicale de Plérin").exists()
    page = Page(client.get(response.url))
    assert page.link("Retour à la liste des membres")["href"] == members_url
