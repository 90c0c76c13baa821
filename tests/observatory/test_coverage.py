"""refresh_coverage on a small hand-built world: the expected answers are written here."""

import pytest
from django.test import override_settings

from maillage.observatory.coverage import refresh_coverage, white_zones, white_zones_by_epci
from maillage.observatory.models import CommuneCoverage

from .files import alone

pytestmark = pytest.mark.django_db


def coverage_of(commune):
    row = CommuneCoverage.objects.get(commune=commune)
    return row.team_count, row.action_count, row.actions_by_kind, row.cooperation_count


def test_every_current_commune_gets_its_coverage(network):
    g = network
    assert refresh_coverage() == 8  # the current communes; delegated ones and districts not
    phone = {"appels_convivialite": 1}
    assert coverage_of(g["saint_brieuc"]) == (2, 1, phone, 1)
    assert coverage_of(g["plerin"]) == (2, 1, phone, 1)
    assert coverage_of(g["lamballe"]) == (1, 1, phone, 1)
    assert coverage_of(g["paris"]) == (1, 1, phone, 0)
    assert coverage_of(g["brest"]) == (
        0,
        3,
        {"appels_convivialite": 1, "sorties_activites": 1, "visites_domicile": 2},
        0,
    )
    assert coverage_of(g["saint_denis"]) == (0, 1, phone, 0)
    assert coverage_of(g["ajaccio"]) == (0, 1, phone, 0)
    assert not CommuneCoverage.objects.filter(commune=g["paris_1"]).exists()


def test_a_refresh_replaces_the_previous_one(network):
    refresh_coverage()
    network["brest"].actions_held.all().delete()
    refresh_coverage()
    assert CommuneCoverage.objects.count() == 8
    assert coverage_of(network["brest"]) == (0, 1, {"appels_convivialite": 1}, 0)


def test_white_zones_are_uncovered_communes_above_the_threshold_ranked(network):
    g = network
    alone(g["saint_brieuc"], 1400)  # covered
    alone(g["brest"], 3500)
    alone(g["ajaccio"], 2600)
    alone(g["saint_denis"], 20)  # at the threshold
    alone(g["saint_denis_reunion"], 19)  # below it
    refresh_coverage()
    ranked = [row.commune.code for row in white_zones().select_related("commune")]
    assert ranked == ["29019", "2A004", "93066"]
    with override_settings(MAILLAGE_WHITE_ZONE_THRESHOLD=2000):
        assert [row.commune.code for row in white_zones().select_related("commune")] == [
            "29019",
            "2A004",
        ]


def test_white_zones_by_epci_add_their_people(network):
    g = network
    alone(g["brest"], 3500)
    alone(g["paris"], 9000)  # covered by the team of the 1st arrondissement
    alone(g["saint_denis"], 300)
    refresh_coverage()
    assert [
        (row["epci__name"], row["communes"], row["people"]) for row in white_zones_by_epci()
    ] == [
        ("Brest Métropole", 1, 3500),
        ("Métropole du Grand Paris", 1, 300),
    ]


def test_the_computation_takes_a_fixed_number_of_queries(network, django_assert_max_num_queries):
    with django_assert_max_num_queries(24):
        refresh_coverage()


def test_one_commune_is_recomputed_alone_after_a_change(network, django_assert_max_num_queries):
    from maillage.observatory.coverage import refresh_communes
    from maillage.territories.enums import PartKind
    from tests.teams.factories import CitizenTeamFactory

    refresh_coverage()
    brest, ajaccio = network["brest"], network["ajaccio"]
    CitizenTeamFactory(
        meeting_commune=brest,
        parts=[(PartKind.COMMUNE, "29019"), (PartKind.COMMUNE, "2A004")],
        labelled=True,
    )
    with django_assert_max_num_queries(24):
        assert refresh_communes([brest]) == 1
    assert coverage_of(brest)[0] == 1
    assert coverage_of(ajaccio)[0] == 0  # not asked for: unchanged until the next refresh
    assert coverage_of(network["saint_brieuc"]) == (2, 1, {"appels_convivialite": 1}, 1)
    # A delegated commune stands for its current one.
    morieux = network["lamballe"].attached.get(code="22168")
    assert refresh_communes([morieux]) == 1
    assert coverage_of(network["lamballe"]) == (1, 1, {"appels_convivialite": 1}, 1)
