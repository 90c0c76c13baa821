"""Staff's review of the charter requests: filters, several requests validated after one
confirmation, a decision undone within its window (its mail never leaves), the pending count in
the menu and in « Mon espace »."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from maillage.core.mail import send_queued_mail
from maillage.core.models import AuditEntry, MailStatus
from maillage.organisations import services
from maillage.organisations.enums import SignatureStatus
from maillage.organisations.models import CharterSignature
from tests.accounts.factories import UserFactory
from tests.html import Page
from tests.mail import sent_mails

from .factories import CharterSignatureFactory, OrganisationFactory

LIST = reverse("organisations:backoffice_signatures")
BULK = reverse("organisations:backoffice_signatures_validate")


def undo_url(signature) -> str:
    return reverse("organisations:backoffice_signature_undo", args=[signature.pk])


def card_names(page: Page) -> list[str]:
    return page.texts(".signature-card h2")


@pytest.fixture
def requests(geography, organisation, other_organisation):
    """Three pending requests: two in Côtes-d'Armor (an association, a CCAS), one in Finistère."""
    ccas = OrganisationFactory(name="CCAS de Plérin", kind="ccas", commune=geography["plerin"])
    return {
        "amities": CharterSignatureFactory(organisation=organisation),
        "brest": CharterSignatureFactory(organisation=other_organisation),
        "plerin": CharterSignatureFactory(organisation=ccas),
    }


# --- one confirmation for several requests ---------------------------------------------------


def test_several_requests_are_validated_after_one_confirmation(client, staff, requests):
    client.force_login(staff)
    chosen = [requests["amities"], requests["plerin"]]
    page = Page(client.get(BULK, {"demande": [str(s.pk) for s in chosen]}))
    assert page.h1 == "Valider 2 demandes de signature ?"
    assert card_names(page) == ["Amitiés Saint-Brieuc", "CCAS de Plérin"]
    # The signatory's details are there to read before deciding.
    first = Page(str(page.select(".signature-card")[0]))
    assert first.definitions("dl")["Signataire"] == "Claire Martin, présidente"
    form = page.form(".confirm-form")
    assert [field["value"] for field in form.select('input[name="demande"]')] == [
        str(s.pk) for s in chosen
    ]
    assert CharterSignature.objects.pending().count() == 3  # the page changed nothing

    response = client.post(BULK, {"demande": [str(s.pk) for s in chosen]}, follow=True)
    [message] = Page(response).messages()
    assert message.startswith(
        "2 signatures sont validées (Amitiés Saint-Brieuc, CCAS de Plérin). Vous pouvez annuler"
    )
    statuses = dict(CharterSignature.objects.values_list("organisation__name", "status"))
    assert statuses == {
        "Amitiés Saint-Brieuc": SignatureStatus.VALIDATED,
        "CCAS de Plérin": SignatureStatus.VALIDATED,
        "CCAS de Brest": SignatureStatus.REQUESTED,
    }
    assert AuditEntry.objects.filter(action="organisations.chartersignature.validate").count() == 2


def test_a_selection_with_a_request_decided_meanwhile_validates_none(client, staff, requests):
    client.force_login(staff)
    ids = [str(requests["amities"].pk), str(requests["brest"].pk)]
    services.signature_refuse(actor=staff, signature=requests["brest"], reason="Doublon.")
    response = client.post(BULK, {"demande": ids}, follow=True)
    # The page validates only what is still pending; here one request remains.
    assert (
        Page(response)
        .messages()[0]
        .startswith("La signature de l'organisation Amitiés Saint-Brieuc est validée.")
    )
    requests["brest"].refresh_from_db()
    assert requests["brest"].status == SignatureStatus.REFUSED


def test_the_bulk_service_validates_all_or_nothing(staff, requests):
    services.signature_refuse(actor=staff, signature=requests["brest"], reason="Doublon.")
    with pytest.raises(Exception, match="déjà été traitée"):
        services.signatures_validate(
            actor=staff, signatures=[requests["amities"], requests["brest"]]
        )
    requests["amities"].refresh_from_db()
    assert requests["amities"].status == SignatureStatus.REQUESTED


@pytest.mark.parametrize("query", [{}, {"demande": ["abc", "999999"]}])
def test_nothing_ticked_says_what_to_do(client, staff, requests, query):
    client.force_login(staff)
    response = client.get(BULK, query, follow=True)
    assert response.redirect_chain == [(LIST, 302)]
    assert Page(response).messages() == [
        "Cochez au moins une demande en attente dans la liste avant de choisir « Valider la "
        "sélection »."
    ]


def test_the_list_is_one_form_of_checkboxes_leading_to_the_confirmation(client, staff, requests):
    client.force_login(staff)
    page = Page(client.get(LIST))
    form = page.form('form[action="' + BULK + '"]')
    assert form["method"] == "get"
    assert len(form.select('input[type="checkbox"][name="demande"]')) == 3
    assert page.button("Valider la sélection")
    assert page.field("Sélectionner la demande : Amitiés Saint-Brieuc")["value"] == str(
        requests["amities"].pk
    )


# --- undo -----------------------------------------------------------------------------------


def test_a_validation_is_undone_within_the_window_and_its_mail_never_leaves(
    client, staff, requests, django_capture_on_commit_callbacks
):
    signature = requests["amities"]
    client.force_login(staff)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("organisations:backoffice_signature_validate", args=[signature.pk]))
    page = Page(client.get(LIST))
    recent = page.section("Décisions des 10 dernières minutes")
    assert recent.texts("li p")[0].startswith("Amitiés Saint-Brieuc : demande validée par")
    assert recent.button("Annuler la décision sur la demande : Amitiés Saint-Brieuc")

    response = client.post(undo_url(signature), follow=True)
    assert Page(response).messages() == [
        "La décision sur la demande de l'organisation Amitiés Saint-Brieuc est annulée : la "
        "demande attend de nouveau, et aucun e-mail ne partira."
    ]
    signature.refresh_from_db()
    assert signature.status == SignatureStatus.REQUESTED
    assert (signature.decided_by, signature.decided_at, signature.decision_mail) == (
        None,
        None,
        None,
    )
    assert not Page(response).has("#titre-recentes")
    send_queued_mail(now=timezone.now() + services.MAIL_DELAY * 2)
    assert sent_mails() == []
    entry = AuditEntry.objects.about(signature.organisation).first()
    assert entry.action == "organisations.chartersignature.undo"
    assert entry.actor == staff
    assert entry.summary.startswith("Décision annulée (la demande était validée)")


def test_a_refusal_undone_forgets_its_reason(staff, requests):
    signature = services.signature_refuse(
        actor=staff, signature=requests["brest"], reason="Doublon."
    )
    mail = signature.decision_mail
    services.signature_decision_undo(actor=staff, signature=signature)
    signature.refresh_from_db()
    assert (signature.status, signature.refusal_reason) == (SignatureStatus.REQUESTED, "")
    mail.refresh_from_db()
    assert mail.status == MailStatus.FAILED
    assert mail.last_error == "Décision annulée avant l'envoi de l'e-mail."


def test_a_decision_cannot_be_undone_after_the_window(client, staff, requests):
    signature = services.signature_validate(actor=staff, signature=requests["amities"])
    CharterSignature.objects.filter(pk=signature.pk).update(
        decided_at=timezone.now() - services.UNDO_WINDOW - datetime.timedelta(seconds=1)
    )
    client.force_login(staff)
    page = Page(client.get(LIST))
    assert not page.has("#titre-recentes")
    response = client.post(undo_url(signature), follow=True)
    assert Page(response).messages() == [
        "Cette décision ne peut plus être annulée : le délai de 10 minutes est passé ou la "
        "signature a changé depuis."
    ]
    signature.refresh_from_db()
    assert signature.status == SignatureStatus.VALIDATED


def test_a_refusal_cannot_be_undone_once_a_new_request_is_made(staff, referent, requests):
    refused = services.signature_refuse(
        actor=staff, signature=requests["amities"], reason="Doublon."
    )
    services.signature_request(
        actor=referent,
        organisation=refused.organisation,
        signatory_name="Paul Le Gall",
        signatory_role="président",
        signed_on=datetime.date(2025, 1, 6),
    )
    with pytest.raises(Exception, match="nouvelle demande"):
        services.signature_decision_undo(actor=staff, signature=refused)
    refused.refresh_from_db()
    assert refused.status == SignatureStatus.REFUSED


def test_a_pending_request_has_nothing_to_undo(client, staff, requests):
    client.force_login(staff)
    response = client.post(undo_url(requests["amities"]), follow=True)
    assert Page(response).messages()[0].startswith("Cette décision ne peut plus être annulée")


# --- filters --------------------------------------------------------------------------------


def test_filters_by_department_kind_status_and_date(client, staff, requests):
    client.force_login(staff)
    assert card_names(Page(client.get(LIST, {"department": "22"}))) == [
        "Amitiés Saint-Brieuc",
        "CCAS de Plérin",
    ]
    assert card_names(Page(client.get(LIST, {"department": "22", "kind": "ccas"}))) == [
        "CCAS de Plérin"
    ]
    services.signature_validate(actor=staff, signature=requests["brest"])
    page = Page(client.get(LIST, {"status": "validated"}))
    assert card_names(page) == ["CCAS de Brest"]
    assert page.text("main .lead") == "1 demande, les plus récentes d'abord."
    assert not page.has('.signature-card input[type="checkbox"]')  # decided: nothing to tick
    all_rows = card_names(Page(client.get(LIST, {"status": "toutes"})))
    assert sorted(all_rows) == ["Amitiés Saint-Brieuc", "CCAS de Brest", "CCAS de Plérin"]

    old = timezone.now() - datetime.timedelta(days=40)
    CharterSignature.objects.filter(pk=requests["plerin"].pk).update(requested_at=old)
    since = (timezone.localdate() - datetime.timedelta(days=7)).isoformat()
    page = Page(client.get(LIST, {"since": since}))
    assert card_names(page) == ["Amitiés Saint-Brieuc"]
    assert page.text("main .lead") == (
        "1 demande en attente de décision pour ces filtres, les plus anciennes d'abord."
    )
    until = (timezone.localdate() - datetime.timedelta(days=30)).isoformat()
    assert card_names(Page(client.get(LIST, {"until": until}))) == ["CCAS de Plérin"]


def test_a_bad_period_is_explained_and_what_was_typed_kept(client, staff, requests):
    client.force_login(staff)
    page = Page(client.get(LIST, {"since": "2025-05-01", "until": "2025-04-01", "kind": "ccas"}))
    assert page.field_errors("Jusqu'au") == ["Cette date doit suivre celle du début de la période."]
    assert page.value("Demandées depuis le") == "2025-05-01"
    assert page.value("Jusqu'au") == "2025-04-01"
    assert page.value("Nature de l'organisation") == "ccas"
    assert page.title.startswith("Erreur")
    # The valid filters still apply: every request is from today, so the kind narrows them.
    assert card_names(page) == ["CCAS de Brest", "CCAS de Plérin"]


# --- counts ---------------------------------------------------------------------------------


def test_staff_see_the_pending_count_in_the_menu_and_in_my_space(client, staff, requests):
    client.force_login(staff)
    page = Page(client.get(reverse("accounts:space")))
    menu = page.within("header nav")
    assert menu.link("Signatures 3 en attente")["href"] == LIST
    tools = page.section("Équipe nationale")
    assert tools.link("Demandes de signature de la charte MONALISA : 3 en attente")
    services.signature_validate(actor=staff, signature=requests["amities"])
    menu = Page(client.get(reverse("core:home"))).within("header nav")
    assert menu.link("Signatures 2 en attente")


def test_no_pending_count_without_requests_or_for_others(client, staff, referent, requests):
    client.force_login(referent)
    assert (
        Page(client.get(reverse("accounts:space")))
        .within("header nav")
        .links("Signatures 3 en attente")
        == []
    )
    CharterSignature.objects.update(status=SignatureStatus.WITHDRAWN)
    client.force_login(staff)
    page = Page(client.get(reverse("accounts:space")))
    assert not page.within("header nav").hrefs(f'a[href="{LIST}"]')
    assert page.section("Équipe nationale").link(
        "Demandes de signature de la charte MONALISA : aucune en attente"
    )


def test_a_person_who_is_not_staff_sees_no_count(client, db):
    client.force_login(UserFactory())
    assert not Page(client.get(reverse("core:home"))).within("header nav").has(".count-badge")
