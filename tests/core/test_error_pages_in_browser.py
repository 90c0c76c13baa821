"""The error pages in a real browser: axe-core finds nothing, at 360 pixels too."""

import pytest

from tests.browser.conftest import browser, new_page  # noqa: F401  (browser fixtures)
from tests.browser.helpers import assert_no_axe_violations

pytestmark = pytest.mark.browser


@pytest.mark.parametrize(
    "viewport", [{"width": 1280, "height": 800}, {"width": 360, "height": 740}]
)
@pytest.mark.parametrize(("path", "status"), [("/nulle-part/", 404), ("/deconnexion/", 405)])
def test_error_pages_are_accessible(new_page, path, status, viewport):  # noqa: F811
    page = new_page("/", viewport=viewport)
    response = page.goto(path)
    assert response.status == status
    assert page.get_by_role("link", name="Revenir à l'accueil").is_visible()
    assert_no_axe_violations(page)
    # Nothing else fails (no stylesheet or script refused by the CSP): the browser only
    # reports the page's own status.
    others = [error for error in page.console_errors if f"status of {status}" not in error]
    assert others == []
