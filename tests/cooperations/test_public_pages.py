"""Public pages of the cooperations: the list and its filters, the cooperation of my commune,
a cooperation's page and its contact form."""

from datetime import timedelta

import pytest
from django.core.cache import caches
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from maillage.cooperations.enums import Aim, CooperationStatus, MemberRole, WorkingMode
from maillage.core.mail import send_queued_mail
from maillage.territories.enums import PartKind
from tests.accounts.factories import UserFactory
from tests.html import Page
from tests.mail import nothing_mailed, queued_mails, sent_mails
from tests.organisations.factories import OrganisationFactory
from tests.territories.factories import CommuneFactory

from .factories import (
    AnimatorFactory,
    CooperationAimFactory,
    CooperationFactory,
    MembershipFactory,
    NewsItemFactory,
    ObjectiveFactory,
)
from .factories import TestimonyFactory as MakeTestimony

LIST_URL = reverse("cooperations:list")
FOR_COMMUNE_URL = reverse("cooperations:for_commune")


def listed_slugs(response) -> list[str]:
    """The cooperations in the rows of the list, by the slug of their link."""
    hrefs = Page(response).hrefs('tbody th[scope="row"] a')
    return [href.removeprefix("/cooperations/").strip("/") for href in hrefs]


def row_of(page: Page, name: str) -> list[str]:
    """The cells of the list's row for the cooperation `name`."""
    [row] = [row for row in page.table() if row[0] == name]
    return row


def contact_message(page: Page) -> str:
    """What the contact form holds in its message field."""
    return page.one("#contact textarea").get_text().strip()


# -- List and filters ---------------------------------------------------------------------------


@pytest.fixture
def several(geography, armor_cooperation, finistere_cooperation):
    paris = CooperationFactory(
        name="Paris solidaire",
        slug="paris-solidaire",
        department=geography["paris_dep"],
        status=CooperationStatus.EMERGING,
    )
    lamballe = CooperationFactory(
        name="Lamballe Terre et Mer",
        slug="lamballe",
        parts=[(PartKind.EPCI, "200069391")],
        status=CooperationStatus.DORMANT,
    )
    return {
        "armor": armor_cooperation,
        "finistere": finistere_cooperation,
        "paris": paris,
        "lamballe": lamballe,
    }


def test_list_shows_every_cooperation_with_status_departments_and_members(client, several):
    MembershipFactory.create_batch(3, cooperation=several["armor"])
    response = client.get(LIST_URL)
    assert response.status_code == 200
    assert listed_slugs(response) == ["lamballe", "monalisa-22", "monalisa-29", "paris-solidaire"]
    page = Page(response)
    assert page.text("#titre-resultats") == "4 coopérations"
    assert row_of(page, "MONALISA 22") == ["MONALISA 22", "active", "Côtes-d'Armor (22)", "3"]
    assert row_of(page, "Lamballe Terre et Mer")[2] == "Côtes-d'Armor (22) en partie"
    assert page.texts("tbody td .hint") == ["en partie"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("region=53", ["lamballe", "monalisa-22", "monalisa-29"]),
        ("region=11", ["paris-solidaire"]),
        ("departement=22", ["lamballe", "monalisa-22"]),
        ("statut=emerging", ["paris-solidaire"]),
        ("region=53&statut=active", ["monalisa-22", "monalisa-29"]),
        ("departement=2A", []),
    ],
)
def test_list_filters(client, several, query, expected):
    response = client.get(f"{LIST_URL}?{query}")
    assert response.status_code == 200
    assert listed_slugs(response) == expected


@pytest.mark.parametrize(
    ("query", "heading"),
    [
        ("departement=2A", "0 coopération correspondant au filtre"),
        ("region=11", "1 coopération correspondant au filtre"),
        ("departement=22", "2 coopérations correspondant au filtre"),
    ],
)
def test_the_count_of_cooperations_agrees_in_french(client, several, query, heading):
    page = Page(client.get(f"{LIST_URL}?{query}"))
    assert page.text("#titre-resultats") == heading


def test_a_department_without_cooperation_says_so(client, several):
    page = Page(client.get(f"{LIST_URL}?departement=2A"))
    results = page.within('section[aria-labelledby="titre-resultats"]')
    assert results.text("p").startswith(
        "Aucune coopération ne couvre encore ce département (Corse-du-Sud)."
    )
    department = results.link("Voir le département et ses communes")
    assert department["href"] == "/territoires/departements/2A/"


def test_an_unknown_filter_value_is_refused_in_french(client, several):
    response = client.get(f"{LIST_URL}?departement=99&statut=active")
    page = Page(response)
    [error] = page.by_role("link", page.errors()[0])
    assert error["href"] == "#id_departement"
    assert page.errors()[0].endswith("Ce choix n'existe pas : choisissez une valeur de la liste.")
    assert len(page.errors()) == 1
    # Nothing is filtered on a half-valid form: the visitor sees everything and the error.
    assert len(listed_slugs(response)) == 4


def test_list_queries_do_not_grow(client, geography, django_assert_num_queries):
    CooperationFactory(department=geography["armor"])
    with CaptureQueriesContext(connection) as small:
        client.get(f"{LIST_URL}?region=53")
    for _ in range(5):
        cooperation = CooperationFactory(department=geography["finistere"])
        MembershipFactory.create_batch(3, cooperation=cooperation)
    with django_assert_num_queries(len(small.captured_queries)):
        response = client.get(f"{LIST_URL}?region=53")
    assert len(listed_slugs(response)) == 6


# -- The cooperation of my commune --------------------------------------------------------------


def test_for_commune_finds_the_cooperation_of_saint_brieuc(client, several):
    response = client.get(FOR_COMMUNE_URL, {"q": "st brieuc"})
    assert response.status_code == 200
    page = Page(response)
    assert page.h1 == "Les coopérations de Saint-Brieuc (22)"
    # Lamballe's cooperation covers another EPCI, not Saint-Brieuc.
    assert page.hrefs("main .results a") == ["/cooperations/monalisa-22/"]


def test_for_commune_picks_the_exact_name_and_offers_the_others(client, several, geography):
    CommuneFactory(
        code="35256", name="Saint-Brieuc-des-Iffs", department=geography["armor"], population=300
    )
    page = Page(client.get(FOR_COMMUNE_URL, {"q": "Saint-Brieuc"}))
    assert page.h1 == "Les coopérations de Saint-Brieuc (22)"
    others = page.heading("Vous cherchiez une autre commune ?").find_next_sibling("ul")
    assert [a["href"] for a in others.select("a")] == [f"{FOR_COMMUNE_URL}?commune=35256"]


def test_for_commune_lets_people_choose_among_namesakes(client, several):
    page = Page(client.get(FOR_COMMUNE_URL, {"q": "Saint-Denis"}))
    choices = page.heading("Plusieurs communes correspondent à « Saint-Denis »")
    links = choices.find_next_sibling("ul").select("a")
    assert sorted(a["href"] for a in links) == [
        f"{FOR_COMMUNE_URL}?commune=93066",
        f"{FOR_COMMUNE_URL}?commune=97411",
    ]


def test_for_commune_without_cooperation_says_so_in_french(client, several):
    page = Page(client.get(FOR_COMMUNE_URL, {"commune": "97411"}))
    [none] = [text for text in page.texts("main p") if text.startswith("Aucune coopération")]
    assert none.startswith("Aucune coopération ne couvre encore Saint-Denis.")
    steps = page.one("main .next-steps")
    assert [a["href"] for a in steps.select("a")] == [
        "/contact/",
        "/equipes/pres-de-chez-moi/?commune=97411",
        "/organisations/signataires/?department=974",
        f"{LIST_URL}?departement=974",
    ]
    assert not page.has("main .results")


def test_for_commune_finds_an_arrondissement_through_its_city(client, geography):
    CooperationFactory(name="Paris ensemble", slug="paris", parts=[(PartKind.COMMUNE, "75056")])
    page = Page(client.get(FOR_COMMUNE_URL, {"commune": "75101"}))
    assert page.hrefs("main .results a") == ["/cooperations/paris/"]


def test_for_commune_with_an_unknown_name_or_code(client, several):
    for asked in [{"q": "Zzyzx"}, {"commune": "22999"}]:
        page = Page(client.get(FOR_COMMUNE_URL, asked))
        [none] = [text for text in page.texts("main p") if text.startswith("Aucune commune")]
        value = next(iter(asked.values()))
        assert none.startswith(f"Aucune commune ne correspond à « {value} ».")


# -- A cooperation's page -----------------------------------------------------------------------


@pytest.fixture
def full_cooperation(geography, armor_cooperation):
    cooperation = armor_cooperation
    cooperation.birth_story = "<p>Née en <strong>2015</strong> au CCAS.</p>"
    cooperation.working_mode = WorkingMode.THEMATIC_GROUPS
    cooperation.working_description = "Trois groupes se réunissent le même jour."
    cooperation.strategy = "Mieux mailler le Centre-Bretagne."
    cooperation.autonomy_plan_url = "https://cotesdarmor.fr/schema-autonomie"
    cooperation.save()
    caisse = OrganisationFactory(name="Caisse de retraite d'Armor", slug="caisse-armor")
    ccas = OrganisationFactory(name="CCAS de Saint-Brieuc", slug="ccas-saint-brieuc")
    AnimatorFactory(
        cooperation=cooperation,
        organisation=ccas,
        user=UserFactory(email="karim.prive@exemple.fr", first_name="Karim", last_name="Benali"),
    )
    MembershipFactory(cooperation=cooperation, organisation=caisse, role=MemberRole.STEERING)
    MembershipFactory(
        cooperation=cooperation,
        role=MemberRole.FUNDER,
        organisation=OrganisationFactory(name="Département des Côtes-d'Armor", slug="cd22"),
    )
    CooperationAimFactory(
        cooperation=cooperation, aim=Aim.DEPLOYMENT, description="Là où personne ne passe."
    )
    ObjectiveFactory(cooperation=cooperation, title="Une équipe par canton")
    NewsItemFactory(cooperation=cooperation, title="Rencontre de printemps")
    MakeTestimony(cooperation=cooperation, person_name="Marie Le Goff")
    return cooperation


def test_cooperation_page_shows_everything_public(client, full_cooperation):
    response = client.get(full_cooperation.get_absolute_url())
    assert response.status_code == 200
    page = Page(response)
    assert page.h1 == "MONALISA 22"
    facts = page.definitions("main dl.facts")
    assert facts["Créée en"] == "mai 2016"
    history = page.section("Histoire et fonctionnement")
    birth = history.heading("Comment est née la coopération").find_next_sibling("div")
    assert str(birth.p) == "<p>Née en <strong>2015</strong> au CCAS.</p>"
    assert "Organisation : groupes de travail thématiques." in history.texts("p")
    strategy = page.section("Stratégie et axes de travail")
    assert strategy.text(".rich-text") == "Mieux mailler le Centre-Bretagne."
    assert strategy.texts(".objectives strong") == ["Une équipe par canton"]
    assert strategy.definitions("dl.aims") == {Aim.DEPLOYMENT.label: "Là où personne ne passe."}
    plan = strategy.link("Le schéma départemental de l'autonomie")
    assert plan["href"] == "https://cotesdarmor.fr/schema-autonomie"
    assert page.section("Actualités").headings(3) == ["Rencontre de printemps"]
    assert page.section("Paroles d'animateurs").texts("figcaption strong") == ["Marie Le Goff"]
    # Territory: the department, its communes with their population.
    territory = page.section("Territoire")
    assert territory.link("Côtes-d'Armor (22)")["href"] == "/territoires/departements/22/"
    count = territory.text("strong").replace("\u202f", " ").replace("\xa0", " ")
    assert count == "3 communes, 76 171 habitants"
    every_commune = territory.link("Toutes les communes du territoire (3)")
    assert every_commune["href"] == "/cooperations/monalisa-22/communes/"
    animators = page.section("Membres et animateurs").heading("Animateurs et animatrices")
    listed = Page(str(animators.find_next_sibling("ul"))).texts("li")
    assert listed == ["Karim Benali (CCAS de Saint-Brieuc)"]


def test_members_are_grouped_by_role_and_link_to_their_organisation(client, full_cooperation):
    members = Page(client.get(full_cooperation.get_absolute_url())).section("Membres et animateurs")
    assert members.headings(3) == [
        "Co-animateurs (1)",
        "Comité de pilotage (1)",
        "Financeurs (1)",
        "Animateurs et animatrices",
    ]
    assert members.link("CCAS de Saint-Brieuc")["href"] == "/organisations/ccas-saint-brieuc/"
    steering = members.heading("Comité de pilotage (1)").find_next_sibling("ul")
    assert [a.get_text() for a in steering.select("a")] == ["Caisse de retraite d'Armor"]


def test_the_page_never_shows_a_private_address(client, full_cooperation):
    page = Page(client.get(full_cooperation.get_absolute_url()))
    # Neither in what is read nor in any attribute (a mailto: link, a data- attribute).
    main = page.one("main")
    assert "@" not in main.get_text()
    attributes = [value for tag in main.find_all(True) for value in tag.attrs.values()]
    assert not [value for value in attributes if "@" in str(value)]


def test_rich_text_never_runs(client, armor_cooperation):
    armor_cooperation.birth_story = (
        '<p>Née en 2015</p><script>alert("né")</script><img src=x onerror="alert(1)">'
        '<a href="javascript:alert(2)">lien</a>'
    )
    armor_cooperation.working_description = "<script>alert(3)</script>"
    armor_cooperation.save()
    page = Page(client.get(armor_cooperation.get_absolute_url()))
    history = page.section("Histoire et fonctionnement")
    assert history.texts(".rich-text p")[0] == "Née en 2015"
    # No script, no event handler, no javascript: link anywhere in the page's content.
    main = page.one("main")
    assert [script for script in page.select("script") if not script.get("src")] == []
    handlers = [name for tag in main.find_all(True) for name in tag.attrs if name.startswith("on")]
    assert handlers == []
    assert not [a for a in main.select("a[href]") if a["href"].startswith("javascript:")]
    assert "alert(3)" not in main.get_text()


def test_rich_and_plain_text_both_read_well(client, armor_cooperation):
    armor_cooperation.strategy = "Premier temps : écouter.\n\nDeuxième temps : agir à < 10 km."
    armor_cooperation.save()
    NewsItemFactory(
        cooperation=armor_cooperation, body="<p>Bonjour <em>à tous</em></p><script>x()</script>"
    )
    page = Page(client.get(armor_cooperation.get_absolute_url()))
    strategy = page.section("Stratégie et axes de travail")
    assert strategy.texts(".rich-text p") == [
        "Premier temps : écouter.",
        "Deuxième temps : agir à < 10 km.",
    ]
    news = page.section("Actualités").one(".rich-text")
    assert [str(part).strip() for part in news.contents if str(part).strip()] == [
        "<p>Bonjour <em>à tous</em></p>"
    ]


def test_unknown_cooperation_is_404(client, db):
    assert client.get(reverse("cooperations:detail", args=["inconnue"])).status_code == 404
    assert client.get(reverse("cooperations:communes", args=["inconnue"])).status_code == 404


def test_the_communes_page_lists_and_pages_the_territory(client, armor_cooperation, geography):
    for n in range(120):
        CommuneFactory(code=f"22{500 + n}", name=f"Commune {n:03d}", department=geography["armor"])
    url = reverse("cooperations:communes", args=["monalisa-22"])
    first = Page(client.get(url))
    assert first.text("main p strong").startswith("123 communes,")
    assert first.texts(".pagination [aria-current=page]") == ["Page 1 sur 2"]
    first_rows = [row[0] for row in first.table()]
    assert first_rows[0] == "Commune 000"
    second = Page(client.get(url, {"page": 2}))
    second_rows = [row[0] for row in second.table()]
    # The 123 communes in alphabetical order, each once, over the two pages.
    assert len(first_rows) + len(second_rows) == 123
    assert {"Lamballe-Armor", "Plérin", "Saint-Brieuc"} <= set(first_rows + second_rows)
    assert second_rows[-1] == "Saint-Brieuc"


def detail_queries(client, cooperation) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(cooperation.get_absolute_url()).status_code == 200
    return len(captured.captured_queries)


def test_cooperation_page_queries_do_not_grow(client, full_cooperation, django_assert_num_queries):
    small = detail_queries(client, full_cooperation)
    for role in MemberRole:
        MembershipFactory.create_batch(4, cooperation=full_cooperation, role=role)
    AnimatorFactory.create_batch(3, cooperation=full_cooperation)
    NewsItemFactory.create_batch(4, cooperation=full_cooperation)
    MakeTestimony.create_batch(3, cooperation=full_cooperation)
    ObjectiveFactory.create_batch(4, cooperation=full_cooperation)
    for aim in (Aim.UNDERSTANDING, Aim.NETWORK):
        CooperationAimFactory(cooperation=full_cooperation, aim=aim)
    CooperationFactory.create_batch(5)
    with django_assert_num_queries(small):
        client.get(full_cooperation.get_absolute_url())
    # The cooperation, its members, news, testimonies and aims, plus what other apps show on
    # it: a few actions, its teams, their last year's totals and its upcoming events.
    assert small <= 18


# -- The contact form ---------------------------------------------------------------------------


CONFIRMATION = (
    "Votre message est enregistré : il part dans quelques instants vers la coopération, "
    "qui vous répondra à l'adresse e-mail que vous avez indiquée."
)
MESSAGE = {
    "name": "Élise Martin",
    "email": "elise@exemple.fr",
    "message": "Mon père vit seul à Plérin.",
}


def test_contact_form_relays_the_message(
    client, armor_cooperation, django_capture_on_commit_callbacks
):
    url = armor_cooperation.get_absolute_url()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, MESSAGE)
    assert response.status_code == 302
    assert response["Location"] == f"{url}#contact"
    (sent,) = sent_mails()
    assert sent.to == [armor_cooperation.contact_email]
    assert sent.reply_to == ["elise@exemple.fr"]
    assert sent.subject == "Message d'un visiteur de Maillage pour MONALISA 22"
    assert "Nom : Élise Martin" in sent.text
    assert "Mon père vit seul à Plérin." in sent.text
    assert sent.html.texts("dd") == ["Élise Martin", "elise@exemple.fr"]
    assert Page(client.get(url)).messages() == [CONFIRMATION]


def test_contact_form_keeps_what_was_typed_on_error(
    client, armor_cooperation, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(armor_cooperation.get_absolute_url(), {**MESSAGE, "email": "elise@"})
    assert response.status_code == 400
    page = Page(response)
    [error] = page.errors()
    assert "Indiquez une adresse e-mail valide" in error
    assert page.link(error)["href"] == "#id_email"
    assert contact_message(page) == "Mon père vit seul à Plérin."
    assert page.one("#id_name")["value"] == "Élise Martin"
    assert nothing_mailed()


def test_contact_form_refuses_a_name_that_would_break_headers(client, armor_cooperation):
    response = client.post(
        armor_cooperation.get_absolute_url(), {**MESSAGE, "name": "Eve\r\nBcc: x@y.fr"}
    )
    assert response.status_code == 400
    assert nothing_mailed()


def test_contact_form_is_rate_limited(
    client, armor_cooperation, finistere_cooperation, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(10):
            assert client.post(armor_cooperation.get_absolute_url(), MESSAGE).status_code == 302
        response = client.post(finistere_cooperation.get_absolute_url(), MESSAGE)
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 3600
    page = Page(response)
    (error,) = page.errors()
    assert error.startswith("Vous avez envoyé plusieurs messages en peu de temps : réessayez dans")
    assert page.value("Votre message") == "Mon père vit seul à Plérin."
    assert len(sent_mails()) == 10
    # Another visitor is not held up.
    with django_capture_on_commit_callbacks(execute=True):
        other = client.post(
            finistere_cooperation.get_absolute_url(), MESSAGE, REMOTE_ADDR="203.0.113.7"
        )
    assert other.status_code == 302
    assert len(sent_mails()) == 11


@pytest.fixture
def stale_reads(monkeypatch):
    """Each request reads the contact count before the others have written theirs: what
    simultaneous requests see when the check and the count are two steps."""
    backend = caches["default"]
    real_get = backend.get

    def get(key, default=None, version=None):
        return default if "contact" in key else real_get(key, default, version)

    monkeypatch.setattr(backend, "get", get)


def test_simultaneous_contact_posts_cannot_overshoot_the_limit(
    client, armor_cooperation, stale_reads, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        statuses = [
            client.post(armor_cooperation.get_absolute_url(), MESSAGE).status_code
            for _ in range(12)
        ]
    assert statuses == [302] * 10 + [429] * 2
    assert len(sent_mails()) == 10


def test_the_contact_form_has_a_honeypot_hidden_from_people(client, armor_cooperation):
    page = Page(client.get(armor_cooperation.get_absolute_url()))
    field = page.field("Ne remplissez pas ce champ")
    assert field["tabindex"] == "-1"
    assert field["autocomplete"] == "off"
    wrapper = field.find_parent("div")
    assert wrapper["aria-hidden"] == "true"
    assert "visually-hidden" in wrapper["class"]


def test_a_filled_honeypot_sends_nothing(client, armor_cooperation):
    response = client.post(
        armor_cooperation.get_absolute_url(), {**MESSAGE, "site_web": "https://spam.example"}
    )
    assert response.status_code == 400
    assert Page(response).errors() == [
        "Votre envoi n'a pas pu être pris en compte. Rechargez la page et réessayez."
    ]
    assert nothing_mailed()


def test_the_contact_form_still_works_when_the_cache_is_down(
    client, armor_cooperation, django_capture_on_commit_callbacks
):
    down = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
        }
    }
    with override_settings(CACHES=down), django_capture_on_commit_callbacks(execute=True):
        response = client.post(armor_cooperation.get_absolute_url(), MESSAGE)
    assert response.status_code == 302
    assert len(sent_mails()) == 1


def test_a_message_waits_for_a_mail_server_that_is_down(
    client, armor_cooperation, mail_server_down, django_capture_on_commit_callbacks
):
    url = armor_cooperation.get_absolute_url()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, MESSAGE)
    assert response.status_code == 302
    assert Page(client.get(url)).messages() == [CONFIRMATION]
    assert sent_mails() == []
    (queued,) = queued_mails()
    assert queued.attempts == 1
    mail_server_down.back_up()
    send_queued_mail(now=timezone.now() + timedelta(minutes=5))
    (sent,) = sent_mails()
    assert (sent.to, sent.reply_to) == ([armor_cooperation.contact_email], ["elise@exemple.fr"])
    assert "Mon père vit seul à Plérin." in sent.text


def test_no_contact_form_without_a_contact_address(client, armor_cooperation):
    armor_cooperation.contact_email = ""
    armor_cooperation.save()
    response = client.get(armor_cooperation.get_absolute_url())
    contact = Page(response).section("Écrire à la coopération")
    assert contact.texts("p") == ["Cette coopération n'a pas encore indiqué d'adresse de contact."]
    assert not contact.has("form")
    client.post(armor_cooperation.get_absolute_url(), MESSAGE)
    assert nothing_mailed()


def test_communes_and_for_commune_queries_do_not_grow(
    client, armor_cooperation, geography, django_assert_num_queries
):
    communes_url = reverse("cooperations:communes", args=["monalisa-22"])
    with CaptureQueriesContext(connection) as communes_small:
        client.get(communes_url)
    with CaptureQueriesContext(connection) as commune_small:
        client.get(FOR_COMMUNE_URL, {"commune": "22278"})
    for n in range(150):
        CommuneFactory(code=f"22{500 + n}", name=f"Commune {n:03d}", department=geography["armor"])
    CooperationFactory.create_batch(4, department=geography["armor"])
    with django_assert_num_queries(len(communes_small.captured_queries)):
        client.get(communes_url, {"page": 2})
    with django_assert_num_queries(len(commune_small.captured_queries)):
        response = client.get(FOR_COMMUNE_URL, {"commune": "22278"})
    page = Page(response)
    assert "5 coopérations couvrent Saint-Brieuc :" in page.texts("main p")
    assert len(page.select("main .results a")) == 5
