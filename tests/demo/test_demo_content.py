"""The demo network as `make run` loads it, on the whole official geography: about 5,000
actions of every kind and freshness, and French that reads like a real network's.

The geography and the demo are loaded once for the module, in a transaction rolled back at
its end; each test only reads them."""

import html
import random
import re
from collections import Counter
from datetime import timedelta

import pytest
from data_inclusion.schema import v1
from django.core.management import call_command
from django.db import transaction
from django.db.models import Count
from django.test import override_settings
from django.utils import timezone

from maillage.actions import data_inclusion
from maillage.actions.enums import ActionStatus, KindCode, PublicCode
from maillage.actions.hours import validate_opening_hours
from maillage.actions.models import Action, check_cutoff, stale_cutoff
from maillage.cooperations import models as cooperations
from maillage.cooperations.enums import MemberRole
from maillage.cooperations.models import Cooperation, CooperationAim, Membership, NewsItem
from maillage.core.validators import normalize_phone
from maillage.demo import words
from maillage.demo.action_words import KINDS
from maillage.demo.actions import TOTAL, rhythm
from maillage.demo.loader import load_demo
from maillage.demo.network import FUNDING_KINDS, TODAY
from maillage.demo.teams import REQUESTS, TEAMS
from maillage.observatory.models import CommuneCoverage
from maillage.organisations.enums import SignatureStatus
from maillage.organisations.models import CharterSignature, Organisation
from maillage.teams.enums import Stage, TeamStatus
from maillage.teams.models import (
    ActivityReport,
    CitizenTeam,
    StartupRequest,
    TeamCharterSignature,
)
from maillage.territories.models import Commune, Department

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The official geography and the demo, loaded once; `load_demo`'s console lines."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("import_territories", verbosity=0)
        with override_settings(MAILLAGE_DEMO=True):
            lines = load_demo()
        yield lines
        transaction.set_rollback(True)


def test_the_demo_has_about_five_thousand_actions_of_every_kind(demo):
    assert f"Actions de démonstration : {TOTAL} actions." in demo
    assert Action.objects.count() == TOTAL
    kinds = Counter(Action.kinds.through.objects.values_list("kind_id", flat=True))
    assert set(kinds) == set(KindCode.values)
    assert min(kinds.values()) >= 100
    publics = set(Action.publics.through.objects.values_list("public_id", flat=True))
    assert publics == set(PublicCode.values)
    # Every action is carried by organisations of the demo network, spread over every
    # cooperation's members.
    assert not Action.objects.filter(organisations=None).exists()
    carried_by = set(
        Membership.objects.filter(organisation__actions__isnull=False).values_list(
            "cooperation__slug", flat=True
        )
    )
    assert carried_by == set(Cooperation.objects.values_list("slug", flat=True))
    assert Cooperation.objects.count() == 66


def test_the_actions_mix_fresh_to_check_stale_and_ended(demo):
    total = Action.objects.count()
    ended = Action.objects.filter(status=ActionStatus.ENDED).count()
    stale = Action.objects.exclude(status=ActionStatus.ENDED).filter(verified_on__lt=stale_cutoff())
    to_check = Action.objects.to_check().filter(verified_on__gte=stale_cutoff())
    assert 0.03 < ended / total < 0.07
    assert 0.03 < stale.count() / total < 0.07
    assert 0.07 < to_check.count() / total < 0.13
    assert Action.objects.filter(status=ActionStatus.SUSPENDED).exists()
    assert 0.85 < Action.objects.current().count() / total < 0.95
    # « À vérifier » means confirmed 12 to 18 months ago.
    assert all(
        stale_cutoff() <= day < check_cutoff()
        for day in to_check.values_list("verified_on", flat=True)
    )


def test_every_action_can_be_read_and_reached(demo):
    hours = set(Action.objects.values_list("opening_hours", flat=True))
    assert len(hours) > 50
    for value in hours:
        validate_opening_hours(value)
    for phone in set(Action.objects.values_list("contact_phone", flat=True)):
        assert normalize_phone(phone) == phone
    assert not Action.objects.filter(title="").exists()
    assert not Action.objects.filter(summary="").exists()
    assert not Action.objects.filter(schedule="").exists()
    assert not Action.objects.exclude(description__startswith="<p>").exists()
    # Done from home, an action has no place; otherwise it takes place in a commune.
    remote = Action.objects.filter(remote=True)
    assert remote.count() > 100
    assert not remote.exclude(commune=None, address="").exists()
    assert not Action.objects.filter(remote=False, commune=None).exists()
    assert Action.objects.filter(is_free=False).exclude(cost_details="").count() > 100
    assert not Action.objects.filter(is_free=False, cost_details="").exists()


def test_each_zone_covers_the_commune_where_its_action_takes_place(demo):
    kinds = Counter()
    sample = Action.objects.filter(remote=False).select_related("commune").order_by("pk")[::50]
    for action in sample:
        assert action.zone.contains(action.commune), action.title
        kinds.update(part.kind for part in action.zone.parts.all())
    assert {"commune", "epci", "department"} <= set(kinds)
    reaching = Action.objects.reaching(Commune.objects.get(code="22278"))  # Saint-Brieuc
    assert reaching.count() > 5


_BLOCK = re.compile(r"</?(?:p|li|ul|ol|h3|h4|blockquote|br)\b[^>]*>")


def _lines(value: str) -> list[str]:
    """The text a person reads: one line per paragraph or item, inline tags dropped."""
    text = html.unescape(re.sub(r"<[^>]+>", "", _BLOCK.sub("\n", value)))
    return [line for line in text.split("\n") if line] if "<" in value else [text]


def _demo_texts():
    """(where, text) for every text the demo writes."""
    fields = [
        (Organisation, ["name", "description", "address"]),
        (Cooperation, ["name", "birth_story", "working_description", "strategy"]),
        (CooperationAim, ["description"]),
        (cooperations.Objective, ["title"]),
        (NewsItem, ["title", "body"]),
        (cooperations.Testimony, ["quote", "person_role", "organisation_name"]),
        (CharterSignature, ["signatory_role"]),
        (
            Action,
            ["title", "summary", "description", "schedule", "cost_details", "how_to_join"],
        ),
        (CitizenTeam, ["name", "description"]),
        (TeamCharterSignature, ["signatory_name"]),
        (StartupRequest, ["contact_name", "project", "closed_reason"]),
        (ActivityReport, ["comments"]),
    ]
    for model, names in fields:
        for row in model.objects.values_list(*names):
            for name, value in zip(names, row, strict=True):
                for line in _lines(value):
                    yield f"{model.__name__}.{name}", line


PLACEHOLDERS = [
    (re.compile(r"n°", re.I), "a number instead of a name"),
    (re.compile(r"lorem|ipsum|todo|xxx|exemple de", re.I), "placeholder"),
    (re.compile(r"coopération \d+ fait", re.I), "the old aims placeholder"),
    (re.compile(r"[{}]|%\(|%s"), "an unformatted template"),
    (re.compile(r"\bde (le|les|aux) ", re.I), "'de le' is 'du', 'de les' is 'des'"),
    (re.compile(r"\bà (le|les) ", re.I), "'à le' is 'au', 'à les' is 'aux'"),
    (re.compile(r"(?<![-\w])(de|le|la|que|ne|se|je) [aeiouyéèêàâîôûœ]", re.I), "no elision"),
    (re.compile(r"\b(?!nous\b|vous\b)(\w+) \1\b", re.I), "a doubled word"),
    (re.compile(r"  |\s[,.]|\s$|^\s"), "stray spaces"),
    (re.compile(r"\(\d+\)"), "a numbered namesake"),
]


@pytest.mark.django_db(False)
@pytest.mark.parametrize(
    ("text", "caught"),
    [
        ("Ce que la coopération 22 fait sur cet axe.", True),
        ("Périmètre n° 12", True),
        ("Les Amis de Le Mans", True),
        ("Bien vieillir à Le Mans", True),
        ("Un réseau de les aidants", True),
        ("Des acteurs de Aisne", True),
        ("Les Amis de {c}", True),
        ("Club de de l'Amitié", True),
        ("Les Amis de Paris (2)", True),
        ("Une visite ,  le mardi", True),
        ("Lorem ipsum", True),
        ("Les Amis du Mans, d'Annecy et de l'Aisne", False),
        ("Demandez-le à l'accueil ; nous nous retrouvons le mardi.", False),
        ("Bien vieillir au Mans", False),
    ],
)
def test_the_placeholder_patterns_catch_what_they_should(text, caught):
    assert any(pattern.search(text) for pattern, _ in PLACEHOLDERS) is caught


def test_no_placeholder_and_real_french_everywhere(demo):
    found = []
    for where, text in _demo_texts():
        for pattern, reason in PLACEHOLDERS:
            match = pattern.search(text)
            if match:
                found.append(f"{where}: {reason}: « {match[0]} » in « {text[:120]} »")
    assert found == []


def test_department_names_take_their_article(demo):
    # "d'acteurs de l'Aisne", "des Côtes-d'Armor": never "de Aisne" or "de Côtes-d'Armor".
    links = words.department_links()
    # (Vienne is also a commune of Isère, which takes no article.)
    communes = set(Commune.objects.values_list("name", flat=True))
    with_article = [
        d for d in Department.objects.all() if links.get(d.code, 0) >= 2 and d.name not in communes
    ]
    texts = [text for _, text in _demo_texts()]
    names = "|".join(re.escape(department.name) for department in with_article)
    pattern = re.compile(rf"(?<![-\w])(?:de|d'|à) (?:{names})(?![-\w])")
    assert [match[0] for text in texts if (match := pattern.search(text))] == []
    assert any("de l'Aisne" in text for text in texts)
    assert any("des Côtes-d'Armor" in text for text in texts)


def test_roles_agree_with_the_people_who_hold_them(demo):
    feminine = {f for pair in words.TESTIMONY_ROLES for f in pair[1:]}
    feminine |= {f for pairs in words.SIGNATORY_ROLES.values() for _, f in pairs}
    feminine |= {f for _, f in words.DEFAULT_SIGNATORY_ROLES}
    masculine = {m for pair in words.TESTIMONY_ROLES for m in pair[:1]}
    masculine |= {m for pairs in words.SIGNATORY_ROLES.values() for m, _ in pairs}
    masculine |= {m for m, _ in words.DEFAULT_SIGNATORY_ROLES}
    people = list(cooperations.Testimony.objects.values_list("person_name", "person_role"))
    people += list(CharterSignature.objects.values_list("signatory_name", "signatory_role"))
    for name, role in people:
        first_name = name.split()[0]
        if first_name in words.WOMEN:
            assert role in feminine, (name, role)
        else:
            assert first_name in words.MEN
            assert role in masculine, (name, role)
    roles = {role for _, role in people}
    # Those who fund are those who can: caisses, mutuelles, councils, towns.
    funders = Membership.objects.filter(role=MemberRole.FUNDER)
    assert funders.exists()
    assert set(funders.values_list("organisation__kind", flat=True)) <= FUNDING_KINDS
    assert {"présidente", "président", "co-animatrice de la coopération"} <= roles


def test_dates_follow_each_other(demo):
    for cooperation in Cooperation.objects.prefetch_related("news", "memberships"):
        news = sorted(item.published_on for item in cooperation.news.all())
        assert news, cooperation.slug
        assert cooperation.founded_on < news[0] <= news[-1] <= TODAY
        for membership in cooperation.memberships.all():
            assert cooperation.founded_on <= membership.since <= TODAY
    bleue = NewsItem.objects.filter(title="Retour sur la Semaine bleue")
    assert bleue.exists()
    assert {day.month for day in bleue.values_list("published_on", flat=True)} == {10}
    # Signatures spread over the years since the charter; requests wait a few weeks at most.
    validated = CharterSignature.objects.filter(status=SignatureStatus.VALIDATED)
    assert len({day.year for day in validated.values_list("signed_on", flat=True)}) >= 8
    requested = CharterSignature.objects.filter(status=SignatureStatus.REQUESTED)
    assert requested.exists()
    assert not requested.filter(signed_on__lt=TODAY - timedelta(days=90)).exists()


def test_each_cooperation_words_its_aims_for_itself(demo):
    by_cooperation = {}
    for cooperation_id, aim, description in CooperationAim.objects.values_list(
        "cooperation_id", "aim", "description"
    ):
        assert description
        by_cooperation.setdefault(cooperation_id, []).append((aim, description))
    assert len(by_cooperation) == 66
    # No two cooperations say the same things.
    assert len({tuple(sorted(aims)) for aims in by_cooperation.values()}) == 66
    # Organisation names are unique, without numbers.
    names = list(Organisation.objects.values_list("name", flat=True))
    assert len(names) == len(set(names))


def test_load_demo_again_changes_nothing(demo):
    counts = Action.objects.count(), Organisation.objects.count(), NewsItem.objects.count()
    with override_settings(MAILLAGE_DEMO=True):
        lines = load_demo()
    assert lines[1:3] == [
        "Réseau de démonstration : déjà là.",
        "Actions de démonstration : déjà là.",
    ]
    assert lines[3] == "Équipes citoyennes de démonstration : déjà là."
    assert lines[4].startswith("Chiffres de population fictifs : 0 commune(s) ajoutée(s)")
    assert (
        Action.objects.count(),
        Organisation.objects.count(),
        NewsItem.objects.count(),
    ) == counts
    assert CitizenTeam.objects.count() == TEAMS


RHYTHMS = sorted(
    {name for words_of in KINDS.values() for name in words_of.rhythms}
    | {name for words_of in KINDS.values() for theme in words_of.themes for name in theme.rhythms}
)


@pytest.mark.django_db(False)
@pytest.mark.parametrize("name", RHYTHMS)
def test_every_rhythm_reads_in_french_and_in_openstreetmap(name):
    rng = random.Random(name)
    for _ in range(40):
        schedule, hours = rhythm(rng, name)
        validate_opening_hours(hours)
        assert schedule[:1].isupper() and "  " not in schedule


@pytest.mark.django_db(False)
@pytest.mark.parametrize("name", ["appointment", "twice_weekly", "office_hours", "monthly_day"])
def test_a_day_named_by_the_title_is_the_day_it_happens(name):
    # « Balade du jeudi » happens on Thursdays.
    schedule, hours = rhythm(random.Random(3), name, "Th")
    assert hours.startswith("Th") or hours.startswith("week 01-53/2 Th")
    assert "jeudi" in schedule


def test_the_demo_exports_to_data_inclusion_as_it_stands(demo):
    # Other platforms read the demo through the open data files: every record must pass.
    def absolute(path):
        return f"https://demo.maillage.fr{path}"

    services = list(
        data_inclusion.service_records(data_inclusion.services_queryset(), absolute=absolute)
    )
    assert len(services) == Action.objects.current().count()
    for record in services:
        v1.Service.model_validate(record, context={"ignore_warnings": False})
    structures = data_inclusion.structure_records(
        data_inclusion.structures_queryset(), absolute=absolute
    )
    for record in structures:
        v1.Structure.model_validate(record, context={"ignore_warnings": False})


def test_the_demo_has_about_nine_hundred_teams_mostly_active(demo):
    assert any(
        line.startswith(f"Équipes citoyennes de démonstration : {TEAMS} équipes") for line in demo
    )
    statuses = Counter(CitizenTeam.objects.values_list("status", flat=True))
    assert set(statuses) == set(TeamStatus.values)
    assert 0.6 < statuses[TeamStatus.ACTIVE] / TEAMS < 0.8
    assert statuses[TeamStatus.CLOSED] < statuses[TeamStatus.DORMANT] < statuses[TeamStatus.ACTIVE]
    # Every demo cooperation has teams, meeting in its territory, acting where they meet.
    assert CitizenTeam.objects.filter(cooperation_links__isnull=True).count() == 0
    assert set(CitizenTeam.objects.values_list("cooperations__slug", flat=True)) == set(
        Cooperation.objects.values_list("slug", flat=True)
    )
    teams = CitizenTeam.objects.select_related("meeting_commune", "perimeter")
    for team in teams.prefetch_related("cooperations__perimeter__parts", "perimeter__parts")[:60]:
        (cooperation,) = team.cooperations.all()
        assert cooperation.perimeter.contains(team.meeting_commune)
        parts = team.perimeter.part_pairs()
        assert ("commune", team.meeting_commune.code) in parts and 1 <= len(parts) <= 4
    assert (
        Counter(len(t.perimeter.parts.all()) for t in teams.prefetch_related("perimeter__parts"))[2]
        > 0
    )


def test_a_third_of_the_teams_are_independent_the_others_belong_to_members(demo):
    independent = CitizenTeam.objects.filter(organisations=None).count()
    assert 0.25 < independent / TEAMS < 0.42
    links = CitizenTeam.organisations.through.objects.values_list(
        "citizenteam__cooperation_links__cooperation_id", "organisation_id"
    )
    members = set(Membership.objects.values_list("cooperation_id", "organisation_id"))
    assert set(links) <= members
    per_team = Counter(
        CitizenTeam.organisations.through.objects.values_list("citizenteam_id", flat=True)
    )
    assert set(per_team.values()) == {1, 2}
    kinds = Counter(CitizenTeam.objects.annotate(n=Count("kinds")).values_list("n", flat=True))
    assert set(kinds) == {1, 2, 3}


def test_about_seventy_percent_of_the_active_teams_are_labelled_by_their_cooperation(demo):
    active = CitizenTeam.objects.filter(status=TeamStatus.ACTIVE)
    labelled = active.labelled()
    assert 0.6 < labelled.count() / active.count() < 0.8
    for signature in TeamCharterSignature.objects.labels().select_related("team")[:100]:
        assert signature.recognising_cooperation_id is not None
        assert (
            signature.team.cooperation_links.get().cooperation_id
            == signature.recognising_cooperation_id
        )
        assert signature.team.founded_on < signature.signed_on <= signature.recognised_at.date()
    # Signed and awaiting recognition: a few.
    assert TeamCharterSignature.objects.filter(recognised_at__isnull=True).exists()
    assert not CitizenTeam.objects.filter(status=TeamStatus.PROJECT).labelled().exists()
    # The labelled active teams count in the coverage.
    assert CommuneCoverage.objects.filter(team_count__gt=0).exists()


def test_the_activity_reports_are_plausible(demo):
    last_year = timezone.localdate().year - 1
    reports = ActivityReport.objects.all()
    assert set(reports.values_list("year", flat=True)) == {last_year - 1, last_year}
    reporting = reports.filter(year=last_year).values("team").distinct().count()
    assert reporting / CitizenTeam.objects.filter(status=TeamStatus.ACTIVE).count() > 0.7
    assert not reports.exclude(team__status=TeamStatus.ACTIVE).exists()
    for report in reports:
        assert report.new_volunteers <= report.volunteers
        assert report.volunteers_trained <= report.volunteers
        assert report.visits <= report.hours * 2
        assert report.people_accompanied <= 60
        assert report.team.founded_on.year <= report.year


def test_start_up_requests_reach_every_stage_with_their_history(demo):
    requests = StartupRequest.objects.prefetch_related("stage_changes")
    assert requests.count() == REQUESTS
    assert set(requests.values_list("stage", flat=True)) == set(Stage.values)
    now = timezone.now()
    idle = 0
    for request in requests:
        changes = list(request.stage_changes.all())
        assert changes[-1].stage == request.stage
        assert changes[-1].entered_at == request.stage_since == request.last_activity_at
        assert changes[0].stage == Stage.RECEIVED and changes[0].entered_at == request.created_at
        moments = [change.entered_at for change in changes]
        assert moments == sorted(set(moments))
        assert request.consent and request.cooperation.perimeter.contains(request.commune)
        assert bool(request.closed_reason) is (request.stage == Stage.CLOSED)
        idle += request.stage != Stage.CLOSED and request.last_activity_at < now - timedelta(
            days=30
        )
    assert idle >= 5
    assert requests.filter(stage=Stage.ACTIVE, team__isnull=False).exists()
