"""Fictional census figures for the demo: for each current commune without figures, plausible
numbers drawn from its population with a generator seeded by its code (the same on every run),
flagged fictional so that every diagnosis page says so. Then the coverage is refreshed."""

import random

from maillage.observatory.coverage import refresh_coverage
from maillage.observatory.models import CommunePopulation
from maillage.territories.models import Commune

DEMO_YEAR = 2021
DEMO_SOURCE = "Chiffres fictifs de démonstration, tirés de la population municipale"


def fictional_figures(code: str, population: int) -> dict[str, int]:
    """About 7 % of people aged 80 or over (4 to 11 %), a third to a half of them alone."""
    rng = random.Random(f"population-{code}")
    aged_80_plus = round(population * rng.uniform(0.04, 0.11))
    return {
        "aged_80_plus": aged_80_plus,
        "aged_80_plus_alone": round(aged_80_plus * rng.uniform(0.33, 0.5)),
        "aged_55_79_alone": round(population * rng.uniform(0.05, 0.09)),
        "one_person_households": round(population * rng.uniform(0.14, 0.22)),
    }


def build_demo_population() -> str:
    """Figures for the communes that have none (real ones are never touched), then the coverage
    of every commune; the line the demo loader prints."""
    missing = (
        Commune.objects.current()
        .filter(population__isnull=False, population_figures__isnull=True)
        .values_list("pk", "code", "population")
    )
    rows = [
        CommunePopulation(
            commune_id=pk,
            year=DEMO_YEAR,
            source=DEMO_SOURCE,
            is_fictional=True,
            **fictional_figures(code, population),
        )
        for pk, code, population in missing
    ]
    CommunePopulation.objects.bulk_create(rows, batch_size=2000)
    communes = refresh_coverage()
    return (
        f"Chiffres de population fictifs : {len(rows)} commune(s) ajoutée(s) ; "
        f"couverture recalculée pour {communes} communes."
    )
