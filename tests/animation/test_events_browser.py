"""Events in a real browser: a person registers to a rendez-vous with the keyboard alone, finds
the calendar file, cancels by the link of the mail, and the first on the waiting list gets the
place; zero axe violations on every page, on a large screen and at 360 px."""

import icalendar
import pytest
from django.conf import settings
from django.core import mail
from django.test import Client
from django.urls import reverse

from maillage.animation.enums import RegistrationStatus
from maillage.animation.models import Registration
from tests.browser.conftest import browser, new_page  # noqa: F401  (browser fixtures)
from tests.browser.helpers import assert_accessible

from .factories import EventFactory, RegistrationFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 360, "height": 740}


def signed_in(live_server, user) -> dict:
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    return {
        "storage_state": {
            "cookies": [{"name": cookie.key, "value": cookie.value, "url": live_server.url}],
            "origins": [],
        }
    }


def assert_fits(page) -> None:
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url} déborde : {width} px"


@pytest.fixture
def rendez_vous(world):
    return EventFactory(
        cooperation=world.cooperation,
        title="Rendez-vous des coopérations bretonnes",
        commune=world.geography["saint_brieuc"],
        capacity=1,
    )


def test_a_person_registers_with_the_keyboard_cancels_and_the_waiting_list_moves(
    new_page,  # noqa: F811
    live_server,
    rendez_vous,
):
    page = new_page(rendez_vous.get_absolute_url())
    assert_accessible(page)
    page.get_by_label("Votre nom").focus()
    page.keyboard.type("Nora Le Gall")
    page.keyboard.press("Tab")
    page.keyboard.type("nora@exemple.fr")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.get_by_role("heading", level=1).inner_text() == (
        "Votre inscription est enregistrée"
    )
    assert_accessible(page)
    calendar_link = page.get_by_role("link", name="Ajouter à mon agenda")
    calendar = page.request.get(calendar_link.get_attribute("href"))
    (component,) = icalendar.Calendar.from_ical(calendar.body()).walk("VEVENT")
    assert str(component["summary"]) == rendez_vous.title

    # The event is now full: the next person goes on the waiting list.
    waiting = RegistrationFactory(event=rendez_vous, waiting=True, email="yann@exemple.fr")
    (confirmation,) = mail.outbox
    cancel_url = next(link for link in confirmation.body.split() if "annuler" in link)
    page.goto(cancel_url)
    assert_accessible(page)
    page.get_by_role("button", name="Annuler mon inscription").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.get_by_text("Votre inscription est annulée.").is_visible()
    assert_accessible(page)

    statuses = dict(Registration.objects.values_list("email", "status"))
    assert statuses == {
        "nora@exemple.fr": RegistrationStatus.CANCELLED,
        "yann@exemple.fr": RegistrationStatus.REGISTERED,
    }
    assert mail.outbox[-1].to == [f"{waiting.name} <{waiting.email}>"]
    assert mail.outbox[-1].subject.startswith("Une place s'est libérée")


@pytest.mark.parametrize("viewport", [None, PHONE], ids=["large", "360px"])
def test_every_event_page_is_accessible(new_page, live_server, world, rendez_vous, viewport):  # noqa: F811
    RegistrationFactory(event=rendez_vous, name="Alice Martin")
    RegistrationFactory(event=rendez_vous, waiting=True, name="Bob Riou")
    options = signed_in(live_server, world.people["animator"])
    if viewport:
        options["viewport"] = viewport
    urls = [
        reverse("animation:event_list"),
        reverse("animation:cooperation_events", args=[world.cooperation.slug]),
        rendez_vous.get_absolute_url(),
        reverse("animation:backoffice_events"),
        reverse("animation:backoffice_event_add"),
        reverse("animation:backoffice_event_edit", args=[rendez_vous.pk]),
        reverse("animation:backoffice_event_cancel", args=[rendez_vous.pk]),
        reverse("animation:backoffice_registrations", args=[rendez_vous.pk]),
        reverse("animation:backoffice_sign_in_sheet", args=[rendez_vous.pk]),
        reverse("core:home"),
        world.cooperation.get_absolute_url(),
    ]
    page = new_page(urls[0], **options)
    for url in urls:
        page.goto(url)
        assert_accessible(page)
        if viewport:
            assert_fits(page)
