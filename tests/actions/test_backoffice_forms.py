"""The back office of the inventory as its editors use it: the list and its filters, adding an
action, its zone in plain words, editing, the history and the end of an action."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from maillage.actions.enums import ActionStatus, KindCode, PublicCode
from maillage.actions.models import Action
from maillage.core.models import AuditEntry
from maillage.territories.enums import PartKind
from tests.actions.factories import ActionFactory
from tests.html import Page
from tests.organisations.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

ADD = reverse("actions:backoffice_add")
LIST = reverse("actions:backoffice_list")


def form_data(world, **changes) -> dict:
    data = {
        "title": "Café des aînés de Plérin",
        "summary": "Un café chaque mardi pour se retrouver.",
        "description": "Ouvert à toutes et à tous.",
        "kinds": [KindCode.OUTINGS, KindCode.INTERGENERATIONAL],
        "publics": [PublicCode.AT_HOME],
        "organisations": [world.organisation.pk],
        "status": ActionStatus.ACTIVE,
        "commune": "Plérin",
        "address": "Salle des fêtes, rue du Port",
        "zone_level": "epci",
        "zone_others": "",
        "schedule": "Le mardi après-midi",
        "opening_hours": "Tu 14:00-17:00",
        "is_free": "True",
        "cost_details": "",
        "how_to_join": "Venir sur place, sans inscription.",
        "contact_phone": "0296123456",
        "contact_email": "cafe@exemple.fr",
        "drop_in": "on",
        "form_url": "",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def test_a_referent_adds_an_action_of_their_organisation(world):
    client = world.client_as("referent")
    page = Page(client.get(ADD))
    assert page.h1 == "Ajouter une action"
    # Their one organisation is offered, and chosen for them.
    carriers = page.field("Organisations qui la portent")
    assert [box["value"] for box in carriers.select("input[checked]")] == [
        str(world.organisation.pk)
    ]

    response = client.post(ADD, form_data(world))

    action = Action.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("actions:backoffice_edit", args=[action.slug])
    assert action.created_by == world.people["referent"]
    assert action.contact_phone == "02 96 12 34 56"
    assert action.commune == world.geography["plerin"]
    assert action.zone.part_pairs() == [("epci", "200069409")]
    assert {kind.code for kind in action.kinds.all()} == {"sorties_activites", "intergenerationnel"}
    page = Page(client.get(response["Location"]))
    assert page.messages() == [
        "L'action « Café des aînés de Plérin » est enregistrée ; elle figure désormais dans "
        "l'inventaire public."
    ]


@pytest.mark.parametrize(
    ("level", "others", "expected"),
    [
        ("commune", "", [("commune", "22187")]),
        ("department", "", [("department", "22")]),
        ("region", "", [("region", "53")]),
        ("country", "Brest", [("commune", "29019"), ("country", "FR")]),
        (
            "named",
            "Lamballe-Armor (22093)\nFinistère\n242900314\nRégion Bretagne\n\n75",
            [
                ("commune", "22093"),
                ("department", "29"),
                ("department", "75"),
                ("epci", "242900314"),
                ("region", "53"),
            ],
        ),
        (
            "commune",
            "Brest Métropole\nSaint-Brieuc",
            [("commune", "22187"), ("commune", "22278"), ("epci", "242900314")],
        ),
    ],
)
def test_the_zone_is_said_in_plain_words(world, level, others, expected):
    client = world.client_as("referent")
    response = client.post(ADD, form_data(world, zone_level=level, zone_others=others))
    assert response.status_code == 302, Page(response).errors()
    assert sorted(Action.objects.get().zone.part_pairs()) == expected


def test_mistakes_are_explained_in_french_and_what_was_typed_is_kept(world):
    client = world.client_as("referent")
    data = form_data(
        world,
        title="Café des aînés",
        commune="",
        zone_level="department",
        zone_others="Nulle-Part-sur-Mer\nFinistère",
        opening_hours="mardi après-midi",
        contact_email="pas-une-adresse",
        kinds=[],
    )
    page = Page(client.post(ADD, data))

    assert Action.objects.count() == 0
    assert page.title.startswith("Erreur")
    errors = page.errors()
    assert any(error.startswith("Commune où elle a lieu : Indiquez la commune") for error in errors)
    assert "Ce que propose l'action : Cochez au moins un type d'action." in errors
    assert any("« Nulle-Part-sur-Mer » : Aucune commune" in error for error in errors)
    assert any(error.startswith("Horaires (format OpenStreetMap") for error in errors)
    assert page.value("Nom de l'action") == "Café des aînés"
    assert page.value("Autres territoires concernés") == "Nulle-Part-sur-Mer\nFinistère"
    assert page.value("Horaires (format OpenStreetMap, facultatif)") == "mardi après-midi"
    assert page.value("Adresse électronique") == "pas-une-adresse"


def test_a_zone_around_a_commune_needs_the_commune(world):
    page = Page(
        world.client_as("referent").post(
            ADD, form_data(world, commune="", remote="on", zone_level="commune")
        )
    )
    assert page.field_errors("Qui peut en bénéficier ?") == [
        "Indiquez d'abord la commune où l'action a lieu, ou choisissez « Seulement les "
        "territoires nommés ci-dessous »."
    ]


def test_a_referent_cannot_name_another_organisation_as_carrier(world):
    page = Page(
        world.client_as("referent").post(
            ADD, form_data(world, organisations=[world.other_organisation.pk])
        )
    )
    assert Action.objects.count() == 0
    assert page.field_errors("Organisations qui la portent") == [
        "Choisissez seulement des valeurs de la liste."
    ]


def test_an_animator_chooses_among_the_members_of_their_cooperation(world):
    page = Page(world.client_as("animator").get(ADD))
    carriers = page.field("Organisations qui la portent")
    offered = {label.get_text(strip=True) for label in carriers.select("label")}
    assert offered == {"CCAS de Saint-Brieuc", "Petits Frères des Pauvres 22"}


def test_the_edit_form_shows_the_zone_as_it_was_said(world):
    action = ActionFactory(
        commune=world.geography["plerin"],
        organisations=[world.organisation],
        parts=[(PartKind.EPCI, "200069409"), (PartKind.DEPARTMENT, "29"), ("region", "11")],
    )
    page = Page(
        world.client_as("referent").get(reverse("actions:backoffice_edit", args=[action.slug]))
    )
    assert page.value("Commune où elle a lieu") == "Plérin (22187)"
    levels = page.field("Qui peut en bénéficier ?")
    chosen = levels.select_one("input[checked]")
    assert chosen["value"] == "epci"
    assert [label.get_text(" ", strip=True) for label in levels.select("label")] == [
        "Les habitants de cette commune (Plérin)",
        "Les habitants de son intercommunalité (Saint-Brieuc Armor Agglomération)",
        "Les habitants de son département (Côtes-d'Armor)",
        "Les habitants de sa région (Bretagne)",
        "Toute la France",
        "Seulement les territoires nommés ci-dessous",
    ]
    assert page.value("Autres territoires concernés") == "Finistère (29)\nRégion Île-de-France"


def test_editing_saves_confirms_and_keeps_the_zone_round_trip(world):
    action = ActionFactory(
        commune=world.geography["plerin"],
        organisations=[world.organisation],
        parts=[(PartKind.EPCI, "200069409"), (PartKind.DEPARTMENT, "29")],
        to_check=True,
    )
    url = reverse("actions:backoffice_edit", args=[action.slug])
    client = world.client_as("referent")
    data = form_data(
        world,
        title="Nouveau nom",
        commune="Plérin (22187)",
        zone_level="epci",
        zone_others="Finistère (29)",
        version=action.version,
    )
    response = client.post(url, data)
    assert response.status_code == 302, Page(response).errors()
    action.refresh_from_db()
    assert action.title == "Nouveau nom"
    assert action.verified_on == timezone.localdate()
    assert sorted(action.zone.part_pairs()) == [("department", "29"), ("epci", "200069409")]
    entry = AuditEntry.objects.about(action).get()
    assert "zone" not in entry.changes
    assert Page(client.get(url)).messages() == ["Les modifications de l'action sont enregistrées."]


def test_a_stale_form_is_refused_with_what_changed_and_the_typing_kept(world):
    action = ActionFactory(commune=world.geography["plerin"], organisations=[world.organisation])
    url = reverse("actions:backoffice_edit", args=[action.slug])
    started = action.version
    world.client_as("animator").post(
        url, form_data(world, title="Titre de l'animatrice", version=started)
    )
    page = Page(
        world.client_as("referent").post(
            url, form_data(world, title="Titre de la référente", version=started)
        )
    )
    assert page.errors()[0].startswith("Quelqu'un a enregistré cette fiche")
    assert "Titre de l'animatrice" in page.errors()[0]
    assert page.value("Nom de l'action") == "Titre de la référente"
    action.refresh_from_db()
    assert action.title == "Titre de l'animatrice"
    assert page.h1 == "Modifier : Titre de l'animatrice"


def test_the_list_filters_and_pages_in_a_constant_number_of_queries(
    world, django_assert_max_num_queries
):
    client = world.client_as("animator")
    for number in range(3):
        ActionFactory(
            title=f"Atelier numérique {number}",
            commune=world.geography["plerin"],
            organisations=[world.organisation, OrganisationFactory()],
        )
    ActionFactory(title="Visites à domicile", commune=world.geography["lamballe"], stale=True)
    ActionFactory(title="Ailleurs", commune=world.geography["brest"])

    with django_assert_max_num_queries(12) as few:
        client.get(LIST)
    for number in range(3, 12):
        ActionFactory(
            title=f"Atelier numérique {number}",
            commune=world.geography["plerin"],
            organisations=[world.organisation, OrganisationFactory()],
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = Page(client.get(LIST))
    titles = [row[0] for row in page.table()]
    assert len(titles) == 13
    assert "Ailleurs" not in titles

    page = Page(client.get(LIST, {"freshness": "stale"}))
    assert [row[0] for row in page.table()] == ["Visites à domicile"]
    assert page.heading("1 action pour ces critères")
    page = Page(client.get(LIST, {"q": "numérique 1", "department": "22"}))
    assert [row[0] for row in page.table()] == [
        "Atelier numérique 1",
        "Atelier numérique 10",
        "Atelier numérique 11",
    ]


def test_the_history_tells_every_change(world):
    client = world.client_as("referent")
    client.post(ADD, form_data(world))
    action = Action.objects.get()
    client.post(
        reverse("actions:backoffice_edit", args=[action.slug]),
        form_data(world, title="Le café de Plérin", version=action.version),
    )
    page = Page(client.get(reverse("actions:backoffice_history", args=[action.slug])))
    summaries = [row[3] for row in page.table()]
    assert summaries[0].startswith("Fiche de l'action modifiée : titre")
    assert "Titre : Café des aînés de Plérin → Le café de Plérin" in summaries[0]
    assert summaries[1].startswith("Action créée : Café des aînés de Plérin")


def test_ending_an_action_is_asked_then_done(world):
    action = ActionFactory(commune=world.geography["plerin"], organisations=[world.organisation])
    url = reverse("actions:backoffice_end", args=[action.slug])
    client = world.client_as("referent")
    page = Page(client.get(url))
    assert page.h1 == f"L'action « {action.title} » s'arrête ?"
    page = Page(client.post(url, follow=True))
    assert page.h1 == "Actions"
    assert page.messages() == [
        f"L'action « {action.title} » est terminée : elle ne figure plus dans les recherches. "
        "Son historique est conservé."
    ]
    action.refresh_from_db()
    assert action.status == ActionStatus.ENDED
    again = Page(client.post(url, follow=True))
    assert again.messages() == ["Cette action est déjà terminée."]


def test_an_action_verified_long_ago_is_marked_in_the_list(world):
    ActionFactory(
        title="Ancienne",
        commune=world.geography["plerin"],
        organisations=[world.organisation],
        verified_on=datetime.date(2025, 1, 5),
    )
    page = Page(world.client_as("referent").get(LIST))
    assert page.table()[0][4] == "5 janvier 2025 (à confirmer)"


def test_the_history_page_is_constant_in_queries(world, django_assert_max_num_queries):
    action = ActionFactory(
        commune=world.geography["plerin"], organisations=[world.organisation], stale=True
    )
    url = reverse("actions:backoffice_history", args=[action.slug])
    client = world.client_as("referent")
    client.post(reverse("actions:backoffice_confirm", args=[action.slug]))
    with django_assert_max_num_queries(20) as few:
        client.get(url)
    first = len(few.captured_queries)  # read now: each request empties the query log
    for number in range(5):
        world.client_as("animator").post(
            reverse("actions:backoffice_edit", args=[action.slug]),
            form_data(world, title=f"Titre n° {number}", commune="Plérin"),
        )
    with django_assert_max_num_queries(first):
        page = Page(client.get(url))
    assert len(page.table()) == 6


def test_staff_pick_carriers_from_a_list_when_there_are_many(world):
    for number in range(30):
        OrganisationFactory(name=f"Association n° {number}")
    page = Page(world.client_as("staff").get(ADD))
    field = page.field("Organisations qui la portent")
    assert field.name == "select"
    assert field.has_attr("multiple")
    assert len(field.find_all("option")) == 34


@pytest.mark.parametrize(
    ("role", "shown"),
    [("anonymous", False), ("other_referent", False), ("referent", True), ("staff", True)],
)
def test_the_public_page_leads_its_editors_to_the_form(world, role, shown):
    action = ActionFactory(commune=world.geography["plerin"], organisations=[world.organisation])
    page = Page(world.client_as(role).get(action.get_absolute_url()))
    links = page.links("Modifier cette action")
    assert [link["href"] for link in links] == (
        [reverse("actions:backoffice_edit", args=[action.slug])] if shown else []
    )


def test_a_territory_typed_in_part_gets_suggestions_that_parse(world):
    client = world.client_as("referent")
    page = Page(client.post(ADD, form_data(world, zone_others="Brest Métro")))
    (error,) = page.field_errors("Autres territoires concernés")
    assert error == (
        "« Brest Métro » : Aucun territoire ne porte exactement ce nom. Recopiez l'une de ces "
        "propositions : « Brest Métropole (242900314) »."
    )
    response = client.post(ADD, form_data(world, zone_others="Brest Métropole (242900314)"))
    assert response.status_code == 302
