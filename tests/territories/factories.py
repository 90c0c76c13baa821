"""Factories of the territories app: regions, departments, EPCI and communes."""

import factory

from maillage.core.text import normalize
from maillage.territories.enums import CommuneKind, EpciKind, Zone
from maillage.territories.models import Commune, Department, Epci, PostalCode, Region


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ["code"]

    code = factory.Sequence(lambda n: f"{10 + n % 80}")
    name = factory.Sequence(lambda n: f"Région {n}")
    zone = Zone.METRO


class DepartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Department
        django_get_or_create = ["code"]

    code = factory.Sequence(lambda n: f"{10 + n % 80}")
    name = factory.Sequence(lambda n: f"Département {n}")
    search_name = factory.LazyAttribute(lambda o: normalize(o.name))
    region = factory.SubFactory(RegionFactory)
    zone = Zone.METRO


class EpciFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Epci
        django_get_or_create = ["code"]

    code = factory.Sequence(lambda n: f"2000{n:05d}")
    name = factory.Sequence(lambda n: f"Communauté de communes {n}")
    search_name = factory.LazyAttribute(lambda o: normalize(o.name))
    kind = EpciKind.CC


class CommuneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Commune
        django_get_or_create = ["code", "kind"]
        skip_postgeneration_save = True

    code = factory.Sequence(lambda n: f"{10 + n % 80}{n % 1000:03d}")
    kind = CommuneKind.CURRENT
    name = factory.Sequence(lambda n: f"Commune {n}")
    department = factory.SubFactory(DepartmentFactory)
    region = factory.LazyAttribute(lambda o: o.department.region)
    epci = None
    population = 1000

    class Params:
        delegated_of = None
        district_of = None

    @factory.post_generation
    def postal(obj, create, extracted, **kwargs):
        for code in extracted or []:
            PostalCode.objects.get_or_create(commune=obj, code=code)

    @classmethod
    def _adjust_kwargs(cls, **kwargs):
        parent = kwargs.pop("delegated_of", None)
        if parent is not None:
            kwargs.update(kind=CommuneKind.DELEGATED, current=parent, population=None)
        district = kwargs.pop("district_of", None)
        if district is not None:
            kwargs.update(kind=CommuneKind.MUNICIPAL_DISTRICT, current=district)
        return kwargs
