"""The core form glue as people meet it on the cooperation pages: French empty choices, required
markers and their note, hints and errors tied to their field, single-line names."""

import pytest
from django.urls import reverse

from maillage.cooperations.models import Cooperation

from ..html import Page, text_of

REQUIRED_NOTE = "Les champs marqués « obligatoire » doivent être remplis."


def edit_url(cooperation) -> str:
    return reverse("cooperations:backoffice_edit", args=[cooperation.slug])


def edit_data(**changes) -> dict:
    return {
        "name": "MONALISA 22",
        "status": "active",
        "founded_on": "2016-05-12",
        "birth_story": "<p>Née d'un forum en 2016.</p>",
        "working_mode": "",
        "working_description": "",
        "strategy": "",
        "autonomy_plan_url": "",
        "contact_email": "contact@exemple.fr",
        **changes,
    }


@pytest.fixture
def animator_client(client, backoffice_people):
    client.force_login(backoffice_people["animator"])
    return client


@pytest.fixture
def staff_client(client, backoffice_people):
    client.force_login(backoffice_people["staff"])
    return client


def test_a_required_select_offers_a_french_empty_choice(staff_client, geography):
    page = Page(staff_client.get(reverse("cooperations:backoffice_list")))
    options = page.options("Département de départ")
    assert options[0] == "Choisir…"
    assert page.field("Département de départ").find("option")["value"] == ""
    assert not any("---" in option for option in options)


def test_an_optional_select_says_nothing_is_chosen(animator_client, armor_cooperation):
    page = Page(animator_client.get(edit_url(armor_cooperation)))
    options = page.options("Mode de fonctionnement")
    assert options[0] == "Non précisé"
    assert not any("---" in option for option in options)


def test_required_fields_carry_the_marker_and_the_form_explains_it(
    animator_client, armor_cooperation
):
    page = Page(animator_client.get(edit_url(armor_cooperation)))
    assert text_of(page.label_for("Nom")) == "Nom (obligatoire)"
    assert text_of(page.label_for("Adresse de contact")) == "Adresse de contact"
    assert page.texts(".required-note") == [REQUIRED_NOTE]


def test_a_form_without_required_field_has_no_note(client, armor_cooperation):
    page = Page(client.get(reverse("cooperations:list")))
    assert page.options("Statut")[0] == "Tous les statuts"
    assert page.texts(".required-note") == []


def test_hint_then_error_are_tied_to_their_field(animator_client, armor_cooperation):
    url = edit_url(armor_cooperation)
    page = Page(animator_client.get(url))
    label = "Schéma départemental de l'autonomie"
    assert page.described_by(label) == ["Lien vers le schéma du département."]
    assert page.field(label).get("aria-invalid") is None

    page = Page(animator_client.post(url, edit_data(autonomy_plan_url="pas une adresse")))
    error = "Saisissez une adresse internet complète, par exemple https://www.exemple.fr."
    assert page.described_by(label) == ["Lien vers le schéma du département.", error]
    assert page.field_errors(label) == [error]
    assert page.field(label)["aria-invalid"] == "true"


@pytest.mark.parametrize("typed", ["MONALISA\n22", "MONALISA\r\nBcc: x@exemple.fr", "MONA\tLISA"])
def test_a_newline_in_the_cooperation_name_is_refused(animator_client, armor_cooperation, typed):
    response = animator_client.post(
        edit_url(armor_cooperation), edit_data(name=typed, contact_email="nouveau@exemple.fr")
    )
    assert response.status_code == 200
    page = Page(response)
    assert page.field_errors("Nom") == [
        "Ce champ tient sur une seule ligne : retirez les retours à la ligne, tabulations et "
        "autres caractères invisibles."
    ]
    assert page.value("Nom") == typed
    assert page.value("Adresse de contact") == "nouveau@exemple.fr"
    stored = Cooperation.objects.get(pk=armor_cooperation.pk)
    assert (stored.name, stored.contact_email) == (
        armor_cooperation.name,
        armor_cooperation.contact_email,
    )


def test_a_newline_in_a_new_cooperation_name_creates_nothing(staff_client, geography):
    before = Cooperation.objects.count()
    response = staff_client.post(
        reverse("cooperations:backoffice_list"), {"name": "Coop\nBretagne", "department": "22"}
    )
    assert response.status_code == 200
    assert Page(response).field_errors("Nom de la coopération") == [
        "Ce champ tient sur une seule ligne : retirez les retours à la ligne, tabulations et "
        "autres caractères invisibles."
    ]
    assert Cooperation.objects.count() == before
