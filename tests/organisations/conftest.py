"""People and organisations for the organisations tests: one of each role around two
organisations of Côtes-d'Armor."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from maillage.cooperations.models import Animator, Cooperation, Membership
from maillage.territories.models import Perimeter
from tests.accounts.factories import UserFactory
from tests.browser.conftest import browser, new_page  # noqa: F401  (fixtures of test_browser)

from .factories import AffiliationFactory, NetworkFactory, OrganisationFactory


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Uploaded logos go to a temporary folder, never into var/."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def organisation(geography):
    return OrganisationFactory(
        name="Amitiés Saint-Brieuc",
        slug="amities-saint-brieuc",
        commune=geography["saint_brieuc"],
        address="3 rue des Lilas",
        contact_email="contact@amities-sb.fr",
    )


@pytest.fixture
def other_organisation(geography):
    return OrganisationFactory(
        name="CCAS de Brest", slug="ccas-de-brest", kind="ccas", commune=geography["brest"]
    )


@pytest.fixture
def networks(db):
    return [
        NetworkFactory(name="Petits frères des Pauvres"),
        NetworkFactory(name="Familles rurales"),
    ]


@pytest.fixture
def referent(organisation):
    return AffiliationFactory(
        organisation=organisation, user=UserFactory(email="referente@amities-sb.fr")
    ).user


@pytest.fixture
def other_referent(other_organisation):
    return AffiliationFactory(
        organisation=other_organisation, user=UserFactory(email="referent@ccas-brest.fr")
    ).user


@pytest.fixture
def staff(db):
    return UserFactory(email="nadia@monalisa.example", staff=True)


@pytest.fixture
def plain_user(db):
    return UserFactory(email="sans-role@exemple.fr")


@pytest.fixture
def cooperation(organisation):
    """The cooperation of Côtes-d'Armor; the organisation is one of its members."""
    perimeter = Perimeter.objects.create(label="Côtes-d'Armor")
    cooperation = Cooperation.objects.create(
        name="MONALISA 22", slug="monalisa-22", perimeter=perimeter, status="active"
    )
    Membership.objects.create(
        cooperation=cooperation, organisation=organisation, role="co_animator"
    )
    return cooperation


@pytest.fixture
def animator(cooperation, other_organisation):
    """An animator of a cooperation the organisation belongs to: that gives no right on it."""
    user = UserFactory(email="karim@ccas.example")
    Animator.objects.create(cooperation=cooperation, user=user, organisation=other_organisation)
    return user


def make_png(width: int = 40, height: int = 20, name: str = "logo.png") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (0, 0, 145)).save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


@pytest.fixture
def png():
    return make_png()
