"""The charter workflow: a referent asks, national staff validate or refuse, anyone withdraws
a live signature; the public count follows. One live signature per organisation."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.urls import reverse
from django.utils import timezone

from maillage.core.mail import send_queued_mail
from maillage.core.models import AuditEntry
from maillage.organisations import services
from maillage.organisations.enums import SignatureStatus
from maillage.organisations.models import CharterSignature
from tests.html import Page
from tests.mail import queued_mails, sent_mails

from .factories import CharterSignatureFactory, OrganisationFactory

LIST_URL = "/organisations/signataires/"


def sign_url(organisation):
    return reverse("organisations:backoffice_sign", args=[organisation.slug])


def request_data(**overrides):
    data = {
        "signatory_name": "Claire Martin",
        "signatory_role": "présidente",
        "signed_on": "2024-03-12",
    }
    data.update(overrides)
    return data


def count_on_list(client) -> str:
    return Page(client.get(LIST_URL)).text(".signatory-count")


def pending_organisations(client) -> list[str]:
    """The organisations of the requests awaiting a decision, as staff see them."""
    page = Page(client.get(reverse("organisations:backoffice_signatures")))
    return page.texts(".signature-card h2")


def test_request_validate_and_the_public_count_changes(
    client, organisation, referent, staff, django_capture_on_commit_callbacks
):
    assert count_on_list(client) == "0 organisation signataire"

    client.force_login(referent)
    response = client.post(sign_url(organisation), request_data())
    assert response.status_code == 302
    signature = CharterSignature.objects.get(organisation=organisation)
    assert signature.status == SignatureStatus.REQUESTED
    assert signature.requested_by == referent
    assert signature.signed_on == datetime.date(2024, 3, 12)
    page = Page(client.get(sign_url(organisation)))
    assert page.text("#titre-signature") == "Demande en attente de validation"
    client.logout()
    # A request is not a signature.
    assert count_on_list(client) == "0 organisation signataire"

    client.force_login(staff)
    assert pending_organisations(client) == ["Amitiés Saint-Brieuc"]
    validate = reverse("organisations:backoffice_signature_validate", args=[signature.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(validate)
    assert response.status_code == 302
    signature.refresh_from_db()
    assert signature.status == SignatureStatus.VALIDATED
    assert signature.decided_by == staff
    assert signature.decided_at is not None
    client.logout()
    assert count_on_list(client) == "1 organisation signataire"

    # The mail waits for the end of the undo window, then leaves at the outbox's next run.
    assert sent_mails() == []
    send_queued_mail(now=timezone.now() + services.MAIL_DELAY)
    (sent,) = sent_mails()
    assert sent.to == ["referente@amities-sb.fr"]
    assert sent.subject == "Votre signature de la charte MONALISA est validée"
    assert "http://testserver/organisations/amities-saint-brieuc/" in sent.links
    public_page = sent.html.link("sa fiche publique")["href"]
    assert public_page == "http://testserver/organisations/amities-saint-brieuc/"
    actions = list(AuditEntry.objects.about(organisation).values_list("action", flat=True))
    assert actions == [
        "organisations.chartersignature.validate",
        "organisations.chartersignature.request",
    ]


def test_future_date_is_refused_and_typed_values_kept(client, organisation, referent):
    client.force_login(referent)
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    response = client.post(
        sign_url(organisation), request_data(signed_on=tomorrow, signatory_name="Jean Dupont")
    )
    assert response.status_code == 200
    page = Page(response)
    assert page.field_errors("Date de signature") == [
        "La date de signature ne peut pas être dans le futur."
    ]
    assert page.value("Nom et prénom de la personne qui signe") == "Jean Dupont"
    assert page.value("Date de signature") == tomorrow
    assert not CharterSignature.objects.exists()


def test_missing_fields_are_refused_in_french(client, organisation, referent):
    client.force_login(referent)
    response = client.post(sign_url(organisation), request_data(signatory_role=""))
    assert response.status_code == 200
    assert Page(response).field_errors("Sa fonction dans l'organisation") == [
        "Ce champ est obligatoire."
    ]
    assert not CharterSignature.objects.exists()


@pytest.mark.parametrize("status", [SignatureStatus.REQUESTED, SignatureStatus.VALIDATED])
def test_only_one_live_signature(client, organisation, referent, status):
    CharterSignatureFactory(organisation=organisation, status=status)
    client.force_login(referent)
    response = client.post(sign_url(organisation), request_data())
    assert response.status_code == 200
    page = Page(response)
    assert page.text(".error-summary p") == (
        "Rien n'a été enregistré. Corrigez ce qui suit, vos saisies sont conservées :"
    )
    [error] = page.errors()
    if status == SignatureStatus.VALIDATED:
        assert "déjà signataire de la charte MONALISA" in error
    else:
        assert "déjà en attente de validation" in error
    assert CharterSignature.objects.count() == 1


def test_service_refuses_a_second_live_signature(organisation, referent):
    services.signature_request(
        actor=referent,
        organisation=organisation,
        signatory_name="A",
        signatory_role="B",
        signed_on=datetime.date(2024, 1, 1),
    )
    with pytest.raises(ValidationError):
        services.signature_request(
            actor=referent,
            organisation=organisation,
            signatory_name="A",
            signatory_role="B",
            signed_on=datetime.date(2024, 1, 1),
        )
    assert CharterSignature.objects.count() == 1


def test_database_holds_one_live_signature_too(organisation):
    CharterSignatureFactory(organisation=organisation, validated=True)
    with pytest.raises(IntegrityError):
        CharterSignatureFactory(organisation=organisation)


def test_a_refused_or_withdrawn_signature_allows_a_new_request(client, organisation, referent):
    CharterSignatureFactory(organisation=organisation, refused=True)
    CharterSignatureFactory(organisation=organisation, status=SignatureStatus.WITHDRAWN)
    client.force_login(referent)
    response = client.post(sign_url(organisation), request_data())
    assert response.status_code == 302
    assert CharterSignature.objects.filter(status=SignatureStatus.REQUESTED).count() == 1
    page = Page(client.get(sign_url(organisation)))
    assert page.heading("Demandes précédentes")
    outcomes = [row[2] for row in page.table()]
    assert "Refusée : Doublon." in outcomes
    assert len(outcomes) == 2


def test_refusal_needs_a_reason(client, organisation, staff, django_capture_on_commit_callbacks):
    signature = CharterSignatureFactory(organisation=organisation)
    client.force_login(staff)
    url = reverse("organisations:backoffice_signature_refuse", args=[signature.pk])
    response = client.post(url, {"reason": "   "})
    assert response.status_code == 200
    assert [error.split(" : ")[-1] for error in Page(response).errors()] == [
        "Indiquez le motif du refus."
    ]
    signature.refresh_from_db()
    assert signature.status == SignatureStatus.REQUESTED

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"reason": "La structure n'existe plus."})
    assert response.status_code == 302
    signature.refresh_from_db()
    assert signature.status == SignatureStatus.REFUSED
    assert signature.refusal_reason == "La structure n'existe plus."
    assert signature.decided_by == staff
    assert sent_mails() == []
    send_queued_mail(now=timezone.now() + services.MAIL_DELAY)
    (sent,) = sent_mails()
    assert sent.to == [signature.requested_by.email]
    assert "La structure n'existe plus." in sent.text
    assert sent.html.texts("h2 + p") == ["La structure n'existe plus."]
    entry = AuditEntry.objects.about(organisation).get()
    assert entry.action == "organisations.chartersignature.refuse"
    assert entry.actor == staff


def test_service_refuses_without_reason(organisation, staff):
    signature = CharterSignatureFactory(organisation=organisation)
    with pytest.raises(ValidationError):
        services.signature_refuse(actor=staff, signature=signature, reason=" ")
    signature.refresh_from_db()
    assert signature.status == SignatureStatus.REQUESTED


def test_a_decided_request_cannot_be_decided_again(client, organisation, staff):
    signature = CharterSignatureFactory(organisation=organisation, refused=True)
    client.force_login(staff)
    validate = reverse("organisations:backoffice_signature_validate", args=[signature.pk])
    response = client.post(validate, follow=True)
    assert Page(response).messages() == [
        "La demande de l'organisation Amitiés Saint-Brieuc a déjà été traitée."
    ]
    signature.refresh_from_db()
    assert signature.status == SignatureStatus.REFUSED


def test_mail_waits_for_the_end_of_the_undo_window(organisation, staff):
    signature = CharterSignatureFactory(organisation=organisation)
    services.signature_validate(actor=staff, signature=signature)
    (mail,) = queued_mails()
    signature.refresh_from_db()
    assert signature.decision_mail == mail
    assert mail.next_attempt_at == signature.decided_at + services.MAIL_DELAY
    # A run of the outbox inside the window sends nothing; the first one after it does.
    send_queued_mail(now=signature.decided_at + services.UNDO_WINDOW)
    assert sent_mails() == []
    send_queued_mail(now=signature.decided_at + services.MAIL_DELAY)
    assert [sent.subject for sent in sent_mails()] == [
        "Votre signature de la charte MONALISA est validée"
    ]


@pytest.mark.parametrize("status", [SignatureStatus.REQUESTED, SignatureStatus.VALIDATED])
def test_withdraw_after_confirmation(client, organisation, referent, status):
    signature = CharterSignatureFactory(organisation=organisation, status=status)
    client.force_login(referent)
    url = reverse("organisations:backoffice_withdraw", args=[organisation.slug])
    confirmation = client.get(url)
    assert confirmation.status_code == 200
    form = Page(confirmation).form()
    assert form["method"] == "post"
    signature.refresh_from_db()
    assert signature.status == status  # A GET changes nothing.

    response = client.post(url)
    assert response.status_code == 302
    signature.refresh_from_db()
    assert signature.status == SignatureStatus.WITHDRAWN
    assert signature.withdrawn_at is not None
    assert (
        AuditEntry.objects.about(organisation).get().action
        == "organisations.chartersignature.withdraw"
    )
    assert count_on_list(client) == "0 organisation signataire"


def test_withdraw_without_live_signature_is_a_404(client, organisation, referent):
    CharterSignatureFactory(organisation=organisation, refused=True)
    client.force_login(referent)
    url = reverse("organisations:backoffice_withdraw", args=[organisation.slug])
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404


def test_pending_list_shows_only_requests(client, staff, organisation, other_organisation):
    CharterSignatureFactory(organisation=organisation)
    CharterSignatureFactory(organisation=other_organisation, validated=True)
    client.force_login(staff)
    page = Page(client.get(reverse("organisations:backoffice_signatures")))
    assert page.text("main .lead").startswith("1 demande en attente de décision")
    assert page.texts(".signature-card h2") == ["Amitiés Saint-Brieuc"]


@pytest.mark.parametrize("count", [3, 30])
def test_pending_list_query_count_is_constant(
    client, staff, geography, django_assert_num_queries, count
):
    for _ in range(count):
        CharterSignatureFactory(organisation=OrganisationFactory(commune=geography["brest"]))
    client.force_login(staff)
    # Session, user, departments of the filter, count, page of requests (with organisation,
    # commune, department, requester, decider), recent decisions, the menu's pending count.
    with django_assert_num_queries(7):
        response = client.get(reverse("organisations:backoffice_signatures"))
    page = Page(response)
    assert len(page.select(".signature-card")) == count
    assert len(page.select('.signature-card input[type="checkbox"]')) == count
