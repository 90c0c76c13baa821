"""The commune search box is a core form: its hint and its errors are tied to the field."""

from django.urls import reverse

from ..html import Page

SEARCH_URL = reverse("territories:commune_search")
LABEL = "Commune, code postal ou code INSEE"
HINT = "Par exemple : Saint-Brieuc, st brieuc ou 22000"


def test_the_hint_is_tied_to_the_field_on_every_page_that_shows_it(client, geography):
    for url in (SEARCH_URL, reverse("core:home"), "/page-qui-n-existe-pas/"):
        page = Page(client.get(url))
        assert page.described_by(LABEL) == [HINT], url
        assert page.field(LABEL)["type"] == "search"


def test_what_was_typed_is_shown_back_with_its_results(client, geography):
    page = Page(client.get(SEARCH_URL, {"q": "plerin"}))
    assert page.value(LABEL) == "plerin"
    assert page.hrefs(".results a") == ["/territoires/communes/22187/"]


def test_a_query_on_two_lines_is_refused_in_french(client, geography):
    page = Page(client.get(SEARCH_URL, {"q": "Plé\nrin"}))
    assert page.field_errors(LABEL) == [
        "Ce champ tient sur une seule ligne : retirez les retours à la ligne, tabulations et "
        "autres caractères invisibles."
    ]
    assert page.field(LABEL)["aria-invalid"] == "true"
    assert page.select(".results a") == []
