"""Two people edit the same presentation from the same starting version: the first save
wins, the second is refused in French with what changed meanwhile, and keeps what was typed
instead of silently reverting the first."""

import pytest
from django.urls import reverse

from maillage.cooperations.models import Cooperation
from maillage.core.models import AuditEntry
from tests.html import Page

from .test_backoffice_forms import edit_data


@pytest.fixture
def two_editors(backoffice_people, armor_cooperation):
    from django.test import Client

    first, second = Client(), Client()
    first.force_login(backoffice_people["animator"])
    second.force_login(backoffice_people["staff"])
    return first, second


def edit_url(cooperation):
    return reverse("cooperations:backoffice_edit", args=[cooperation.slug])


def test_the_form_carries_the_version_it_was_shown_with(two_editors, armor_cooperation):
    first, _second = two_editors
    page = Page(first.get(edit_url(armor_cooperation)))
    (version,) = page.select("form input[type=hidden][name=version]")
    assert version["value"] == str(armor_cooperation.version)


def test_the_second_save_from_the_same_version_is_refused_and_keeps_the_typing(
    two_editors, armor_cooperation
):
    first, second = two_editors
    url = edit_url(armor_cooperation)
    started = Page(second.get(url)).one("input[name=version]")["value"]
    assert Page(first.get(url)).one("input[name=version]")["value"] == started

    saved = first.post(url, edit_data(name="MONALISA Armor", version=started))
    assert saved.status_code == 302
    stale = second.post(
        url, edit_data(strategy="<p>Un forum par an.</p>", name="MONALISA 22", version=started)
    )

    assert stale.status_code == 200
    page = Page(stale)
    (error,) = page.errors()
    assert error.startswith("Quelqu'un a enregistré cette fiche pendant que vous la modifiiez.")
    assert "nom : « MONALISA Armor »" in error
    # What the second person typed is still there, and the first person's name is not reverted.
    assert page.value("Stratégie et programme d'actions").strip() == "<p>Un forum par an.</p>"
    stored = Cooperation.objects.get(pk=armor_cooperation.pk)
    assert (stored.name, stored.strategy) == ("MONALISA Armor", "")
    assert AuditEntry.objects.about(stored).count() == 1
    # The form now carries the current version: saving again is a deliberate choice.
    assert page.one("input[name=version]")["value"] == str(stored.version)
    again = second.post(
        url,
        edit_data(
            strategy="<p>Un forum par an.</p>", name="MONALISA Armor", version=stored.version
        ),
    )
    assert again.status_code == 302
    assert Cooperation.objects.get(pk=armor_cooperation.pk).strategy == "<p>Un forum par an.</p>"


def test_an_unchanged_version_saves(two_editors, armor_cooperation):
    first, _second = two_editors
    url = edit_url(armor_cooperation)
    response = first.post(url, edit_data(name="MONALISA Armor", version=armor_cooperation.version))
    assert response.status_code == 302
    stored = Cooperation.objects.get(pk=armor_cooperation.pk)
    assert (stored.name, stored.version) == ("MONALISA Armor", armor_cooperation.version + 1)
