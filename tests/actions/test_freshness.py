"""Keeping the inventory fresh: the referents' « Actions à confirmer » and its one-click
confirmation, the monthly reminder mail (never empty), the follow-up page of animators and staff
and the reminder they send themselves, the links of "Mon espace"."""

import datetime
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from maillage.actions.enums import ActionStatus
from maillage.core.models import AuditEntry
from tests.actions.factories import ActionFactory
from tests.html import Page
from tests.mail import nothing_mailed, sent_mails
from tests.organisations.factories import AffiliationFactory, OrganisationFactory

pytestmark = pytest.mark.django_db

TO_CHECK = reverse("actions:backoffice_to_check")
FRESHNESS = reverse("actions:backoffice_freshness")
BASE = "https://maillage.exemple.fr"


def days_ago(days: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=days)


def test_a_referent_sees_their_actions_to_confirm_oldest_first(world):
    ours = world.organisation
    ActionFactory(title="Récente", commune=world.geography["plerin"], organisations=[ours])
    ActionFactory(
        title="Treize mois", commune=world.geography["plerin"], organisations=[ours], to_check=True
    )
    ActionFactory(
        title="Dix-neuf mois", commune=world.geography["plerin"], organisations=[ours], stale=True
    )
    ActionFactory(
        title="Terminée",
        commune=world.geography["plerin"],
        organisations=[ours],
        stale=True,
        ended=True,
    )
    ActionFactory(
        title="D'une autre",
        commune=world.geography["brest"],
        organisations=[world.other_organisation],
        stale=True,
    )

    page = Page(world.client_as("referent").get(TO_CHECK))

    assert page.h1 == "Actions à confirmer"
    assert page.heading("2 actions à confirmer")
    assert [row[0] for row in page.table()] == ["Dix-neuf mois", "Treize mois"]
    assert page.button("Confirmer Dix-neuf mois")


def test_one_click_confirms_an_action(world):
    action = ActionFactory(
        title="Visites du jeudi",
        commune=world.geography["plerin"],
        organisations=[world.organisation],
        stale=True,
    )
    client = world.client_as("referent")
    page = Page(client.post(reverse("actions:backoffice_confirm", args=[action.slug]), follow=True))

    assert page.h1 == "Actions à confirmer"
    assert page.messages() == ["« Visites du jeudi » est confirmée : merci."]
    assert not page.has("table")
    action.refresh_from_db()
    assert action.verified_on == timezone.localdate()
    entry = AuditEntry.objects.about(action).get()
    assert (entry.action, entry.actor) == ("actions.action.confirm", world.people["referent"])


def test_confirm_all_confirms_the_listed_actions_of_the_scope_only(world):
    ours = [
        ActionFactory(
            commune=world.geography["plerin"], organisations=[world.organisation], to_check=True
        )
        for _ in range(2)
    ]
    theirs = ActionFactory(
        commune=world.geography["brest"], organisations=[world.other_organisation], to_check=True
    )
    client = world.client_as("referent")
    form = Page(client.get(TO_CHECK)).button("Confirmer les 2 actions de cette liste").parent
    listed = [field["value"] for field in form.select("input[name=action]")]
    assert sorted(listed) == sorted(str(action.pk) for action in ours)

    page = Page(
        client.post(
            reverse("actions:backoffice_confirm_all"),
            {"action": [*listed, str(theirs.pk), "x"]},
            follow=True,
        )
    )

    assert page.messages() == ["2 actions confirmées : merci."]
    theirs.refresh_from_db()
    assert theirs.needs_check
    assert all(not type(a).objects.get(pk=a.pk).needs_check for a in ours)


def test_the_to_check_page_is_constant_in_queries(world, django_assert_max_num_queries):
    def add(count):
        for _ in range(count):
            ActionFactory(
                commune=world.geography["plerin"],
                organisations=[world.organisation, OrganisationFactory()],
                to_check=True,
            )

    client = world.client_as("referent")
    add(2)
    with django_assert_max_num_queries(20) as few:
        client.get(TO_CHECK)
    add(8)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = Page(client.get(TO_CHECK))
    assert len(page.table()) == 10


def test_the_monthly_reminder_mails_each_referent_their_list_and_nobody_else(
    world, django_capture_on_commit_callbacks
):
    ours = world.organisation
    AffiliationFactory(organisation=ours, user__email="second.referent@exemple.fr")
    ActionFactory(
        title="Visites du jeudi",
        commune=world.geography["plerin"],
        organisations=[ours],
        verified_on=datetime.date(2025, 3, 4),
    )
    ActionFactory(title="Toute fraîche", commune=world.geography["plerin"], organisations=[ours])
    # The other referent's actions are all recent: no mail for them.
    ActionFactory(commune=world.geography["brest"], organisations=[world.other_organisation])

    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("remind_action_referents", base_url=BASE + "/", stdout=out)

    assert out.getvalue().strip() == "2 e-mail(s) de rappel mis dans la file d'envoi."
    mails = sent_mails()
    assert sorted(mail.to[0] for mail in mails) == [
        "referente@exemple.fr",
        "second.referent@exemple.fr",
    ]
    mail = next(mail for mail in mails if mail.to == ["referente@exemple.fr"])
    assert mail.subject == "Une action à confirmer sur Maillage"
    assert "- Visites du jeudi (confirmée le 4 mars 2025)" in mail.text
    assert "Toute fraîche" not in mail.text
    assert mail.links[-1] == BASE + TO_CHECK
    link = mail.html.link("Confirmer ou corriger mes actions")
    assert link["href"] == BASE + TO_CHECK
    # The link asks for a normal sign-in first.
    response = world.client_as("anonymous").get(TO_CHECK)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_no_action_to_confirm_means_no_mail(world, django_capture_on_commit_callbacks):
    ActionFactory(commune=world.geography["plerin"], organisations=[world.organisation])
    ActionFactory(
        commune=world.geography["plerin"],
        organisations=[world.organisation],
        stale=True,
        ended=True,
    )
    with django_capture_on_commit_callbacks(execute=True):
        call_command("remind_action_referents", base_url=BASE, stdout=StringIO())
    assert nothing_mailed()


def test_the_reminder_needs_the_site_address_and_its_dry_run_sends_nothing(world):
    ActionFactory(commune=world.geography["plerin"], organisations=[world.organisation], stale=True)
    with pytest.raises(CommandError):
        call_command("remind_action_referents", stdout=StringIO())
    out = StringIO()
    call_command("remind_action_referents", base_url=BASE, dry_run=True, stdout=out)
    assert out.getvalue().splitlines() == [
        "referente@exemple.fr : 1 action(s) à confirmer",
        "1 e-mail(s) à envoyer (simulation, rien n'est envoyé).",
    ]
    assert nothing_mailed()


def test_animators_see_the_stale_share_of_their_territory(world, django_assert_max_num_queries):
    plerin = world.geography["plerin"]
    for stale in (True, False, False, False):
        ActionFactory(commune=plerin, organisations=[world.organisation], stale=stale)
    ActionFactory(commune=plerin, organisations=[world.organisation], stale=True, ended=True)
    ActionFactory(commune=plerin, organisations=[world.signatory], to_check=True)
    ActionFactory(
        commune=world.geography["brest"], organisations=[world.other_organisation], stale=True
    )

    client = world.client_as("animator")
    with django_assert_max_num_queries(20) as few:
        page = Page(client.get(FRESHNESS))
    assert page.h1 == "Suivi des confirmations"
    assert page.table("#titre-cooperations ~ .table-wrap table") == [
        ["MONALISA 22", "5", "2", "40 %", "1", "Relancer les référents MONALISA 22"]
    ]
    assert page.table("#titre-organisations ~ .table-wrap table") == [
        [
            "CCAS de Saint-Brieuc",
            "1",
            "1",
            "100 %",
            "0",
            "Relancer les référents CCAS de Saint-Brieuc",
        ],
        [
            "Petits Frères des Pauvres 22",
            "4",
            "1",
            "25 %",
            "1",
            "Relancer les référents Petits Frères des Pauvres 22",
        ],
    ]
    for _ in range(5):
        ActionFactory(commune=plerin, organisations=[OrganisationFactory()], stale=True)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = Page(client.get(FRESHNESS))
    assert len(page.table("#titre-organisations ~ .table-wrap table")) == 7


def test_staff_see_every_cooperation(world):
    page = Page(world.client_as("staff").get(FRESHNESS))
    assert [row[0] for row in page.table("#titre-cooperations ~ .table-wrap table")] == [
        "MONALISA 22",
        "MONALISA 29",
    ]


def test_an_animator_reminds_the_referents_of_their_cooperation_once_a_day(
    world, django_capture_on_commit_callbacks
):
    ActionFactory(commune=world.geography["plerin"], organisations=[world.organisation], stale=True)
    url = reverse("actions:backoffice_remind_cooperation", args=[world.cooperation.slug])
    client = world.client_as("animator")
    with django_capture_on_commit_callbacks(execute=True):
        page = Page(client.post(url, follow=True))

    assert page.messages() == ["1 référent relancé : les e-mails partent dans quelques instants."]
    (mail,) = sent_mails()
    assert mail.to == ["referente@exemple.fr"]
    assert "Anne Le Bihan vous demande de vérifier cette action" in mail.text
    entry = AuditEntry.objects.about(world.cooperation).get(action="actions.reminder.send")
    assert entry.actor == world.people["animator"]

    page = Page(world.client_as("staff").post(url, follow=True))
    assert page.messages()[0].startswith("Vous avez fait cette demande plusieurs fois")
    assert len(sent_mails()) == 1


def test_reminding_without_anything_to_confirm_sends_nothing(world):
    url = reverse("actions:backoffice_remind_organisation", args=[world.organisation.slug])
    ActionFactory(commune=world.geography["plerin"], organisations=[world.organisation])
    page = Page(world.client_as("animator").post(url, follow=True))
    assert page.messages() == ["Aucun référent n'a d'action à confirmer : aucun e-mail envoyé."]
    assert nothing_mailed()
    assert not AuditEntry.objects.filter(action="actions.reminder.send").exists()


def test_the_reminder_post_is_rate_limited_per_person(world):
    url = reverse("actions:backoffice_remind_organisation", args=[world.organisation.slug])
    ActionFactory(commune=world.geography["plerin"], organisations=[world.organisation])
    client = world.client_as("animator")
    statuses = [client.post(url).status_code for _ in range(11)]
    assert statuses == [302] * 10 + [429]


def test_my_space_leads_referents_animators_and_staff_to_their_actions(world):
    ActionFactory(commune=world.geography["plerin"], organisations=[world.organisation], stale=True)
    space = reverse("accounts:space")

    referent = Page(world.client_as("referent").get(space)).section("Mes rôles")
    assert referent.link("Mes actions")["href"] == reverse("actions:backoffice_list")
    assert referent.link("Actions à confirmer (1)")["href"] == TO_CHECK
    assert not referent.links("Suivi des confirmations des actions")

    animator = Page(world.client_as("animator").get(space)).section("Mes rôles")
    assert animator.link("Suivi des confirmations des actions")["href"] == FRESHNESS

    staff = Page(world.client_as("staff").get(space)).section("Équipe nationale")
    assert staff.link("Toutes les actions")["href"] == reverse("actions:backoffice_list")

    nobody = Page(world.client_as("no_role").get(space))
    assert not nobody.links("Mes actions")


def test_an_ended_action_leaves_the_list_to_confirm(world):
    action = ActionFactory(
        commune=world.geography["plerin"], organisations=[world.organisation], stale=True
    )
    world.client_as("referent").post(reverse("actions:backoffice_end", args=[action.slug]))
    action.refresh_from_db()
    assert action.status == ActionStatus.ENDED
    assert not Page(world.client_as("referent").get(TO_CHECK)).has("table")


def test_the_sheet_of_an_action_to_confirm_confirms_it_in_one_click(world):
    action = ActionFactory(
        title="Visites du jeudi",
        commune=world.geography["plerin"],
        organisations=[world.organisation],
        to_check=True,
    )
    client = world.client_as("referent")
    edit_url = reverse("actions:backoffice_edit", args=[action.slug])
    form = Page(client.get(edit_url)).button("Confirmer sans modification").parent
    data = {field["name"]: field["value"] for field in form.select("input[type=hidden]")}
    assert data["next"] == edit_url

    page = Page(client.post(form["action"], data, follow=True))

    assert page.h1 == "Modifier : Visites du jeudi"
    assert page.messages() == ["« Visites du jeudi » est confirmée : merci."]
    assert not page.buttons().count("Confirmer sans modification")


def test_confirming_never_sends_elsewhere(world):
    action = ActionFactory(commune=world.geography["plerin"], organisations=[world.organisation])
    response = world.client_as("referent").post(
        reverse("actions:backoffice_confirm", args=[action.slug]),
        {"next": "https://ailleurs.example/"},
    )
    assert response["Location"] == TO_CHECK
