"""Finding the one commune a text designates ("Plérin (22187)", "22187", "plerin", a postal code),
and the French message when it designates none or several."""

import pytest
from django.core.exceptions import ValidationError

from maillage.territories.search import (
    commune_by_code,
    commune_label,
    find_commune,
    resolve_commune,
)

from .factories import CommuneFactory


@pytest.mark.parametrize(
    "text",
    ["Plérin (22187)", "Plérin(22187)", "22187", " 22 187 ", "Plérin", "plerin", "PLÉRIN", "22190"],
)
def test_the_commune_written_any_way(geography, text):
    assert find_commune(text).commune == geography["plerin"]
    assert resolve_commune(text) == geography["plerin"]


@pytest.mark.parametrize("text", ["st brieuc", "St-Brieuc", "saint brieuc", "22000"])
def test_saint_written_short_or_long(geography, text):
    assert resolve_commune(text) == geography["saint_brieuc"]


def test_an_exact_name_wins_over_longer_names(geography):
    CommuneFactory(code="35255", name="Saint-Brieuc-des-Iffs", population=300)
    match = find_commune("Saint-Brieuc")
    assert match.commune == geography["saint_brieuc"]
    assert [r.place.name for r in match.others] == ["Saint-Brieuc-des-Iffs"]


def test_corsican_and_overseas_codes(geography):
    assert resolve_commune("2a004") == geography["ajaccio"]
    assert resolve_commune("Ajaccio (2A004)") == geography["ajaccio"]
    assert resolve_commune("97411") == geography["saint_denis_reunion"]


def test_a_former_commune_leads_to_its_current_commune(geography):
    assert resolve_commune("Morieux") == geography["lamballe"]
    saint_denis = geography["saint_denis"]
    saint_denis.former_codes = "75059"
    saint_denis.save()
    assert resolve_commune("75059") == saint_denis


def test_a_number_that_is_an_insee_code_and_a_postal_code_is_asked_about(geography):
    # 75001 was Alfortville's code; today it is Paris 1er's postal code. Half the postal codes
    # of France are also another commune's INSEE code (22190: Plérin's postal code,
    # Pleslin-Trigavou's INSEE code): a bare number designates neither without asking.
    coded = CommuneFactory(code="75001", name="Commune codée", population=10)
    match = find_commune("75001")
    assert match.commune is None
    assert [r.place.code for r in match.results] == ["75056", "75101", "75001"]
    with pytest.raises(ValidationError) as refused:
        resolve_commune("75001")
    assert refused.value.code == "commune_ambiguous"
    # Written back as "Name (code)", the code is the INSEE code.
    assert resolve_commune("Commune codée (75001)") == coded
    # An INSEE code that is no postal code of another commune designates its commune.
    assert resolve_commune("22187") == geography["plerin"]


def test_two_communes_of_the_same_name_are_both_proposed(geography):
    match = find_commune("Saint-Denis")
    assert match.commune is None
    assert sorted(r.place.code for r in match.results) == ["93066", "97411"]
    with pytest.raises(ValidationError) as refused:
        resolve_commune("Saint-Denis")
    assert refused.value.code == "commune_ambiguous"
    assert refused.value.messages == [
        "Plusieurs communes correspondent. Précisez en recopiant l'une de ces propositions : "
        "« Saint-Denis (97411) », La Réunion ; « Saint-Denis (93066) », Seine-Saint-Denis."
    ]
    assert resolve_commune("Saint-Denis (93066)") == geography["saint_denis"]


def test_nothing_found_says_what_to_type(geography):
    assert find_commune("Atlantide").commune is None
    with pytest.raises(ValidationError) as refused:
        resolve_commune("Atlantide")
    assert refused.value.messages == [
        "Aucune commune ne correspond à « Atlantide ». Vérifiez l'orthographe ou saisissez le "
        "code INSEE de la commune (5 caractères, par exemple 22278)."
    ]


def test_commune_by_code_is_current_only(geography):
    assert commune_by_code("22093") == geography["lamballe"]
    assert commune_by_code("75101") == geography["paris_1"]
    assert commune_by_code("99999") is None
    assert commune_by_code("pirate") is None
    assert commune_label(geography["ajaccio"]) == "Ajaccio (2A004)"
    assert commune_label(None) == ""
