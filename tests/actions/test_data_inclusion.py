"""The data·inclusion v1 export: every record of the open data files passes the models of the
PyPI package `data-inclusion-schema`, and says what the inventory knows."""

import datetime
import json

import pytest
from data_inclusion.schema import v1
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from maillage.actions import data_inclusion
from maillage.actions.enums import KindCode, PublicCode
from maillage.actions.views.exports import EXPORT_RATE
from maillage.organisations.enums import OrganisationKind
from maillage.territories.enums import PartKind
from maillage.territories.models import Commune
from tests.html import Page
from tests.organisations.factories import OrganisationFactory

from .factories import ActionFactory

SERVICES = reverse("actions:data_inclusion_services")
STRUCTURES = reverse("actions:data_inclusion_structures")
# The package's warnings (a name ending with a full stop…) are refusals here.
STRICT = {"ignore_warnings": False}


def records(client, url) -> list[dict]:
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    return json.loads(b"".join(response.streaming_content))


def validate(model, found: list[dict]) -> list:
    """Every record through the package's model: one failure fails the test."""
    return [model.model_validate(record, context=STRICT) for record in found]


@pytest.fixture
def network(geography):
    """Actions of every kind and public, zones of every kind of part, carriers of every sort,
    and what must stay out (ended, stale, without a carrier)."""
    ccas = OrganisationFactory(
        name="CCAS de Saint-Brieuc",
        kind=OrganisationKind.CCAS,
        commune=geography["saint_brieuc"],
        address="Place du Général de Gaulle",
        siret="73282932000074",
        phone="02 96 62 54 00",
        contact_email="accueil@ccas-saintbrieuc.fr",
        website="https://www.saint-brieuc.fr/ccas",
        description="<p>Le centre communal d'action sociale de Saint-Brieuc.</p>",
    )
    association = OrganisationFactory(name="Petits Frères des Pauvres.", commune=None)
    town = OrganisationFactory(
        name="Mairie de Paris", kind=OrganisationKind.LOCAL_AUTHORITY, commune=geography["paris"]
    )
    actions = {
        "every_kind": ActionFactory(
            title="Un bouquet d'activités pour rompre l'isolement. " * 4,
            kinds=list(KindCode.values),
            publics=list(PublicCode.values),
            commune=geography["saint_brieuc"],
            address="12 rue de la Gare",
            organisations=[association, ccas],
            parts=[
                (PartKind.COMMUNE, "22278"),
                (PartKind.EPCI, "200069409"),
                (PartKind.DEPARTMENT, "2A"),
                (PartKind.REGION, "53"),
            ],
            is_free=False,
            cost_details="10 € d'adhésion par an",
            contact_email="contact@pfp22.fr",
            drop_in=True,
            form_url="https://www.petitsfreres.asso.fr/inscription",
            how_to_join="Appeler le lundi matin.",
            opening_hours="Tu 14:00-17:00",
            description="<p>Des <strong>visites</strong> chaque semaine.</p><p>Et des sorties.</p>",
        ),
        "remote": ActionFactory(
            title="Appels",
            summary="",
            kinds=[KindCode.PHONE_CALLS],
            publics=[PublicCode.EVERYONE],
            commune=None,
            remote=True,
            parts=[(PartKind.COUNTRY, "FR")],
            organisations=[town],
            contact_phone="+32 2 234 56 78",
        ),
        "paris": ActionFactory(
            commune=geography["paris"],
            organisations=[town],
            kinds=[KindCode.DIGITAL],
            publics=[PublicCode.CARERS],
            to_check=True,
        ),
        # What Django accepts and the schema refuses: an FTP address, a date to come.
        "odd": ActionFactory(
            title="Ciné-club",
            organisations=[OrganisationFactory(name="Ciné 22", website="ftp://cine22.fr")],
            form_url="ftp://cine22.fr/inscription",
            verified_on=timezone.localdate() + datetime.timedelta(days=30),
        ),
    }
    # Left out: ended, not confirmed for 18 months, carried by nobody.
    ActionFactory(ended=True, organisations=[OrganisationFactory(name="Club fermé")])
    ActionFactory(stale=True, organisations=[OrganisationFactory(name="Club endormi")])
    ActionFactory(organisations=[])
    return {"actions": actions, "ccas": ccas, "association": association, "town": town}


def test_every_service_passes_the_schema(client, network):
    services = validate(v1.Service, records(client, SERVICES))

    assert sorted(service.id for service in services) == sorted(
        f"maillage--{action.pk}" for action in network["actions"].values()
    )


def test_every_structure_passes_the_schema(client, network):
    structures = validate(v1.Structure, records(client, STRUCTURES))

    assert sorted(structure.nom for structure in structures) == [
        "CCAS de Saint-Brieuc",
        "Ciné 22",
        "Mairie de Paris",
        "Petits Frères des Pauvres",
    ]


def test_each_service_names_an_exported_structure(client, network):
    structure_ids = {record["id"] for record in records(client, STRUCTURES)}

    carriers = {record["structure_id"] for record in records(client, SERVICES)}
    assert carriers <= structure_ids
    # Several carriers: the first by name.
    every_kind = network["actions"]["every_kind"]
    (service,) = [r for r in records(client, SERVICES) if r["id"] == f"maillage--{every_kind.pk}"]
    assert service["structure_id"] == f"maillage--{network['ccas'].pk}"


def by_id(client, action) -> dict:
    (record,) = [r for r in records(client, SERVICES) if r["id"] == f"maillage--{action.pk}"]
    return record


def test_a_service_says_what_the_inventory_knows(client, network):
    action = network["actions"]["every_kind"]

    record = by_id(client, action)
    assert len(record["nom"]) == 150
    assert record["nom"].endswith("…")
    assert record["description"] == (
        "Des bénévoles rendent visite chaque semaine aux personnes qui le souhaitent.\n\n"
        "Des visites chaque semaine.\nEt des sorties."
    )
    assert record["lien_source"] == "http://testserver" + action.get_absolute_url()
    assert record["date_maj"] == timezone.localdate().isoformat()
    assert record["publics"] == ["seniors"]
    assert record["publics_precisions"] == (
        "Personnes âgées vivant à domicile, Personnes âgées en établissement, Aidants, Tout public"
    )
    assert record["frais"] == "payant"
    assert record["frais_precisions"] == "10 € d'adhésion par an"
    assert record["commune"] == "Saint-Brieuc"
    assert record["code_insee"] == "22278"
    assert record["code_postal"] == "22000"
    assert record["adresse"] == "12 rue de la Gare"
    assert record["telephone"] == "+33123456789"
    assert record["courriel"] == "contact@pfp22.fr"
    assert record["modes_accueil"] == ["en-presentiel"]
    assert record["modes_mobilisation"] == [
        "envoyer-un-courriel",
        "se-presenter",
        "telephoner",
        "utiliser-lien-mobilisation",
    ]
    assert record["lien_mobilisation"] == "https://www.petitsfreres.asso.fr/inscription"
    assert record["mobilisation_precisions"] == "Appeler le lundi matin."
    assert record["horaires_accueil"] == "Tu 14:00-17:00"


def test_the_eligibility_zone_uses_the_schemas_codes(client, network):
    every_kind = by_id(client, network["actions"]["every_kind"])
    remote = by_id(client, network["actions"]["remote"])

    # Brittany (53) has no code in the schema: its departments stand for it.
    assert every_kind["zone_eligibilite"] == ["22278", "2A", "200069409", "22", "29"]
    assert remote["zone_eligibilite"] == ["france"]


def test_a_remote_service_without_a_summary_is_still_described(client, network):
    record = by_id(client, network["actions"]["remote"])

    assert record["description"] == "Appels : appels téléphoniques de convivialité."
    assert record["nom"] == "Appels"
    assert record["modes_accueil"] == ["a-distance"]
    assert record["modes_mobilisation"] == ["telephoner"]
    assert record["telephone"] == "+3222345678"
    assert record["code_insee"] is None
    assert record["publics"] == ["seniors"]


def test_the_thematiques_follow_the_kinds(client, network):
    digital = by_id(client, network["actions"]["paris"])
    every_kind = by_id(client, network["actions"]["every_kind"])

    assert digital["thematiques"] == [
        "numerique--acceder-a-des-services-en-ligne",
        "numerique--maitriser-les-fondamentaux-du-numerique",
        "remobilisation--lien-social",
    ]
    assert set(every_kind["thematiques"]) == {
        theme for themes in data_inclusion.THEMATIQUES.values() for theme in themes
    } | {"remobilisation--lien-social"}
    # Paris has two postal codes: none is guessed.
    assert digital["code_postal"] is None


def test_every_kind_maps_to_words_of_the_schema():
    assert set(data_inclusion.THEMATIQUES) == set(KindCode)
    themes = {theme for themes in data_inclusion.THEMATIQUES.values() for theme in themes}
    assert themes | {data_inclusion.SOCIAL_LINK} <= {theme.value for theme in v1.Thematique}
    assert data_inclusion.SENIORS in {public.value for public in v1.Public}
    assert set(data_inclusion.RESEAUX_PORTEURS.values()) <= {r.value for r in v1.ReseauPorteur}


def test_a_structure_says_what_maillage_knows(client, network):
    ccas = network["ccas"]

    (record,) = [r for r in records(client, STRUCTURES) if r["id"] == f"maillage--{ccas.pk}"]
    assert record == {
        "source": "maillage",
        "id": f"maillage--{ccas.pk}",
        "nom": "CCAS de Saint-Brieuc",
        "date_maj": timezone.localdate(ccas.updated_at).isoformat(),
        "description": "Le centre communal d'action sociale de Saint-Brieuc.",
        "lien_source": "http://testserver" + ccas.get_absolute_url(),
        "siret": "73282932000074",
        "commune": "Saint-Brieuc",
        "code_insee": "22278",
        "code_postal": "22000",
        "adresse": "Place du Général de Gaulle",
        "telephone": "+33296625400",
        "courriel": "accueil@ccas-saintbrieuc.fr",
        "site_web": "https://www.saint-brieuc.fr/ccas",
        "reseaux_porteurs": ["ccas-cias"],
    }


def test_what_the_schema_refuses_is_left_out_of_the_record(client, network):
    record = by_id(client, network["actions"]["odd"])

    assert record["lien_mobilisation"] is None
    assert "utiliser-lien-mobilisation" not in (record["modes_mobilisation"] or [])
    assert record["date_maj"] == timezone.localdate().isoformat()


def test_a_delegated_commune_is_named_by_its_current_commune(client, geography):
    morieux = Commune.objects.get(code="22168")
    action = ActionFactory(commune=morieux)

    record = by_id(client, action)
    assert (record["commune"], record["code_insee"], record["code_postal"]) == (
        "Lamballe-Armor",
        "22093",
        "22400",
    )


def test_the_date_is_the_last_confirmation(client, geography):
    confirmed = datetime.date(2026, 1, 15)
    action = ActionFactory(verified_on=confirmed)

    assert by_id(client, action)["date_maj"] == "2026-01-15"


def file_queries(client, url, actions: int) -> int:
    for _ in range(actions):
        ActionFactory(
            organisations=[OrganisationFactory(), OrganisationFactory()],
            parts=[(PartKind.REGION, "53"), (PartKind.COMMUNE, "22278")],
        )
    with CaptureQueriesContext(connection) as queries:
        found = records(client, url)
    assert found
    return len(queries)


@pytest.mark.parametrize("url", [SERVICES, STRUCTURES])
def test_the_query_count_does_not_grow_with_the_records(client, geography, url):
    assert file_queries(client, url, 2) == file_queries(client, url, 10)


def test_the_open_data_page_lists_the_files_and_the_licence(client, network):
    page = Page(client.get(reverse("actions:open_data")))

    assert page.h1 == "Données ouvertes"
    assert page.link("Les services")["href"] == SERVICES
    assert page.link("Les structures")["href"] == STRUCTURES
    assert "4 actions" in page.section("Au format data·inclusion").text("ul")
    assert "4 organisations" in page.section("Au format data·inclusion").text("ul")
    licence = page.section("Licence")
    assert licence.link("Licence Ouverte 2.0")["href"].startswith("https://www.etalab.gouv.fr/")


def test_the_files_are_cached_an_hour_by_shared_caches(client, db):
    response = client.get(SERVICES)

    assert response["Cache-Control"] == "public, max-age=3600"
    assert json.loads(b"".join(response.streaming_content)) == []


def test_the_files_are_limited_per_client_address(client, db):
    allowed = int(EXPORT_RATE.split("/")[0])
    statuses = {client.get(SERVICES).status_code for _ in range(allowed)}
    assert statuses == {200}
    refused = client.get(STRUCTURES)
    assert refused.status_code == 429
    assert refused["Retry-After"]
    # Another address is served.
    assert client.get(SERVICES, REMOTE_ADDR="203.0.113.9").status_code == 200
