"""Events as a visitor and an organiser meet them: registration, the waiting list, the
cancellation link, reminders, the calendar files (across summer time), the exports."""

import csv
import datetime
import io
import zoneinfo

import icalendar
import openpyxl
import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from maillage.animation import services
from maillage.animation.enums import EventKind, EventStatus, RegistrationStatus
from maillage.animation.models import Event, Registration
from maillage.core.models import AuditEntry
from tests.html import Page
from tests.mail import nothing_mailed, sent_mails

from .factories import EventFactory, RegistrationFactory, in_days

PARIS = zoneinfo.ZoneInfo("Europe/Paris")
BASE = "http://testserver"

pytestmark = pytest.mark.django_db


def register(client, event, name="Nora Le Gall", email="nora@exemple.fr", **extra):
    return client.post(
        reverse("animation:event_detail", args=[event.pk]), {"name": name, "email": email, **extra}
    )


# --- registration and the waiting list ------------------------------------------------------


def test_a_visitor_registers_and_gets_the_confirmation_with_its_links(
    client, django_capture_on_commit_callbacks
):
    event = EventFactory(capacity=2)
    with django_capture_on_commit_callbacks(execute=True):
        response = register(client, event)
    assert response.status_code == 302
    page = Page(client.get(response["Location"]))
    assert page.h1 == "Votre inscription est enregistrée"
    assert page.link("Ajouter à mon agenda : " + event.title + " (fichier iCalendar)")["href"] == (
        reverse("animation:event_ics", args=[event.pk])
    )
    (registration,) = Registration.objects.all()
    assert (registration.name, registration.email, registration.status) == (
        "Nora Le Gall",
        "nora@exemple.fr",
        RegistrationStatus.REGISTERED,
    )
    (mail,) = sent_mails()
    assert mail.to == ["nora@exemple.fr"]
    assert mail.subject == f"Inscription confirmée : {event.title}"
    cancel = mail.html.link("annuler mon inscription")["href"]
    assert cancel in mail.links
    assert cancel.startswith(BASE + "/evenements/annuler-mon-inscription/")


def test_a_signed_in_person_registers_in_one_click(client, django_capture_on_commit_callbacks):
    from tests.accounts.factories import UserFactory

    person = UserFactory(email="Anne@Exemple.fr", first_name="Anne", last_name="Le Bihan")
    client.force_login(person)
    event = EventFactory()
    page = Page(client.get(event.get_absolute_url()))
    assert "M'inscrire" in page.buttons()
    assert not page.select("#inscription input[type=email]")
    response = client.post(reverse("animation:event_detail", args=[event.pk]), {})
    assert response.status_code == 302
    (registration,) = Registration.objects.all()
    assert (registration.name, registration.email, registration.user) == (
        "Anne Le Bihan",
        "anne@exemple.fr",
        person,
    )
    page = Page(client.get(event.get_absolute_url()))
    assert "Vous êtes inscrit ou inscrite à cet événement." in page.text("#inscription")


def test_a_full_event_puts_the_next_person_on_the_waiting_list(
    client, django_capture_on_commit_callbacks
):
    event = EventFactory(capacity=1)
    RegistrationFactory(event=event)
    page = Page(client.get(event.get_absolute_url()))
    assert page.definitions()["Places"] == "complet"
    assert "M'inscrire sur la liste d'attente" in page.buttons()
    with django_capture_on_commit_callbacks(execute=True):
        response = register(client, event)
    assert Page(client.get(response["Location"])).h1 == "Vous êtes sur la liste d'attente"
    assert Registration.objects.get(email="nora@exemple.fr").status == RegistrationStatus.WAITING
    (mail,) = sent_mails()
    assert mail.subject == f"Liste d'attente : {event.title}"


def test_cancelling_by_the_mail_link_promotes_the_first_on_the_waiting_list(
    client, django_capture_on_commit_callbacks
):
    event = EventFactory(capacity=1)
    first = RegistrationFactory(event=event, email="premiere@exemple.fr")
    waiting_first = RegistrationFactory(event=event, waiting=True, email="attente1@exemple.fr")
    waiting_second = RegistrationFactory(event=event, waiting=True, email="attente2@exemple.fr")
    url = reverse("animation:registration_cancel", args=[services.cancel_token(first)])
    page = Page(client.get(url))
    assert page.h1 == "Annuler mon inscription"
    first.refresh_from_db()
    assert first.status == RegistrationStatus.REGISTERED  # opening the link cancels nothing
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url)
    assert response.status_code == 302
    assert Page(client.get(url)).messages() == [
        "Votre inscription est annulée. Merci de nous avoir prévenus."
    ]
    statuses = dict(Registration.objects.values_list("email", "status"))
    assert statuses == {
        first.email: RegistrationStatus.CANCELLED,
        waiting_first.email: RegistrationStatus.REGISTERED,
        waiting_second.email: RegistrationStatus.WAITING,
    }
    (mail,) = sent_mails()
    assert mail.to == [waiting_first.email]
    assert mail.subject == f"Une place s'est libérée : {event.title}"


def test_an_altered_cancellation_link_finds_nothing(client):
    registration = RegistrationFactory()
    token = services.cancel_token(registration)
    altered = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    url = reverse("animation:registration_cancel", args=[altered])
    assert client.post(url).status_code == 404
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.REGISTERED


def test_a_registration_after_the_deadline_is_refused_and_nothing_stored(client):
    event = EventFactory(registration_deadline=timezone.now() - datetime.timedelta(hours=1))
    page = Page(client.get(event.get_absolute_url()))
    assert page.text("#inscription") == (
        "Inscription La date limite d'inscription est passée : les inscriptions sont fermées."
    )
    response = register(client, event)
    assert response.status_code == 400
    assert Page(response).text("#inscription") == (
        "Inscription La date limite d'inscription est passée : les inscriptions sont fermées."
    )
    assert not Registration.objects.exists()
    assert nothing_mailed()


def test_a_registration_to_a_past_event_is_refused_and_nothing_stored(client):
    event = EventFactory(past=True)
    response = register(client, event)
    assert response.status_code == 400
    assert Page(response).text("#inscription") == (
        "Inscription Cet événement a déjà commencé ou est passé : les inscriptions sont fermées."
    )
    assert not Registration.objects.exists()
    assert nothing_mailed()


def test_a_cancelled_event_takes_no_registration(client):
    event = EventFactory(cancelled=True)
    response = register(client, event)
    assert response.status_code == 400
    assert not Registration.objects.exists()


def test_the_same_address_twice_is_refused_with_what_was_typed_kept(client):
    event = EventFactory()
    RegistrationFactory(event=event, email="nora@exemple.fr")
    response = register(client, event, email="NORA@exemple.fr")
    assert response.status_code == 400
    page = Page(response)
    assert page.errors()[0].startswith("Cette adresse e-mail est déjà inscrite")
    assert page.field("Votre nom").get("value") == "Nora Le Gall"
    assert Registration.objects.count() == 1


def test_a_burst_of_registrations_is_refused(client):
    event = EventFactory()
    for number in range(10):
        assert register(client, event, email=f"p{number}@exemple.fr").status_code == 302
    response = register(client, event, email="encore@exemple.fr")
    assert response.status_code == 429
    assert "réessayez dans" in Page(response).errors()[0]
    assert Page(response).field("Votre nom").get("value") == "Nora Le Gall"
    assert Registration.objects.count() == 10


def test_a_filled_honeypot_stores_nothing(client):
    event = EventFactory()
    response = register(client, event, site_web="http://spam.example")
    assert response.status_code == 400
    assert not Registration.objects.exists()


# --- reminders ------------------------------------------------------------------------------


def test_the_reminder_goes_the_day_before_once_per_registration(
    django_capture_on_commit_callbacks,
):
    tomorrow = EventFactory(starts_at=in_days(1, 10), ends_at=in_days(1, 12))
    later = EventFactory(starts_at=in_days(3, 10), ends_at=in_days(3, 12))
    cancelled = EventFactory(starts_at=in_days(1, 10), ends_at=in_days(1, 12), cancelled=True)
    coming = RegistrationFactory(event=tomorrow, email="vient@exemple.fr")
    RegistrationFactory(event=tomorrow, waiting=True)
    RegistrationFactory(event=later)
    RegistrationFactory(event=cancelled)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("remind_events", base_url="https://maillage.example", stdout=io.StringIO())
        call_command("remind_events", base_url="https://maillage.example", stdout=io.StringIO())
    (mail,) = sent_mails()
    assert mail.to == [coming.email]
    assert mail.subject.startswith(f"Rappel : {tomorrow.title}, ")
    assert any(link.startswith("https://maillage.example/evenements/") for link in mail.links)


# --- calendars ------------------------------------------------------------------------------


def _parsed(response) -> icalendar.Calendar:
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return icalendar.Calendar.from_ical(response.content)


@pytest.mark.parametrize(
    ("day", "offset"),
    [
        # Last Sunday of March 2027: clocks go from 2 h to 3 h; 14 h is summer time (UTC+2).
        (datetime.date(2027, 3, 28), 2),
        # The Saturday before: still winter time (UTC+1).
        (datetime.date(2027, 3, 27), 1),
        # Last Sunday of October 2027: back from 3 h to 2 h; 14 h is winter time (UTC+1).
        (datetime.date(2027, 10, 31), 1),
        (datetime.date(2027, 10, 30), 2),
    ],
)
def test_the_calendar_file_keeps_14_h_across_summer_time(client, day, offset):
    starts = datetime.datetime.combine(day, datetime.time(14), tzinfo=PARIS)
    event = EventFactory(starts_at=starts, ends_at=starts + datetime.timedelta(hours=3))
    calendar = _parsed(client.get(reverse("animation:event_ics", args=[event.pk])))
    (component,) = calendar.walk("VEVENT")
    start = component.decoded("dtstart")
    assert start.tzinfo is not None
    assert start.astimezone(PARIS).hour == 14
    assert start.astimezone(datetime.UTC).hour == 14 - offset
    assert component["dtstart"].params["TZID"] == "Europe/Paris"
    (zone,) = calendar.walk("VTIMEZONE")
    assert zone["TZID"] == "Europe/Paris"
    assert str(component["summary"]) == event.title
    assert str(component["uid"]) == f"evenement-{event.pk}@testserver"
    assert str(calendar["version"]) == "2.0"
    assert calendar["prodid"]


def test_a_multi_day_event_across_the_change_of_time(client):
    starts = datetime.datetime(2027, 10, 30, 9, tzinfo=PARIS)
    ends = datetime.datetime(2027, 10, 31, 17, tzinfo=PARIS)
    event = EventFactory(starts_at=starts, ends_at=ends)
    (component,) = _parsed(client.get(reverse("animation:event_ics", args=[event.pk]))).walk(
        "VEVENT"
    )
    # 32 hours on the clock, 33 in real time: the night gains an hour.
    utc = [component.decoded(name).astimezone(datetime.UTC) for name in ("dtstart", "dtend")]
    assert utc[1] - utc[0] == datetime.timedelta(hours=33)
    page = Page(client.get(event.get_absolute_url()))
    assert page.definitions()["Quand"] == (
        "du samedi 30 octobre 2027 à 9 h au dimanche 31 octobre 2027 à 17 h"
    )


def test_the_feeds_hold_the_public_events_of_their_scope(client, world):
    ours = EventFactory(cooperation=world.cooperation)
    theirs = EventFactory(cooperation=world.other_cooperation)
    national = EventFactory(national=True)
    EventFactory(cooperation=world.cooperation, members_only=True)
    cancelled = EventFactory(cooperation=world.cooperation, cancelled=True)

    def summaries(url):
        calendar = _parsed(client.get(url))
        return {str(c["summary"]): str(c["status"]) for c in calendar.walk("VEVENT")}

    feed = summaries(reverse("animation:cooperation_feed", args=[world.cooperation.slug]))
    assert feed == {ours.title: "CONFIRMED", cancelled.title: "CANCELLED"}
    national_feed = summaries(reverse("animation:national_feed"))
    assert set(national_feed) == {ours.title, theirs.title, national.title, cancelled.title}


# --- pages ----------------------------------------------------------------------------------


def test_the_list_filters_by_cooperation_and_kind(client, world, django_assert_max_num_queries):
    training = EventFactory(
        cooperation=world.cooperation, kind=EventKind.TRAINING, title="Formation socle"
    )
    EventFactory(cooperation=world.cooperation, title="Rendez-vous d'automne")
    EventFactory(cooperation=world.other_cooperation, title="Comité du Finistère")
    EventFactory(past=True, title="Passé")
    url = reverse("animation:event_list")
    with django_assert_max_num_queries(8):
        page = Page(client.get(url))
    assert page.headings(2) == ["Formation socle", "Rendez-vous d'automne", "Comité du Finistère"]
    page = Page(client.get(url, {"cooperation": "monalisa-22", "kind": "training"}))
    assert page.headings(2) == [training.title]


def test_the_list_query_count_does_not_grow_with_the_events(
    client, world, django_assert_max_num_queries
):
    EventFactory.create_batch(3, cooperation=world.cooperation)
    url = reverse("animation:event_list")
    with django_assert_max_num_queries(8) as few:
        client.get(url)
    EventFactory.create_batch(12, cooperation=world.other_cooperation)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url)


@pytest.mark.parametrize(
    ("page_name", "args"),
    [
        ("core:home", lambda w: []),
        ("cooperations:detail", lambda w: [w.cooperation.slug]),
        ("territories:commune_detail", lambda w: [w.geography["saint_brieuc"].code]),
        ("territories:department_detail", lambda w: [w.geography["armor"].code]),
    ],
)
def test_upcoming_events_on_the_pages_of_the_network(client, world, page_name, args):
    event = EventFactory(
        cooperation=world.cooperation,
        commune=world.geography["saint_brieuc"],
        title="Rendez-vous briochin",
    )
    EventFactory(cooperation=world.cooperation, past=True, title="Passé depuis longtemps")
    EventFactory(cooperation=world.cooperation, members_only=True, title="Comité de pilotage")
    page = Page(client.get(reverse(page_name, args=args(world))))
    section = page.section("Prochains rendez-vous")
    assert [link.text for link in section.select("h3 a")] == [event.title]


def test_the_place_and_dates_on_an_event_page(client, world):
    event = EventFactory(
        cooperation=world.cooperation,
        commune=world.geography["saint_brieuc"],
        address="Maison des associations, 6 rue Vicairie",
        starts_at=datetime.datetime(2027, 3, 1, 14, 30, tzinfo=PARIS),
        ends_at=datetime.datetime(2027, 3, 1, 17, tzinfo=PARIS),
        capacity=30,
    )
    RegistrationFactory.create_batch(2, event=event)
    facts = Page(client.get(event.get_absolute_url())).definitions()
    assert facts["Quand"] == "lundi 1er mars 2027, de 14 h 30 à 17 h"
    assert facts["Lieu"] == "Maison des associations, 6 rue Vicairie, Saint-Brieuc (22)"
    assert facts["Places"] == "28 places restantes sur 30"
    assert facts["Organisé par"] == "MONALISA 22"


# --- the organisers' back office ------------------------------------------------------------


def _form(**values):
    data = {
        "organiser": "",
        "title": "Rendez-vous des coopérations bretonnes",
        "kind": EventKind.RENDEZ_VOUS,
        "description": "Une journée pour partager nos pratiques.",
        "starts_at": "2027-03-28T14:00",
        "ends_at": "2027-03-28T17:00",
        "commune_text": "22278",
        "address": "Salle Grenier, place de la Grille",
        "online_url": "",
        "audience": "public",
        "capacity": "40",
        "registration_deadline": "",
    }
    return {**data, **values}


def test_an_animator_publishes_an_event_of_their_cooperation(world):
    client = world.client_as("animator")
    url = reverse("animation:backoffice_event_add")
    page = Page(client.get(url))
    assert page.options("Organisé par") == ["MONALISA 22"]
    response = client.post(url, _form(organiser=str(world.cooperation.pk)))
    assert response.status_code == 302, Page(response).errors()
    event = Event.objects.get()
    assert event.cooperation == world.cooperation
    assert event.commune == world.geography["saint_brieuc"]
    assert event.starts_at == datetime.datetime(2027, 3, 28, 14, tzinfo=PARIS)
    entry = AuditEntry.objects.about(world.cooperation).get()
    assert entry.action == "animation.event.create"


def test_an_animator_cannot_publish_for_another_cooperation(world):
    client = world.client_as("animator")
    response = client.post(
        reverse("animation:backoffice_event_add"),
        _form(organiser=str(world.other_cooperation.pk)),
    )
    assert response.status_code == 200
    assert Page(response).field_errors("Organisé par")
    assert not Event.objects.exists()


def test_staff_publish_a_national_event(world):
    client = world.client_as("staff")
    response = client.post(
        reverse("animation:backoffice_event_add"),
        _form(organiser="national", commune_text="", online_url="https://visio.example/salle"),
    )
    assert response.status_code == 302
    assert Event.objects.get().cooperation is None


def test_bad_event_input_is_refused_with_what_was_typed_kept(world):
    client = world.client_as("animator")
    response = client.post(
        reverse("animation:backoffice_event_add"),
        _form(
            organiser=str(world.cooperation.pk),
            ends_at="2027-03-28T12:00",
            registration_deadline="2027-03-29T12:00",
            commune_text="Saint-Nulle-Part",
        ),
    )
    page = Page(response)
    assert page.field_errors("Fin") == ["La fin doit venir après le début."]
    assert page.field_errors("Date limite d'inscription") == [
        "La date limite d'inscription doit précéder le début."
    ]
    assert page.field_errors("Commune")[0].startswith("Aucune commune ne correspond")
    assert page.field("Titre").get("value") == "Rendez-vous des coopérations bretonnes"
    assert not Event.objects.exists()


def test_raising_the_capacity_promotes_the_waiting_list(world, django_capture_on_commit_callbacks):
    event = EventFactory(cooperation=world.cooperation, capacity=1)
    RegistrationFactory(event=event)
    waiting = RegistrationFactory(event=event, waiting=True)
    client = world.client_as("animator")
    url = reverse("animation:backoffice_event_edit", args=[event.pk])
    page = Page(client.get(url))
    assert page.field("Nombre de places").get("value") == "1"
    data = _form(
        title=event.title,
        starts_at=timezone.localtime(event.starts_at).strftime("%Y-%m-%dT%H:%M"),
        ends_at=timezone.localtime(event.ends_at).strftime("%Y-%m-%dT%H:%M"),
        capacity="2",
        version=str(event.version),
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, data)
    assert response.status_code == 302, Page(response).errors()
    waiting.refresh_from_db()
    assert waiting.status == RegistrationStatus.REGISTERED
    assert [mail.to for mail in sent_mails()] == [[waiting.email]]


def test_cancelling_an_event_mails_the_registered_and_waiting_people(
    world, django_capture_on_commit_callbacks
):
    event = EventFactory(cooperation=world.cooperation, capacity=1)
    RegistrationFactory(event=event, email="inscrite@exemple.fr")
    RegistrationFactory(event=event, waiting=True, email="attente@exemple.fr")
    RegistrationFactory(event=event, status=RegistrationStatus.CANCELLED, email="partie@exemple.fr")
    client = world.client_as("animator")
    url = reverse("animation:backoffice_event_cancel", args=[event.pk])
    assert "2 personnes inscrites ou en attente recevront un mail" in Page(client.get(url)).text(
        "main"
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url)
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.status == EventStatus.CANCELLED
    assert sorted(mail.to[0] for mail in sent_mails()) == [
        "attente@exemple.fr",
        "inscrite@exemple.fr",
    ]
    assert AuditEntry.objects.about(world.cooperation).get().action == "animation.event.cancel"


def test_the_registrations_page_and_its_exports(world, django_assert_max_num_queries):
    event = EventFactory(cooperation=world.cooperation, capacity=1, title="Formation socle")
    RegistrationFactory(event=event, name="Alice Martin", email="alice@exemple.fr")
    RegistrationFactory(event=event, waiting=True, name="=Bob", email="bob@exemple.fr")
    client = world.client_as("animator")
    with django_assert_max_num_queries(12):
        page = Page(client.get(reverse("animation:backoffice_registrations", args=[event.pk])))
    assert [row[:2] for row in page.table("#inscrits table")] == [
        ["Alice Martin", "alice@exemple.fr"]
    ]
    assert [row[:2] for row in page.table("#liste-attente table")] == [["1", "=Bob"]]

    response = client.get(
        reverse("animation:backoffice_registrations_export", args=[event.pk, "csv"])
    )
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[0] == ["Nom", "Adresse e-mail", "Statut", "Inscrit le", "Rang d'attente"]
    assert [row[:3] + row[4:] for row in rows[1:]] == [
        ["Alice Martin", "alice@exemple.fr", "inscrit", ""],
        ["'=Bob", "bob@exemple.fr", "en liste d'attente", "1"],
    ]

    response = client.get(
        reverse("animation:backoffice_registrations_export", args=[event.pk, "xlsx"])
    )
    book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    values = [[cell.value for cell in row] for row in book.active.iter_rows()]
    assert values[1][0] == "Alice Martin"
    assert isinstance(values[1][3], datetime.datetime)

    sheet = Page(client.get(reverse("animation:backoffice_sign_in_sheet", args=[event.pk])))
    assert sheet.h1 == "Feuille d'émargement"
    names = [row[0] for row in sheet.table("table")]
    assert names[0] == "Alice Martin"
    assert "=Bob" not in names  # the waiting list does not sign
    assert names == [
        "Alice Martin",
        "Ligne libre 1",
        "Ligne libre 2",
        "Ligne libre 3",
        "Ligne libre 4",
        "Ligne libre 5",
    ]


def test_an_unknown_export_format_is_not_found(world):
    event = EventFactory(cooperation=world.cooperation)
    client = world.client_as("animator")
    url = reverse("animation:backoffice_registrations_export", args=[event.pk, "pdf"])
    assert client.get(url).status_code == 404


def test_the_confirmation_mail_reads_well(client, django_capture_on_commit_callbacks, world):
    event = EventFactory(
        cooperation=world.cooperation,
        title="Formation socle des bénévoles",
        commune=world.geography["saint_brieuc"],
        address="Maison des associations",
        starts_at=datetime.datetime(2027, 3, 27, 9, tzinfo=PARIS),
        ends_at=datetime.datetime(2027, 3, 27, 17, tzinfo=PARIS),
    )
    with django_capture_on_commit_callbacks(execute=True):
        register(client, event)
    (mail,) = sent_mails()
    lines = [line for line in mail.text.splitlines() if line]
    assert lines[:4] == [
        "Bonjour Nora Le Gall,",
        "Votre inscription à « Formation socle des bénévoles » est enregistrée. Un rappel vous "
        "sera envoyé la veille.",
        "Quand : samedi 27 mars 2027, de 9 h à 17 h.",
        "Où : Maison des associations, Saint-Brieuc.",
    ]
    assert mail.message.to == ["Nora Le Gall <nora@exemple.fr>"]


def test_an_unknown_outcome_page_is_not_found(client):
    event = EventFactory()
    url = reverse("animation:event_registered", args=[event.pk, "registered"])
    assert client.get(url).status_code == 404


def test_no_empty_events_section_on_a_commune_page(client, world):
    page = Page(client.get(reverse("territories:commune_detail", args=["22278"])))
    assert "Prochains rendez-vous" not in page.headings(2)
    page = Page(client.get(world.cooperation.get_absolute_url()))
    section = page.section("Prochains rendez-vous")
    assert section.texts("p")[0] == "Aucun rendez-vous n'est annoncé pour l'instant."
