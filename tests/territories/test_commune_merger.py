"""When the geography import merges a commune into another, what was located in the old
commune follows it to the new one, and the import report says so."""

import pytest

from maillage.core.models import AuditEntry
from maillage.organisations.models import Organisation
from maillage.territories.enums import CommuneKind
from maillage.territories.models import Commune, GeographyImport
from tests.organisations.factories import OrganisationFactory

from .sample_source import _attached, find, sample_data, write_source
from .test_import import run

pytestmark = pytest.mark.django_db

MOVED_LINE = "organisation « CCAS de Plérin » : Plérin (22187) → Saint-Brieuc (22278)"


def current(code: str) -> Commune:
    return Commune.objects.get(code=code, kind=CommuneKind.CURRENT)


@pytest.fixture
def imported(tmp_path):
    """The sample imported, and organisations in Plérin and in Brest."""
    run(data_dir=write_source(tmp_path / "v1", sample_data()))
    plerin = OrganisationFactory(name="CCAS de Plérin", commune=current("22187"))
    brest = OrganisationFactory(name="CCAS de Brest", commune=current("29019"))
    return plerin, brest


def plerin_leaves_its_epci(data) -> None:
    sbaa = find(data["epci.json"], "200069409")
    sbaa["membres"] = [member for member in sbaa["membres"] if member["code"] != "22187"]
    data["communes.json"].remove(find(data["communes.json"], "22187"))


def merged_as_delegated() -> dict:
    """Plérin becomes a delegated commune of Saint-Brieuc, as INSEE lists a « commune nouvelle »."""
    data = sample_data()
    plerin_leaves_its_epci(data)
    data["communes.json"].append(_attached("22187", "Plérin", "22", "53", "22278"))
    return data


def merged_into_former_codes() -> dict:
    """Plérin disappears; Saint-Brieuc lists it among its former codes."""
    data = sample_data()
    plerin_leaves_its_epci(data)
    find(data["communes.json"], "22278")["anciensCodes"] = ["22187"]
    return data


@pytest.mark.parametrize("merged", [merged_as_delegated, merged_into_former_codes])
def test_an_organisation_follows_its_commune_into_the_merger(tmp_path, imported, merged):
    plerin_org, brest_org = imported

    output = run(data_dir=write_source(tmp_path / "v2", merged()))

    plerin_org.refresh_from_db()
    brest_org.refresh_from_db()
    assert plerin_org.commune == current("22278")
    assert brest_org.commune == current("29019")
    assert MOVED_LINE in [line.strip() for line in output.splitlines()]
    assert GeographyImport.objects.latest().report["relocations"] == [MOVED_LINE]
    entry = AuditEntry.objects.about(plerin_org).get()
    assert (entry.actor, entry.action) == (None, "organisations.organisation.relocate")
    assert not AuditEntry.objects.about(brest_org).exists()


def test_a_commune_that_disappears_without_a_successor_leaves_no_commune(tmp_path, imported):
    plerin_org, _ = imported
    data = sample_data()
    plerin_leaves_its_epci(data)

    run(data_dir=write_source(tmp_path / "v2", data))

    assert Organisation.objects.get(pk=plerin_org.pk).commune is None
    assert GeographyImport.objects.latest().report["relocations"] == []


def test_a_dry_run_moves_nothing(tmp_path, imported):
    plerin_org, _ = imported
    plerin_id = plerin_org.commune_id

    run(data_dir=write_source(tmp_path / "v2", merged_as_delegated()), dry_run=True)

    assert Organisation.objects.get(pk=plerin_org.pk).commune_id == plerin_id
