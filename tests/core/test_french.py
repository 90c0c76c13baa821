"""French agreement in templates: `fr_pluralize` keeps 0 and 1 singular."""

from pathlib import Path

import pytest
from django.template import engines

from maillage.core.templatetags.french import fr_pluralize

TEMPLATES = Path(__file__).resolve().parents[2] / "maillage"


@pytest.mark.parametrize(
    ("count", "expected"),
    [(0, "0 coopération"), (1, "1 coopération"), (2, "2 coopérations"), (1.5, "1,5 coopération")],
)
def test_a_count_agrees_in_french_in_any_template(count, expected):
    # No {% load %}: the library is built in for every template.
    template = engines["django"].from_string("{{ n }} coopération{{ n|fr_pluralize }}")
    assert template.render({"n": count}) == expected


@pytest.mark.parametrize(
    ("value", "arg", "expected"),
    [
        (0, "al,aux", "al"),
        (3, "al,aux", "aux"),
        (["une"], "s", ""),
        (["une", "deux"], "s", "s"),
        ("", "s", ""),
        (None, "s", ""),
        (2, "a,b,c", ""),
    ],
)
def test_fr_pluralize_takes_endings_and_sized_values(value, arg, expected):
    assert fr_pluralize(value, arg) == expected


def test_no_template_counts_with_djangos_pluralize():
    """Django's `pluralize` puts 0 in the plural (« 0 coopérations »): counts use `fr_pluralize`."""
    offenders = [
        f"{path.relative_to(TEMPLATES)}:{number}"
        for path in sorted(TEMPLATES.rglob("*.html"))
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        if "|pluralize" in line
    ]
    assert offenders == []
