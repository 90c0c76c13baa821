"""The code and number checks every app's forms use: each refuses in French."""

import pytest
from django.core.exceptions import ValidationError

from maillage.core.validators import (
    is_commune_code,
    is_department_code,
    is_postcode,
    normalize_commune_code,
    normalize_phone,
    normalize_siret,
    validate_department_code,
    validate_postcode,
    validate_single_line,
    validate_siret,
)


@pytest.mark.parametrize("code", ["22278", "01001", "2A004", "2B033", "97411", "97611", "98818"])
def test_commune_codes(code):
    assert is_commune_code(code)


@pytest.mark.parametrize(
    "code", ["", "2278", "222780", "2C004", "00123", "2a004", "22 278", "AB123"]
)
def test_not_commune_codes(code):
    assert not is_commune_code(code)


def test_commune_code_is_normalised_or_refused_in_french():
    assert normalize_commune_code(" 2a 004 ") == "2A004"
    with pytest.raises(ValidationError) as refused:
        normalize_commune_code("2C004")
    assert refused.value.messages == [
        "Le code INSEE d'une commune compte 5 caractères : deux chiffres (2A ou 2B en Corse) puis "
        "trois chiffres, par exemple 22278."
    ]


@pytest.mark.parametrize(
    "code", ["01", "19", "21", "2A", "2B", "95", "971", "972", "973", "974", "975", "976", "988"]
)
def test_department_codes(code):
    assert is_department_code(code)
    validate_department_code(code.lower())


@pytest.mark.parametrize("code", ["", "00", "20", "96", "99", "970", "979", "985", "2C", "221"])
def test_not_department_codes(code):
    assert not is_department_code(code)
    with pytest.raises(ValidationError) as refused:
        validate_department_code(code)
    assert refused.value.code == "department_code"


@pytest.mark.parametrize("code", ["22000", "01000", "20000", "97400", "97600", "98000"])
def test_postcodes(code):
    assert is_postcode(code)
    validate_postcode(code)


@pytest.mark.parametrize("code", ["2200", "220000", "00100", "99000", "2A000", ""])
def test_not_postcodes(code):
    assert not is_postcode(code)
    with pytest.raises(ValidationError) as refused:
        validate_postcode(code)
    assert refused.value.messages == ["Un code postal compte 5 chiffres, par exemple 22000."]


def test_siret_with_a_valid_key():
    validate_siret("73282932000074")
    assert normalize_siret("732 829 320 00074") == "73282932000074"
    assert normalize_siret("732.829.320-00074") == "73282932000074"
    assert normalize_siret("  ") == ""


def test_la_poste_siret_keyed_on_the_sum_of_digits():
    # La Poste's establishments (SIREN 356000000) fail the Luhn key; their digits sum to a
    # multiple of 5 instead.
    validate_siret("35600000012003")
    with pytest.raises(ValidationError) as refused:
        validate_siret("35600000012004")
    assert refused.value.code == "luhn"
    # The exception is La Poste's alone.
    with pytest.raises(ValidationError):
        validate_siret("35700000012002")


@pytest.mark.parametrize(
    ("value", "code"),
    [("73282932000075", "luhn"), ("7328293200007", "format"), ("7328293200007A", "format")],
)
def test_siret_refused_in_french(value, code):
    with pytest.raises(ValidationError) as refused:
        validate_siret(value)
    assert refused.value.code == code
    assert "SIRET" in refused.value.messages[0]


@pytest.mark.parametrize(
    ("typed", "shown"),
    [
        ("0123456789", "01 23 45 67 89"),
        ("01.23.45.67.89", "01 23 45 67 89"),
        ("+33 6 12 34 56 78", "06 12 34 56 78"),
        ("0033612345678", "06 12 34 56 78"),
        ("0262 12 34 56", "0262 12 34 56"),
        ("0692123456", "0692 12 34 56"),
        ("0596301234", "0596 30 12 34"),
        ("0269612345", "0269 61 23 45"),
        ("+32 2 234 56 78", "+32 2 234 56 78"),
        ("", ""),
    ],
)
def test_phone_numbers_are_normalised_for_display(typed, shown):
    assert normalize_phone(typed) == shown


@pytest.mark.parametrize("typed", ["01 23 45", "0012", "12345678901234", "téléphone", "+33 1 23"])
def test_phone_numbers_refused_in_french(typed):
    with pytest.raises(ValidationError) as refused:
        normalize_phone(typed)
    assert refused.value.code == "phone"
    assert refused.value.messages[0].startswith("Ce numéro de téléphone n'est pas valide.")


@pytest.mark.parametrize(
    "text",
    ["a\nb", "a\r\nb", "a\tb", "a\x00b", "a\x1fb", "a\x7fb", "a\x85b", "a\u2028b", "a\u2029b"],
)
def test_single_line_refuses_control_characters(text):
    with pytest.raises(ValidationError) as refused:
        validate_single_line(text)
    assert refused.value.code == "control_characters"


def test_single_line_accepts_accents_and_punctuation():
    validate_single_line("Coopération « MONALISA » d'Île-de-France — 2026")
