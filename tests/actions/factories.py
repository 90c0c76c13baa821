"""Factories of the inventory of actions (one factory per model)."""

import datetime

import factory
from django.utils import timezone
from django.utils.text import slugify

from maillage.actions.enums import ActionStatus, KindCode, PublicCode
from maillage.actions.models import Action, Kind, Public
from maillage.territories.enums import PartKind
from maillage.territories.services import perimeter_create
from tests.organisations.factories import OrganisationFactory
from tests.territories.factories import CommuneFactory


class ActionFactory(factory.django.DjangoModelFactory):
    """An action held in `commune`, open to the people of that commune's department unless
    `parts=[(kind, code)]` says otherwise; `kinds`, `publics` and `organisations` take lists
    (codes for the first two). Traits: `to_check` (13 months), `stale` (19 months), `ended`."""

    class Meta:
        model = Action
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Visites de convivialité n° {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.title))
    summary = "Des bénévoles rendent visite chaque semaine aux personnes qui le souhaitent."
    commune = factory.SubFactory(CommuneFactory)
    zone = factory.LazyAttribute(
        lambda o: perimeter_create(
            parts=o.parts or [(PartKind.DEPARTMENT, o.commune.department_id)], label=o.title
        )
    )
    contact_phone = "01 23 45 67 89"
    status = ActionStatus.ACTIVE
    verified_on = factory.LazyFunction(timezone.localdate)

    class Params:
        parts = None
        to_check = factory.Trait(
            verified_on=factory.LazyFunction(
                lambda: timezone.localdate() - datetime.timedelta(days=395)
            )
        )
        stale = factory.Trait(
            verified_on=factory.LazyFunction(
                lambda: timezone.localdate() - datetime.timedelta(days=580)
            )
        )
        ended = factory.Trait(status=ActionStatus.ENDED)

    @factory.post_generation
    def kinds(obj, create, extracted, **kwargs):
        if create:
            obj.kinds.set(Kind.objects.filter(code__in=extracted or [KindCode.HOME_VISITS]))

    @factory.post_generation
    def publics(obj, create, extracted, **kwargs):
        if create:
            obj.publics.set(Public.objects.filter(code__in=extracted or [PublicCode.AT_HOME]))

    @factory.post_generation
    def organisations(obj, create, extracted, **kwargs):
        if create:
            obj.organisations.set(extracted if extracted is not None else [OrganisationFactory()])
