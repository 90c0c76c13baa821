"""A team's yearly activity report: counts only, checked against each other and against the
population of its communes; rolled up for a cooperation and for the network (ADR 023).

The rules, each refused with its reason:
- no count is negative;
- new volunteers and volunteers trained are at most the volunteers;
- at most two visits per hour given (a visit, travel included, takes half an hour at least);
- people accompanied at most the population aged 60 or more of the team's communes. There is no
  age data in Maillage yet: that population is taken as AGED_SHARE (27 %) of the communes'
  municipal population (INSEE, France 2024: 27.8 % aged 60 or more), rounded up; a commune
  whose population is unknown is not checked.

A report of year Y is filled in from 1 January Y+1 and stays editable until 31 March Y+2: the
year that follows it, plus three months."""

import datetime
import math

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Q, Sum
from django.urls import reverse
from django.utils import timezone

from maillage.accounts.models import User
from maillage.core.audit import audited_create, audited_update
from maillage.core.mail import send_templated_mail
from maillage.core.models import AuditEntry, audit

from ..enums import TeamStatus
from ..models import ActivityReport, CitizenTeam
from .charter import _referent_mailboxes

AGED_SHARE = 0.27
VISITS_PER_HOUR = 2
EDITABLE_MONTHS_AFTER = 3  # after the end of the year that follows the report's year
COUNTS = (
    "volunteers",
    "new_volunteers",
    "volunteers_trained",
    "people_accompanied",
    "visits",
    "phone_calls",
    "collective_activities",
    "outings",
    "hours",
)
FIELDS = (*COUNTS, "comments")
REMIND_ACTION = "teams.activityreport.remind"


def last_complete_year(today: datetime.date | None = None) -> int:
    return (today or timezone.localdate()).year - 1


def editable_until(year: int) -> datetime.date:
    """The last day a report of `year` may be filled in or changed: 31 March of year + 2."""
    return datetime.date(year + 2, 1 + EDITABLE_MONTHS_AFTER, 1) - datetime.timedelta(days=1)


def open_years(team: CitizenTeam, today: datetime.date | None = None) -> list[int]:
    """The years whose report the team may fill in today, the most recent first: the last
    complete year, and the one before until 31 March; none before the team was founded."""
    today = today or timezone.localdate()
    years = [y for y in (today.year - 1, today.year - 2) if editable_until(y) >= today]
    if team.founded_on:
        years = [y for y in years if y >= team.founded_on.year]
    return years


def aged_population(team: CitizenTeam) -> int:
    """The estimated population aged 60 or more of the team's communes (0: unknown)."""
    return math.ceil(team.perimeter.population() * AGED_SHARE)


def problems(team: CitizenTeam, values: dict) -> dict[str, str]:
    """{field: the reason it is refused}; empty when the figures hold together."""
    found = {}
    for name in COUNTS:
        if values.get(name) is not None and values[name] < 0:
            found[name] = "Un nombre ne peut pas être négatif."
    if found:
        return found
    volunteers = values.get("volunteers") or 0
    if (values.get("new_volunteers") or 0) > volunteers:
        found["new_volunteers"] = (
            f"Les nouveaux bénévoles ({values['new_volunteers']}) ne peuvent pas être plus "
            f"nombreux que l'ensemble des bénévoles ({volunteers})."
        )
    if (values.get("volunteers_trained") or 0) > volunteers:
        found["volunteers_trained"] = (
            f"Les bénévoles formés ({values['volunteers_trained']}) ne peuvent pas être plus "
            f"nombreux que l'ensemble des bénévoles ({volunteers})."
        )
    hours = values.get("hours") or 0
    if (values.get("visits") or 0) > hours * VISITS_PER_HOUR:
        found["visits"] = (
            f"{values['visits']} visites pour {hours} heures données : c'est plus de deux visites "
            "par heure. Une visite, trajet compris, dure au moins une demi-heure ; vérifiez les "
            "visites ou les heures."
        )
    aged = aged_population(team)
    if aged and (values.get("people_accompanied") or 0) > aged:
        found["people_accompanied"] = (
            f"{values['people_accompanied']} personnes accompagnées, c'est plus que les "
            f"personnes de 60 ans ou plus des communes de l'équipe (environ {aged}, soit 27 % "
            "de leur population). Vérifiez le nombre, ou les communes d'intervention de "
            "l'équipe."
        )
    return found


@transaction.atomic
def report_save(
    *, actor: User, team: CitizenTeam, year: int, values: dict, today=None
) -> ActivityReport:
    """Fill in or change the team's report of `year`; refused when the year is not open or
    the figures do not hold together (a ValidationError by field)."""
    if year not in open_years(team, today):
        raise ValidationError(f"Le bilan {year} ne peut plus être rempli ni modifié.")
    values = {name: values[name] for name in FIELDS if name in values}
    if found := problems(team, values):
        raise ValidationError(found)
    report = ActivityReport.objects.select_for_update().filter(team=team, year=year).first()
    if report is None:
        return audited_create(
            actor=actor,
            instance=ActivityReport(team=team, year=year, submitted_by=actor, **values),
            target=team,
            fields=COUNTS,
            summary=f"Bilan d'activité {year} rempli",
        )
    audited_update(
        actor=actor,
        instance=report,
        values={**values, "submitted_by": actor},
        target=team,
        summary=f"Bilan d'activité {year} modifié",
    )
    return report


# --- roll-up ------------------------------------------------------------------------------------


def totals(reports) -> dict:
    """The sums of each count over `reports`, and how many teams reported: one query."""
    sums = reports.aggregate(
        teams=Count("team_id", distinct=True), **{name: Sum(name) for name in COUNTS}
    )
    return {name: value or 0 for name, value in sums.items()}


def cooperation_reports(cooperation, year: int):
    return ActivityReport.objects.filter(
        team__cooperation_links__cooperation=cooperation, year=year
    )


def cooperation_totals(cooperation, year: int | None = None) -> dict:
    year = year or last_complete_year()
    return {"year": year, **totals(cooperation_reports(cooperation, year))}


def national_totals(year: int | None = None) -> dict:
    year = year or last_complete_year()
    return {"year": year, **totals(ActivityReport.objects.filter(year=year))}


def due_teams(year: int):
    """Teams that owe a report of `year`: not closed, founded by the end of that year (or on an
    unknown date), without one."""
    return (
        CitizenTeam.objects.exclude(status__in=[TeamStatus.CLOSED, TeamStatus.PROJECT])
        .filter(Q(founded_on__isnull=True) | Q(founded_on__lte=datetime.date(year, 12, 31)))
        .exclude(Exists(ActivityReport.objects.filter(team=OuterRef("pk"), year=year)))
    )


def missing_reports(cooperation, year: int):
    return due_teams(year).filter(cooperation_links__cooperation=cooperation).order_by("name")


def reports_remind(*, year: int | None = None, base_url: str = "") -> int:
    """Remind the referents of each team without a report of last year, once per team and year
    (the reminder is a line of the team's history). Returns how many teams were reminded."""
    year = year or last_complete_year()
    summary = f"Rappel du bilan d'activité {year}"
    reminded = AuditEntry.objects.filter(
        action=REMIND_ACTION, summary=summary, target_type__model="citizenteam"
    ).values_list("target_id", flat=True)
    count = 0
    for team in due_teams(year).exclude(pk__in=list(reminded)).order_by("pk").iterator():
        mailboxes = _referent_mailboxes(team)
        if not mailboxes:
            continue  # listed for the cooperation; reminded once it has a referent
        with transaction.atomic():
            for mailbox in mailboxes:
                send_templated_mail(
                    to=mailbox,
                    template="teams/emails/report_reminder",
                    context={
                        "team": team,
                        "year": year,
                        "until": editable_until(year),
                        "url": base_url + reverse("teams:team_report", args=[team.slug, year]),
                    },
                )
            audit(actor=None, target=team, action=REMIND_ACTION, summary=summary)
        count += 1
    return count
