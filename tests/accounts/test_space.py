"""My space ("Mon espace"): my roles as links, staff tools, my profile."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from maillage.accounts import views
from tests.accounts.factories import UserFactory
from tests.html import Page

SPACE_URL = reverse("accounts:space")
PROFILE_URL = reverse("accounts:profile")


@pytest.fixture
def person(db):
    return UserFactory(email="marie.dupont@exemple.fr", first_name="Marie", last_name="Dupont")


@pytest.mark.parametrize("url", [SPACE_URL, PROFILE_URL])
def test_anonymous_visitors_are_sent_to_sign_in(client, db, url, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('accounts:login')}?next={url}"


@pytest.mark.parametrize("groups", [1, 3])
def test_space_lists_my_roles_in_constant_queries(
    client, person, dummy_role, groups, django_assert_num_queries
):
    teams = [Group.objects.create(name=f"Coopération {n}") for n in range(groups)]
    person.groups.add(*teams)
    Group.objects.create(name="Coopération d'une autre")
    client.force_login(person)

    # Session, user, the dummy provider's one query, one for each app's roles (cooperations,
    # organisations, actions, teams, the animation's question box): the same whatever the
    # number of groups.
    with django_assert_num_queries(8):
        response = client.get(SPACE_URL)

    assert response.status_code == 200
    page = Page(response)
    assert page.text("main .lead") == "Bonjour Marie."
    roles = page.section("Mes rôles")
    assert [(link.get_text(), link["href"]) for link in roles.links()] == [
        (f"Membre de {team.name}", f"/essai/{team.pk}/") for team in teams
    ]
    assert not roles.has("p")  # no "no role yet" paragraph
    assert page.headings(2) == ["Mes rôles", "Mon compte"]  # no staff tools


def test_space_says_when_i_have_no_role_yet(client, person, dummy_role):
    client.force_login(person)
    page = Page(client.get(SPACE_URL))
    assert (
        page.section("Mes rôles")
        .text("p")
        .startswith("Vous n'avez pas encore de rôle sur Maillage.")
    )
    account = page.section("Mon compte")
    assert account.link("Mon profil")["href"] == PROFILE_URL
    assert account.link("Changer mon mot de passe")["href"] == reverse("accounts:password_change")


def test_staff_see_their_tools(client, db, dummy_role):
    staff = UserFactory(staff=True)
    client.force_login(staff)
    tools = Page(client.get(SPACE_URL)).section("Équipe nationale")
    assert tools.link("Administration du site")["href"] == reverse("admin:index")


def test_a_staff_tool_whose_page_does_not_exist_is_left_out(client, db, dummy_role, monkeypatch):
    monkeypatch.setattr(
        views,
        "STAFF_LINKS",
        [
            ("Outil à venir", "nulle_part:backoffice_rien"),
            ("Administration du site", "admin:index"),
        ],
    )
    client.force_login(UserFactory(staff=True))
    response = client.get(SPACE_URL)
    assert response.status_code == 200
    tools = [link.get_text() for link in Page(response).section("Équipe nationale").links()]
    assert "Outil à venir" not in tools
    assert tools[-1] == "Administration du site"


def test_profile_shows_the_address_read_only(client, person, django_assert_num_queries):
    client.force_login(person)
    with django_assert_num_queries(2):
        response = client.get(PROFILE_URL)
    assert response.status_code == 200
    page = Page(response)
    assert page.value("Adresse e-mail") == "marie.dupont@exemple.fr"
    assert page.field("Adresse e-mail").has_attr("disabled")
    assert page.value("Prénom") == "Marie"


def test_profile_changes_my_names_never_my_address(client, person):
    client.force_login(person)
    response = client.post(
        PROFILE_URL, {"first_name": "Marie-Anne", "last_name": "Dupont", "email": "x@pirate.fr"}
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.first_name == "Marie-Anne"
    assert person.email == "marie.dupont@exemple.fr"
    assert Page(client.get(PROFILE_URL)).messages() == ["Votre profil a été enregistré."]


def test_profile_errors_are_in_french_and_keep_what_was_typed(client, person):
    client.force_login(person)
    response = client.post(PROFILE_URL, {"first_name": "", "last_name": "Durand-Dupont"})
    assert response.status_code == 200
    page = Page(response)
    assert page.field_errors("Prénom") == ["Ce champ est obligatoire."]
    assert page.errors() == ["Prénom : Ce champ est obligatoire."]
    assert page.link("Prénom : Ce champ est obligatoire.")["href"] == "#id_first_name"
    assert page.value("Nom") == "Durand-Dupont"
    assert page.field("Prénom")["aria-invalid"] == "true"
    person.refresh_from_db()
    assert (person.first_name, person.last_name) == ("Marie", "Dupont")


def test_another_person_cannot_edit_my_profile(client, person):
    other = UserFactory()
    client.force_login(other)
    client.post(PROFILE_URL, {"first_name": "Pirate", "last_name": "Pirate", "pk": person.pk})
    person.refresh_from_db()
    other.refresh_from_db()
    assert person.first_name == "Marie"
    assert other.first_name == "Pirate"
