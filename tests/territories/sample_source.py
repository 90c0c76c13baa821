"""A small copy of @etalab/decoupage-administratif, in the package's exact format, for tests.

`sample_data()` returns the rows as Python lists (tests change them), `write_source()` writes
them as the package lays them out: <dir>/package.json and <dir>/data/*.json.
"""

import copy
import json
from pathlib import Path

REGIONS = [
    {"code": "04", "chefLieu": "97411", "nom": "La Réunion", "typeLiaison": 3, "zone": "drom"},
    {"code": "11", "chefLieu": "75056", "nom": "Île-de-France", "typeLiaison": 1, "zone": "metro"},
    {"code": "53", "chefLieu": "35238", "nom": "Bretagne", "typeLiaison": 0, "zone": "metro"},
    {
        "code": "975",
        "chefLieu": "97502",
        "nom": "Saint-Pierre-et-Miquelon",
        "typeLiaison": 0,
        "zone": "com",
    },
]

DEPARTMENTS = [
    {"code": "22", "region": "53", "chefLieu": "22278", "nom": "Côtes-d'Armor", "typeLiaison": 4,
     "zone": "metro"},
    {"code": "29", "region": "53", "chefLieu": "29232", "nom": "Finistère", "typeLiaison": 2,
     "zone": "metro"},
    {"code": "75", "region": "11", "chefLieu": "75056", "nom": "Paris", "typeLiaison": 0,
     "zone": "metro"},
    {"code": "974", "region": "04", "chefLieu": "97411", "nom": "La Réunion", "typeLiaison": 3,
     "zone": "drom"},
    {"code": "975", "region": "975", "chefLieu": "97502", "nom": "Saint-Pierre-et-Miquelon",
     "typeLiaison": 0, "zone": "com"},
]  # fmt: skip


def _commune(code, name, department, region, population=None, postal=(), **extra):
    zone = {"04": "drom", "975": "com"}.get(region, "metro")
    row = {
        "code": code,
        "nom": name,
        "typeLiaison": 0,
        "zone": zone,
        "arrondissement": f"{department}1",
        "departement": department,
        "region": region,
        "type": "commune-actuelle",
        "rangChefLieu": 0,
        "siren": f"21{code}0",
        "codesPostaux": list(postal),
    }
    if population is not None:
        row["population"] = population
    row.update(extra)
    return row


def _attached(code, name, department, region, current, kind="commune-deleguee"):
    return {
        "code": code,
        "nom": name,
        "typeLiaison": 0,
        "zone": "metro",
        "type": kind,
        "chefLieu": current,
        "arrondissement": f"{department}1",
        "departement": department,
        "region": region,
    }


COMMUNES = [
    _commune("22278", "Saint-Brieuc", "22", "53", 44372, ["22000"]),
    _commune("22187", "Plérin", "22", "53", 14606, ["22190"]),
    _commune(
        "22093", "Lamballe-Armor", "22", "53", 17193, ["22400"], anciensCodes=["22084", "22168"]
    ),
    _attached("22093", "Lamballe", "22", "53", "22093"),
    _attached("22168", "Morieux", "22", "53", "22093"),
    _commune("29019", "Brest", "29", "53", 139926, ["29200"]),
    _attached("29250", "Saint-Marc", "29", "53", "29019", kind="commune-associee"),
    _commune("75056", "Paris", "75", "11", 2113705, ["75001", "75015"]),
    {
        "code": "75101",
        "nom": "Paris 1er Arrondissement",
        "typeLiaison": 0,
        "zone": "metro",
        "type": "arrondissement-municipal",
        "commune": "75056",
        "arrondissement": "751",
        "departement": "75",
        "region": "11",
        "codesPostaux": ["75001"],
        "population": 15917,
    },
    _commune("97411", "Saint-Denis", "974", "04", 153810, ["97400", "97490"]),
    _commune("97502", "Saint-Pierre", "975", "975", 5819, ["97500"]),
    # No population, as for the uninhabited overseas territories in the real package.
    _commune("97503", "Miquelon-Langlade", "975", "975", None, ["97500"]),
]


def _epci(code, name, kind, members):
    return {
        "code": code,
        "nom": name,
        "type": kind,
        "modeFinancement": "FPU",
        "populationTotale": 0,
        "populationMunicipale": 0,
        "membres": [
            {"code": member, "siren": f"21{member}0", "nom": member, "populationTotale": 0,
             "populationMunicipale": 0}
            for member in members
        ],
    }  # fmt: skip


EPCIS = [
    _epci("200069409", "Saint-Brieuc Armor Agglomération", "CA", ["22278", "22187"]),
    _epci("200069391", "Lamballe Terre et Mer", "CA", ["22093"]),
    _epci("242900314", "Brest Métropole", "METRO", ["29019"]),
    _epci("200054781", "Métropole du Grand Paris", "METRO", ["75056"]),
    _epci("249740119", "CA Intercommunale du Nord de la Réunion", "CA", ["97411"]),
]

BREST_METROPOLE = "242900314"


def sample_data(extra_communes: int = 0, first_extra: int = 0) -> dict[str, list[dict]]:
    """The sample, plus `extra_communes` generated communes of Finistère in Brest Métropole,
    numbered from `first_extra` (at most 300 in all)."""
    data = {
        "regions.json": copy.deepcopy(REGIONS),
        "departements.json": copy.deepcopy(DEPARTMENTS),
        "epci.json": copy.deepcopy(EPCIS),
        "communes.json": copy.deepcopy(COMMUNES),
    }
    brest = next(epci for epci in data["epci.json"] if epci["code"] == BREST_METROPOLE)
    for number in range(first_extra, first_extra + extra_communes):
        code = f"29{500 + number:03d}"
        data["communes.json"].append(
            _commune(code, f"Commune n° {number}", "29", "53", 100 + number, [f"29{number:03d}"])
        )
        brest["membres"].append({"code": code, "siren": f"21{code}0", "nom": code})
    return data


def find(rows: list[dict], code: str, kind: str | None = None) -> dict:
    """The row of that code (and type, for communes) in one of sample_data()'s lists."""
    return next(row for row in rows if row["code"] == code and kind in (None, row.get("type")))


def write_source(directory: Path, data: dict | None = None, *, version: str = "6.0.0") -> Path:
    """Write the package layout under `directory` and return its data folder."""
    data = sample_data() if data is None else data
    data_dir = Path(directory) / "data"
    data_dir.mkdir(parents=True, exist_ok=True)
    package = {"name": "@etalab/decoupage-administratif", "version": version}
    (Path(directory) / "package.json").write_text(json.dumps(package), encoding="utf-8")
    for name, rows in data.items():
        (data_dir / name).write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")
    return data_dir
