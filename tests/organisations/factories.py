"""Factories of the organisations app; traits rather than subclasses."""

import datetime

import factory
from django.utils.text import slugify

from maillage.organisations.enums import (
    AffiliationRole,
    CharterKind,
    OrganisationKind,
    SignatureStatus,
)
from maillage.organisations.models import Affiliation, CharterSignature, Network, Organisation
from tests.accounts.factories import UserFactory


class NetworkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Network
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"Réseau {n}")


class OrganisationFactory(factory.django.DjangoModelFactory):
    """An organisation; `signatory=True` gives it a validated signature of the national charter."""

    class Meta:
        model = Organisation
        django_get_or_create = ["slug"]
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Association des amis n° {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))
    kind = OrganisationKind.ASSOCIATION
    commune = None

    class Params:
        signatory = factory.Trait(
            validated_signature=factory.RelatedFactory(
                "tests.organisations.factories.CharterSignatureFactory",
                factory_related_name="organisation",
                status=SignatureStatus.VALIDATED,
            )
        )


class AffiliationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Affiliation

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = AffiliationRole.REFERENT


class CharterSignatureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CharterSignature

    organisation = factory.SubFactory(OrganisationFactory)
    charter = CharterKind.NATIONAL
    signatory_name = "Claire Martin"
    signatory_role = "présidente"
    signed_on = datetime.date(2024, 3, 12)
    status = SignatureStatus.REQUESTED
    requested_by = factory.SubFactory(UserFactory)

    class Params:
        validated = factory.Trait(status=SignatureStatus.VALIDATED)
        refused = factory.Trait(status=SignatureStatus.REFUSED, refusal_reason="Doublon.")
