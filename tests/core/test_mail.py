"""The outbox: a mail is kept or dropped with its action, leaves on commit, waits while the mail
server is down, is retried, given up and purged on schedule, and no stored text breaks it."""

import copy
import logging
import re
from datetime import timedelta
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from maillage.core import mail
from maillage.core.models import MailStatus, OutboundMail
from maillage.core.text import single_line
from tests.accounts.factories import UserFactory
from tests.html import Page
from tests.mail import nothing_mailed, queued_mails, sent_mails

TEMPLATE = "tests/emails/sample"
TEMPLATES_DIR = Path(__file__).parent / "templates"
CONTEXT = {"name": "Nora", "body": "Le café des aidants reprend jeudi."}

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def sample_templates(settings):
    """The sample mail of these tests, beside the project's templates."""
    templates = copy.deepcopy(settings.TEMPLATES)
    templates[0]["DIRS"] = [*templates[0]["DIRS"], TEMPLATES_DIR]
    settings.TEMPLATES = templates


def write(*, to="lucie@exemple.fr", context=CONTEXT, **kwargs) -> OutboundMail:
    return mail.send_templated_mail(to=to, template=TEMPLATE, context=context, **kwargs)


def later(minutes: int):
    return timezone.now() + timedelta(minutes=minutes)


def test_a_mail_leaves_on_commit_with_a_subject_and_both_bodies(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        stored = write()
    assert sent_mails() == []  # nothing leaves before the commit
    assert queued_mails() == [stored]
    for callback in callbacks:
        callback()
    (sent,) = sent_mails()
    assert sent.subject == "Nouvelles de Nora"
    assert sent.from_email == django_settings.DEFAULT_FROM_EMAIL
    assert sent.to == ["lucie@exemple.fr"]
    assert sent.reply_to == []
    assert sent.text.strip() == "Bonjour,\n\nNora vous écrit : Le café des aidants reprend jeudi."
    assert sent.html.texts("p")[:2] == [
        "Bonjour,",
        "Nora vous écrit : Le café des aidants reprend jeudi.",
    ]
    assert sent.html.title == "Nouvelles de Nora"
    stored.refresh_from_db()
    assert (stored.status, stored.attempts, stored.sent_at is not None) == ("sent", 1, True)
    # The bodies may hold a one-time link or a visitor's words: gone once sent.
    assert (stored.text, stored.html) == ("", "")


def test_a_mail_sent_later_waits_for_the_outbox_run_after_its_time(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        stored = write(send_at=later(11))
    assert callbacks == []  # no attempt on commit
    assert mail.send_queued_mail(now=later(10)).sent == 0
    assert mail.mail_cancel(stored.pk, reason="Décision annulée.") is True
    assert mail.send_queued_mail(now=later(12)).sent == 0
    kept = write(send_at=later(11))
    assert mail.send_queued_mail(now=later(11)).sent == 1
    assert [sent.subject for sent in sent_mails()] == ["Nouvelles de Nora"]
    kept.refresh_from_db()
    assert kept.status == MailStatus.SENT


def test_a_mail_is_dropped_with_the_action_that_failed(django_capture_on_commit_callbacks):
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        write()
        raise RuntimeError("the action failed after writing its mail")
    assert nothing_mailed()


def test_a_mail_server_that_is_down_delays_the_mail_and_fails_nothing(
    mail_server_down, django_capture_on_commit_callbacks, caplog
):
    with (
        caplog.at_level(logging.WARNING, logger="maillage.core.mail"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        stored = write()
    assert sent_mails() == []
    (queued,) = queued_mails()
    assert queued == stored
    assert queued.attempts == 1
    assert queued.last_error.startswith("SMTPServerDisconnected")
    assert queued.next_attempt_at > timezone.now() + timedelta(minutes=1)
    assert "attempt 1 failed" in caplog.text


def test_the_outbox_sends_a_waiting_mail_once_the_server_is_back(
    mail_server_down, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        write()
    mail_server_down.back_up()
    assert mail.send_queued_mail().sent == 0  # not due yet: the back-off holds
    run = mail.send_queued_mail(now=later(3))
    assert (run.sent, run.waiting, run.given_up) == (1, 0, 0)
    assert mail.send_queued_mail(now=later(60)).sent == 0
    (sent,) = sent_mails()
    assert sent.subject == "Nouvelles de Nora"
    assert queued_mails() == []


def test_a_mail_is_given_up_after_its_last_attempt(mail_server_down):
    stored = write()
    now = timezone.now()
    for attempt in range(1, mail.MAX_ATTEMPTS + 1):
        now += timedelta(days=1)
        run = mail.send_queued_mail(now=now)
        stored.refresh_from_db()
        assert stored.attempts == attempt
    assert (run.waiting, run.given_up) == (0, 1)
    assert stored.status == MailStatus.FAILED
    assert stored.given_up
    mail_server_down.back_up()
    assert mail.send_queued_mail(now=now + timedelta(days=1)).sent == 0
    assert sent_mails() == []


def test_a_mail_taken_by_another_process_is_not_sent_twice():
    stored = write()
    stale = OutboundMail.objects.get(pk=stored.pk)
    assert mail.deliver(stored) is True
    assert mail.deliver(stale) is None
    assert len(sent_mails()) == 1


def test_a_run_pauses_when_the_server_fails_several_times_in_a_row(mail_server_down):
    for index in range(5):
        write(to=f"personne{index}@exemple.fr")
    run = mail.send_queued_mail(now=later(1))
    assert run.waiting == mail.FAILURES_BEFORE_PAUSE
    attempts = sorted(OutboundMail.objects.values_list("attempts", flat=True))
    assert attempts == [0] * (5 - mail.FAILURES_BEFORE_PAUSE) + [1] * mail.FAILURES_BEFORE_PAUSE


def test_a_process_that_died_during_the_last_attempt_leaves_a_given_up_mail():
    stored = write()
    OutboundMail.objects.filter(pk=stored.pk).update(attempts=mail.MAX_ATTEMPTS)
    run = mail.send_queued_mail(now=later(1))
    assert (run.sent, run.given_up) == (0, 1)
    stored.refresh_from_db()
    assert stored.status == MailStatus.FAILED
    assert sent_mails() == []


def test_sent_mails_are_purged_after_30_days_and_given_up_ones_after_90():
    now = timezone.now()

    def aged(status, days):
        stored = write()
        OutboundMail.objects.filter(pk=stored.pk).update(
            status=status, created_at=now - timedelta(days=days), sent_at=now - timedelta(days=days)
        )
        return stored.pk

    kept = {aged(MailStatus.SENT, 29), aged(MailStatus.FAILED, 89)}
    aged(MailStatus.SENT, 31)
    aged(MailStatus.FAILED, 91)
    assert mail.send_queued_mail(now=now).purged == 2
    assert set(OutboundMail.objects.values_list("pk", flat=True)) == kept


def test_stored_newlines_cannot_break_the_headers(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        write(
            to=("Nora\r\nBcc: espion@exemple.fr", "nora@exemple.fr"),
            context={**CONTEXT, "name": "MONALISA\n22\u2028Bcc: espion@exemple.fr"},
            reply_to=("Élise\nMartin", "elise@exemple.fr"),
        )
    (sent,) = sent_mails()
    assert sent.subject == "Nouvelles de MONALISA 22 Bcc: espion@exemple.fr"
    assert (sent.to, sent.reply_to) == (["nora@exemple.fr"], ["elise@exemple.fr"])
    headers = sent.message.message()
    assert headers["Bcc"] is None
    assert headers["To"] == '"Nora Bcc: espion@exemple.fr" <nora@exemple.fr>'
    assert str(headers["Reply-To"]) == "=?utf-8?q?=C3=89lise_Martin?= <elise@exemple.fr>"


@pytest.mark.parametrize(
    "recipients",
    [
        {"to": "nora@exemple.fr\nBcc: espion@exemple.fr"},
        {"reply_to": "pas une adresse"},
        {"reply_to": ("Élise", "elise@exemple.fr\r\nBcc: espion@exemple.fr")},
    ],
)
def test_a_bad_address_gives_up_the_mail_not_the_action(
    recipients, django_capture_on_commit_callbacks, caplog
):
    with django_capture_on_commit_callbacks(execute=True):
        stored = write(**recipients)
    stored.refresh_from_db()
    assert stored.status == MailStatus.FAILED
    assert stored.last_error == "Adresse de destination ou de réponse invalide."
    assert sent_mails() == []
    assert "bad address" in caplog.text


def test_single_line_folds_every_break_and_control_character():
    assert single_line(" MONALISA\r\n22\t\x00\x1b\x85\u2028Côtes-d'Armor ") == (
        "MONALISA 22 Côtes-d'Armor"
    )


def test_the_command_reports_what_it_did(mail_server_down):
    write()  # its commit was not run: the first attempt falls to the command
    out = StringIO()
    call_command("send_queued_mail", stdout=out)
    assert out.getvalue().strip() == (
        "0 envoyé(s), 1 en attente d'une nouvelle tentative, 0 abandonné(s), 0 supprimé(s)."
    )
    mail_server_down.back_up()
    OutboundMail.objects.update(next_attempt_at=timezone.now())
    call_command("send_queued_mail", stdout=out)
    assert out.getvalue().splitlines()[-1] == (
        "1 envoyé(s), 0 en attente d'une nouvelle tentative, 0 abandonné(s), 0 supprimé(s)."
    )
    assert len(sent_mails()) == 1


# --- the admin ---------------------------------------------------------------------------------


def test_staff_read_the_outbox_without_the_bodies_and_cannot_edit_it(client):
    stored = write()
    client.force_login(UserFactory(staff=True))
    changelist = reverse("admin:core_outboundmail_changelist")
    page = Page(client.get(changelist))
    assert page.link("Nouvelles de Nora")
    assert Page(client.get(changelist, {"q": "lucie@"})).links("Nouvelles de Nora")
    assert not Page(client.get(changelist, {"q": "personne@"})).links("Nouvelles de Nora")
    detail = client.get(reverse("admin:core_outboundmail_change", args=[stored.pk]))
    shown = Page(detail).texts(".readonly")
    assert "Nouvelles de Nora" in shown
    assert not any("café des aidants" in text for text in shown)
    assert client.get(reverse("admin:core_outboundmail_add")).status_code == 403
    delete = reverse("admin:core_outboundmail_delete", args=[stored.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    assert OutboundMail.objects.filter(pk=stored.pk).exists()


def test_staff_send_a_given_up_mail_again(client, mail_server_down):
    failed = write(to="lucie@exemple.fr")
    OutboundMail.objects.filter(pk=failed.pk).update(
        status=MailStatus.FAILED, attempts=mail.MAX_ATTEMPTS, last_error="SMTPServerDisconnected"
    )
    sent = write(to="autre@exemple.fr")
    OutboundMail.objects.filter(pk=sent.pk).update(status=MailStatus.SENT, attempts=1)
    client.force_login(UserFactory(staff=True))
    response = client.post(
        reverse("admin:core_outboundmail_changelist"),
        {"action": "requeue", "_selected_action": [failed.pk, sent.pk]},
        follow=True,
    )
    assert Page(response).texts(".messagelist li") == [
        "1 e-mail(s) repartiront dans la minute.",
        "1 e-mail(s) ne peuvent pas être renvoyés : déjà envoyés (leur contenu est effacé "
        "à l'envoi), en attente de leur premier envoi, ou adressés à une adresse invalide.",
    ]
    failed.refresh_from_db()
    assert (failed.status, failed.attempts, failed.last_error) == ("queued", 0, "")
    mail_server_down.back_up()
    assert mail.send_queued_mail(now=later(1)).sent == 1
    assert [m.to for m in sent_mails()] == [["lucie@exemple.fr"]]


# --- every mail of the project -----------------------------------------------------------------

MAIL_DIR = Path(django_settings.BASE_DIR) / "maillage" / "templates"


def project_mails() -> list[str]:
    return sorted(
        path.relative_to(MAIL_DIR).as_posix().removesuffix("_subject.txt")
        for path in MAIL_DIR.rglob("*_subject.txt")
    )


def test_the_project_has_its_mails():
    assert "accounts/emails/invitation" in project_mails()
    assert len(project_mails()) >= 6


def without_loads(template: str) -> str:
    return re.sub(r"^(\{% load [\w ]+ %\}\s*)+", "", template)


@pytest.mark.parametrize("name", project_mails())
def test_every_mail_has_a_subject_a_text_and_an_html_body_in_the_layout(name):
    subject = (MAIL_DIR / f"{name}_subject.txt").read_text(encoding="utf-8")
    text = (MAIL_DIR / f"{name}.txt").read_text(encoding="utf-8")
    html = (MAIL_DIR / f"{name}.html").read_text(encoding="utf-8")
    # Plain text is not HTML: escaping would show "&#x27;" for every apostrophe. Tag libraries
    # may be loaded first.
    assert without_loads(subject).startswith("{% autoescape off %}")
    assert without_loads(text).startswith("{% autoescape off %}")
    assert html.startswith('{% extends "emails/base.html" %}')


def test_only_the_outbox_talks_to_the_mail_server():
    package = Path(django_settings.BASE_DIR) / "maillage"
    sending = re.compile(r"django\.core\.mail|(?<!def )\bsend_mail\(|\bmail_admins\(")
    senders = sorted(
        path.relative_to(package).as_posix()
        for path in package.rglob("*.py")
        if sending.search(path.read_text(encoding="utf-8"))
    )
    assert senders == ["core/mail.py"]
