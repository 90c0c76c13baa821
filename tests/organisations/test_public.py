"""The public pages: the list of signatories with its filters, and the page of an organisation."""

import datetime
import re

import pytest
from django.urls import reverse

from maillage.cooperations.models import Cooperation, Membership
from maillage.organisations.enums import OrganisationKind, SignatureStatus
from maillage.territories.models import Perimeter

from ..html import Page
from .conftest import make_png
from .factories import CharterSignatureFactory, NetworkFactory, OrganisationFactory

LIST_URL = "/organisations/signataires/"


def names_on(response) -> list[str]:
    """The organisations listed in the results, in order."""
    content = response.content.decode()
    results = re.search(r'<ul class="results signatories".*?</ul>', content, re.S)
    if results is None:
        return []
    return re.findall(r'<a href="/organisations/[^/"]+/">([^<]+)</a>', results.group(0))


def test_url_names():
    assert reverse("organisations:signatory_list") == LIST_URL
    assert reverse("organisations:detail", args=["abc"]) == "/organisations/abc/"


def test_list_shows_only_validated_signatories_with_the_count(client, geography):
    OrganisationFactory(name="Signée", signatory=True)
    CharterSignatureFactory(organisation=OrganisationFactory(name="En attente"))
    CharterSignatureFactory(organisation=OrganisationFactory(name="Refusée"), refused=True)
    CharterSignatureFactory(
        organisation=OrganisationFactory(name="Retirée"), status=SignatureStatus.WITHDRAWN
    )
    OrganisationFactory(name="Jamais demandé")
    response = client.get(LIST_URL)
    assert response.status_code == 200
    assert names_on(response) == ["Signée"]
    assert "1 organisation signataire</strong>" in response.content.decode()
    assert "signataire depuis le 12 mars 2024" in response.content.decode()


@pytest.fixture
def spread(geography):
    """Signatories of several kinds in Côtes-d'Armor, Finistère and Paris."""
    OrganisationFactory(
        name="A — association 22", commune=geography["saint_brieuc"], signatory=True
    )
    OrganisationFactory(
        name="B — CCAS 22", kind=OrganisationKind.CCAS, commune=geography["plerin"], signatory=True
    )
    OrganisationFactory(
        name="C — CCAS 29", kind=OrganisationKind.CCAS, commune=geography["brest"], signatory=True
    )
    OrganisationFactory(name="D — association 75", commune=geography["paris"], signatory=True)
    OrganisationFactory(name="E — sans commune", signatory=True)
    OrganisationFactory(name="F — non signataire 22", commune=geography["saint_brieuc"])


def test_filters_by_kind_and_department(client, spread):
    page = client.get(LIST_URL)
    assert "5 organisations signataires</strong>" in page.content.decode()
    assert names_on(client.get(LIST_URL, {"kind": "ccas"})) == ["B — CCAS 22", "C — CCAS 29"]
    assert names_on(client.get(LIST_URL, {"department": "22"})) == [
        "A — association 22",
        "B — CCAS 22",
    ]
    both = client.get(LIST_URL, {"kind": "ccas", "department": "22"})
    assert names_on(both) == ["B — CCAS 22"]
    # The live count of all signatories stays; the filtered count is said too.
    assert "5 organisations signataires</strong>" in both.content.decode()
    assert "1 signataire pour ces critères" in both.content.decode()


def test_department_filter_offers_departments_with_signatories(client, spread):
    content = client.get(LIST_URL).content.decode()
    options = re.findall(r'<option value="([0-9AB]+)"', content)
    assert options == ["22", "29", "75"]


def test_unknown_filter_value_is_reported_not_fatal(client, spread):
    response = client.get(LIST_URL, {"kind": "pirate", "department": "22"})
    assert response.status_code == 200
    assert Page(response).field_errors("Nature de l'organisation") == [
        "Ce choix n'existe pas : choisissez une valeur de la liste."
    ]
    assert names_on(response) == ["A — association 22", "B — CCAS 22"]


def test_filter_form_works_without_javascript(client, spread):
    content = client.get(LIST_URL).content.decode()
    form = re.search(r"<form[^>]*class=\"filters\"[^>]*>", content, re.S).group(0)
    assert 'method="get"' in form
    assert f'action="{LIST_URL}"' in form
    assert '<label for="id_kind">' in content
    assert '<label for="id_department">' in content


def test_list_is_paged_by_fifty_and_keeps_the_filters(client, geography):
    for number in range(55):
        OrganisationFactory(
            name=f"Signataire {number:02d}", commune=geography["brest"], signatory=True
        )
    first = client.get(LIST_URL, {"department": "29"})
    assert len(names_on(first)) == 50
    content = first.content.decode()
    assert "Page 1 sur 2" in content
    assert 'href="?department=29&amp;page=2"' in content
    second = client.get(LIST_URL, {"department": "29", "page": "2"})
    assert names_on(second) == [f"Signataire {n}" for n in range(50, 55)]


@pytest.mark.parametrize("count", [3, 30])
def test_list_query_count_is_constant(client, geography, django_assert_num_queries, count):
    communes = [geography["saint_brieuc"], geography["brest"], geography["paris"]]
    for number in range(count):
        OrganisationFactory(commune=communes[number % 3], signatory=True)
    # Total, departments of the filter, filtered count, page of rows.
    with django_assert_num_queries(4):
        response = client.get(LIST_URL, {"department": "22"})
    assert len(names_on(response)) == count // 3


# The page of an organisation.


@pytest.fixture
def full_organisation(organisation, networks, media_root):
    organisation.website = "https://amities-sb.example"
    organisation.phone = "02 96 11 22 33"
    organisation.description = "Première ligne.\nSeconde ligne."
    organisation.logo = make_png()
    organisation.save()
    organisation.networks.set(networks)
    return organisation


def test_organisation_page_shows_public_fields(client, full_organisation):
    response = client.get(full_organisation.get_absolute_url())
    assert response.status_code == 200
    content = response.content.decode()
    assert "<h1>Amitiés Saint-Brieuc</h1>" in content
    assert "Association" in content
    assert '<a href="/territoires/communes/22278/">Saint-Brieuc</a>' in content
    assert "3 rue des Lilas" in content
    assert 'href="https://amities-sb.example"' in content
    assert '<a href="mailto:contact@amities-sb.fr">contact@amities-sb.fr</a>' in content
    assert 'href="tel:0296112233"' in content
    assert "<p>Première ligne.<br>Seconde ligne.</p>" in content
    assert 'alt="Logo de Amitiés Saint-Brieuc"' in content
    assert f'src="/media/{full_organisation.logo.name}"' in content
    assert "Petits frères des Pauvres" in content
    assert "Familles rurales" in content
    assert "n'est pas signataire de la charte" in content


def test_organisation_page_says_since_when_it_signed(client, organisation):
    CharterSignatureFactory(
        organisation=organisation, validated=True, signed_on=datetime.date(2023, 6, 5)
    )
    content = client.get(organisation.get_absolute_url()).content.decode()
    assert "Signataire de la charte MONALISA</strong> depuis le 5 juin 2023" in content


def test_pending_request_is_not_shown_as_a_signature(client, organisation):
    CharterSignatureFactory(organisation=organisation)
    content = client.get(organisation.get_absolute_url()).content.decode()
    assert "n'est pas signataire de la charte" in content
    assert "Signataire de la charte MONALISA</strong>" not in content


def test_organisation_page_lists_its_cooperations(client, organisation, cooperation):
    content = client.get(organisation.get_absolute_url()).content.decode()
    link = f'<a href="{cooperation.get_absolute_url()}">MONALISA 22</a>'
    assert link in content
    assert "co-animateur" in content


def test_unknown_organisation_is_a_404(client, db):
    assert client.get("/organisations/n-existe-pas/").status_code == 404


def test_edit_link_only_for_those_who_may_edit(client, organisation, referent, other_referent):
    edit_url = reverse("organisations:backoffice_edit", args=[organisation.slug])
    assert edit_url not in client.get(organisation.get_absolute_url()).content.decode()
    client.force_login(other_referent)
    assert edit_url not in client.get(organisation.get_absolute_url()).content.decode()
    client.force_login(referent)
    assert edit_url in client.get(organisation.get_absolute_url()).content.decode()


@pytest.mark.parametrize("count", [3, 30])
def test_organisation_page_query_count_is_constant(
    client, organisation, django_assert_num_queries, count
):
    for number in range(count):
        perimeter = Perimeter.objects.create(label=f"Territoire {number}")
        cooperation = Cooperation.objects.create(
            name=f"Coopération {number:02d}", slug=f"cooperation-{number}", perimeter=perimeter
        )
        Membership.objects.create(cooperation=cooperation, organisation=organisation)
        organisation.networks.add(NetworkFactory())
    # Organisation, networks, memberships, cooperations.
    with django_assert_num_queries(4):
        response = client.get(organisation.get_absolute_url())
    content = response.content.decode()
    assert content.count('<a href="/cooperations/cooperation-') == count
