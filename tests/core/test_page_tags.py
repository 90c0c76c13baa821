"""The page furniture tags: {% breadcrumb %} and {% table %} draw what every page shares."""

import pytest
from django.template import Context, Template, TemplateSyntaxError
from django.urls import reverse

from tests.html import Page


def render(source: str, **context) -> Page:
    return Page(Template("{% load pages %}" + source).render(Context(context)))


def test_the_breadcrumb_links_each_step_then_names_the_current_page():
    page = render(
        '{% breadcrumb "core:home" "Accueil" "/cooperations/monalisa-22/" "MONALISA 22" '
        "current=title %}",
        title="Historique",
    )
    trail = page.by_role("navigation", "Fil d'Ariane")[0]
    assert [(a.get_text(), a["href"]) for a in trail.find_all("a")] == [
        ("Accueil", reverse("core:home")),
        ("MONALISA 22", "/cooperations/monalisa-22/"),
    ]
    assert page.text("[aria-current=page]") == "Historique"


def test_a_step_without_target_is_left_out():
    page = render('{% breadcrumb "core:home" "Accueil" missing "Ville" current="Paris 1er" %}')
    assert page.texts(".breadcrumb a") == ["Accueil"]


def test_the_breadcrumb_refuses_a_step_without_its_label():
    with pytest.raises(TemplateSyntaxError):
        render('{% breadcrumb "core:home" current="Page" %}')


def test_the_table_draws_caption_headings_and_rows():
    page = render(
        '{% table "Communes" "Nom" "Habitants" num="Habitants" count=2 %}'
        "{% for name, people in rows %}<tr><th>{{ name }}</th><td>{{ people }}</td></tr>"
        "{% endfor %}{% endtable %}",
        rows=[("Plérin", "14 606"), ("Saint-Brieuc", "44 372")],
    )
    assert page.text("caption").startswith("Communes")
    assert "(2)" in page.text("caption")
    assert page.texts("thead th") == ["Nom", "Habitants"]
    assert page.table() == [["Plérin", "14 606"], ["Saint-Brieuc", "44 372"]]


def test_the_table_needs_a_caption():
    with pytest.raises(TemplateSyntaxError):
        render("{% table %}{% endtable %}")
