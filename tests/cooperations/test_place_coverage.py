"""The department and commune pages (geography) name the cooperations present there, through the
`cooperation_coverage` tag library; where none is, the commune page says what to do."""

import pytest

from maillage.cooperations.enums import CooperationStatus
from maillage.territories.enums import PartKind
from tests.html import Page

from .factories import CooperationFactory

pytestmark = pytest.mark.django_db


def cooperations_of(page: Page) -> list[tuple[str, str, str]]:
    section = page.one(
        "section[aria-labelledby=titre-cooperations], section[aria-labelledby=titre-cooperation]"
    )
    return [
        (
            item.a.get_text(strip=True),
            item.a["href"],
            " ".join(item.select_one(".detail").get_text().split()),
        )
        for item in section.select(".results li")
    ]


def test_a_department_page_names_the_cooperations_present(client, geography):
    CooperationFactory(name="MONALISA 22", slug="monalisa-22", department=geography["armor"])
    CooperationFactory(
        name="Agglo solidaire",
        slug="agglo-solidaire",
        status=CooperationStatus.EMERGING,
        parts=[(PartKind.EPCI, "200069409")],
    )
    page = Page(client.get("/territoires/departements/22/"))
    assert "Coopérations territoriales" in page.headings(2)
    assert cooperations_of(page) == [
        (
            "MONALISA 22",
            "/cooperations/monalisa-22/",
            "coopération active, sur tout le département",
        ),
        (
            "Agglo solidaire",
            "/cooperations/agglo-solidaire/",
            "coopération émergente, sur une partie du département",
        ),
    ]


def test_a_department_without_cooperation_says_whom_to_write_to(client, geography):
    CooperationFactory(name="MONALISA 22", slug="monalisa-22", department=geography["armor"])
    page = Page(client.get("/territoires/departements/29/"))
    section = page.section("Coopération territoriale")
    assert section.text("p").startswith(
        "Aucune coopération n'est encore présente dans le département."
    )
    assert section.link("écrivez à l'équipe nationale MONALISA")["href"] == "/contact/"
    signatories = section.link("les organisations signataires de la charte dans le département")
    assert signatories["href"] == "/organisations/signataires/?department=29"


def test_the_department_page_reads_the_cooperations_in_a_fixed_number_of_queries(
    client, geography, django_assert_max_num_queries
):
    CooperationFactory(name="MONALISA 22", slug="monalisa-22", department=geography["armor"])
    # 8 for the department and its cooperations, 2 for its actions, 1 for its events.
    with django_assert_max_num_queries(11):
        client.get("/territoires/departements/22/")
    for number in range(5):
        CooperationFactory(name=f"Voisins {number}", parts=[(PartKind.EPCI, "200069409")])
    client.get("/territoires/departements/22/")  # the departments of EPCIs go to the cache
    with django_assert_max_num_queries(11):
        page = Page(client.get("/territoires/departements/22/"))
    assert len(cooperations_of(page)) == 6


def test_a_commune_page_names_the_cooperations_covering_it(client, geography):
    CooperationFactory(name="MONALISA 22", slug="monalisa-22", department=geography["armor"])
    page = Page(client.get("/territoires/communes/22278/"))
    assert cooperations_of(page) == [
        ("MONALISA 22", "/cooperations/monalisa-22/", "coopération active"),
    ]
    assert not page.has(".next-steps")


def test_a_commune_without_cooperation_says_what_to_do(client, geography):
    CooperationFactory(name="MONALISA 22", slug="monalisa-22", department=geography["armor"])
    page = Page(client.get("/territoires/communes/29019/"))
    section = page.section("Coopération territoriale")
    assert (
        section.text("p")
        == "Aucune coopération ne couvre encore Brest. Vous pouvez tout de même agir :"
    )
    assert [a["href"] for a in section.select(".next-steps a")] == [
        "/contact/",
        "/equipes/pres-de-chez-moi/?commune=29019",
        "/organisations/signataires/?department=29",
        "/cooperations/liste/?departement=29",
    ]
    # Each link leads to a page that answers.
    for href in section.hrefs(".next-steps a"):
        assert client.get(href).status_code == 200, href
