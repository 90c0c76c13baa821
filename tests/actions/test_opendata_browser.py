"""The « Données ouvertes » page in a real browser: zero axe violations, at 360 px too."""

import pytest

from tests.browser.conftest import browser, new_page  # noqa: F401  (browser fixtures)
from tests.browser.helpers import assert_accessible

from .factories import ActionFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PATH = "/donnees/"


@pytest.mark.parametrize("viewport", [None, {"width": 360, "height": 740}], ids=["large", "360"])
def test_the_open_data_page_is_accessible(new_page, geography, viewport):  # noqa: F811
    ActionFactory()
    page = new_page(PATH, **({"viewport": viewport} if viewport else {}))

    assert_accessible(page)
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= (viewport or {"width": 10_000})["width"]
