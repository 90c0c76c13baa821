"""Back-office forms of a cooperation, as an animator uses them: what is saved, what is refused
with a French message, and that a refused form keeps what was typed and saves nothing."""

import io
import re
from types import SimpleNamespace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from maillage.accounts.models import Invitation
from maillage.cooperations import models as cooperation_models
from maillage.cooperations.models import (
    Cooperation,
    CooperationAim,
    Membership,
    NewsItem,
    Objective,
)
from maillage.core.models import AuditEntry, OutboundMail
from maillage.territories.models import PerimeterPart
from tests.html import Page, text_of
from tests.mail import sent_mails
from tests.organisations.factories import OrganisationFactory

from .factories import MembershipFactory, ObjectiveFactory
from .pages import history, summaries
from .test_backoffice_permissions import fingerprint, furnish, objective_formset_data

SCRIPT = "<script>alert('piège')</script>"


@pytest.fixture
def world(backoffice_people, armor_cooperation, finistere_cooperation, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    staff = backoffice_people["staff"]
    return SimpleNamespace(
        people=backoffice_people,
        armor=furnish(armor_cooperation, inviter=staff),
        finistere=furnish(finistere_cooperation, inviter=staff),
    )


@pytest.fixture
def animator_client(client, world):
    client.force_login(world.people["animator"])
    return client


def url(name, world, *args):
    return reverse(f"cooperations:{name}", args=[world.armor.slug, *args])


def edit_data(**changes):
    data = {
        "name": "MONALISA 22",
        "status": "active",
        "founded_on": "2016-05-12",
        "birth_story": "<p>Née d'un forum en 2016.</p>",
        "working_mode": "thematic_groups",
        "working_description": "",
        "strategy": "",
        "autonomy_plan_url": "",
        "contact_email": "contact@exemple.fr",
    }
    data.update(changes)
    return data


def error_with(page: Page, text: str) -> str:
    """The one line of the error summary that says `text`."""
    [line] = [line for line in page.errors() if text in line]
    return line


def png_bytes(size=(40, 40)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (0, 0, 145)).save(buffer, format="PNG")
    return buffer.getvalue()


# --- presentation and rich text ------------------------------------------------------------


def test_the_edit_page_asks_for_no_markup(animator_client, world):
    page = Page(animator_client.get(url("backoffice_edit", world)))
    field = page.field("Comment est née la coopération")
    assert field.name == "textarea" and field.has_attr("data-richtext")
    assert page.described_by("Comment est née la coopération") == [
        "Une ligne vide sépare deux paragraphes ; les adresses web et e-mail deviennent des liens."
    ]
    assert "/static/js/richtext.js" in [script.get("src") for script in page.select("script")]


def test_a_script_in_rich_text_is_stripped_and_nothing_else_is_lost(animator_client, world):
    story = f"<p>Née d'un <strong>forum</strong> en 2016.</p>{SCRIPT}"
    response = animator_client.post(
        url("backoffice_edit", world),
        edit_data(birth_story=story, strategy='<p onclick="voler()">Agir</p>'),
        follow=True,
    )
    assert Page(response).messages() == ["Les modifications sont enregistrées."]
    cooperation = Cooperation.objects.get(pk=world.armor.cooperation.pk)
    assert cooperation.birth_story == "<p>Née d'un <strong>forum</strong> en 2016.</p>"
    assert cooperation.strategy == "<p>Agir</p>"


def test_an_invalid_presentation_keeps_what_was_typed_and_saves_nothing(animator_client, world):
    before = fingerprint()
    response = animator_client.post(
        url("backoffice_edit", world),
        edit_data(
            name="",
            contact_email="pas-une-adresse",
            birth_story="<p>Un long texte que je ne veux pas retaper.</p>",
        ),
    )
    assert response.status_code == 200
    page = Page(response)
    assert page.text(".error-summary h2") == "Le formulaire contient des erreurs"
    assert [link["href"] for link in page.select(".error-summary a")] == [
        "#id_name",
        "#id_contact_email",
    ]
    assert page.field_errors("Adresse de contact") == [
        "Indiquez une adresse e-mail valide, par exemple nom@exemple.fr."
    ]
    assert page.one("#id_contact_email")["value"] == "pas-une-adresse"
    assert page.one("#id_birth_story").get_text().strip() == (
        "<p>Un long texte que je ne veux pas retaper.</p>"
    )
    assert len(page.select("h1")) == 1
    assert fingerprint() == before


def test_a_failed_form_leaves_the_stored_name_around_it(animator_client, world):
    response = animator_client.post(
        url("backoffice_edit", world),
        edit_data(name="Un nom pas encore enregistré", contact_email="pas-une-adresse"),
    )
    page = Page(response)
    assert page.one("#id_name")["value"] == "Un nom pas encore enregistré"
    assert page.text("h1 .backoffice-kicker") == "MONALISA 22"
    assert page.texts(".breadcrumb a") == ["Mon espace", "MONALISA 22"]


def test_the_slug_cannot_be_changed_from_the_form(animator_client, world):
    animator_client.post(url("backoffice_edit", world), edit_data(slug="pirate"))
    assert Cooperation.objects.filter(slug=world.armor.slug).exists()
    assert not Cooperation.objects.filter(slug="pirate").exists()


# --- aims ----------------------------------------------------------------------------------


def test_aims_are_chosen_with_their_own_words(animator_client, world):
    response = animator_client.post(
        url("backoffice_aims", world),
        {"aim_2": "on", "aim_2_text": "Un diagnostic partagé.", "aim_7": "on", "aim_7_text": ""},
    )
    assert response.status_code == 302
    aims = dict(
        CooperationAim.objects.filter(cooperation=world.armor.cooperation).values_list(
            "aim", "description"
        )
    )
    assert aims == {2: "Un diagnostic partagé.", 7: ""}
    page = Page(animator_client.get(url("backoffice_aims", world)))
    ticked = [box["name"] for box in page.select('input[type="checkbox"][checked]')]
    assert ticked == ["aim_2", "aim_7"]


def test_words_for_an_unticked_aim_are_refused_and_kept(animator_client, world):
    before = fingerprint()
    response = animator_client.post(
        url("backoffice_aims", world), {"aim_3": "", "aim_3_text": "Texte sans case cochée"}
    )
    assert response.status_code == 200
    page = Page(response)
    assert error_with(page, "cochez-le pour l'enregistrer")
    assert page.one("#id_aim_3_text").get_text().strip() == "Texte sans case cochée"
    assert fingerprint() == before


# --- objectives ----------------------------------------------------------------------------


def test_objectives_are_edited_added_and_deleted_in_one_form(animator_client, world):
    cooperation = world.armor.cooperation
    second = ObjectiveFactory(cooperation=cooperation, title="Former les bénévoles")
    data = {
        "objectifs-TOTAL_FORMS": "3",
        "objectifs-INITIAL_FORMS": "2",
        "objectifs-MIN_NUM_FORMS": "0",
        "objectifs-MAX_NUM_FORMS": "100",
        "objectifs-0-id": str(world.armor.objective.pk),
        "objectifs-0-title": "Cartographier toutes les actions",
        "objectifs-0-description": "",
        "objectifs-0-status": "achieved",
        "objectifs-0-position": "1",
        "objectifs-1-id": str(second.pk),
        "objectifs-1-title": second.title,
        "objectifs-1-description": "",
        "objectifs-1-status": "in_progress",
        "objectifs-1-position": "0",
        "objectifs-1-DELETE": "on",
        "objectifs-2-title": "Ouvrir un forum annuel",
        "objectifs-2-description": "",
        "objectifs-2-status": "planned",
        "objectifs-2-position": "2",
    }
    response = animator_client.post(url("backoffice_objectives", world), data)
    assert response.status_code == 302
    titles = dict(Objective.objects.filter(cooperation=cooperation).values_list("title", "status"))
    assert titles == {
        "Cartographier toutes les actions": "achieved",
        "Ouvrir un forum annuel": "planned",
    }
    actions = list(
        AuditEntry.objects.about(cooperation).values_list("action", flat=True).order_by("pk")
    )
    assert actions == [
        "cooperations.objective.update",
        "cooperations.objective.delete",
        "cooperations.objective.create",
    ]


def test_another_cooperations_objective_slipped_into_the_formset_is_refused(animator_client, world):
    before = fingerprint()
    foreign = world.finistere.objective
    data = objective_formset_data(foreign, **{"objectifs-0-title": "Détourné"})
    response = animator_client.post(url("backoffice_objectives", world), data)
    assert response.status_code == 200
    assert Page(response).text(".error-summary h2") == "Le formulaire contient des erreurs"
    assert Objective.objects.get(pk=foreign.pk).title == foreign.title
    assert fingerprint() == before


def test_deleting_another_cooperations_objective_through_the_formset_is_refused(
    animator_client, world
):
    before = fingerprint()
    data = objective_formset_data(world.finistere.objective, **{"objectifs-0-DELETE": "on"})
    response = animator_client.post(url("backoffice_objectives", world), data)
    assert response.status_code == 200
    assert Objective.objects.filter(pk=world.finistere.objective.pk).exists()
    assert fingerprint() == before


def test_an_objective_without_title_keeps_the_rest(animator_client, world):
    before = fingerprint()
    data = objective_formset_data(
        world.armor.objective,
        **{"objectifs-1-title": "", "objectifs-1-description": "Des précisions tapées"},
    )
    response = animator_client.post(url("backoffice_objectives", world), data)
    assert response.status_code == 200
    typed = Page(response).one('textarea[name="objectifs-1-description"]')
    assert typed.get_text().strip() == "Des précisions tapées"
    assert fingerprint() == before


# --- news ----------------------------------------------------------------------------------


def test_news_body_is_sanitised_and_the_author_recorded(animator_client, world):
    response = animator_client.post(
        url("backoffice_news_add", world),
        {"title": "Forum", "body": f"<p>Le 3 mars</p>{SCRIPT}", "published_on": "2025-03-01"},
        follow=True,
    )
    item = NewsItem.objects.get(cooperation=world.armor.cooperation, title="Forum")
    assert item.body == "<p>Le 3 mars</p>"
    assert item.created_by == world.people["animator"]
    assert Page(response).messages() == ["L'actualité est publiée."]


def test_a_news_item_needs_a_valid_date_and_keeps_the_text(animator_client, world):
    before = fingerprint()
    response = animator_client.post(
        url("backoffice_news_add", world),
        {"title": "Forum", "body": "<p>Mon texte</p>", "published_on": "32/13/2025"},
    )
    assert response.status_code == 200
    page = Page(response)
    assert page.field_errors("Date de publication") == [
        "Saisissez une date valide, par exemple 14/07/2025."
    ]
    assert page.one("#id_body").get_text().strip() == "<p>Mon texte</p>"
    assert fingerprint() == before


# --- testimonies and photos ----------------------------------------------------------------


def quote_fields(**changes):
    data = {
        "quote": "On ne se connaissait pas, maintenant on se téléphone.",
        "person_name": "Lucie Tanguy",
        "person_role": "coordinatrice",
        "organisation_name": "CCAS de Plérin",
        "position": "0",
    }
    data.update(changes)
    return data


def test_a_testimony_with_a_real_photo_is_saved(animator_client, world):
    photo = SimpleUploadedFile("lucie.png", png_bytes(), content_type="image/png")
    response = animator_client.post(
        url("backoffice_testimony_add", world), {**quote_fields(), "photo": photo}
    )
    assert response.status_code == 302
    testimony = cooperation_models.Testimony.objects.get(person_name="Lucie Tanguy")
    assert testimony.photo.name.startswith("testimonies/")


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (
            SimpleUploadedFile("faux.png", b"ceci n'est pas une image", content_type="image/png"),
            "Ce fichier n'est pas une image lisible",
        ),
        (
            SimpleUploadedFile("script.svg", b"<svg><script/></svg>", content_type="image/svg"),
            "PNG, JPEG ou WebP",
        ),
    ],
    ids=["not-an-image", "svg"],
)
def test_a_photo_that_is_not_an_image_is_refused_in_french(animator_client, world, upload, message):
    before = fingerprint()
    response = animator_client.post(
        url("backoffice_testimony_add", world), {**quote_fields(), "photo": upload}
    )
    assert response.status_code == 200
    page = Page(response)
    assert error_with(page, message)
    assert page.one("#id_quote").get_text().strip() == (
        "On ne se connaissait pas, maintenant on se téléphone."
    )
    assert fingerprint() == before


def test_an_oversize_photo_is_refused_in_french(animator_client, world, monkeypatch):
    monkeypatch.setattr("maillage.organisations.validators.LOGO_MAX_BYTES", 100)
    before = fingerprint()
    photo = SimpleUploadedFile("lourde.png", png_bytes((200, 200)), content_type="image/png")
    response = animator_client.post(
        url("backoffice_testimony_add", world), {**quote_fields(), "photo": photo}
    )
    assert response.status_code == 200
    assert error_with(Page(response), "L'image est trop lourde : 1 Mo au maximum.")
    assert fingerprint() == before


def test_a_photo_of_more_than_one_megabyte_is_refused(animator_client, world):
    # A real PNG of random pixels, a little over 1 MB: the limit as it stands.
    import os

    buffer = io.BytesIO()
    Image.frombytes("RGB", (640, 640), os.urandom(640 * 640 * 3)).save(buffer, format="PNG")
    assert buffer.tell() > 1024 * 1024
    before = fingerprint()
    photo = SimpleUploadedFile("lourde.png", buffer.getvalue(), content_type="image/png")
    response = animator_client.post(
        url("backoffice_testimony_add", world), {**quote_fields(), "photo": photo}
    )
    assert error_with(Page(response), "trop lourde")
    assert fingerprint() == before


def test_a_testimony_photo_can_be_replaced_then_removed(animator_client, world):
    testimony = world.armor.testimony
    first = SimpleUploadedFile("a.png", png_bytes(), content_type="image/png")
    animator_client.post(
        url("backoffice_testimony_edit", world, testimony.pk), {**quote_fields(), "photo": first}
    )
    testimony.refresh_from_db()
    assert testimony.photo
    response = animator_client.post(
        url("backoffice_testimony_edit", world, testimony.pk),
        {**quote_fields(), "photo-clear": "on"},
    )
    assert response.status_code == 302
    testimony.refresh_from_db()
    assert not testimony.photo


# --- territory -----------------------------------------------------------------------------


def result_codes(page: Page) -> list[str]:
    """The codes offered as radio buttons among the search results."""
    return [radio["value"] for radio in page.select('#resultats input[type="radio"]')]


def test_the_perimeter_picker_works_in_two_steps_without_javascript(animator_client, world):
    page = Page(
        animator_client.get(url("backoffice_perimeter", world), {"kind": "epci", "q": "brest"})
    )
    assert result_codes(page) == ["242900314"]  # Brest Métropole
    assert page.text('label[for="territoire-1"]').startswith("Brest Métropole")
    response = animator_client.post(
        url("backoffice_perimeter", world), {"kind": "epci", "code": "242900314", "q": "brest"}
    )
    assert response.status_code == 302
    assert world.armor.cooperation.perimeter.parts.filter(kind="epci", code="242900314").exists()
    entry = AuditEntry.objects.about(world.armor.cooperation).first()
    assert entry.action == "cooperations.territory.add"
    assert "Brest Métropole" in entry.summary


@pytest.mark.parametrize(
    ("kind", "query", "code"),
    [
        ("commune", "st brieuc", "22278"),
        ("department", "finis", "29"),
        ("region", "bretagne", "53"),
        ("country", "", "FR"),
    ],
)
def test_each_kind_of_territory_can_be_found(animator_client, world, kind, query, code):
    page = Page(animator_client.get(url("backoffice_perimeter", world), {"kind": kind, "q": query}))
    assert code in result_codes(page)


def test_the_perimeter_page_shows_names_population_and_communes(animator_client, world):
    page = Page(animator_client.get(url("backoffice_perimeter", world)))
    current = page.section("Territoire actuel")
    assert sorted(row[:2] for row in current.table()) == [
        ["commune", "Paris (75056)"],
        ["département", "Côtes-d'Armor (22)"],
    ]
    # Saint-Brieuc, Plérin, Lamballe-Armor and Paris: 44 372 + 14 606 + 17 193 + 2 113 705.
    facts = current.definitions("dl.facts")
    assert facts["Communes"] == "4 communes"
    assert re.sub(r"\D", "", facts["Population"]) == "2189876"
    assert facts["Population"].endswith(" habitants")


def test_a_part_already_in_the_territory_cannot_be_chosen_twice(animator_client, world):
    page = Page(
        animator_client.get(url("backoffice_perimeter", world), {"kind": "department", "q": "22"})
    )
    [armor] = [
        radio for radio in page.select('#resultats input[type="radio"]') if radio["value"] == "22"
    ]
    assert armor.has_attr("disabled")
    assert page.text(f'label[for="{armor["id"]}"]').endswith("(déjà dans le territoire)")
    before = fingerprint()
    response = animator_client.post(
        url("backoffice_perimeter", world), {"kind": "department", "code": "22", "q": "22"}
    )
    assert response.status_code == 200
    assert error_with(Page(response), "fait déjà partie de la coopération")
    assert fingerprint() == before


def test_an_unknown_code_is_refused_with_a_french_message(animator_client, world):
    before = fingerprint()
    response = animator_client.post(
        url("backoffice_perimeter", world), {"kind": "department", "code": "99", "q": "x"}
    )
    assert response.status_code == 200
    assert error_with(Page(response), "Code de département inconnu")
    assert fingerprint() == before


def test_the_last_part_of_a_territory_cannot_be_removed(animator_client, world):
    cooperation = world.armor.cooperation
    animator_client.post(url("backoffice_perimeter_remove", world, world.armor.part.pk))
    last = cooperation.perimeter.parts.get()
    before = fingerprint()
    response = animator_client.post(url("backoffice_perimeter_remove", world, last.pk), follow=True)
    messages = Page(response).messages()
    assert [message for message in messages if "doit garder au moins une partie" in message]
    assert PerimeterPart.objects.filter(pk=last.pk).exists()
    assert fingerprint() == before


# --- members -------------------------------------------------------------------------------


def test_members_are_found_by_name_and_added_with_a_role(animator_client, world):
    OrganisationFactory(name="Centre social de Plérin")
    page = Page(animator_client.get(url("backoffice_members", world), {"q": "plérin"}))
    found = page.section("Ajouter une organisation membre").texts(".choice-list label")
    assert [name.split(" — ")[0] for name in found] == ["Centre social de Plérin"]
    response = animator_client.post(
        url("backoffice_member_add", world),
        {
            "organisation": str(world.armor.outsider.pk),
            "role": "steering",
            "since": "2023-09-01",
            "q": "maison",
        },
    )
    assert response.status_code == 302
    membership = Membership.objects.get(
        cooperation=world.armor.cooperation, organisation=world.armor.outsider
    )
    assert (membership.role, str(membership.since)) == ("steering", "2023-09-01")


def test_members_page_lists_them_by_role(animator_client, world):
    MembershipFactory(
        cooperation=world.armor.cooperation,
        organisation__name="Caisse de retraite de Bretagne",
        role="funder",
    )
    page = Page(animator_client.get(url("backoffice_members", world)))
    captions = [caption.split(" (")[0] for caption in page.texts("caption")]
    assert captions == ["Co-animateur", "Membre", "Financeur"]
    assert page.texts("caption")[-1] == "Financeur (1)"


@pytest.mark.parametrize("which", ["already_member", "unknown"])
def test_adding_an_organisation_that_cannot_be_added_is_refused_and_keeps_the_input(
    animator_client, world, which
):
    organisation = (
        str(world.armor.membership.organisation.pk) if which == "already_member" else "999999"
    )
    before = fingerprint()
    response = animator_client.post(
        url("backoffice_member_add", world),
        {"organisation": organisation, "role": "funder", "since": "2022-02-02", "q": "maison"},
    )
    assert response.status_code == 200
    page = Page(response)
    assert error_with(page, "Choisissez une organisation parmi les résultats de la recherche.")
    assert page.one("#id_since")["value"] == "2022-02-02"
    assert page.one("#id_role").find("option", selected=True)["value"] == "funder"
    assert page.one('main form.search input[name="q"]')["value"] == "maison"
    assert fingerprint() == before


def test_a_members_role_is_changed_and_audited(animator_client, world):
    membership = world.armor.membership
    response = animator_client.post(
        url("backoffice_member_edit", world, membership.pk),
        {"role": "co_animator", "since": "2020-01-15"},
    )
    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.role == "co_animator"
    entry = AuditEntry.objects.about(world.armor.cooperation).first()
    assert entry.changes == {"role": ["membre", "co-animateur"]}


def test_removing_a_member_asks_for_confirmation_first(animator_client, world):
    membership = world.armor.membership
    page = animator_client.get(url("backoffice_member_remove", world, membership.pk))
    question = Page(page).text(".coop-backoffice > p")
    assert question.startswith("Voulez-vous vraiment retirer Club des aînés monalisa-22")
    assert Membership.objects.filter(pk=membership.pk).exists()
    animator_client.post(url("backoffice_member_remove", world, membership.pk))
    assert not Membership.objects.filter(pk=membership.pk).exists()


# --- animators and invitations -------------------------------------------------------------


def test_an_invitation_names_only_a_member_organisation(animator_client, world):
    before = fingerprint()
    foreign = world.finistere.membership.organisation
    response = animator_client.post(
        url("backoffice_animators", world),
        {"email": "quelquun@exemple.fr", "organisation": str(foreign.pk)},
    )
    assert response.status_code == 200
    page = Page(response)
    assert error_with(page, "Choisissez une organisation membre de la coopération.")
    assert page.value("Adresse e-mail de la personne invitée") == "quelquun@exemple.fr"
    assert fingerprint() == before
    assert not Invitation.objects.filter(email="quelquun@exemple.fr").exists()


def test_the_invitation_form_offers_the_member_organisations_only(animator_client, world):
    page = Page(animator_client.get(url("backoffice_animators", world)))
    field = page.field("Structure qu'elle représente")
    offered = [text_of(option) for option in field.find_all("option") if option.get("value")]
    assert "Club des aînés monalisa-22" in offered
    assert "Club des aînés monalisa-29" not in offered
    # Only the members of this cooperation, an empty choice aside.
    members = Membership.objects.filter(cooperation=world.armor.cooperation)
    assert len(offered) == members.count()


def test_a_second_invitation_to_the_same_address_is_refused(animator_client, world):
    before = fingerprint()
    response = animator_client.post(
        url("backoffice_animators", world),
        {
            "email": world.armor.invitation.email,
            "organisation": str(world.armor.membership.organisation.pk),
        },
    )
    assert response.status_code == 200
    assert error_with(Page(response), "Une invitation est déjà en attente pour cette adresse.")
    assert fingerprint() == before


def test_a_current_animator_is_not_invited_again(animator_client, world):
    before = fingerprint()
    mails_before = OutboundMail.objects.count()
    response = animator_client.post(
        url("backoffice_animators", world),
        {
            "email": world.people["animator"].email.upper(),
            "organisation": str(world.armor.membership.organisation.pk),
        },
    )
    assert error_with(Page(response), "Cette personne anime déjà la coopération.")
    assert fingerprint() == before
    assert OutboundMail.objects.count() == mails_before
    assert sent_mails() == []


def test_a_pending_invitation_is_revoked(animator_client, world):
    invitation = world.armor.invitation
    response = animator_client.post(url("backoffice_invitation_revoke", world, invitation.pk))
    assert response.status_code == 302
    invitation.refresh_from_db()
    assert invitation.revoked_at is not None
    assert AuditEntry.objects.about(world.armor.cooperation).first().action == (
        "accounts.invitation.revoke"
    )
    # Once revoked it is no longer pending: a second revocation is a 404.
    again = animator_client.post(url("backoffice_invitation_revoke", world, invitation.pk))
    assert again.status_code == 404


def test_without_member_organisations_the_page_says_to_add_one_first(client, world):
    cooperation = world.armor.cooperation
    Membership.objects.filter(cooperation=cooperation).delete()
    client.force_login(world.people["staff"])
    invite = Page(client.get(url("backoffice_animators", world))).section(
        "Inviter une personne à animer la coopération"
    )
    first = invite.link("ajoutez d'abord une organisation membre")
    assert first["href"] == url("backoffice_members", world)
    assert not invite.has("form")


# --- history -------------------------------------------------------------------------------


def test_history_shows_who_changed_what_old_and_new(animator_client, world):
    animator_client.post(url("backoffice_edit", world), edit_data(status="dormant"))
    page = Page(animator_client.get(url("backoffice_history", world)))
    row = page.table()[0]
    assert row[1] == "Anne Le Bihan"
    summary, changes = history(page)[0]
    assert summary == "Présentation de la coopération modifiée"
    assert "statut : active → en sommeil" in changes


def test_history_is_paged_by_fifty(animator_client, world):
    from maillage.core.models import audit

    for number in range(51):
        audit(
            actor=world.people["animator"],
            target=world.armor.cooperation,
            action="test.entry",
            summary=f"Entrée numéro {number:02d}",
        )
    first = Page(animator_client.get(url("backoffice_history", world)))
    assert len(summaries(first)) == 50
    assert summaries(first)[0] == "Entrée numéro 50"
    assert "Entrée numéro 00" not in summaries(first)
    assert first.text("caption").endswith(", page 1 sur 2")
    second = Page(animator_client.get(url("backoffice_history", world), {"page": 2}))
    assert "Entrée numéro 00" in summaries(second)


def test_history_never_shows_another_cooperations_entries(animator_client, world, client):
    other = client.__class__()
    other.force_login(world.people["other_animator"])
    other.post(
        reverse("cooperations:backoffice_news_add", args=[world.finistere.slug]),
        {"title": "Nouvelle du Finistère", "body": "<p>x</p>", "published_on": "2025-01-01"},
    )
    page = Page(animator_client.get(url("backoffice_history", world)))
    assert not [summary for summary in summaries(page) if "Finistère" in summary]
    # The Finistère's history does have it: the test would see a leak.
    other_history = Page(
        other.get(reverse("cooperations:backoffice_history", args=[world.finistere.slug]))
    )
    assert [summary for summary in summaries(other_history) if "Nouvelle du Finistère" in summary]


# --- national staff: create a cooperation --------------------------------------------------


@pytest.fixture
def staff_client(client, world):
    client.force_login(world.people["staff"])
    return client


def test_staff_create_a_cooperation_with_a_slug_from_its_name(staff_client, world, geography):
    response = staff_client.post(
        reverse("cooperations:backoffice_list"),
        {"name": "Coopération MONALISA de Paris", "department": "75"},
    )
    cooperation = Cooperation.objects.get(slug="cooperation-monalisa-de-paris")
    assert response.status_code == 302
    assert response.url == reverse("cooperations:backoffice_home", args=[cooperation.slug])
    assert cooperation.perimeter.part_pairs() == [("department", "75")]
    assert AuditEntry.objects.about(cooperation).get().action == "cooperations.cooperation.create"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"name": "MONALISA 22", "department": "75"}, "a déjà l'identifiant"),
        ({"name": "Nouvelle", "department": "99"}, "Choisissez un département de la liste."),
        ({"name": "", "department": "75"}, "Ce champ est obligatoire."),
    ],
    ids=["duplicate", "unknown-department", "no-name"],
)
def test_creating_a_cooperation_refuses_bad_input(staff_client, world, data, message):
    before = fingerprint()
    response = staff_client.post(reverse("cooperations:backoffice_list"), data)
    assert response.status_code == 200
    assert error_with(Page(response), message)
    assert fingerprint() == before


def test_the_staff_list_links_to_every_cooperation(staff_client, world):
    page = Page(staff_client.get(reverse("cooperations:backoffice_list")))
    for cooperation in (world.armor.cooperation, world.finistere.cooperation):
        edit = page.link(f"Modifier {cooperation.name}")
        assert edit["href"] == reverse("cooperations:backoffice_edit", args=[cooperation.slug])


def test_the_landing_page_counts_what_each_section_holds(animator_client, world):
    page = animator_client.get(reverse("cooperations:backoffice_home", args=[world.armor.slug]))
    cards = {
        text_of(card.find("h2")): text_of(card.find("p"))
        for card in Page(page).select(".backoffice-cards .card")
    }
    # Members: the animator's CCAS, the referent's organisation and the furnished club (whose
    # co-animator makes the second animator).
    assert cards["Membres"] == "3 organisations membres."
    assert cards["Animateurs et invitations"] == "2 animateurs."
    assert cards["Actualités"] == "1 actualité."
    assert cards["Axes de travail"] == "0 axe sur 8 retenu."


def test_choosing_no_territory_says_so(animator_client, world):
    before = fingerprint()
    response = animator_client.post(
        url("backoffice_perimeter", world), {"kind": "commune", "q": "saint"}
    )
    assert response.status_code == 200
    page = Page(response)
    assert error_with(page, "Choisissez un territoire dans la liste des résultats.")
    assert "22278" in result_codes(page)  # the results are shown again
    assert fingerprint() == before
