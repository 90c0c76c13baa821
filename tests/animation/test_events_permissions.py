"""The permission matrix of the events: every page x every role of the `world`, with an event
of the role's cooperation, of the other cooperation and a national one. Deny by default:
members-only events are invisible (404) to people outside their cooperation; an animator
organises the events of their cooperation only; staff organise all."""

import pytest
from django.urls import reverse

from maillage.animation.enums import EventStatus
from maillage.animation.models import Event
from tests.world import ROLES

from .factories import EventFactory, RegistrationFactory

pytestmark = pytest.mark.django_db

# Who sees a members-only event of MONALISA 22 (the `world`'s first cooperation).
SEES_OWN_MEMBERS_ONLY = {"referent", "animator", "staff"}
# Who sees a members-only national event: any role in the network.
SEES_NATIONAL_MEMBERS_ONLY = {"referent", "other_referent", "animator", "other_animator", "staff"}


@pytest.fixture
def events(world):
    return {
        "own": EventFactory(cooperation=world.cooperation, title="Comité de pilotage 22"),
        "own_members": EventFactory(
            cooperation=world.cooperation, members_only=True, title="Réunion interne 22"
        ),
        "other": EventFactory(cooperation=world.other_cooperation, title="Comité 29"),
        "national_members": EventFactory(
            national=True, members_only=True, title="Rendez-vous national"
        ),
    }


@pytest.mark.parametrize("role", ROLES)
def test_members_only_events_are_invisible_to_others(world, events, role):
    client = world.client_as(role)
    own = client.get(reverse("animation:event_detail", args=[events["own_members"].pk]))
    national = client.get(reverse("animation:event_detail", args=[events["national_members"].pk]))
    calendar = client.get(reverse("animation:event_ics", args=[events["own_members"].pk]))
    assert own.status_code == (200 if role in SEES_OWN_MEMBERS_ONLY else 404)
    assert calendar.status_code == own.status_code
    assert national.status_code == (200 if role in SEES_NATIONAL_MEMBERS_ONLY else 404)
    listed = client.get(reverse("animation:event_list")).content.decode()
    titles = set(_titles(listed))
    assert ("Réunion interne 22" in titles) == (role in SEES_OWN_MEMBERS_ONLY)
    assert "Comité de pilotage 22" in titles


def test_registering_to_a_hidden_event_stores_nothing(world, events):
    client = world.client_as("other_animator")
    response = client.post(
        reverse("animation:event_detail", args=[events["own_members"].pk]),
        {"name": "Yann", "email": "yann@exemple.fr"},
    )
    assert response.status_code == 404
    assert not events["own_members"].registrations.exists()


def _titles(html: str) -> list[str]:
    from tests.html import Page

    return [link.get_text(strip=True) for link in Page(html).select(".event-title a")]


# (URL name, needs an event, method, data)
BACKOFFICE = [
    ("animation:backoffice_event_edit", "get"),
    ("animation:backoffice_event_edit", "post"),
    ("animation:backoffice_event_cancel", "get"),
    ("animation:backoffice_event_cancel", "post"),
    ("animation:backoffice_registrations", "get"),
    ("animation:backoffice_sign_in_sheet", "get"),
    ("animation:backoffice_registrations_export", "get"),
]
ORGANISERS = {"own": {"animator", "staff"}, "other": {"other_animator", "staff"}}


def _url(name, event):
    args = [event.pk, "csv"] if name.endswith("_export") else [event.pk]
    return reverse(name, args=args)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("name", "method"), BACKOFFICE)
@pytest.mark.parametrize("which", ["own", "other"])
def test_only_the_organisers_reach_an_events_back_office(world, events, role, name, method, which):
    event = events[which]
    RegistrationFactory(event=event)
    client = world.client_as(role)
    response = getattr(client, method)(_url(name, event), {})
    event.refresh_from_db()
    if role == "anonymous":
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))
    elif role in ORGANISERS[which]:
        assert response.status_code in (200, 302)
    else:
        assert response.status_code == 404
        assert event.status == EventStatus.PUBLISHED
        assert event.version == 1


@pytest.mark.parametrize("role", ROLES)
def test_the_events_list_and_add_page_are_for_organisers(world, events, role):
    client = world.client_as(role)
    listing = client.get(reverse("animation:backoffice_events"))
    adding = client.get(reverse("animation:backoffice_event_add"))
    if role == "anonymous":
        assert listing.status_code == adding.status_code == 302
        return
    if role in {"referent", "other_referent", "no_role"}:
        assert listing.status_code == adding.status_code == 403
        return
    assert listing.status_code == adding.status_code == 200
    titles = set(_titles_of_table(listing))
    expected = {
        "animator": {"Comité de pilotage 22", "Réunion interne 22"},
        "other_animator": {"Comité 29"},
        "staff": {e.title for e in events.values()},
    }[role]
    assert titles == expected


def _titles_of_table(response) -> list[str]:
    from tests.html import Page

    return [link.get_text(strip=True) for link in Page(response).select("tbody th a")]


def test_a_staff_only_national_event_is_organised_by_staff_alone(world, events):
    national = events["national_members"]
    url = reverse("animation:backoffice_registrations", args=[national.pk])
    assert world.client_as("animator").get(url).status_code == 404
    assert world.client_as("staff").get(url).status_code == 200
    assert (
        Event.objects.organisable_by(world.people["animator"]).filter(pk=national.pk).count() == 0
    )


@pytest.mark.parametrize("role", ROLES)
def test_the_way_into_the_organisers_pages(world, events, role):
    from tests.html import Page

    client = world.client_as(role)
    listing = Page(client.get(reverse("animation:event_list")))
    detail = Page(client.get(events["own"].get_absolute_url()))
    organises = role in {"animator", "other_animator", "staff"}
    assert bool(listing.links("Organiser vos événements")) == organises
    assert bool(detail.links("Gérer cet événement et ses inscriptions")) == (
        role in ORGANISERS["own"]
    )
