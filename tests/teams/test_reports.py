"""Activity reports: a team's referents fill in the year's counts, absurd figures are refused
with the reason and nothing stored; a cooperation's animators see their teams' totals, those
still owing a report, and export the year's reports; the network's totals are public; teams
without a report are reminded once. Deny by default on every page."""

import csv
import io

import openpyxl
import pytest
from django.core.management import call_command
from django.urls import reverse

from maillage.core.models import AuditEntry
from maillage.teams.models import ActivityReport
from maillage.teams.services import reports
from tests.html import Page
from tests.mail import nothing_mailed, sent_mails

from .conftest import TEAM_ROLES
from .factories import ActivityReportFactory, CitizenTeamFactory

LAST = reports.last_complete_year()
FIGURES = {
    "volunteers": "12",
    "new_volunteers": "3",
    "volunteers_trained": "4",
    "people_accompanied": "30",
    "visits": "410",
    "phone_calls": "220",
    "collective_activities": "18",
    "outings": "6",
    "hours": "900",
    "comments": "Une belle année, deux nouvelles communes visitées.",
}


def report_url(team, year=LAST) -> str:
    return reverse("teams:team_report", args=[team.slug, year])


# --- filling in --------------------------------------------------------------------------------


def test_a_referent_fills_in_last_years_report(world, teams):
    client = world.client_as("team_referent")
    team = teams.mine.team
    page = Page(client.get(reverse("teams:team_reports", args=[team.slug])))
    assert page.link(f"Remplir le bilan {LAST}")["href"] == report_url(team)

    response = client.post(report_url(team), FIGURES)

    assert response.status_code == 302
    report = ActivityReport.objects.get(team=team, year=LAST)
    assert (report.volunteers, report.visits, report.hours) == (12, 410, 900)
    assert report.submitted_by == teams.mine.referent
    assert AuditEntry.objects.about(team).filter(summary=f"Bilan d'activité {LAST} rempli")
    page = Page(client.get(response["Location"]))
    assert page.messages() == [f"Le bilan {LAST} est enregistré. Merci !"]
    assert page.link(f"Modifier le bilan {LAST}")
    # Changed later: the same row.
    client.post(report_url(team), {**FIGURES, "volunteers": "14"})
    report.refresh_from_db()
    assert report.volunteers == 14
    assert ActivityReport.objects.count() == 1


@pytest.mark.parametrize(
    ("change", "label", "reason"),
    [
        ({"visits": "-3"}, "Visites", "Un nombre ne peut pas être négatif."),
        (
            {"new_volunteers": "13"},
            "Dont nouveaux bénévoles",
            "Les nouveaux bénévoles (13) ne peuvent pas être plus nombreux que l'ensemble des "
            "bénévoles (12).",
        ),
        (
            {"volunteers_trained": "20"},
            "Bénévoles formés dans l'année",
            "Les bénévoles formés (20) ne peuvent pas être plus nombreux que l'ensemble des "
            "bénévoles (12).",
        ),
        (
            {"visits": "1801"},
            "Visites",
            "1801 visites pour 900 heures données : c'est plus de deux visites par heure. Une "
            "visite, trajet compris, dure au moins une demi-heure ; vérifiez les visites ou les "
            "heures.",
        ),
        (
            # Saint-Brieuc: 44 372 inhabitants, 27 % of them: 11 981.
            {"people_accompanied": "11982"},
            "Personnes âgées accompagnées",
            "11982 personnes accompagnées, c'est plus que les personnes de 60 ans ou plus des "
            "communes de l'équipe (environ 11981, soit 27 % de leur population). Vérifiez le "
            "nombre, ou les communes d'intervention de l'équipe.",
        ),
        ({"hours": "douze"}, "Heures données", "Indiquez un nombre entier, sans espace ni lettre."),
    ],
)
def test_absurd_figures_are_refused_with_the_reason_and_nothing_stored(
    world, teams, change, label, reason
):
    response = world.client_as("team_referent").post(
        report_url(teams.mine.team), {**FIGURES, **change}
    )
    assert response.status_code == 400
    page = Page(response)
    assert page.field_errors(label) == [reason]
    assert page.value(label) == change[next(iter(change))]
    assert page.value("Bénévoles") == "12"
    assert not ActivityReport.objects.exists()


def test_the_limits_themselves_are_accepted(world, teams):
    response = world.client_as("team_referent").post(
        report_url(teams.mine.team),
        {**FIGURES, "visits": "1800", "people_accompanied": "11981", "new_volunteers": "12"},
    )
    assert response.status_code == 302


def test_a_year_that_is_not_open_cannot_be_filled_in(world, teams):
    client = world.client_as("team_referent")
    for year in (LAST + 1, LAST - 3):
        assert client.get(report_url(teams.mine.team, year)).status_code == 404
    assert not ActivityReport.objects.exists()


@pytest.mark.parametrize("role", TEAM_ROLES)
def test_only_the_teams_referents_fill_in_its_reports(world, teams, role):
    client = world.client_as(role)
    team = teams.mine.team
    for url in (reverse("teams:team_reports", args=[team.slug]), report_url(team)):
        response = client.get(url)
        if role == "anonymous":
            assert response.status_code == 302 and "/connexion" in response["Location"]
        else:
            assert response.status_code == (200 if role == "team_referent" else 404)
    response = client.post(report_url(team), FIGURES)
    assert ActivityReport.objects.exists() == (role == "team_referent")


# --- roll-up and export -------------------------------------------------------------------------


def cooperation_reports_url(world) -> str:
    return reverse("teams:cooperation_reports", args=[world.cooperation.slug])


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("anonymous", 302),
        ("no_role", 404),
        ("referent", 404),
        ("team_referent", 404),
        ("other_animator", 404),
        ("animator", 200),
        ("staff", 200),
    ],
)
def test_only_the_cooperations_animators_see_and_export_its_reports(world, teams, role, status):
    client = world.client_as(role)
    for url in (
        cooperation_reports_url(world),
        reverse("teams:cooperation_reports_export", args=[world.cooperation.slug, LAST, "csv"]),
    ):
        assert client.get(url).status_code == status


def test_a_cooperation_sees_its_totals_and_the_teams_owing_a_report(world, teams):
    ActivityReportFactory(team=teams.mine.team, year=LAST, volunteers=12, visits=410)
    second = CitizenTeamFactory(
        name="Plérin Entraide", meeting_commune=world.geography["plerin"], cooperations=True
    )
    ActivityReportFactory(team=teams.other.team, year=LAST, volunteers=99)  # MONALISA 29
    page = Page(world.client_as("animator").get(cooperation_reports_url(world)))
    totals = page.section("Totaux des équipes de la coopération").definitions("dl")
    assert totals["Équipes ayant rempli leur bilan"] == "1"
    assert totals["Bénévoles"] == "12"
    assert totals["Visites"] == "410"
    missing = page.section(f"Équipes sans bilan {LAST}")
    assert [link.get_text(strip=True) for link in missing.links()] == [second.name]


def test_the_export_holds_the_years_reports_of_the_cooperation_only(world, teams):
    ActivityReportFactory(team=teams.mine.team, year=LAST, comments="=SOMME(A1)")
    ActivityReportFactory(team=teams.other.team, year=LAST)
    ActivityReportFactory(team=teams.mine.team, year=LAST - 1)
    client = world.client_as("animator")
    url = reverse("teams:cooperation_reports_export", args=[world.cooperation.slug, LAST, "csv"])
    response = client.get(url)
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[0][:3] == ["Équipe", "Année", "Bénévoles"]
    assert [row[:3] for row in rows[1:]] == [["Les Visiteurs de Saint-Brieuc", str(LAST), "12"]]
    assert rows[1][11] == "'=SOMME(A1)"
    url = reverse("teams:cooperation_reports_export", args=[world.cooperation.slug, LAST, "xlsx"])
    response = client.get(url)
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    assert [cell.value for cell in sheet[2]][:3] == ["Les Visiteurs de Saint-Brieuc", LAST, 12]
    bad = reverse("teams:cooperation_reports_export", args=[world.cooperation.slug, LAST, "pdf"])
    assert client.get(bad).status_code == 404


def test_the_cooperation_page_and_the_network_show_last_years_totals(client, world, teams):
    ActivityReportFactory(team=teams.mine.team, year=LAST, people_accompanied=30)
    ActivityReportFactory(team=teams.other.team, year=LAST, people_accompanied=50)
    ActivityReportFactory(team=teams.mine.team, year=LAST - 1, people_accompanied=7)
    page = Page(client.get(world.cooperation.get_absolute_url()))
    section = page.section(f"Ce que les équipes ont fait en {LAST}")
    assert section.definitions("dl")["Personnes âgées accompagnées"] == "30"
    page = Page(client.get(reverse("teams:figures")))
    assert page.section(f"En {LAST}").definitions("dl")["Personnes âgées accompagnées"] == "80"
    assert page.section(f"En {LAST - 1}").definitions("dl")["Personnes âgées accompagnées"] == "7"
    home = Page(client.get(reverse("core:home")))
    assert home.section(f"Les équipes citoyennes en {LAST}").link("Voir les chiffres du réseau")


def test_the_national_roll_up_is_one_query(world, django_assert_num_queries):
    for _ in range(5):
        ActivityReportFactory(team=CitizenTeamFactory(), year=LAST)
    with django_assert_num_queries(1):
        totals = reports.national_totals(LAST)
    assert totals["teams"] == 5 and totals["volunteers"] == 60


# --- reminders ------------------------------------------------------------------------------------


def test_teams_without_last_years_report_are_reminded_once(
    world, teams, django_capture_on_commit_callbacks
):
    ActivityReportFactory(team=teams.other.team, year=LAST)
    CitizenTeamFactory(name="Sans référent")  # owes one, has no one to remind
    with django_capture_on_commit_callbacks(execute=True):
        call_command("remind_activity_reports", stdout=io.StringIO())
    (mail,) = sent_mails()
    assert mail.to == [teams.mine.referent.email]
    assert mail.subject == f"Le bilan {LAST} de l'équipe Les Visiteurs de Saint-Brieuc"
    assert mail.text.count(report_url(teams.mine.team)) == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert reports.reports_remind() == 0
    assert len(sent_mails()) == 1


def test_nothing_to_remind_when_every_team_reported(world, teams):
    for team in (teams.mine.team, teams.other.team):
        ActivityReportFactory(team=team, year=LAST)
    assert reports.reports_remind() == 0
    assert nothing_mailed()


def test_the_cooperations_reports_page_query_count_is_constant(
    world, teams, django_assert_max_num_queries
):
    client = world.client_as("animator")
    ActivityReportFactory(team=teams.mine.team, year=LAST)
    with django_assert_max_num_queries(20) as few:
        client.get(cooperation_reports_url(world))
    for n in range(15):
        team = CitizenTeamFactory(
            name=f"Équipe n° {n}", meeting_commune=world.geography["plerin"], cooperations=True
        )
        if n % 2:
            ActivityReportFactory(team=team, year=LAST)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = Page(client.get(cooperation_reports_url(world)))
    assert len(page.table()) == 8
