"""Opening hours in plain French, read from the OpenStreetMap parser's intervals."""

import datetime

import pytest

from maillage.actions.hours import describe_opening_hours

# A Wednesday: the reference week starts on the Monday before.
TODAY = datetime.date(2026, 12, 2)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Tu 14:00-17:00", "Le mardi de 14 h à 17 h"),
        (
            "Mo-Fr 09:00-12:00,14:00-17:00",
            "Du lundi au vendredi de 9 h à 12 h et de 14 h à 17 h",
        ),
        ("Mo,Th 09:30-11:45", "Le lundi et le jeudi de 9 h 30 à 11 h 45"),
        ("Mo-We,Fr 10:00-12:00", "Du lundi au mercredi et le vendredi de 10 h à 12 h"),
        ("Sa,Su 10:00-12:00", "Le samedi et le dimanche de 10 h à 12 h"),
        ("Mo-Su 08:00-20:00", "Tous les jours de 8 h à 20 h"),
        ("24/7", "Tous les jours, 24 h sur 24"),
        ("Sa 22:00-02:00", "Le samedi de 22 h à 2 h"),
        ("Su 20:00-24:00", "Le dimanche de 20 h à minuit"),
        (
            "Mo 10:00-12:00; Th 14:00-16:00",
            "Le lundi de 10 h à 12 h ; le jeudi de 14 h à 16 h",
        ),
        (
            'Mo-Fr 09:00-12:00 "sur rendez-vous"',
            "Du lundi au vendredi de 9 h à 12 h (sur rendez-vous)",
        ),
        (
            "Tu 14:00-17:00; We unknown",
            "Le mardi de 14 h à 17 h ; le mercredi : horaires à confirmer",
        ),
    ],
)
def test_regular_weekly_hours_read_as_a_sentence(value, expected):
    assert describe_opening_hours(value, today=TODAY) == expected


@pytest.mark.parametrize(
    "value",
    ["Mo[1] 14:00-16:00", "Jul-Aug Mo 10:00-12:00", "week 01-10 Tu 10:00-12:00", "off"],
)
def test_hours_that_change_over_the_year_are_given_as_written(value):
    assert describe_opening_hours(value, today=TODAY) == (
        f"Horaires variables, notés au format OpenStreetMap : « {value} »"
    )


def test_no_hours_say_nothing_and_unreadable_hours_are_not_invented():
    assert describe_opening_hours("") == ""
    assert describe_opening_hours("le mardi") == (
        "Horaires variables, notés au format OpenStreetMap : « le mardi »"
    )
