"""Edits made in the Django admin land in the cooperation's history, with their source: the
staff member's change form is posted as the browser would post it, then the back office's
history page is read."""

import pytest
from django.urls import reverse

from maillage.cooperations.models import Cooperation, NewsItem
from maillage.core.audit_admin import AuditedAdmin
from maillage.core.models import AuditEntry
from tests.admin_forms import posted_form
from tests.html import Page

from .factories import NewsItemFactory, ObjectiveFactory


@pytest.fixture
def staff(db):
    from tests.accounts.factories import UserFactory

    return UserFactory(
        email="equipe.nationale@exemple.fr", first_name="Nadia", last_name="Roux", staff=True
    )


def history_table(client, cooperation) -> list[list[str]]:
    page = Page(client.get(reverse("cooperations:backoffice_history", args=[cooperation.slug])))
    return page.table()


def test_a_change_in_the_admin_shows_in_the_history_with_its_source(
    client, staff, armor_cooperation
):
    ObjectiveFactory(cooperation=armor_cooperation, title="Cartographier")
    client.force_login(staff)
    change_url = reverse("admin:cooperations_cooperation_change", args=[armor_cooperation.pk])
    data = posted_form(client.get(change_url), "form#cooperation_form")
    data["name"] = ["MONALISA Côtes-d'Armor"]
    response = client.post(change_url, data)
    assert response.status_code == 302, response.content.decode()[:2000]

    assert Cooperation.objects.get(pk=armor_cooperation.pk).name == "MONALISA Côtes-d'Armor"
    (row,) = history_table(client, armor_cooperation)
    _date, author, source, change = row
    assert author == "Nadia Roux"
    assert source == "administration technique"
    assert change.startswith("Modification dans l'administration")
    assert "nom : MONALISA 22 → MONALISA Côtes-d'Armor" in change


def test_an_inline_change_in_the_admin_is_told_by_the_cooperation(client, staff, armor_cooperation):
    objective = ObjectiveFactory(cooperation=armor_cooperation, title="Cartographier")
    client.force_login(staff)
    change_url = reverse("admin:cooperations_cooperation_change", args=[armor_cooperation.pk])
    data = posted_form(client.get(change_url), "form#cooperation_form")
    assert data["objectives-0-id"] == [str(objective.pk)]
    data["objectives-0-title"] = ["Cartographier toutes les actions"]
    assert client.post(change_url, data).status_code == 302

    entry = AuditEntry.objects.about(armor_cooperation).get()
    assert (entry.action, entry.source, entry.actor) == (
        "cooperations.objective.update",
        "admin",
        staff,
    )
    assert entry.changes == {"title": ["Cartographier", "Cartographier toutes les actions"]}


def test_adding_and_deleting_a_news_item_in_the_admin_are_in_the_history(
    client, staff, armor_cooperation
):
    item = NewsItemFactory(cooperation=armor_cooperation, title="Forum des aînés")
    client.force_login(staff)
    delete_url = reverse("admin:cooperations_newsitem_delete", args=[item.pk])
    assert client.post(delete_url, {"post": "yes"}).status_code == 302
    assert not NewsItem.objects.filter(pk=item.pk).exists()

    entry = AuditEntry.objects.about(armor_cooperation).get()
    assert (entry.action, entry.source) == ("cooperations.newsitem.delete", "admin")
    assert entry.changes["title"] == ["Forum des aînés", ""]


def test_an_admin_edit_makes_a_back_office_form_stale(client, staff, armor_cooperation):
    """The admin raises the version too: a form opened before it is refused, not reverting."""
    client.force_login(staff)
    change_url = reverse("admin:cooperations_cooperation_change", args=[armor_cooperation.pk])
    data = posted_form(client.get(change_url), "form#cooperation_form")
    data["name"] = ["MONALISA Armor"]
    client.post(change_url, data)
    assert Cooperation.objects.get(pk=armor_cooperation.pk).version == armor_cooperation.version + 1


def test_every_model_of_the_three_apps_with_an_admin_writes_history():
    from django.contrib import admin

    registered = {
        model
        for model in admin.site._registry
        if model._meta.app_label in {"accounts", "organisations", "cooperations"}
    }
    assert registered
    unaudited = {
        model.__name__
        for model in registered
        if not isinstance(admin.site._registry[model], AuditedAdmin)
    }
    assert unaudited == set()
