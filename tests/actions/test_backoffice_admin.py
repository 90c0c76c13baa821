"""The Django admin of the inventory: staff repairs land in the action's history, marked as made
in the administration; a deletion takes the zone with it; the reference rows keep their codes."""

import pytest
from django.urls import reverse

from maillage.actions.models import Action
from maillage.territories.models import Perimeter
from tests.actions.factories import ActionFactory
from tests.admin_forms import posted_form
from tests.html import Page

pytestmark = pytest.mark.django_db


def test_a_change_in_the_admin_shows_in_the_history(world):
    action = ActionFactory(
        title="Visites", commune=world.geography["plerin"], organisations=[world.organisation]
    )
    client = world.client_as("staff")
    change_url = reverse("admin:actions_action_change", args=[action.pk])
    data = posted_form(client.get(change_url), "form#action_form")
    data["title"] = ["Visites à domicile"]
    response = client.post(change_url, data)
    assert response.status_code == 302, response.content.decode()[:2000]

    page = Page(client.get(reverse("actions:backoffice_history", args=[action.slug])))
    ((_date, _author, source, change),) = page.table()
    assert source == "administration technique"
    assert "Titre : Visites → Visites à domicile" in change


def test_a_deletion_in_the_admin_takes_the_zone(world):
    action = ActionFactory(commune=world.geography["plerin"])
    zone = action.zone_id
    client = world.client_as("staff")
    response = client.post(
        reverse("admin:actions_action_delete", args=[action.pk]), {"post": "yes"}
    )
    assert response.status_code == 302
    assert not Action.objects.filter(pk=action.pk).exists()
    assert not Perimeter.objects.filter(pk=zone).exists()


def test_actions_are_added_in_the_back_office_and_kinds_are_never_deleted(world):
    client = world.client_as("staff")
    assert client.get(reverse("admin:actions_action_add")).status_code == 403
    assert client.get(reverse("admin:actions_kind_delete", args=["autre"])).status_code == 403
    assert client.get(reverse("admin:actions_kind_changelist")).status_code == 200
