"""Adding members, as an animator does it: the search looks in the cooperation's territory first,
names each organisation's commune and department, says when it found more than it shows, and an
organisation Maillage does not know is created (its referent invited) in the same flow."""

import pytest
from django.urls import reverse

from maillage.accounts.models import Invitation
from maillage.cooperations.models import Membership
from maillage.core.models import AuditEntry
from maillage.organisations import services as organisation_services
from maillage.organisations.models import Organisation
from maillage.organisations.services import REFERENT_ROLE
from tests.html import Page
from tests.mail import nothing_mailed, sent_mails
from tests.organisations.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def cooperation(world):
    """MONALISA 22, on Côtes-d'Armor; its animator is signed in."""
    return world.cooperation


@pytest.fixture
def animator(client, world):
    client.force_login(world.people["animator"])
    return client


def members_url(cooperation) -> str:
    return reverse("cooperations:backoffice_members", args=[cooperation.slug])


def create_url(cooperation) -> str:
    return reverse("cooperations:backoffice_member_create", args=[cooperation.slug])


def results(page: Page) -> list[str]:
    return page.section("Ajouter une organisation membre").texts(".candidate-list label")


def test_organisations_of_the_territory_come_first_with_their_commune(
    animator, cooperation, geography
):
    OrganisationFactory(name="Association Albatros", commune=geography["brest"])
    OrganisationFactory(name="Association Zéphyr", commune=geography["plerin"])
    OrganisationFactory(name="Association Morieux", commune=geography["lamballe"].attached.last())
    OrganisationFactory(name="Association Bruxelles", commune=None)
    page = Page(animator.get(members_url(cooperation), {"q": "association"}))
    assert results(page) == [
        "Association Morieux — association, Morieux (Côtes-d'Armor, 22)",
        "Association Zéphyr — association, Plérin (Côtes-d'Armor, 22)",
        "Association Albatros — association, Brest (Finistère, 29), hors du territoire de la "
        "coopération",
        "Association Bruxelles — association, commune non renseignée, hors du territoire de la "
        "coopération",
    ]
    assert page.text("main [role=status]") == (
        "4 organisations trouvées pour « association », celles du territoire de la coopération "
        "d'abord."
    )


def test_every_word_typed_narrows_the_search(animator, cooperation, geography):
    OrganisationFactory(name="CCAS de Plérin", kind="ccas", commune=geography["plerin"])
    OrganisationFactory(name="CCAS de Brest", kind="ccas", commune=geography["brest"])
    page = Page(animator.get(members_url(cooperation), {"q": "ccas plérin"}))
    assert [name.split(" — ")[0] for name in results(page)] == ["CCAS de Plérin"]


def test_the_search_says_how_many_more_it_found(
    animator, cooperation, geography, django_assert_max_num_queries
):
    for number in range(23):
        OrganisationFactory(name=f"Club des aînés n° {number:02}", commune=geography["brest"])
    with django_assert_max_num_queries(7):
        page = Page(animator.get(members_url(cooperation), {"q": "club"}))
    assert len(results(page)) == 20
    assert page.text("main [role=status]") == (
        "23 organisations trouvées pour « club » : voici les 20 premières, celles du territoire "
        "de la coopération d'abord. Précisez le nom pour voir les 3 autres."
    )


def test_the_results_lead_to_creating_the_missing_organisation(animator, cooperation):
    page = Page(animator.get(members_url(cooperation), {"q": "Bol d'air"}))
    link = page.link("Créer la fiche de « Bol d'air » et l'ajouter")
    assert link["href"] == create_url(cooperation) + "?nom=Bol%20d%27air"
    form = Page(animator.get(link["href"]))
    assert form.h1.startswith("Ajouter une organisation nouvelle sur Maillage")
    assert form.value("Nom de l'organisation") == "Bol d'air"


def create_data(**changes) -> dict:
    data = {
        "name": "Association Bol d'air",
        "kind": "association",
        "commune": "Plérin",
        "role": "partner",
        "since": "2025-09-01",
        "referent_email": "Presidente@Bol-dair.fr",
    }
    data.update(changes)
    return data


def test_a_missing_organisation_is_created_added_and_its_referent_invited(
    animator, cooperation, geography, world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = animator.post(create_url(cooperation), create_data(), follow=True)
    assert response.redirect_chain == [(members_url(cooperation), 302)]
    assert Page(response).messages() == [
        "La fiche « Association Bol d'air » est créée ; l'organisation est membre de la "
        "coopération. L'invitation à devenir référent part dans quelques instants pour "
        "Presidente@Bol-dair.fr."
    ]
    organisation = Organisation.objects.get(name="Association Bol d'air")
    assert (organisation.slug, organisation.kind, organisation.commune) == (
        "association-bol-dair",
        "association",
        geography["plerin"],
    )
    membership = Membership.objects.get(cooperation=cooperation, organisation=organisation)
    assert (membership.role, str(membership.since)) == ("partner", "2025-09-01")
    invitation = Invitation.objects.get(role=REFERENT_ROLE)
    assert (invitation.email, invitation.target_id) == ("presidente@bol-dair.fr", organisation.pk)
    assert invitation.invited_by == world.people["animator"]
    (sent,) = sent_mails()
    assert sent.to == ["presidente@bol-dair.fr"]
    assert "représenter l'organisation Association Bol d'air sur Maillage" in sent.text
    assert list(
        AuditEntry.objects.about(organisation).values_list("action", flat=True).order_by("pk")
    ) == ["organisations.organisation.create", "organisations.affiliation.invite"]
    assert AuditEntry.objects.about(cooperation).first().summary == (
        "Membre ajouté : Association Bol d'air"
    )


def test_without_an_address_nobody_is_invited(animator, cooperation):
    response = animator.post(create_url(cooperation), create_data(referent_email=""))
    assert response.status_code == 302
    assert Membership.objects.filter(organisation__name="Association Bol d'air").exists()
    assert not Invitation.objects.filter(role=REFERENT_ROLE).exists()
    assert nothing_mailed()


@pytest.mark.parametrize(
    ("changes", "label", "error"),
    [
        (
            {"commune": "Nulle-Part-sur-Mer"},
            "Commune",
            "Aucune commune ne correspond à « Nulle-Part-sur-Mer »",
        ),
        ({"kind": ""}, "Nature de l'organisation", "Ce champ est obligatoire."),
        (
            {"referent_email": "pas-une-adresse"},
            "Adresse e-mail d'une personne de l'organisation",
            "Indiquez une adresse e-mail valide, par exemple nom@exemple.fr.",
        ),
    ],
)
def test_a_refused_creation_keeps_what_was_typed_and_writes_nothing(
    animator, cooperation, changes, label, error
):
    organisations = Organisation.objects.count()
    response = animator.post(create_url(cooperation), create_data(**changes))
    assert response.status_code == 200
    page = Page(response)
    assert page.field_errors(label)[0].startswith(error)
    assert page.value("Nom de l'organisation") == "Association Bol d'air"
    assert page.value("Membre depuis le") == "2025-09-01"
    assert page.value("Rôle dans la coopération") == "partner"
    assert Organisation.objects.count() == organisations
    assert nothing_mailed()


def test_an_organisation_already_there_is_found_rather_than_created_twice(
    animator, cooperation, geography
):
    OrganisationFactory(name="Association Bol d'air", commune=geography["plerin"])
    organisations = Organisation.objects.count()
    response = animator.post(
        create_url(cooperation), create_data(name="association bol d'air", referent_email="")
    )
    page = Page(response)
    assert page.field_errors("Nom de l'organisation") == [
        "Une organisation « Association Bol d'air » existe déjà à Plérin : cherchez-la avec le "
        "formulaire de recherche pour l'ajouter."
    ]
    assert Organisation.objects.count() == organisations


def test_the_same_name_elsewhere_gets_its_own_address(animator, cooperation, geography):
    OrganisationFactory(name="Association Bol d'air", commune=geography["brest"])
    animator.post(create_url(cooperation), create_data(referent_email=""))
    created = Organisation.objects.get(name="Association Bol d'air", commune=geography["plerin"])
    assert created.slug == "association-bol-dair-plerin"


def test_invitations_beyond_the_rate_refuse_the_whole_creation(animator, cooperation, monkeypatch):
    monkeypatch.setattr(organisation_services, "REFERENT_INVITE_RATE", "1/h")
    first = animator.post(create_url(cooperation), create_data())
    assert first.status_code == 302
    organisations = Organisation.objects.count()
    page = Page(
        animator.post(
            create_url(cooperation),
            create_data(name="Les Jardins du Légué", referent_email="jardins@exemple.fr"),
        )
    )
    (error,) = page.field_errors("Adresse e-mail d'une personne de l'organisation")
    assert error.startswith("Vous avez fait cette demande plusieurs fois en peu de temps.")
    assert page.value("Nom de l'organisation") == "Les Jardins du Légué"
    # Nothing half-written: no page, no membership without its invitation.
    assert Organisation.objects.count() == organisations
    assert not Membership.objects.filter(organisation__name="Les Jardins du Légué").exists()
