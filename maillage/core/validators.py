"""Checks on the codes and numbers people type, written once for every app: INSEE commune and
department codes, postcodes, SIRET, phone numbers, single-line texts. Each raises a
ValidationError with a French message; the `normalize_*` functions return the form to store."""

import re

import phonenumbers
from django.core.exceptions import ValidationError

from .text import LINE_BREAKERS

# Two digits (Corsica: 2A, 2B) then three; "20…" stays valid for the codes Corsican communes had
# before 1976, kept as former codes. Overseas codes (971…, 988…) fit the same shape.
_COMMUNE_CODE = re.compile(r"^(?:0[1-9]|[1-9]\d|2[AB])\d{3}$")
_DEPARTMENT_CODE = re.compile(r"^(?:0[1-9]|1\d|2[1-9AB]|[3-8]\d|9[0-5]|97[1-8]|98[46-9])$")
_POSTCODE = re.compile(r"^(?:0[1-9]|[1-8]\d|9[0-8])\d{3}$")
_SPACES = re.compile(r"\s+")
_SIRET_SEPARATORS = re.compile(r"[\s.\-]")
# Where a number written the national way ("0262 …") may belong: the overseas departments and
# collectivities first, whose ranges are carved out of the national plan ("0596" is Martinique,
# not a "05" of the south-west), then metropolitan France, then the Pacific.
_PHONE_REGIONS = ("RE", "YT", "GP", "MQ", "GF", "PM", "BL", "MF", "FR", "NC", "PF", "WF")
_FRENCH_CALLING_CODES = {33, 262, 269, 508, 590, 594, 596, 681, 687, 689}
# La Poste's establishments share one SIREN and are keyed on the sum of their digits.
_LA_POSTE_SIREN = "356000000"


def _compact(value: str) -> str:
    return _SPACES.sub("", value or "").upper()


def is_commune_code(value: str) -> bool:
    """True for the shape of an INSEE commune code: "22278", "2A004", "97411"."""
    return bool(_COMMUNE_CODE.match(value or ""))


def normalize_commune_code(value: str) -> str:
    """ "2a 004" → "2A004"; raises when it is not a commune code."""
    code = _compact(value)
    if not is_commune_code(code):
        raise ValidationError(
            "Le code INSEE d'une commune compte 5 caractères : deux chiffres (2A ou 2B en "
            "Corse) puis trois chiffres, par exemple 22278.",
            code="commune_code",
        )
    return code


def validate_commune_code(value: str) -> None:
    normalize_commune_code(value)


def is_department_code(value: str) -> bool:
    """True for a department code: "01" to "95", "2A", "2B", overseas "971" to "989"."""
    return bool(_DEPARTMENT_CODE.match(value or ""))


def validate_department_code(value: str) -> None:
    if not is_department_code(_compact(value)):
        raise ValidationError(
            "Le code d'un département compte deux chiffres (2A ou 2B en Corse, trois chiffres "
            "outre-mer), par exemple 22 ou 974.",
            code="department_code",
        )


def is_postcode(value: str) -> bool:
    """True for a French postcode: five digits, "01000" to "98999"."""
    return bool(_POSTCODE.match(value or ""))


def validate_postcode(value: str) -> None:
    if not is_postcode(_compact(value)):
        raise ValidationError(
            "Un code postal compte 5 chiffres, par exemple 22000.", code="postcode"
        )


def luhn_valid(digits: str) -> bool:
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char)
        if position % 2 == 1:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


def validate_siret(value: str) -> None:
    """A SIRET has 14 digits and a valid Luhn key (La Poste's establishments excepted)."""
    if not value.isdigit() or len(value) != 14:
        raise ValidationError(
            "Le SIRET doit contenir exactement 14 chiffres (sans espace ni lettre).", code="format"
        )
    if value.startswith(_LA_POSTE_SIREN) and sum(int(c) for c in value) % 5 == 0:
        return
    if not luhn_valid(value):
        raise ValidationError(
            "Ce numéro SIRET n'est pas valide : sa clé de contrôle ne correspond pas. "
            "Vérifiez les 14 chiffres.",
            code="luhn",
        )


def normalize_siret(value: str) -> str:
    """The 14 digits of a SIRET copied with spaces, dots or dashes; "" for nothing typed."""
    siret = _SIRET_SEPARATORS.sub("", value or "")
    if siret:
        validate_siret(siret)
    return siret


def normalize_phone(value: str) -> str:
    """A phone number as it is shown: "01 23 45 67 89", "0262 12 34 56" overseas,
    "+32 2 234 56 78" abroad; "" for nothing typed."""
    text = (value or "").strip()
    if not text:
        return ""
    for region in _PHONE_REGIONS:
        try:
            number = phonenumbers.parse(text, region)
        except phonenumbers.NumberParseException:
            break
        if phonenumbers.is_valid_number(number):
            french = number.country_code in _FRENCH_CALLING_CODES
            style = phonenumbers.PhoneNumberFormat
            return phonenumbers.format_number(
                number, style.NATIONAL if french else style.INTERNATIONAL
            )
        if text.startswith(("+", "00")):
            break
    raise ValidationError(
        "Ce numéro de téléphone n'est pas valide. Saisissez ses 10 chiffres, par exemple "
        "01 23 45 67 89, ou l'indicatif du pays s'il est à l'étranger (+32 …).",
        code="phone",
    )


def validate_phone(value: str) -> None:
    normalize_phone(value)


def validate_single_line(value: str) -> None:
    """No newline, tab or other control character: what goes on one line (a name, a title)
    may end up in a mail header or a CSV cell."""
    if LINE_BREAKERS.search(value or ""):
        raise ValidationError(
            "Ce champ tient sur une seule ligne : retirez les retours à la ligne, tabulations "
            "et autres caractères invisibles.",
            code="control_characters",
        )
