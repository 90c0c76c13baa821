"""Who may import a cooperation's inventory of actions: its animators and staff, nobody else;
an animator of another cooperation reaches neither the pages nor a staged file."""

from types import SimpleNamespace

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.shortcuts import resolve_url
from django.urls import reverse

from maillage.actions.importers import ActionImporter
from maillage.actions.models import Action
from maillage.core.importing import import_stage
from maillage.core.models import AuditEntry, ImportRun
from tests.world import ROLES

ALLOWED = {"animator", "staff"}


def inventory(title: str) -> bytes:
    return (
        "Identifiant;Titre;Types;Organisation;Commune\n"
        f"A1;{title};Visites à domicile;CCAS de Saint-Brieuc;22278\n"
    ).encode()


@pytest.fixture
def runs(world):
    """A staged inventory in each cooperation."""

    def staged(cooperation, user):
        return import_stage(
            importer=ActionImporter(scope=cooperation, actor=user),
            filename="inventaire.csv",
            data=inventory(f"Visites de convivialité ({cooperation.slug})"),
            owner=user,
        )

    return SimpleNamespace(
        armor=staged(world.cooperation, world.people["animator"]),
        finistere=staged(world.other_cooperation, world.people["other_animator"]),
    )


def fingerprint():
    return (
        tuple(Action.objects.values_list("pk", "title")),
        AuditEntry.objects.count(),
        tuple(ImportRun.objects.order_by("pk").values_list("pk", "status")),
    )


def requests(world, runs):
    """(label, method, URL, data, status when allowed) for the import of the first cooperation."""
    slug = world.cooperation.slug
    return [
        ("upload page", "get", reverse("actions:import", args=[slug]), None, 200),
        (
            "upload",
            "post",
            reverse("actions:import", args=[slug]),
            {"file": SimpleUploadedFile("a.csv", inventory("Appels du lundi"))},
            302,
        ),
        (
            "preview",
            "get",
            reverse("actions:import_preview", args=[slug, runs.armor.pk]),
            None,
            200,
        ),
        ("commit", "post", reverse("actions:import_preview", args=[slug, runs.armor.pk]), {}, 302),
        ("template", "get", reverse("actions:import_template", args=[slug, "csv"]), None, 200),
        ("template", "get", reverse("actions:import_template", args=[slug, "xlsx"]), None, 200),
        ("guide", "get", reverse("actions:import_guide", args=[slug]), None, 200),
    ]


LABELS = ["upload page", "upload", "preview", "commit", "template csv", "template xlsx", "guide"]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("index", range(len(LABELS)), ids=LABELS)
def test_the_import_of_a_cooperations_inventory_role_by_role(world, runs, role, index):
    _label, method, url, data, allowed_status = requests(world, runs)[index]
    client = world.client_as(role)
    before = fingerprint()
    response = getattr(client, method)(url, data or {})
    if role == "anonymous":
        assert response.status_code == 302
        assert response.url.startswith(resolve_url(settings.LOGIN_URL))
        assert fingerprint() == before
    elif role in ALLOWED:
        assert response.status_code == allowed_status
        if method == "post":
            assert fingerprint() != before
    else:
        assert response.status_code == 404
        assert fingerprint() == before


def test_an_animator_of_another_cooperation_cannot_import_into_this_one(world, runs):
    client = world.client_as("other_animator")
    before = fingerprint()
    response = client.post(
        reverse("actions:import", args=[world.cooperation.slug]),
        {"file": SimpleUploadedFile("a.csv", inventory("Appels du lundi"))},
    )
    assert response.status_code == 404
    response = client.post(
        reverse("actions:import_preview", args=[world.cooperation.slug, runs.armor.pk])
    )
    assert response.status_code == 404
    assert fingerprint() == before


@pytest.mark.parametrize("role", ["animator", "staff"])
def test_a_staged_file_of_another_cooperation_is_not_found_through_this_one(world, runs, role):
    """The slug of my cooperation with the run of another: 404, nothing imported."""
    client = world.client_as(role)
    before = fingerprint()
    url = reverse("actions:import_preview", args=[world.cooperation.slug, runs.finistere.pk])
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404
    assert fingerprint() == before


def test_an_unknown_template_format_is_not_found(world):
    client = world.client_as("animator")
    url = reverse("actions:import_template", args=[world.cooperation.slug, "pdf"])
    assert client.get(url).status_code == 404


@pytest.mark.parametrize(
    "name", ["actions:import_preview", "actions:import_template", "actions:import_guide"]
)
def test_read_only_import_pages_refuse_other_methods(world, runs, name):
    client = world.client_as("animator")
    args = {
        "actions:import_preview": [world.cooperation.slug, runs.armor.pk],
        "actions:import_template": [world.cooperation.slug, "csv"],
        "actions:import_guide": [world.cooperation.slug],
    }[name]
    method = "put" if name == "actions:import_preview" else "post"
    assert getattr(client, method)(reverse(name, args=args)).status_code == 405
