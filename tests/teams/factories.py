"""Factories of the citizen teams (one factory per model)."""

import datetime

import factory
from django.utils import timezone
from django.utils.text import slugify

from maillage.teams.enums import RequesterKind, Stage, TeamStatus
from maillage.teams.models import (
    ActivityReport,
    CitizenTeam,
    StartupRequest,
    TeamCharterSignature,
    TeamCooperation,
    TeamReferent,
    VolunteerMessage,
)
from maillage.territories.enums import PartKind
from maillage.territories.services import perimeter_create
from tests.accounts.factories import UserFactory
from tests.territories.factories import CommuneFactory


class CitizenTeamFactory(factory.django.DjangoModelFactory):
    """A team meeting in `meeting_commune` and acting there, unless `parts=[(kind, code)]`
    names its communes of intervention. Independent unless `organisations=[...]`.
    Trait `labelled`: its charter signed and recognised."""

    class Meta:
        model = CitizenTeam
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Équipe citoyenne du quartier n° {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))
    status = TeamStatus.ACTIVE
    meeting_commune = factory.SubFactory(CommuneFactory)
    perimeter = factory.LazyAttribute(
        lambda o: perimeter_create(
            parts=o.parts or [(PartKind.COMMUNE, o.meeting_commune.code)], label=o.name
        )
    )
    founded_on = datetime.date(2021, 9, 1)

    class Params:
        parts = None
        labelled = factory.Trait(
            signature=factory.RelatedFactory(
                "tests.teams.factories.TeamCharterSignatureFactory",
                factory_related_name="team",
                recognised=True,
            )
        )

    @factory.post_generation
    def organisations(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.organisations.set(extracted)

    @factory.post_generation
    def cooperations(obj, create, extracted, **kwargs):
        """`cooperations=True`: linked to the cooperations covering its communes, as
        `team_create` does; `cooperations=[...]`: linked to those."""
        if not create or not extracted:
            return
        if extracted is True:
            from maillage.teams.services.teams import _derive_cooperations

            _derive_cooperations(obj)
        else:
            for cooperation in extracted:
                TeamCooperation.objects.get_or_create(team=obj, cooperation=cooperation)


class TeamReferentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TeamReferent

    team = factory.SubFactory(CitizenTeamFactory)
    user = factory.SubFactory(UserFactory)


class TeamCharterSignatureFactory(factory.django.DjangoModelFactory):
    """A signature; `recognised=True` adds its recognition (the label)."""

    class Meta:
        model = TeamCharterSignature

    team = factory.SubFactory(CitizenTeamFactory)
    signatory_name = "Martine Le Goff"
    signed_on = datetime.date(2022, 3, 14)

    class Params:
        recognised = factory.Trait(recognised_at=factory.LazyFunction(timezone.now))


class StartupRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StartupRequest

    commune = factory.SubFactory(CommuneFactory)
    requester_kind = RequesterKind.FEW_PEOPLE
    contact_name = "Sylvie Guénec"
    contact_email = factory.Sequence(lambda n: f"projet-equipe-{n}@exemple.fr")
    project = "Nous sommes trois voisines et aimerions rendre visite aux personnes seules du bourg."
    consent = True
    stage = Stage.RECEIVED
    stage_since = factory.LazyFunction(timezone.now)
    last_activity_at = factory.LazyFunction(timezone.now)


class VolunteerMessageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = VolunteerMessage
        skip_postgeneration_save = True

    team = factory.SubFactory(CitizenTeamFactory)
    sender_name = "Paul Riou"
    sender_email = factory.Sequence(lambda n: f"benevole-{n}@exemple.fr")
    body = "Retraité depuis peu, j'aimerais donner deux après-midi par mois."
    consent = True

    @factory.post_generation
    def received_days_ago(obj, create, extracted, **kwargs):
        """`received_days_ago=8`: the message came in eight days ago (created_at is set on
        insert, so it is moved afterwards)."""
        if create and extracted is not None:
            obj.created_at = timezone.now() - datetime.timedelta(days=extracted)
            VolunteerMessage.objects.filter(pk=obj.pk).update(created_at=obj.created_at)


class ActivityReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActivityReport

    team = factory.SubFactory(CitizenTeamFactory)
    year = 2025
    volunteers = 12
    new_volunteers = 3
    volunteers_trained = 4
    people_accompanied = 30
    visits = 410
    phone_calls = 220
    collective_activities = 18
    outings = 6
    hours = 900
