"""The pages every French public-interest site has (legal notice, accessibility, personal data,
contact), the footer that links them from every page, the header's search and the table frame
(ADR 020)."""

import pytest
from django.template import Context, RequestContext, Template
from django.test import RequestFactory

from tests.html import Page

LEGAL_PAGES = {
    "/mentions-legales/": "Mentions légales",
    "/accessibilite/": "Déclaration d'accessibilité",
    "/donnees-personnelles/": "Données personnelles",
    "/contact/": "Contact",
}
FOOTER = [
    ("Mentions légales", "/mentions-legales/"),
    ("Accessibilité : non conforme", "/accessibilite/"),
    ("Données personnelles", "/donnees-personnelles/"),
    ("Contact", "/contact/"),
]
OPERATOR = {
    "MAILLAGE_PUBLISHER": "Association MONALISA",
    "MAILLAGE_PUBLISHER_ADDRESS": "1 rue de l'Exemple, 75000 Paris",
    "MAILLAGE_PUBLICATION_DIRECTOR": "Camille Martin",
    "MAILLAGE_HOST": "Hébergeur SAS, 2 rue du Serveur, 59000 Lille",
    "MAILLAGE_CONTACT_EMAIL": "contact@monalisa.example",
}


def footer_links(page: Page) -> list[tuple[str, str]]:
    [footer] = page.by_role("navigation", "Informations sur le site")
    return [(a.get_text(strip=True), a["href"]) for a in footer.find_all("a")]


@pytest.fixture
def operator(settings):
    for name, value in OPERATOR.items():
        setattr(settings, name, value)
    return OPERATOR


@pytest.mark.parametrize(("path", "title"), LEGAL_PAGES.items())
def test_each_legal_page_is_public_titled_and_in_the_trail(client, db, path, title):
    page = Page(client.get(path))
    assert page.h1 == title
    assert page.title == f"{title} — Maillage"
    assert page.texts(".breadcrumb li") == ["Accueil", title]


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/territoires/communes/recherche/",
        "/nulle-part/",
        "/cooperations/",
        "/connexion/",
        *LEGAL_PAGES,
    ],
)
def test_every_page_links_the_legal_pages_from_its_footer(client, db, path):
    response = client.get(path)
    assert footer_links(Page(response)) == FOOTER


def test_a_signed_in_page_has_the_footer_too(client, world):
    client.force_login(world.people["staff"])
    assert footer_links(Page(client.get("/mon-espace/"))) == FOOTER


def test_a_plain_error_page_has_the_footer_too(client, db):
    from maillage.core.views import server_error

    assert footer_links(Page(server_error(RequestFactory().get("/")))) == FOOTER


def test_the_legal_notice_names_the_operator_from_the_settings(client, db, operator):
    page = Page(client.get("/mentions-legales/"))
    editor = page.section("Éditeur du site").definitions("dl")
    assert editor == {
        "Éditeur": "Association MONALISA",
        "Adresse": "1 rue de l'Exemple, 75000 Paris",
        "Directeur ou directrice de la publication": "Camille Martin",
        "Contact": "contact@monalisa.example",
    }
    assert page.section("Hébergement").text("p") == "Hébergeur SAS, 2 rue du Serveur, 59000 Lille"
    assert page.link("contact@monalisa.example")["href"] == "mailto:contact@monalisa.example"


def test_an_operator_not_yet_given_is_said_so(client, db, settings):
    settings.MAILLAGE_PUBLISHER = ""
    settings.MAILLAGE_CONTACT_EMAIL = ""
    page = Page(client.get("/mentions-legales/"))
    editor = page.section("Éditeur du site").definitions("dl")
    assert editor["Éditeur"] == "non renseigné par l'exploitant de cette instance"
    contact = Page(client.get("/contact/")).section("L'équipe nationale")
    assert contact.text("p:last-of-type") == (
        "L'adresse de l'équipe nationale n'a pas encore été renseignée par l'exploitant de "
        "cette instance."
    )
    assert not contact.has("a[href^=mailto]")


def test_the_accessibility_statement_says_the_level_and_how_it_is_checked(client, db, operator):
    page = Page(client.get("/accessibilite/"))
    assert page.text("#etat-conformite").startswith(
        "Maillage est non conforme au référentiel général d'amélioration de l'accessibilité (RGAA)"
    )
    # The footer says the same level as the statement.
    assert dict(footer_links(page))["Accessibilité : non conforme"] == "/accessibilite/"
    checks = page.section("Ce qui est vérifié, et comment").texts("li strong")
    assert checks == [
        "Vérification automatique",
        "Clavier",
        "Petits écrans et zoom",
        "Sans JavaScript",
        "Lecteur d'écran",
    ]
    assert page.section("Signaler un problème").links("contact@monalisa.example")
    assert "Défenseur des droits" in page.section("Voies de recours").text("p")


PROCESSINGS = [
    "Comptes",
    "Invitations",
    "Messages aux coopérations",
    "Messages aux équipes citoyennes",
    "E-mails envoyés par le site",
    "Historique des modifications",
    "Protection contre les abus",
    "Coordonnées des organisations et signatures",
    "Demandes de création d'une équipe citoyenne",
    "Inscriptions aux événements",
    "Questions posées aux coopérations",
]


def test_the_personal_data_page_describes_each_processing(client, db, operator):
    page = Page(client.get("/donnees-personnelles/"))
    for heading in PROCESSINGS:
        facts = page.section(heading).definitions("dl")
        assert list(facts) == [
            "Données",
            "Pour quoi faire",
            "Base légale",
            "Durée de conservation",
            "Qui y a accès",
        ], heading
        assert all(facts.values()), heading
    # Every processing is in the page's table of contents, and the contents lead to them.
    contents = page.within("nav.page-toc")
    for heading in [*PROCESSINGS, "Cookies", "Vos droits"]:
        target = contents.link(heading)["href"].removeprefix("#")
        assert page.text(f"#{target}") == heading


def test_the_personal_data_page_gives_the_retention_the_code_applies(client, db, operator):
    from maillage.accounts.services import INVITATION_DAYS
    from maillage.core.mail import KEEP_FAILED, KEEP_SENT
    from maillage.teams.services import retention_days

    page = Page(client.get("/donnees-personnelles/"))
    mails = page.section("E-mails envoyés par le site").definitions("dl")
    assert mails["Durée de conservation"].startswith(
        f"{KEEP_SENT.days} jours après l'envoi ; {KEEP_FAILED.days} jours pour un e-mail"
    )
    invitations = page.section("Invitations").definitions("dl")
    assert f"valable {INVITATION_DAYS} jours" in invitations["Durée de conservation"]
    volunteers = page.section("Messages aux équipes citoyennes").definitions("dl")
    assert volunteers["Durée de conservation"].startswith(
        f"effacés {retention_days()} jours après la réponse ou la clôture du message"
    )
    requests = page.section("Demandes de création d'une équipe citoyenne").definitions("dl")
    assert requests["Durée de conservation"].startswith(
        f"coordonnées, projet et motif de clôture effacés {retention_days()} jours après"
    )
    registrations = page.section("Inscriptions aux événements").definitions("dl")
    assert registrations["Durée de conservation"] == (
        f"supprimées {retention_days()} jours après la fin de l'événement."
    )
    questions = page.section("Questions posées aux coopérations").definitions("dl")
    assert questions["Durée de conservation"].startswith(
        f"nom et adresse effacés {retention_days()} jours après la réponse"
    )


def test_the_personal_data_page_says_how_to_use_ones_rights(client, db, operator):
    rights = Page(client.get("/donnees-personnelles/")).section("Vos droits")
    assert rights.link("votre profil")["href"] == "/mon-espace/profil/"
    assert rights.link("contact@monalisa.example")["href"] == "mailto:contact@monalisa.example"
    assert rights.link("www.cnil.fr/fr/plaintes")["href"] == "https://www.cnil.fr/fr/plaintes"


def test_the_contact_page_leads_to_the_cooperation_of_ones_commune(client, db, operator):
    page = Page(client.get("/contact/"))
    assert (
        page.link("Trouver la coopération de ma commune")["href"]
        == "/cooperations/pour-ma-commune/"
    )
    assert page.link("contact@monalisa.example")["href"] == "mailto:contact@monalisa.example"


# -- The header's search ------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/cooperations/", "/contact/", "/connexion/"])
def test_the_header_has_the_commune_search(client, db, path):
    page = Page(client.get(path))
    [search] = page.by_role("search", "Chercher une commune")
    assert search["method"] == "get"
    assert search["action"] == "/territoires/communes/recherche/"
    assert page.field("Commune ou code postal")["name"] == "q"
    assert search.find_parent("header")


@pytest.mark.parametrize("path", ["/", "/territoires/communes/recherche/", "/nulle-part/"])
def test_a_page_with_its_own_commune_search_has_no_second_one(client, db, path):
    page = Page(client.get(path))
    [search] = page.by_role("search")
    assert search.find_parent("main")


def test_the_menu_is_a_disclosure_that_works_without_javascript(client, db):
    page = Page(client.get("/contact/"))
    menu = page.one("header details.site-menu")
    assert menu.find("summary").get_text(strip=True) == "Menu"
    assert not menu.has_attr("open")
    [nav] = page.by_role("navigation", "Menu principal")
    assert nav.find_parent("details") is menu


# -- The table's frame --------------------------------------------------------------------------


def test_a_table_frame_is_a_region_named_by_its_caption(rf):
    template = Template(
        "{% load pages %}"
        '{% table "Communes" "Nom" %}<tr><td>Plérin</td></tr>{% endtable %}'
        '{% table "Communes" "Nom" %}<tr><td>Brest</td></tr>{% endtable %}'
    )
    page = Page(template.render(RequestContext(rf.get("/"))))
    frames = page.select("div.table-wrap")
    captions = [frame.find("caption") for frame in frames]
    assert [frame["role"] for frame in frames] == ["region", "region"]
    assert [frame["tabindex"] for frame in frames] == ["0", "0"]
    assert [frame["aria-labelledby"] for frame in frames] == [c["id"] for c in captions]
    assert captions[0]["id"] != captions[1]["id"]
    hints = [page.one(f"#{caption['id']}-aide") for caption in captions]
    assert all(hint.has_attr("hidden") for hint in hints)


def test_a_table_drawn_without_a_request_still_names_its_region():
    page = Page(
        Template(
            '{% load pages %}{% table "Mes lignes" "Nom" %}<tr><td>Un</td></tr>{% endtable %}'
        ).render(Context())
    )
    assert page.by_role("region", "Mes lignes")
