"""The pages that offer the downloads, in a real browser: zero axe violations, at 360 px too."""

import pytest

from tests.browser.conftest import browser, new_page  # noqa: F401  (browser fixtures)
from tests.browser.helpers import assert_accessible

from .factories import ActionFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 360, "height": 740}


@pytest.mark.parametrize("viewport", [None, PHONE], ids=["large", "360px"])
@pytest.mark.parametrize(
    "path", ["/donnees/", "/cooperations/monalisa-22/"], ids=["donnees", "cooperation"]
)
def test_the_pages_with_downloads_are_accessible(new_page, world, path, viewport):  # noqa: F811
    ActionFactory(commune=world.geography["saint_brieuc"])
    page = new_page(path, **({"viewport": viewport} if viewport else {}))

    assert_accessible(page)
    if viewport:
        assert page.evaluate("() => document.documentElement.scrollWidth") <= viewport["width"]
