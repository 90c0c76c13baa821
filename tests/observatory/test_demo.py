"""The demo's fictional census figures: plausible, the same on every run, flagged, and never
over real ones."""

import pytest

from maillage.demo.population import build_demo_population, fictional_figures
from maillage.observatory.models import CommuneCoverage, CommunePopulation

from .files import alone

pytestmark = pytest.mark.django_db


def test_each_commune_gets_plausible_fictional_figures(geography):
    line = build_demo_population()
    assert line == (
        "Chiffres de population fictifs : 8 commune(s) ajoutée(s) ; "
        "couverture recalculée pour 8 communes."
    )
    brest = CommunePopulation.objects.get(commune=geography["brest"])
    assert brest.is_fictional
    assert 0.04 * 139926 <= brest.aged_80_plus <= 0.11 * 139926
    assert brest.aged_80_plus / 3 <= brest.aged_80_plus_alone <= brest.aged_80_plus / 2
    coverage = CommuneCoverage.objects.get(commune=geography["brest"])
    assert coverage.aged_80_plus_alone == brest.aged_80_plus_alone


def test_the_figures_are_the_same_on_every_run(geography):
    assert fictional_figures("29019", 139926) == fictional_figures("29019", 139926)
    assert fictional_figures("29019", 139926) != fictional_figures("22278", 139926)


def test_real_figures_are_never_replaced_and_a_second_run_adds_nothing(geography):
    alone(geography["brest"], 3500)
    build_demo_population()
    assert CommunePopulation.objects.get(commune=geography["brest"]).aged_80_plus_alone == 3500
    assert build_demo_population().startswith("Chiffres de population fictifs : 0 commune(s)")
    assert CommunePopulation.objects.filter(is_fictional=True).count() == 7
