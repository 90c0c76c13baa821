"""Two referents edit the same organisation from the same starting version: the second save is
refused with what changed meanwhile, and what was typed stays in the form."""

import pytest
from django.test import Client
from django.urls import reverse

from maillage.organisations.models import Organisation
from tests.accounts.factories import UserFactory
from tests.html import Page

from .factories import AffiliationFactory
from .helpers import edit_data


@pytest.fixture
def two_referents(organisation, referent):
    second_person = AffiliationFactory(
        organisation=organisation, user=UserFactory(email="second@amities-sb.fr")
    ).user
    first, second = Client(), Client()
    first.force_login(referent)
    second.force_login(second_person)
    return first, second


def test_a_stale_organisation_edit_is_refused_with_what_changed(two_referents, organisation):
    first, second = two_referents
    url = reverse("organisations:backoffice_edit", args=[organisation.slug])
    started = Page(second.get(url)).one("input[name=version]")["value"]

    assert (
        first.post(
            url, edit_data(organisation, address="5 place du Marché", version=started)
        ).status_code
        == 302
    )
    response = second.post(
        url, edit_data(organisation, description="Un club de marche.", version=started)
    )

    assert response.status_code == 200
    page = Page(response)
    (error,) = page.errors()
    assert "Ce qui a changé entre-temps : adresse : « 5 place du Marché »" in error
    assert page.one("textarea[name=description]").text.strip() == "Un club de marche."
    stored = Organisation.objects.get(pk=organisation.pk)
    assert (stored.address, stored.description) == ("5 place du Marché", organisation.description)
