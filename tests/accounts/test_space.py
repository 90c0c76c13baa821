"""My space ("Mon espace"): my roles as links, staff tools, my profile."""

import re

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from maillage.accounts import views
from tests.accounts.factories import UserFactory

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
    # organisations): the same whatever the number of groups.
    with django_assert_num_queries(5):
        response = client.get(SPACE_URL)

    assert response.status_code == 200
    html = response.content.decode()
    assert "Bonjour Marie." in html
    for team in teams:
        assert f'<a href="/essai/{team.pk}/">Membre de {team.name}</a>' in html
    assert "une autre" not in html
    assert "Vous n'avez pas encore de rôle" not in html
    assert "Administration du site" not in html


def test_space_says_when_i_have_no_role_yet(client, person, dummy_role):
    client.force_login(person)
    html = client.get(SPACE_URL).content.decode()
    assert "Vous n'avez pas encore de rôle sur Maillage" in html
    assert f'href="{PROFILE_URL}"' in html
    assert f'href="{reverse("accounts:password_change")}"' in html


def test_staff_see_their_tools(client, db, dummy_role):
    staff = UserFactory(staff=True)
    client.force_login(staff)
    html = client.get(SPACE_URL).content.decode()
    assert "Équipe nationale" in html
    assert f'<a href="{reverse("admin:index")}">Administration du site</a>' in html


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
    assert "Outil à venir" not in response.content.decode()
    assert "Administration du site" in response.content.decode()


def test_profile_shows_the_address_read_only(client, person, django_assert_num_queries):
    client.force_login(person)
    with django_assert_num_queries(2):
        response = client.get(PROFILE_URL)
    html = response.content.decode()
    assert response.status_code == 200
    email_input = re.search(r'<input[^>]*id="id_email"[^>]*>', html).group(0)
    assert 'value="marie.dupont@exemple.fr"' in email_input
    assert " disabled" in email_input
    assert 'value="Marie"' in html


def test_profile_changes_my_names_never_my_address(client, person):
    client.force_login(person)
    response = client.post(
        PROFILE_URL, {"first_name": "Marie-Anne", "last_name": "Dupont", "email": "x@pirate.fr"}
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.first_name == "Marie-Anne"
    assert person.email == "marie.dupont@exemple.fr"
    assert "Votre profil a été enregistré." in client.get(PROFILE_URL).content.decode()


def test_profile_errors_are_in_french_and_keep_what_was_typed(client, person):
    client.force_login(person)
    response = client.post(PROFILE_URL, {"first_name": "", "last_name": "Durand-Dupont"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Ce champ est obligatoire." in html
    assert '<a href="#id_first_name">Prénom : Ce champ est obligatoire.</a>' in html
    assert 'value="Durand-Dupont"' in html
    assert 'aria-invalid="true"' in html
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
