"""The public pages of the inventory: the search, its print view, an action's page, and the short
lists on the commune, department and cooperation pages."""

import pytest

from maillage.actions.enums import KindCode, PublicCode
from maillage.territories.enums import PartKind
from tests.actions.factories import ActionFactory
from tests.html import Page

pytestmark = pytest.mark.django_db

SEARCH = "/actions/"
PRINT = "/actions/recherche/imprimer/"


def result_titles(page: Page) -> list[str]:
    return page.texts(".action-results .action-title")


def checkbox_labels(page: Page, name: str) -> dict[str, str]:
    """The label of each checkbox of a filter, by value."""
    labels = {}
    for box in page.select(f"input[type=checkbox][name={name}]"):
        labels[box["value"]] = page.text(f"label[for={box['id']}]")
    return labels


def test_a_commune_typed_as_people_type_it_gives_what_reaches_it(client, geography):
    ActionFactory(
        title="Visites de convivialité",
        commune=geography["plerin"],
        parts=[(PartKind.EPCI, geography["sbaa"].code)],
        contact_phone="02 96 74 00 00",
        schedule="Chaque mardi après-midi",
        is_free=False,
        cost_details="2 € la séance",
    )
    ActionFactory(title="À Brest", commune=geography["brest"])

    page = Page(client.get(SEARCH, {"commune": "plerin"}))

    assert page.h1 == "Actions pour les habitants de Plérin"
    assert page.heading("1 action trouvée")
    assert result_titles(page) == ["Visites de convivialité"]
    facts = page.definitions(".action-result dl")
    assert facts["Où"] == "Plérin (22)"
    assert facts["Quand"] == "Chaque mardi après-midi"
    assert facts["Coût"] == "Payant : 2 € la séance"
    assert page.link("02 96 74 00 00")["href"] == "tel:0296740000"
    # What was typed stays in the field.
    assert page.field("Commune où vit la personne")["value"] == "plerin"


def test_kind_public_text_and_free_only_filter_and_each_choice_says_its_count(client, geography):
    plerin = geography["plerin"]
    ActionFactory(title="Visites", commune=plerin, kinds=[KindCode.HOME_VISITS], summary="")
    ActionFactory(title="Appels", commune=plerin, kinds=[KindCode.PHONE_CALLS], summary="")
    ActionFactory(
        title="Café des aidants",
        commune=plerin,
        kinds=[KindCode.CARERS],
        publics=[PublicCode.CARERS],
        is_free=False,
        summary="",
    )

    page = Page(client.get(SEARCH, {"commune": "22187", "type": KindCode.PHONE_CALLS}))

    assert result_titles(page) == ["Appels"]
    labels = checkbox_labels(page, "type")
    assert labels[KindCode.PHONE_CALLS] == "Appels téléphoniques de convivialité (1 action)"
    assert labels[KindCode.HOME_VISITS] == "Visites à domicile (1 action)"
    assert labels[KindCode.OUTINGS] == "Sorties et activités collectives (0 action)"
    assert page.one(f"input[name=type][value={KindCode.PHONE_CALLS}]").has_attr("checked")
    assert checkbox_labels(page, "public")[PublicCode.CARERS] == "Aidants (0 action)"

    page = Page(client.get(SEARCH, {"commune": "22187", "public": PublicCode.CARERS}))
    assert result_titles(page) == ["Café des aidants"]
    page = Page(client.get(SEARCH, {"commune": "22187", "q": "cafe aidant"}))
    assert result_titles(page) == ["Café des aidants"]
    page = Page(client.get(SEARCH, {"commune": "22187", "gratuites": "on"}))
    assert result_titles(page) == ["Appels", "Visites"]


def test_old_actions_leave_the_results_unless_asked_and_the_others_say_a_vérifier(
    client, geography
):
    plerin = geography["plerin"]
    ActionFactory(title="B récente", commune=plerin)
    ActionFactory(title="A à vérifier", commune=plerin, to_check=True)
    ActionFactory(title="C ancienne", commune=plerin, stale=True)
    ActionFactory(title="D terminée", commune=plerin, ended=True)

    page = Page(client.get(SEARCH, {"commune": "Plérin"}))
    assert result_titles(page) == ["A à vérifier", "B récente"]
    assert len(page.select(".action-result .badge")) == 1
    assert page.text(".action-result .badge").startswith("À vérifier : non confirmée depuis le")

    page = Page(client.get(SEARCH, {"commune": "Plérin", "toutes": "on"}))
    assert result_titles(page) == ["A à vérifier", "B récente", "C ancienne", "D terminée"]
    assert [text.split(" :")[0] for text in page.texts(".action-result .badge")] == [
        "À vérifier",
        "Ancienne",
        "Terminée",
    ]


def test_an_ambiguous_commune_offers_the_candidates_and_keeps_the_filters(client, geography):
    ActionFactory(title="Saint-Denis solidaire", commune=geography["saint_denis"])

    page = Page(client.get(SEARCH, {"commune": "Saint-Denis", "type": KindCode.HOME_VISITS}))

    assert page.text(".error-summary li").startswith("Commune où vit la personne : Plusieurs")
    assert result_titles(page) == []
    links = page.links("Saint-Denis")
    assert len(links) == 2
    (link,) = [link for link in links if "93066" in link["href"]]
    assert "commune=Saint-Denis+%2893066%29" in link["href"]
    assert f"type={KindCode.HOME_VISITS}" in link["href"]
    page = Page(client.get(SEARCH + link["href"]))
    assert result_titles(page) == ["Saint-Denis solidaire"]


def test_an_unknown_commune_is_said_in_french(client, geography):
    page = Page(client.get(SEARCH, {"commune": "Trifouilly"}))

    assert page.text(".error-summary li") == (
        "Commune où vit la personne : Aucune commune ne correspond à « Trifouilly ». "
        "Vérifiez l'orthographe ou saisissez le code postal."
    )
    assert page.field("Commune où vit la personne")["value"] == "Trifouilly"


def test_results_come_page_by_page_with_shareable_addresses(client, geography):
    for n in range(23):
        ActionFactory(title=f"Action {n:02d}", commune=geography["plerin"])

    first = Page(client.get(SEARCH, {"commune": "22187"}))
    assert len(result_titles(first)) == 20
    next_href = first.link("Page suivante")["href"]
    second = Page(client.get(SEARCH + next_href))
    assert result_titles(second) == ["Action 20", "Action 21", "Action 22"]
    assert second.heading("23 actions trouvées")


def test_the_search_page_queries_do_not_grow_with_the_results(
    client, geography, django_assert_max_num_queries
):
    ActionFactory(commune=geography["plerin"])
    with django_assert_max_num_queries(16):
        client.get(SEARCH, {"commune": "22187", "q": "visite"})
    for _ in range(12):
        ActionFactory(commune=geography["plerin"])
    with django_assert_max_num_queries(16):
        page = Page(client.get(SEARCH, {"commune": "22187", "q": "visite"}))
    assert len(result_titles(page)) == 13


def test_the_print_view_lists_the_same_search_on_one_plain_page(client, geography):
    ActionFactory(title="Visites", commune=geography["plerin"], contact_phone="02 96 00 00 01")
    ActionFactory(title="À Brest", commune=geography["brest"])
    search = Page(client.get(SEARCH, {"commune": "Plérin"}))

    page = Page(client.get(search.link("Imprimer cette liste")["href"]))

    assert page.h1 == "Actions pour les habitants de Plérin"
    assert page.text(".print-criteria") == "Commune : Plérin (22187)"
    assert page.texts(".print-list h2") == ["Visites"]
    assert "Téléphone : 02 96 00 00 01" in page.texts(".print-list p")
    assert page.link("Revenir à la recherche")["href"] == "/actions/?commune=Pl%C3%A9rin"


def test_the_action_page_has_everything_to_take_part(client, geography):
    action = ActionFactory(
        title="Atelier mémoire",
        commune=geography["plerin"],
        parts=[(PartKind.EPCI, geography["sbaa"].code), (PartKind.COMMUNE, "22093")],
        opening_hours="Tu 14:00-17:00",
        address="2 rue de la Mairie",
        drop_in=True,
        how_to_join="Appeler la veille.",
        kinds=[KindCode.OUTINGS],
    )

    page = Page(client.get(action.get_absolute_url()))

    facts = page.definitions()
    assert facts["Horaires"] == "Le mardi de 14 h à 17 h"
    assert facts["Démarche"] == "Appeler la veille."
    assert facts["Pour les habitants de"] == (
        "Saint-Brieuc Armor Agglomération, Lamballe-Armor (22)"
    )
    assert facts["Type d'action"] == "Sorties et activités collectives"
    assert facts["Où"] == "2 rue de la Mairie, Plérin (on peut venir sur place, sans rendez-vous)"
    assert page.link("Voir les autres actions pour les habitants de Plérin")["href"] == (
        "/actions/?commune=22187"
    )


def test_commune_department_and_cooperation_pages_list_their_actions(client, world):
    geography = world.geography
    ActionFactory(title="Visites à Plérin", commune=geography["plerin"])
    ActionFactory(title="Ancienne", commune=geography["plerin"], stale=True)
    ActionFactory(title="À Brest", commune=geography["brest"])

    commune = Page(client.get("/territoires/communes/22187/"))
    assert commune.texts("#actions li a") == ["Visites à Plérin"]
    assert commune.link("Voir toutes les actions pour les habitants de Plérin")["href"] == (
        "/actions/?commune=22187"
    )

    department = Page(client.get("/territoires/departements/29/"))
    assert department.texts("#actions li a") == ["À Brest"]
    href = department.link("Voir toutes les actions du département")["href"]
    assert result_titles(Page(client.get(href))) == ["À Brest"]

    cooperation = Page(client.get(world.cooperation.get_absolute_url()))
    assert cooperation.texts("#actions li a") == ["Visites à Plérin"]
    href = cooperation.link("Voir toutes les actions du territoire")["href"]
    assert result_titles(Page(client.get(href))) == ["Visites à Plérin"]


def test_a_commune_without_actions_says_so(client, geography):
    page = Page(client.get("/territoires/communes/2A004/"))

    assert page.text("#actions p").startswith(
        "Aucune action recensée n'est encore ouverte aux habitants d'Ajaccio."
    )
