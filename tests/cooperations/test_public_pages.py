"""Public pages of the cooperations: the list and its filters, the cooperation of my commune,
a cooperation's page and its contact form."""

import html
import re

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from maillage.cooperations.enums import Aim, CooperationStatus, MemberRole, WorkingMode
from maillage.territories.enums import PartKind
from tests.accounts.factories import UserFactory
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


def text_of(response) -> str:
    return html.unescape(response.content.decode())


def listed_slugs(response) -> list[str]:
    return re.findall(
        r'<th scope="row">\s*<a href="/cooperations/([\w-]+)/">', response.content.decode()
    )


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
    text = text_of(response)
    assert "4 coopérations" in text
    row = text.split('href="/cooperations/monalisa-22/"')[1].split("</tr>")[0]
    assert "active" in row
    assert "Côtes-d'Armor (22)" in row
    assert '<td class="num">3</td>' in row
    lamballe = text.split('href="/cooperations/lamballe/"')[1].split("</tr>")[0]
    assert 'Côtes-d\'Armor (22) <span class="hint">en partie</span>' in lamballe


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


def test_a_department_without_cooperation_says_so(client, several):
    text = text_of(client.get(f"{LIST_URL}?departement=2A"))
    assert "Aucune coopération ne couvre encore ce département (Corse-du-Sud)" in text
    assert 'href="/territoires/departements/2A/"' in text


def test_an_unknown_filter_value_is_refused_in_french(client, several):
    response = client.get(f"{LIST_URL}?departement=99&statut=active")
    text = text_of(response)
    assert "Ce choix n'existe pas : choisissez une valeur de la liste." in text
    assert 'href="#id_departement"' in text
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
    text = text_of(response)
    assert response.status_code == 200
    assert "Les coopérations de Saint-Brieuc (22)" in text
    assert 'href="/cooperations/monalisa-22/"' in text
    # Lamballe's cooperation covers another EPCI, not Saint-Brieuc.
    assert 'href="/cooperations/lamballe/"' not in text


def test_for_commune_picks_the_exact_name_and_offers_the_others(client, several, geography):
    CommuneFactory(
        code="35256", name="Saint-Brieuc-des-Iffs", department=geography["armor"], population=300
    )
    text = text_of(client.get(FOR_COMMUNE_URL, {"q": "Saint-Brieuc"}))
    assert "Les coopérations de Saint-Brieuc (22)" in text
    assert "Vous cherchiez une autre commune ?" in text
    assert f"{FOR_COMMUNE_URL}?commune=35256" in text


def test_for_commune_lets_people_choose_among_namesakes(client, several):
    text = text_of(client.get(FOR_COMMUNE_URL, {"q": "Saint-Denis"}))
    assert "Plusieurs communes correspondent à « Saint-Denis »" in text
    assert f"{FOR_COMMUNE_URL}?commune=93066" in text
    assert f"{FOR_COMMUNE_URL}?commune=97411" in text


def test_for_commune_without_cooperation_says_so_in_french(client, several):
    text = text_of(client.get(FOR_COMMUNE_URL, {"commune": "97411"}))
    assert "Aucune coopération ne couvre encore Saint-Denis." in text
    assert f'href="{LIST_URL}"' in text


def test_for_commune_finds_an_arrondissement_through_its_city(client, geography):
    CooperationFactory(name="Paris ensemble", slug="paris", parts=[(PartKind.COMMUNE, "75056")])
    text = text_of(client.get(FOR_COMMUNE_URL, {"commune": "75101"}))
    assert 'href="/cooperations/paris/"' in text


def test_for_commune_with_an_unknown_name_or_code(client, several):
    text = text_of(client.get(FOR_COMMUNE_URL, {"q": "Zzyzx"}))
    assert "Aucune commune ne correspond à « Zzyzx »" in text
    text = text_of(client.get(FOR_COMMUNE_URL, {"commune": "22999"}))
    assert "Aucune commune ne correspond à « 22999 »" in text


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
    text = text_of(response)
    assert "<h1>MONALISA 22</h1>" in text
    assert "mai 2016" in text
    assert "<p>Née en <strong>2015</strong> au CCAS.</p>" in text
    assert "groupes de travail thématiques" in text
    assert "Mieux mailler le Centre-Bretagne." in text
    assert "Une équipe par canton" in text
    assert Aim.DEPLOYMENT.label in text and "Là où personne ne passe." in text
    assert 'href="https://cotesdarmor.fr/schema-autonomie"' in text
    assert "Rencontre de printemps" in text
    assert "Marie Le Goff" in text
    # Territory: the department, its communes with their population.
    assert 'href="/territoires/departements/22/"' in text
    assert "3 communes, 76 171 habitants" in text.replace("\u202f", " ").replace("\xa0", " ")
    assert 'href="/cooperations/monalisa-22/communes/"' in text
    assert "Karim Benali" in text


def test_members_are_grouped_by_role_and_link_to_their_organisation(client, full_cooperation):
    text = text_of(client.get(full_cooperation.get_absolute_url()))
    members = text.split('id="titre-membres"')[1]
    headings = re.findall(r"<h3>([^<(]+)", members)
    assert [h.strip() for h in headings[:3]] == [
        "Co-animateurs",
        "Comité de pilotage",
        "Financeurs",
    ]
    assert '<a href="/organisations/ccas-saint-brieuc/">CCAS de Saint-Brieuc</a>' in members
    steering = members.split("Comité de pilotage")[1].split("<h3>")[0]
    assert "Caisse de retraite d'Armor" in steering


def test_the_page_never_shows_a_private_address(client, full_cooperation):
    text = text_of(client.get(full_cooperation.get_absolute_url()))
    assert full_cooperation.contact_email not in text
    assert "karim.prive@exemple.fr" not in text
    assert "@" not in re.sub(r"<[^>]+>", "", text.split("<main")[1].split("</main>")[0])


def test_rich_text_never_runs(client, armor_cooperation):
    armor_cooperation.birth_story = (
        '<p>Née en 2015</p><script>alert("né")</script><img src=x onerror="alert(1)">'
        '<a href="javascript:alert(2)">lien</a>'
    )
    armor_cooperation.working_description = "<script>alert(3)</script>"
    armor_cooperation.save()
    body = client.get(armor_cooperation.get_absolute_url()).content.decode()
    assert "<p>Née en 2015</p>" in body
    assert "<script>alert" not in body
    assert "onerror" not in body
    assert "javascript:" not in body
    assert "alert(3)" not in body


def test_rich_and_plain_text_both_read_well(client, armor_cooperation):
    armor_cooperation.strategy = "Premier temps : écouter.\n\nDeuxième temps : agir à < 10 km."
    armor_cooperation.save()
    NewsItemFactory(
        cooperation=armor_cooperation, body="<p>Bonjour <em>à tous</em></p><script>x()</script>"
    )
    body = client.get(armor_cooperation.get_absolute_url()).content.decode()
    assert "<p>Premier temps : écouter.</p>" in body
    assert "<p>Deuxième temps : agir à &lt; 10 km.</p>" in body
    assert "<p>Bonjour <em>à tous</em></p>" in body
    assert "x()" not in body


def test_unknown_cooperation_is_404(client, db):
    assert client.get(reverse("cooperations:detail", args=["inconnue"])).status_code == 404
    assert client.get(reverse("cooperations:communes", args=["inconnue"])).status_code == 404


def test_the_communes_page_lists_and_pages_the_territory(client, armor_cooperation, geography):
    for n in range(120):
        CommuneFactory(code=f"22{500 + n}", name=f"Commune {n:03d}", department=geography["armor"])
    url = reverse("cooperations:communes", args=["monalisa-22"])
    first = text_of(client.get(url))
    assert "123 communes" in first
    assert "Page 1 sur 2" in first
    assert "Commune 000" in first
    second = text_of(client.get(url, {"page": 2}))
    assert "Saint-Brieuc" in second or "Plérin" in second


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
    assert small <= 16


# -- The contact form ---------------------------------------------------------------------------


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
    (sent,) = mail.outbox
    assert sent.to == [armor_cooperation.contact_email]
    assert sent.reply_to == ["elise@exemple.fr"]
    assert "Mon père vit seul à Plérin." in sent.body
    assert "Élise Martin" in sent.body
    assert "MONALISA 22" in sent.subject
    confirmation = text_of(client.get(url))
    assert "Votre message a bien été transmis à la coopération." in confirmation


def test_contact_form_keeps_what_was_typed_on_error(
    client, armor_cooperation, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(armor_cooperation.get_absolute_url(), {**MESSAGE, "email": "elise@"})
    assert response.status_code == 400
    text = text_of(response)
    assert "Indiquez une adresse e-mail valide" in text
    assert 'href="#id_email"' in text
    assert "Mon père vit seul à Plérin." in text
    assert 'value="Élise Martin"' in text
    assert mail.outbox == []


def test_contact_form_refuses_a_name_that_would_break_headers(client, armor_cooperation):
    response = client.post(
        armor_cooperation.get_absolute_url(), {**MESSAGE, "name": "Eve\r\nBcc: x@y.fr"}
    )
    assert response.status_code == 400
    assert mail.outbox == []


def test_contact_form_is_rate_limited(
    client, armor_cooperation, finistere_cooperation, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(5):
            assert client.post(armor_cooperation.get_absolute_url(), MESSAGE).status_code == 302
        response = client.post(finistere_cooperation.get_absolute_url(), MESSAGE)
    assert response.status_code == 429
    assert "réessayez dans une heure" in text_of(response)
    assert "Mon père vit seul à Plérin." in text_of(response)
    assert len(mail.outbox) == 5
    # Another visitor is not held up.
    with django_capture_on_commit_callbacks(execute=True):
        other = client.post(
            finistere_cooperation.get_absolute_url(), MESSAGE, REMOTE_ADDR="203.0.113.7"
        )
    assert other.status_code == 302
    assert len(mail.outbox) == 6


def test_contact_form_says_so_when_the_mail_server_refuses(client, armor_cooperation, monkeypatch):
    import smtplib

    from django.core.mail import EmailMessage

    def refuse(self, fail_silently=False):
        raise smtplib.SMTPServerDisconnected("serveur indisponible")

    monkeypatch.setattr(EmailMessage, "send", refuse)
    response = client.post(armor_cooperation.get_absolute_url(), MESSAGE)
    assert response.status_code == 503
    text = text_of(response)
    assert "Votre message n'a pas pu être envoyé pour le moment" in text
    assert "Mon père vit seul à Plérin." in text
    assert "Votre message a bien été transmis" not in text_of(
        client.get(armor_cooperation.get_absolute_url())
    )


def test_no_contact_form_without_a_contact_address(client, armor_cooperation):
    armor_cooperation.contact_email = ""
    armor_cooperation.save()
    response = client.get(armor_cooperation.get_absolute_url())
    assert "n'a pas encore indiqué d'adresse de contact" in text_of(response)
    assert 'name="message"' not in response.content.decode()
    client.post(armor_cooperation.get_absolute_url(), MESSAGE)
    assert mail.outbox == []


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
    assert "5 coopérations couvrent Saint-Brieuc" in text_of(response)
