"""manage.py import_territories and maillage.territories.importers, on small samples written in
the package's exact format, and once on the real pinned package."""

import json
from collections import Counter
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection
from django.db.models import Sum
from django.test.utils import CaptureQueriesContext

from maillage.territories.enums import CommuneKind, EpciKind, PartKind, Zone
from maillage.territories.importers import import_geography, load_source
from maillage.territories.models import (
    Commune,
    Department,
    Epci,
    GeographyImport,
    Perimeter,
    PerimeterPart,
    PostalCode,
    Region,
)

from .sample_source import find, sample_data, write_source

pytestmark = pytest.mark.django_db


def run(*args, **options) -> str:
    out = StringIO()
    call_command("import_territories", *args, stdout=out, **options)
    return out.getvalue()


def snapshot() -> dict:
    """Everything the importer may write, in a comparable form."""
    return {
        model.__name__: sorted(model.objects.order_by().values_list())
        for model in (Region, Department, Epci, Commune, PostalCode, GeographyImport)
    }


def commune(code: str, kind: str = CommuneKind.CURRENT) -> Commune:
    return Commune.objects.select_related("current", "epci", "department").get(code=code, kind=kind)


def edit(data_dir, name: str, change) -> None:
    """Rewrite one file of a written sample after `change(rows)`."""
    path = data_dir / name
    rows = json.loads(path.read_text(encoding="utf-8"))
    change(rows)
    path.write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")


def test_first_import_creates_everything(tmp_path):
    output = run(data_dir=write_source(tmp_path))

    assert Region.objects.count() == 4
    assert Region.objects.get(code="975").zone == Zone.COM
    assert Department.objects.count() == 5
    assert Counter(Commune.objects.values_list("kind", flat=True)) == {
        CommuneKind.CURRENT: 8,
        CommuneKind.DELEGATED: 2,
        CommuneKind.ASSOCIATED: 1,
        CommuneKind.MUNICIPAL_DISTRICT: 1,
    }
    lamballe = commune("22093")
    assert lamballe.current is None
    assert lamballe.former_codes == "22084 22168"
    assert lamballe.epci.code == "200069391"
    # A delegated commune keeps the code of the commune it joined: (code, kind) tells them apart.
    delegated = commune("22093", CommuneKind.DELEGATED)
    assert (delegated.name, delegated.current, delegated.population) == ("Lamballe", lamballe, None)
    assert commune("22168", CommuneKind.DELEGATED).current == lamballe
    assert commune("29250", CommuneKind.ASSOCIATED).current == commune("29019")
    district = commune("75101", CommuneKind.MUNICIPAL_DISTRICT)
    assert district.current == commune("75056")
    assert district.epci_id == "200054781"  # its city's EPCI: districts are not EPCI members
    assert district.population == 15917
    assert commune("97502").epci is None
    assert commune("97503").population is None
    assert commune("22187").search_name == "plerin"
    assert Department.objects.get(code="22").search_name == "cotes d armor"
    assert Epci.objects.get(code="200069409").search_name == "saint brieuc armor agglomeration"
    assert Epci.objects.get(code="242900314").kind == EpciKind.METRO
    # Populations of departments and EPCIs: sums over their current communes only.
    assert Department.objects.get(code="22").population == 44372 + 14606 + 17193
    assert Department.objects.get(code="75").population == 2113705
    assert Department.objects.get(code="975").population == 5819
    assert Epci.objects.get(code="200069409").population == 44372 + 14606
    assert Epci.objects.get(code="200054781").population == 2113705
    assert sorted(commune("75056").postal_codes.values_list("code", flat=True)) == [
        "75001",
        "75015",
    ]
    assert list(district.postal_codes.values_list("code", flat=True)) == ["75001"]
    assert PostalCode.objects.count() == 11
    assert not PostalCode.objects.filter(commune__kind=CommuneKind.DELEGATED).exists()

    recorded = GeographyImport.objects.get()
    assert recorded.source_version == "6.0.0"
    assert recorded.report["tables"]["communes"]["added"] == 12
    assert "22093 (COMD)" in recorded.report["tables"]["communes"]["added_keys"]
    assert "Référentiel géographique importé" in output
    assert "communes : 12 ajouts, 0 modification, 0 suppression" in output


def test_reimporting_the_same_files_changes_nothing_in_a_bounded_number_of_queries(
    tmp_path, django_assert_max_num_queries
):
    queries = []
    for extra in (10, 100):
        data_dir = write_source(tmp_path / str(extra), sample_data(extra_communes=extra))
        import_geography(load_source(data_dir))
        before = snapshot()
        source = load_source(data_dir)
        with (
            django_assert_max_num_queries(10),
            CaptureQueriesContext(connection) as captured,
        ):
            report = import_geography(source)
        queries.append(len(captured))
        assert report.changes == 0
        assert all(diff.changes == 0 for diff in report.tables.values())
        assert snapshot() == before  # same ids: nothing deleted and created again
    assert Commune.objects.current().count() == 8 + 100
    assert queries[0] == queries[1]


def test_writing_changes_takes_as_many_queries_for_10_rows_as_for_100(tmp_path):
    queries = []
    for rows in (10, 100):
        for model in (PostalCode, Commune, Epci, Department, Region, GeographyImport):
            model.objects.all().delete()
        import_geography(load_source(write_source(tmp_path / f"{rows}-v1", sample_data(2 * rows))))
        # Then the first `rows` extra communes go, the next change, `rows` new ones come.
        data = sample_data(2 * rows, first_extra=rows)
        for row in data["communes.json"][-2 * rows : -rows]:
            row["population"] += 1
        source = load_source(write_source(tmp_path / f"{rows}-v2", data))

        with CaptureQueriesContext(connection) as captured:
            report = import_geography(source)

        queries.append(len(captured))
        assert [len(report.tables["communes"].added), len(report.tables["communes"].changed)] == [
            rows,
            rows,
        ]
        assert len(report.tables["communes"].removed) == len(report.tables["postal_codes"].removed)
        assert Commune.objects.filter(name__startswith="Commune n°").count() == 2 * rows
    assert queries[0] == queries[1]
    assert queries[0] <= 30


def test_a_changed_source_reports_exactly_the_changes_and_applies_them(tmp_path):
    data = sample_data()
    import_geography(load_source(write_source(tmp_path / "v1", data)))
    brest_id = commune("29019").pk

    communes = data["communes.json"]
    find(communes, "29019")["population"] = 140000
    find(communes, "22278")["nom"] = "Saint-Brieuc-sur-Mer"
    communes.remove(find(communes, "22187"))  # Plérin leaves...
    sbaa = find(data["epci.json"], "200069409")
    sbaa["membres"] = [member for member in sbaa["membres"] if member["code"] != "22187"]
    find(communes, "22168", "commune-deleguee")["chefLieu"] = "22278"  # Morieux moves
    find(communes, "75056")["codesPostaux"] = ["75001", "75016"]
    communes.append(
        {
            "code": "29151",
            "nom": "Morlaix",
            "typeLiaison": 0,
            "zone": "metro",
            "departement": "29",
            "region": "53",
            "type": "commune-actuelle",
            "codesPostaux": ["29600"],
            "population": 14000,
        }
    )
    data["regions.json"].remove(find(data["regions.json"], "975"))
    data["departements.json"].remove(find(data["departements.json"], "975"))
    communes[:] = [row for row in communes if row["departement"] != "975"]

    report = import_geography(load_source(write_source(tmp_path / "v2", data)))

    def keys(table, change):
        return set(getattr(report.tables[table], change))

    assert keys("regions", "added") == keys("regions", "changed") == set()
    assert keys("regions", "removed") == {"975"}
    assert keys("departments", "changed") == {"22", "29"}  # populations
    assert keys("departments", "removed") == {"975"}
    assert keys("epcis", "changed") == {"200069409", "242900314"}
    assert keys("epcis", "added") == keys("epcis", "removed") == set()
    assert keys("communes", "added") == {("29151", "COM")}
    assert keys("communes", "changed") == {("29019", "COM"), ("22278", "COM"), ("22168", "COMD")}
    assert keys("communes", "removed") == {("22187", "COM"), ("97502", "COM"), ("97503", "COM")}
    assert keys("postal_codes", "added") == {("75056", "COM", "75016"), ("29151", "COM", "29600")}
    assert keys("postal_codes", "removed") == {
        ("75056", "COM", "75015"),
        ("22187", "COM", "22190"),
        ("97502", "COM", "97500"),
        ("97503", "COM", "97500"),
    }
    assert report.tables["communes"].changed_fields(("22278", "COM")) == ["name", "search_name"]

    assert not Region.objects.filter(code="975").exists()
    assert not Commune.objects.filter(code="22187").exists()
    brest = commune("29019")
    assert (brest.pk, brest.population) == (brest_id, 140000)
    assert commune("22278").search_name == "saint brieuc sur mer"
    assert commune("22168", CommuneKind.DELEGATED).current == commune("22278")
    assert commune("29151").department_id == "29"
    assert Department.objects.get(code="22").population == 44372 + 17193
    assert Department.objects.get(code="29").population == 140000 + 14000
    assert Epci.objects.get(code="200069409").population == 44372
    assert sorted(commune("75056").postal_codes.values_list("code", flat=True)) == [
        "75001",
        "75016",
    ]
    stored = GeographyImport.objects.latest().report["tables"]
    assert stored["communes"]["removed_keys"] == ["22187 (COM)", "97502 (COM)", "97503 (COM)"]
    assert stored["postal_codes"]["added_keys"] == ["29600 → 29151 (COM)", "75016 → 75056 (COM)"]


def test_the_command_prints_the_changed_rows_in_french(tmp_path):
    data = sample_data()
    run(data_dir=write_source(tmp_path / "v1", data))
    find(data["communes.json"], "29019")["population"] = 140000

    output = run(data_dir=write_source(tmp_path / "v2", data))

    assert "communes : 0 ajout, 1 modification, 0 suppression" in output
    assert "~ 29019 (COM) Brest : population municipale 139926 → 140000" in output
    assert "Écriture des communes" in output


def test_dry_run_writes_nothing(tmp_path):
    data_dir = write_source(tmp_path / "v1")
    empty = snapshot()

    output = run(data_dir=data_dir, dry_run=True)

    assert snapshot() == empty
    assert "communes : 12 ajouts" in output
    assert "la base n'a pas été modifiée" in output

    run(data_dir=data_dir)
    imported = snapshot()
    data = sample_data()
    find(data["communes.json"], "29019")["population"] = 1
    report = import_geography(load_source(write_source(tmp_path / "v2", data)), dry_run=True)

    assert set(report.tables["communes"].changed) == {("29019", "COM")}
    assert snapshot() == imported


def _missing_file(data_dir):
    (data_dir / "communes.json").unlink()


def _truncated_json(data_dir):
    path = data_dir / "epci.json"
    path.write_text(path.read_text(encoding="utf-8")[:200], encoding="utf-8")


def _not_a_list(data_dir):
    (data_dir / "regions.json").write_text('{"code": "53"}', encoding="utf-8")


def _missing_key(data_dir):
    edit(data_dir, "communes.json", lambda rows: rows[0].pop("nom"))


def _wrong_type(data_dir):
    edit(data_dir, "communes.json", lambda rows: rows[0].update(population="44372"))


def _unknown_department(data_dir):
    edit(data_dir, "communes.json", lambda rows: rows[1].update(departement="99"))


def _unknown_region(data_dir):
    edit(data_dir, "departements.json", lambda rows: rows[0].update(region="00"))


def _unknown_current(data_dir):
    edit(data_dir, "communes.json", lambda rows: rows[4].update(chefLieu="22999"))


def _unknown_member(data_dir):
    edit(data_dir, "epci.json", lambda rows: rows[0]["membres"].append({"code": "99999"}))


def _member_twice(data_dir):
    edit(data_dir, "epci.json", lambda rows: rows[1]["membres"].append({"code": "22278"}))


def _duplicate(data_dir):
    edit(data_dir, "communes.json", lambda rows: rows.append(dict(rows[0])))


def _unknown_kind(data_dir):
    edit(data_dir, "communes.json", lambda rows: rows[0].update(type="commune-fantome"))


def _too_long(data_dir):
    edit(data_dir, "regions.json", lambda rows: rows[0].update(nom="R" * 101))


@pytest.mark.parametrize(
    ("breaks", "message"),
    [
        (_missing_file, "Fichier manquant : {data_dir}/communes.json"),
        (_truncated_json, "Le fichier {data_dir}/epci.json n'est pas un JSON valide"),
        (_not_a_list, "Le fichier regions.json doit contenir une liste d'éléments."),
        (_missing_key, "communes.json, élément n° 1 (code 22278) : la clé « nom » est manquante."),
        (_wrong_type, "« population » doit être un entier positif, pas '44372'."),
        (_unknown_department, "élément n° 2 (code 22187) : département « 99 » inconnu"),
        (_unknown_region, "departements.json, élément n° 1 (code 22) : région « 00 » inconnue"),
        (_unknown_current, "(code 22168) : commune de rattachement « 22999 » inconnue."),
        (_unknown_member, "epci.json, élément n° 1 (code 200069409) : la commune membre '99999'"),
        (_member_twice, "la commune 22278 est déjà membre de l'intercommunalité 200069409."),
        (_duplicate, "communes.json, élément n° 13 (code 22278) : commune en double"),
        (_unknown_kind, "valeur inconnue pour « type » : 'commune-fantome'."),
        (_too_long, "regions.json, élément n° 1 (code 04) : « nom » dépasse 100 caractères"),
    ],
)
def test_a_broken_source_is_refused_in_french_and_changes_nothing(tmp_path, breaks, message):
    run(data_dir=write_source(tmp_path / "good"))
    before = snapshot()
    data = sample_data()
    find(data["communes.json"], "29019")["population"] = 1  # a change a partial write would show
    data_dir = write_source(tmp_path / "broken", data)
    breaks(data_dir)

    with pytest.raises(CommandError) as error:
        run(data_dir=data_dir, force=True)

    assert message.format(data_dir=data_dir) in str(error.value)
    assert snapshot() == before


def test_a_missing_data_folder_is_refused_in_french(tmp_path):
    with pytest.raises(CommandError, match="Dossier de données introuvable"):
        run(data_dir=tmp_path / "nowhere")


def test_a_failure_while_writing_rolls_everything_back(tmp_path, monkeypatch):
    run(data_dir=write_source(tmp_path / "v1"))
    before = snapshot()
    data = sample_data(extra_communes=3)
    find(data["communes.json"], "29019")["population"] = 1
    data["regions.json"].append({"code": "28", "nom": "Normandie", "zone": "metro"})

    def full_disk(**kwargs):
        raise DatabaseError("disque plein")

    # The last write of an import: every row has been written when it fails.
    monkeypatch.setattr(GeographyImport.objects, "create", full_disk)
    with pytest.raises(CommandError, match=r"refusé l'import \(disque plein\)\. Rien n'a été"):
        run(data_dir=write_source(tmp_path / "v2", data))

    assert snapshot() == before


def test_up_to_date_files_are_skipped_unless_forced(
    tmp_path, settings, django_assert_max_num_queries
):
    settings.GEOGRAPHY_DATA_DIR = write_source(tmp_path)
    run()
    Commune.objects.filter(code="29019").update(name="Brest modifiée à la main")

    with django_assert_max_num_queries(2):
        output = run()

    assert output.startswith(
        "Référentiel géographique à jour (@etalab/decoupage-administratif 6.0.0"
    )
    assert output.strip().endswith("rien à importer.")
    assert commune("29019").name == "Brest modifiée à la main"

    output = run(force=True)

    assert "~ 29019 (COM) Brest : nom Brest modifiée à la main → Brest" in output
    assert commune("29019").name == "Brest"
    assert GeographyImport.objects.count() == 2
    output = run(force=True)
    assert "Aucun changement" in output
    assert GeographyImport.objects.count() == 2  # nothing written, nothing recorded


def test_new_files_or_a_new_package_version_are_imported_again(tmp_path):
    data = sample_data()
    data_dir = write_source(tmp_path, data)
    run(data_dir=data_dir)

    write_source(tmp_path, data, version="6.0.1")
    output = run(data_dir=data_dir)

    assert "Aucun changement" in output
    latest = GeographyImport.objects.latest()
    assert latest.source_version == "6.0.1"  # recorded, so that the next start is quick
    assert "rien à importer" in run(data_dir=data_dir)

    edit(data_dir, "communes.json", lambda rows: rows[0].update(population=1))
    output = run(data_dir=data_dir)

    assert "communes : 0 ajout, 1 modification, 0 suppression" in output
    assert GeographyImport.objects.count() == 3


def test_a_removed_territory_still_named_by_a_perimeter_is_reported(tmp_path):
    data = sample_data()
    run(data_dir=write_source(tmp_path / "v1", data))
    perimeter = Perimeter.objects.create(label="Pays de Saint-Brieuc")
    PerimeterPart.objects.create(perimeter=perimeter, kind=PartKind.COMMUNE, code="22187")
    PerimeterPart.objects.create(perimeter=perimeter, kind=PartKind.COMMUNE, code="22278")
    communes = data["communes.json"]
    communes.remove(find(communes, "22187"))
    sbaa = find(data["epci.json"], "200069409")
    sbaa["membres"] = [member for member in sbaa["membres"] if member["code"] != "22187"]

    output = run(data_dir=write_source(tmp_path / "v2", data))

    assert "Attention : des périmètres désignent « commune 22187 »" in output
    assert len(GeographyImport.objects.latest().report["warnings"]) == 1  # not 22278, still there


@pytest.mark.realdata
def test_the_pinned_package_is_imported_whole():
    data_dir = settings.GEOGRAPHY_DATA_DIR
    if not (data_dir / "communes.json").exists():
        pytest.skip("paquet npm absent : lancez « npm ci »")
    communes = json.loads((data_dir / "communes.json").read_text(encoding="utf-8"))
    expected = {
        "regions": len(json.loads((data_dir / "regions.json").read_text(encoding="utf-8"))),
        "departments": len(
            json.loads((data_dir / "departements.json").read_text(encoding="utf-8"))
        ),
        "epcis": len(json.loads((data_dir / "epci.json").read_text(encoding="utf-8"))),
        "kinds": Counter(row["type"] for row in communes),
        "population": sum(
            row.get("population", 0) for row in communes if row["type"] == "commune-actuelle"
        ),
        "postal_codes": sum(len(set(row.get("codesPostaux", []))) for row in communes),
    }

    run(data_dir=data_dir)

    kinds = Counter(Commune.objects.values_list("kind", flat=True))
    assert {
        "regions": Region.objects.count(),
        "departments": Department.objects.count(),
        "epcis": Epci.objects.count(),
        "kinds": {
            "commune-actuelle": kinds[CommuneKind.CURRENT],
            "commune-deleguee": kinds[CommuneKind.DELEGATED],
            "commune-associee": kinds[CommuneKind.ASSOCIATED],
            "arrondissement-municipal": kinds[CommuneKind.MUNICIPAL_DISTRICT],
        },
        "population": Commune.objects.current().aggregate(total=Sum("population"))["total"],
        "postal_codes": PostalCode.objects.count(),
    } == expected
    assert sum(Department.objects.values_list("population", flat=True)) == expected["population"]
    assert not Commune.objects.filter(kind=CommuneKind.MUNICIPAL_DISTRICT, epci=None).exists()
    assert GeographyImport.objects.get().report["tables"]["communes"]["added"] == len(communes)
