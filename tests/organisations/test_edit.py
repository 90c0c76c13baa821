"""Editing an organisation: bad input is refused with a French message, nothing is saved and
what the person typed stays in the form; good input is saved and written to the history."""

import io
import os

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from maillage.core.models import AuditEntry
from maillage.organisations.forms import OrganisationForm
from maillage.organisations.models import Organisation
from tests.html import Page

from .conftest import make_png
from .factories import OrganisationFactory
from .helpers import edit_data

VALID_SIRET = "73282932000074"
LA_POSTE_SIRET = "35600000000015"  # Luhn key wrong, La Poste's own key right.


@pytest.fixture
def edit_url(organisation):
    return reverse("organisations:backoffice_edit", args=[organisation.slug])


@pytest.fixture
def as_referent(client, referent):
    client.force_login(referent)
    return client


def post_edit(client, url, target, files=None, **overrides):
    data = edit_data(target, **overrides)
    if files:
        data.update(files)
    return client.post(url, data)


def assert_unchanged(organisation):
    stored = Organisation.objects.get(pk=organisation.pk)
    assert stored.name == organisation.name
    assert stored.siret == organisation.siret
    assert stored.description == organisation.description
    assert not stored.logo
    assert not AuditEntry.objects.about(stored).exists()


def test_valid_siret_with_spaces_is_saved_and_audited(
    as_referent, edit_url, organisation, referent
):
    response = post_edit(as_referent, edit_url, organisation, siret="732 829 320 00074")
    assert response.status_code == 302
    organisation.refresh_from_db()
    assert organisation.siret == VALID_SIRET
    entry = AuditEntry.objects.about(organisation).get()
    assert entry.actor == referent
    assert entry.action == "organisations.organisation.update"
    assert entry.changes == {"siret": ["", VALID_SIRET]}


def test_la_poste_siret_is_accepted_despite_its_luhn_key(as_referent, edit_url, organisation):
    response = post_edit(as_referent, edit_url, organisation, siret=LA_POSTE_SIRET)
    assert response.status_code == 302
    organisation.refresh_from_db()
    assert organisation.siret == LA_POSTE_SIRET


@pytest.mark.parametrize(
    ("siret", "message"),
    [
        ("73282932000075", "clé de contrôle ne correspond pas"),
        ("7328293200007A", "exactement 14 chiffres"),
        ("7328293200007", "exactement 14 chiffres"),
        ("35600000000016", "clé de contrôle ne correspond pas"),
    ],
    ids=["wrong-key", "letter", "13-digits", "la-poste-wrong-key"],
)
def test_malformed_siret_is_refused_and_what_was_typed_is_kept(
    as_referent, edit_url, organisation, siret, message
):
    response = post_edit(
        as_referent, edit_url, organisation, siret=siret, name="Amitiés briochines (nouveau nom)"
    )
    assert response.status_code == 200
    page = Page(response)
    [error] = page.field_errors("SIRET")
    assert message in error
    assert page.errors() == [f"SIRET : {error}"]
    assert page.text(".error-summary p").startswith("Rien n'a été enregistré.")
    # The typed values come back in the form, the stored name stays in the title.
    assert page.value("SIRET") == siret
    assert page.value("Nom de l'organisation") == "Amitiés briochines (nouveau nom)"
    assert page.h1 == "Modifier la fiche : Amitiés Saint-Brieuc"
    assert page.field("SIRET")["aria-invalid"] == "true"
    assert_unchanged(organisation)


def test_siret_of_another_organisation_is_refused(as_referent, edit_url, organisation):
    OrganisationFactory(siret=VALID_SIRET)
    response = post_edit(as_referent, edit_url, organisation, siret=VALID_SIRET)
    assert response.status_code == 200
    assert Page(response).field_errors("SIRET") == [
        "Une autre organisation est déjà enregistrée avec ce SIRET."
    ]
    assert_unchanged(organisation)


def test_small_png_logo_is_saved(as_referent, edit_url, organisation, media_root):
    response = post_edit(
        as_referent, edit_url, organisation, files={"logo": make_png()}, phone="02 96 00 00 00"
    )
    assert response.status_code == 302
    organisation.refresh_from_db()
    assert organisation.logo.name.startswith("logos/")
    assert organisation.phone == "02 96 00 00 00"
    with Image.open(os.path.join(media_root, organisation.logo.name)) as image:
        assert image.size == (40, 20)
    changes = AuditEntry.objects.about(organisation).get().changes
    assert changes["logo"] == ["", organisation.logo.name]


def noise_png(side: int) -> SimpleUploadedFile:
    """A real PNG image that does not compress: random pixels."""
    buffer = io.BytesIO()
    Image.frombytes("RGB", (side, side), os.urandom(side * side * 3)).save(buffer, format="PNG")
    return SimpleUploadedFile("grand.png", buffer.getvalue(), content_type="image/png")


def test_oversize_logo_is_refused(as_referent, edit_url, organisation):
    big = noise_png(700)
    assert big.size > 1024 * 1024
    response = post_edit(
        as_referent, edit_url, organisation, files={"logo": big}, name="Nom tapé à garder"
    )
    assert response.status_code == 200
    page = Page(response)
    assert page.field_errors("Logo") == ["L'image est trop lourde : 1 Mo au maximum."]
    assert page.value("Nom de l'organisation") == "Nom tapé à garder"
    assert_unchanged(organisation)


def test_text_file_named_png_is_refused(as_referent, edit_url, organisation):
    fake = SimpleUploadedFile("logo.png", b"ceci n'est pas une image\n" * 20, "image/png")
    response = post_edit(
        as_referent, edit_url, organisation, files={"logo": fake}, description="Texte gardé"
    )
    assert response.status_code == 200
    page = Page(response)
    [error] = page.field_errors("Logo")
    assert error.startswith("Ce fichier n'est pas une image lisible")
    assert page.one('textarea[name="description"]').get_text().strip() == "Texte gardé"
    assert_unchanged(organisation)


def test_removing_the_logo_deletes_the_file_after_commit(
    as_referent, edit_url, organisation, media_root, django_capture_on_commit_callbacks
):
    post_edit(as_referent, edit_url, organisation, files={"logo": make_png()})
    organisation.refresh_from_db()
    stored = os.path.join(media_root, organisation.logo.name)
    assert os.path.exists(stored)
    with django_capture_on_commit_callbacks(execute=True):
        response = post_edit(as_referent, edit_url, organisation, **{"logo-clear": "on"})
    assert response.status_code == 302
    organisation.refresh_from_db()
    assert not organisation.logo
    assert not os.path.exists(stored)


def test_networks_are_checkboxes_and_saved(as_referent, edit_url, organisation, networks):
    fieldset = Page(as_referent.get(edit_url)).field("Réseaux auxquels l'organisation appartient")
    boxes = fieldset.select('input[type="checkbox"][name="networks"]')
    assert sorted(box["value"] for box in boxes) == sorted(str(network.pk) for network in networks)
    response = post_edit(as_referent, edit_url, organisation, networks=[str(networks[0].pk)])
    assert response.status_code == 302
    assert list(organisation.networks.all()) == [networks[0]]
    changes = AuditEntry.objects.about(organisation).get().changes
    assert changes == {"networks": ["", "Petits frères des Pauvres"]}


def test_forged_network_id_is_refused(as_referent, edit_url, organisation, networks):
    response = post_edit(as_referent, edit_url, organisation, networks=["999999"])
    assert response.status_code == 200
    assert Page(response).field_errors("Réseaux auxquels l'organisation appartient") == [
        "Choisissez seulement des valeurs de la liste."
    ]
    assert not organisation.networks.exists()
    assert_unchanged(organisation)


def test_organisation_id_slipped_into_the_form_changes_nothing_elsewhere(
    as_referent, edit_url, organisation, other_organisation
):
    """Fields the form does not have (id, slug) are ignored: only the URL's organisation moves."""
    response = post_edit(
        as_referent,
        edit_url,
        organisation,
        id=str(other_organisation.pk),
        pk=str(other_organisation.pk),
        organisation=str(other_organisation.pk),
        slug=other_organisation.slug,
        name="Renommée",
    )
    assert response.status_code == 302
    organisation.refresh_from_db()
    other_organisation.refresh_from_db()
    assert organisation.name == "Renommée"
    assert organisation.slug == "amities-saint-brieuc"
    assert other_organisation.name == "CCAS de Brest"


def test_posting_to_another_organisation_is_a_404(as_referent, organisation, other_organisation):
    url = reverse("organisations:backoffice_edit", args=[other_organisation.slug])
    response = post_edit(as_referent, url, other_organisation, name="Piratée")
    assert response.status_code == 404
    other_organisation.refresh_from_db()
    assert other_organisation.name == "CCAS de Brest"


def test_no_change_writes_no_history(as_referent, edit_url, organisation):
    response = post_edit(as_referent, edit_url, organisation)
    assert response.status_code == 302
    assert not AuditEntry.objects.about(organisation).exists()


def test_commune_by_name_and_code(as_referent, edit_url, organisation, geography):
    post_edit(as_referent, edit_url, organisation, commune="plerin")
    organisation.refresh_from_db()
    assert organisation.commune == geography["plerin"]
    post_edit(as_referent, edit_url, organisation, commune="29019")
    organisation.refresh_from_db()
    assert organisation.commune == geography["brest"]
    changes = AuditEntry.objects.about(organisation).first().changes
    assert changes == {"commune": ["Plérin (22187)", "Brest (29019)"]}


def test_ambiguous_commune_lists_the_choices(as_referent, edit_url, organisation, geography):
    response = post_edit(as_referent, edit_url, organisation, commune="Saint-Denis")
    assert response.status_code == 200
    page = Page(response)
    [error] = page.field_errors("Commune")
    assert error.startswith("Plusieurs communes correspondent")
    assert "Saint-Denis (93066)" in error and "Saint-Denis (97411)" in error
    assert page.value("Commune") == "Saint-Denis"
    assert_unchanged(organisation)
    # Copying one of the proposals settles it.
    response = post_edit(as_referent, edit_url, organisation, commune="Saint-Denis (97411)")
    assert response.status_code == 302
    organisation.refresh_from_db()
    assert organisation.commune == geography["saint_denis_reunion"]


def test_unknown_commune_is_refused(as_referent, edit_url, organisation):
    response = post_edit(as_referent, edit_url, organisation, commune="Zzyzx-sur-Mer")
    assert response.status_code == 200
    [error] = Page(response).field_errors("Commune")
    assert error.startswith("Aucune commune ne correspond à « Zzyzx-sur-Mer »")
    assert_unchanged(organisation)


def test_delegated_commune_resolves_to_its_current_commune(organisation, geography):
    form = OrganisationForm(edit_data(organisation, commune="Morieux"), instance=organisation)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["commune"] == geography["lamballe"]


def test_description_is_rich_text_without_scripts(as_referent, edit_url, organisation, client):
    typed = '<p>Première ligne<script>alert("x")</script><br>Deuxième ligne</p>'
    post_edit(as_referent, edit_url, organisation, description=typed)
    organisation.refresh_from_db()
    assert organisation.description == "<p>Première ligne<br>Deuxième ligne</p>"
    page = Page(client.get(organisation.get_absolute_url()))
    assert page.select("script:-soup-contains('alert')") == []
    assert [str(p) for p in page.select(".organisation-description p")] == [
        "<p>Première ligne<br/>Deuxième ligne</p>"
    ]


@pytest.mark.parametrize(
    ("typed", "stored"),
    [("0296123456", "02 96 12 34 56"), ("+33 2 96 12 34 56", "02 96 12 34 56"), ("", "")],
)
def test_phone_is_stored_as_it_is_shown(as_referent, edit_url, organisation, typed, stored):
    response = post_edit(as_referent, edit_url, organisation, phone=typed)
    assert response.status_code == 302
    organisation.refresh_from_db()
    assert organisation.phone == stored


def test_a_wrong_phone_is_refused_in_french_and_kept(as_referent, edit_url, organisation):
    response = post_edit(as_referent, edit_url, organisation, phone="02 96 12")
    assert response.status_code == 200
    page = Page(response)
    assert page.field_errors("Téléphone") == [
        "Ce numéro de téléphone n'est pas valide. Saisissez ses 10 chiffres, par exemple "
        "01 23 45 67 89, ou l'indicatif du pays s'il est à l'étranger (+32 …)."
    ]
    assert page.value("Téléphone") == "02 96 12"
    assert page.field("Téléphone")["type"] == "tel"
    assert_unchanged(organisation)


def test_a_newline_in_the_organisation_name_is_refused(as_referent, edit_url, organisation):
    response = post_edit(as_referent, edit_url, organisation, name="CCAS\nde Plérin")
    assert response.status_code == 200
    assert Page(response).field_errors("Nom de l'organisation") == [
        "Ce champ tient sur une seule ligne : retirez les retours à la ligne, tabulations et "
        "autres caractères invisibles."
    ]
    assert_unchanged(organisation)
