"""Factories of the accounts app; traits rather than subclasses."""

import factory

from maillage.accounts.models import User


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ["email"]

    email = factory.Sequence(lambda n: f"personne{n}@exemple.fr")
    password = factory.django.Password("mot-de-passe-solide-42")

    class Params:
        staff = factory.Trait(is_staff=True, is_superuser=True)
