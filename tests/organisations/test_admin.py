"""The Django admin, staff's last resort: the organisation pages load and search works."""

import pytest
from django.urls import reverse

from tests.html import Page

from .factories import AffiliationFactory, CharterSignatureFactory, OrganisationFactory

# Session, user, two counts, the page of rows with their communes, the networks of the filter.
QUERIES = 6


@pytest.fixture
def admin_client_staff(client, staff):
    client.force_login(staff)
    return client


def test_organisation_changelist_searches_and_filters(admin_client_staff, organisation):
    OrganisationFactory(name="Autre structure")
    url = reverse("admin:organisations_organisation_changelist")
    response = admin_client_staff.get(url, {"q": "Amitiés"})
    assert response.status_code == 200
    assert Page(response).texts("#result_list tbody th a") == ["Amitiés Saint-Brieuc"]
    assert admin_client_staff.get(url, {"kind__exact": "ccas"}).status_code == 200


def test_organisation_change_page_has_affiliations_and_signatures(admin_client_staff, organisation):
    AffiliationFactory(organisation=organisation)
    CharterSignatureFactory(organisation=organisation)
    url = reverse("admin:organisations_organisation_change", args=[organisation.pk])
    response = admin_client_staff.get(url)
    assert response.status_code == 200
    page = Page(response)
    # Both inlines, each holding the one row made above.
    assert page.one('input[name="affiliations-INITIAL_FORMS"]')["value"] == "1"
    assert page.one('input[name="signatures-INITIAL_FORMS"]')["value"] == "1"


@pytest.mark.parametrize("count", [3, 30])
def test_changelist_query_count_is_constant(
    admin_client_staff, geography, django_assert_num_queries, count
):
    for _ in range(count):
        OrganisationFactory(commune=geography["brest"])
    with django_assert_num_queries(QUERIES):
        response = admin_client_staff.get(reverse("admin:organisations_organisation_changelist"))
    assert response.status_code == 200


def test_admin_is_closed_to_referents(client, referent):
    client.force_login(referent)
    response = client.get(reverse("admin:organisations_organisation_changelist"))
    assert response.status_code == 302
