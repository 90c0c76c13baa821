"""French "de" and "à" before a name: elided and contracted as French writes them."""

import pytest
from django.template import engines

from maillage.core.text import at_name, of_name, with_article


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Paris", "de Paris"),
        ("Annecy", "d'Annecy"),
        ("Évian-les-Bains", "d'Évian-les-Bains"),
        ("Yvetot", "d'Yvetot"),
        ("Œuilly", "d'Œuilly"),
        ("Le Mans", "du Mans"),
        ("Le Perreux-sur-Marne", "du Perreux-sur-Marne"),
        ("Les Sables-d'Olonne", "des Sables-d'Olonne"),
        ("La Flèche", "de La Flèche"),
        ("L'Haÿ-les-Roses", "de L'Haÿ-les-Roses"),
        ("Lamballe-Armor", "de Lamballe-Armor"),
        ("Lesparre-Médoc", "de Lesparre-Médoc"),
        ("Haguenau", "de Haguenau"),  # no elision before an H: "h aspiré" forbids it
        ("les aidants", "des aidants"),
        ("le marché", "du marché"),
        ("l'Aisne", "de l'Aisne"),
        ("la Gironde", "de la Gironde"),
        ("Aux Marais", "des Marais"),
        ("  Le   Mans ", "du Mans"),
    ],
)
def test_of_name_elides_and_contracts(name, expected):
    assert of_name(name) == expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Paris", "à Paris"),
        ("Annecy", "à Annecy"),
        ("Le Mans", "au Mans"),
        ("Les Sables-d'Olonne", "aux Sables-d'Olonne"),
        ("La Rochelle", "à La Rochelle"),
        ("L'Isle-Adam", "à L'Isle-Adam"),
    ],
)
def test_at_name_contracts(name, expected):
    assert at_name(name) == expected


@pytest.mark.parametrize(
    ("name", "link", "expected"),
    [
        ("Paris", 0, "de Paris"),
        ("Eure-et-Loir", 1, "d'Eure-et-Loir"),
        ("Finistère", 2, "du Finistère"),
        ("Gironde", 3, "de la Gironde"),
        ("Côtes-d'Armor", 4, "des Côtes-d'Armor"),
        ("Aisne", 5, "de l'Aisne"),
        ("Aisne", None, "d'Aisne"),  # without INSEE's link, the name alone decides
    ],
)
def test_a_department_takes_its_article_from_insee(name, link, expected):
    assert of_name(with_article(name, link)) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Le Mans", "Les coopérations du Mans"),
        ("Annecy", "Les coopérations d&#x27;Annecy"),
        ("", "Les coopérations "),
    ],
)
def test_the_template_filter_needs_no_load(value, expected):
    template = engines["django"].from_string("Les coopérations {{ name|of_name }}")
    assert template.render({"name": value}) == expected


def test_the_at_name_filter_contracts_too():
    template = engines["django"].from_string("Un club {{ name|at_name }}")
    assert template.render({"name": "Le Mans"}) == "Un club au Mans"
    assert template.render({"name": None}) == "Un club "
