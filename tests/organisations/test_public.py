"""The public pages: the list of signatories with its filters, and the page of an organisation."""

import datetime

import pytest
from django.urls import reverse

from maillage.cooperations.models import Cooperation, Membership
from maillage.organisations.enums import OrganisationKind, SignatureStatus
from maillage.territories.models import Perimeter
from tests.html import Page

from .conftest import make_png
from .factories import CharterSignatureFactory, NetworkFactory, OrganisationFactory

LIST_URL = "/organisations/signataires/"


def names_on(response) -> list[str]:
    """The organisations listed in the results, in order."""
    return Page(response).texts(".results.signatories > li > a")


def signatory_count(response) -> str:
    return Page(response).text(".signatory-count")


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
    assert signatory_count(response) == "1 organisation signataire"
    assert Page(response).texts(".signatories .detail") == [
        "Association · signataire depuis le 12 mars 2024"
    ]


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
    assert signatory_count(page) == "5 organisations signataires"
    assert names_on(client.get(LIST_URL, {"kind": "ccas"})) == ["B — CCAS 22", "C — CCAS 29"]
    assert names_on(client.get(LIST_URL, {"department": "22"})) == [
        "A — association 22",
        "B — CCAS 22",
    ]
    both = client.get(LIST_URL, {"kind": "ccas", "department": "22"})
    assert names_on(both) == ["B — CCAS 22"]
    # The live count of all signatories stays; the filtered count is said too.
    assert signatory_count(both) == "5 organisations signataires"
    assert Page(both).text("#titre-resultats") == "1 signataire pour ces critères"


def test_department_filter_offers_departments_with_signatories(client, spread):
    field = Page(client.get(LIST_URL)).field("Département")
    options = [option["value"] for option in field.find_all("option") if option["value"]]
    assert options == ["22", "29", "75"]


def test_unknown_filter_value_is_reported_not_fatal(client, spread):
    response = client.get(LIST_URL, {"kind": "pirate", "department": "22"})
    assert response.status_code == 200
    assert Page(response).field_errors("Nature de l'organisation") == [
        "Ce choix n'existe pas : choisissez une valeur de la liste."
    ]
    assert names_on(response) == ["A — association 22", "B — CCAS 22"]


def test_filter_form_works_without_javascript(client, spread):
    page = Page(client.get(LIST_URL))
    form = page.form("form.filters")
    assert (form["method"], form["action"]) == ("get", LIST_URL)
    assert page.field("Nature de l'organisation").find_parent("form") is form
    assert page.field("Département").find_parent("form") is form
    assert page.button("Filtrer").find_parent("form") is form


def test_list_is_paged_by_fifty_and_keeps_the_filters(client, geography):
    for number in range(55):
        OrganisationFactory(
            name=f"Signataire {number:02d}", commune=geography["brest"], signatory=True
        )
    first = client.get(LIST_URL, {"department": "29"})
    assert len(names_on(first)) == 50
    page = Page(first)
    assert page.texts(".pagination [aria-current=page]") == ["Page 1 sur 2"]
    assert page.link("Page suivante")["href"] == "?department=29&page=2"
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
    page = Page(response)
    assert page.h1 == "Amitiés Saint-Brieuc"
    assert page.text("main .lead") == "Association à Saint-Brieuc (Côtes-d'Armor)"
    assert page.one("main .lead a")["href"] == "/territoires/communes/22278/"
    assert page.definitions("main dl.facts") == {
        "Adresse": "3 rue des Lilas Saint-Brieuc",
        "Site internet": "https://amities-sb.example",
        "Adresse de contact": "contact@amities-sb.fr",
        "Téléphone": "02 96 11 22 33",
    }
    assert page.hrefs("main dl.facts a") == [
        "/territoires/communes/22278/",
        "https://amities-sb.example",
        "mailto:contact@amities-sb.fr",
        "tel:0296112233",
    ]
    description = page.one(".organisation-description p")
    assert [str(part) for part in description.contents] == [
        "Première ligne.",
        "<br/>",
        "Seconde ligne.",
    ]
    logo = page.by_role("img", "Logo d'Amitiés Saint-Brieuc")
    assert [img["src"] for img in logo] == [f"/media/{full_organisation.logo.name}"]
    networks = page.heading("Réseaux").find_parent("section")
    assert sorted(Page(str(networks)).texts("li")) == [
        "Familles rurales",
        "Petits frères des Pauvres",
    ]
    assert page.text(".charter-status") == (
        "Cette organisation n'est pas signataire de la charte MONALISA."
    )


def test_organisation_page_says_since_when_it_signed(client, organisation):
    CharterSignatureFactory(
        organisation=organisation, validated=True, signed_on=datetime.date(2023, 6, 5)
    )
    page = Page(client.get(organisation.get_absolute_url()))
    assert page.text(".charter-status") == "Signataire de la charte MONALISA depuis le 5 juin 2023."
    assert page.text(".charter-status strong") == "Signataire de la charte MONALISA"


def test_pending_request_is_not_shown_as_a_signature(client, organisation):
    CharterSignatureFactory(organisation=organisation)
    page = Page(client.get(organisation.get_absolute_url()))
    assert page.text(".charter-status") == (
        "Cette organisation n'est pas signataire de la charte MONALISA."
    )


def test_organisation_page_lists_its_cooperations(client, organisation, cooperation):
    page = Page(client.get(organisation.get_absolute_url()))
    assert page.link("MONALISA 22")["href"] == cooperation.get_absolute_url()
    assert page.texts(".organisation-cooperations li") == ["MONALISA 22 — co-animateur"]


def test_unknown_organisation_is_a_404(client, db):
    assert client.get("/organisations/n-existe-pas/").status_code == 404


def test_edit_link_only_for_those_who_may_edit(client, organisation, referent, other_referent):
    edit_url = reverse("organisations:backoffice_edit", args=[organisation.slug])

    def edit_links() -> list[str]:
        return Page(client.get(organisation.get_absolute_url())).hrefs(f'a[href="{edit_url}"]')

    assert edit_links() == []
    client.force_login(other_referent)
    assert edit_links() == []
    client.force_login(referent)
    assert edit_links() == [edit_url]
    assert Page(client.get(organisation.get_absolute_url())).link("Modifier cette fiche")


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
    assert len(Page(response).select(".organisation-cooperations a")) == count
