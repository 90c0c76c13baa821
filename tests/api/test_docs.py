"""/api/v1/docs: Swagger UI served from the project (no CDN, no inline script), in a real
browser without a console or CSP error."""

import pytest

from tests.browser.conftest import browser, new_page  # noqa: F401  (browser fixtures)
from tests.browser.helpers import assert_no_console_errors
from tests.html import Page

DOCS_URL = "/api/v1/docs"


@pytest.mark.django_db
def test_the_docs_page_loads_its_assets_from_the_project_only(client):
    response = client.get(DOCS_URL)
    assert response.status_code == 200
    page = Page(response)
    assert page.h1 == "Documentation de l'API"
    assert page.link("schéma OpenAPI")["href"] == "/api/v1/openapi.json"

    scripts = page.select("script")
    assets = [tag["src"] for tag in scripts if tag.get("src")]
    assets += [tag["href"] for tag in page.select("link[rel=stylesheet]")]
    assert "/static/vendor/swagger-ui/swagger-ui-bundle.js" in assets
    assert "/static/vendor/swagger-ui/swagger-ui.css" in assets
    assert all(asset.startswith("/static/") for asset in assets)
    for asset in assets:
        assert client.get(asset).status_code == 200
    # The one script without a source is data, which the browser does not run.
    inline = [tag for tag in scripts if not tag.get("src")]
    assert [tag.get("type") for tag in inline] == ["application/json"]


@pytest.mark.browser
def test_the_docs_render_in_a_browser_without_console_or_csp_errors(new_page):  # noqa: F811
    page = new_page(DOCS_URL)
    page.locator(".swagger-ui .opblock").first.wait_for()
    assert page.locator(".swagger-ui .opblock").count() >= 1
    assert_no_console_errors(page)
