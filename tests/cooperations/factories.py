"""Factories of the cooperations app; the organisations in them come from
tests/organisations/factories.py (one factory per model)."""

import datetime

import factory
from django.utils.text import slugify

from maillage.cooperations.enums import CooperationStatus, MemberRole, ObjectiveStatus
from maillage.cooperations.models import (
    Animator,
    Cooperation,
    CooperationAim,
    Membership,
    NewsItem,
    Objective,
    Testimony,
)
from maillage.territories.enums import PartKind
from maillage.territories.services import perimeter_create
from tests.accounts.factories import UserFactory
from tests.organisations.factories import OrganisationFactory
from tests.territories.factories import DepartmentFactory


class CooperationFactory(factory.django.DjangoModelFactory):
    """A cooperation on one department (`department=`), or on explicit `parts=[(kind, code)]`."""

    class Meta:
        model = Cooperation
        django_get_or_create = ["slug"]
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Coopération MONALISA n° {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))
    status = CooperationStatus.ACTIVE
    founded_on = datetime.date(2016, 5, 12)
    contact_email = factory.Sequence(lambda n: f"contact-cooperation-{n}@exemple.fr")
    perimeter = factory.LazyAttribute(
        lambda o: perimeter_create(
            parts=o.parts or [(PartKind.DEPARTMENT, o.department.code)], label=o.name
        )
    )

    class Params:
        parts = None
        with_animator = factory.Trait(
            animator=factory.RelatedFactory(
                "tests.cooperations.factories.AnimatorFactory", factory_related_name="cooperation"
            )
        )
        department = factory.Maybe(
            "parts", yes_declaration=None, no_declaration=factory.SubFactory(DepartmentFactory)
        )


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    cooperation = factory.SubFactory(CooperationFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = MemberRole.MEMBER
    since = datetime.date(2020, 1, 15)


class AnimatorFactory(factory.django.DjangoModelFactory):
    """An animator; their organisation is made a co-animating member when it is not one yet."""

    class Meta:
        model = Animator
        skip_postgeneration_save = True

    cooperation = factory.SubFactory(CooperationFactory)
    user = factory.SubFactory(UserFactory, first_name="Karim", last_name="Benali")
    organisation = factory.SubFactory(OrganisationFactory)

    @factory.post_generation
    def membership(obj, create, extracted, **kwargs):
        if create and extracted is not False:
            Membership.objects.get_or_create(
                cooperation=obj.cooperation,
                organisation=obj.organisation,
                defaults={"role": MemberRole.CO_ANIMATOR},
            )


class CooperationAimFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CooperationAim

    cooperation = factory.SubFactory(CooperationFactory)
    aim = 1
    description = "Des rencontres entre acteurs du territoire, deux fois par an."


class ObjectiveFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Objective

    cooperation = factory.SubFactory(CooperationFactory)
    title = factory.Sequence(lambda n: f"Objectif n° {n}")
    status = ObjectiveStatus.IN_PROGRESS


class NewsItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NewsItem

    cooperation = factory.SubFactory(CooperationFactory)
    title = factory.Sequence(lambda n: f"Actualité n° {n}")
    body = "Une nouvelle équipe citoyenne a vu le jour."
    published_on = datetime.date(2025, 2, 3)


class TestimonyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Testimony

    cooperation = factory.SubFactory(CooperationFactory)
    quote = "Nous avons appris à travailler ensemble plutôt que côte à côte."
    person_name = "Marie Le Goff"
    person_role = "co-animatrice"
    organisation_name = "CCAS de Saint-Brieuc"
