"""One headless Debian chromium for the whole run, a fresh context for every page visit."""

import os
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

CHROMIUM = Path(os.environ.get("MAILLAGE_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


_shared = {}


def shared_browser():
    """One chromium per run, even when a test folder imports these fixtures into its own
    module (each import makes a new session fixture; two Playwright loops would clash)."""
    if "browser" not in _shared:
        # Playwright's sync API runs an event loop in the main thread; the ORM calls the
        # tests make around it (fixtures creating rows) are still plain synchronous calls.
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
        playwright = sync_playwright().start()
        _shared["playwright"] = playwright
        _shared["browser"] = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
    return _shared["browser"]


def close_shared_browser():
    if "browser" in _shared:
        _shared.pop("browser").close()
        _shared.pop("playwright").stop()
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} est absent : `make chromium` installe le paquet Debian.")
    yield shared_browser()
    close_shared_browser()


def record_console_error(page, message) -> None:
    # The site has no favicon yet; the browser asking for one is not an error of the page.
    if message.type == "error" and not message.location.get("url", "").endswith("/favicon.ico"):
        page.console_errors.append(f"{message.text} ({message.location.get('url')})")


@pytest.fixture
def new_page(browser, live_server):
    """Open a page in a new browser context; `new_page(path, **context_options)`."""
    contexts = []

    def open_page(path="/", **context_options):
        context_options.setdefault("locale", "fr-FR")
        context_options.setdefault("viewport", {"width": 1280, "height": 800})
        context = browser.new_context(base_url=live_server.url, **context_options)
        context.set_default_timeout(10_000)
        contexts.append(context)
        page = context.new_page()
        # Any console error (a script the CSP refused, a JavaScript exception) fails the test.
        page.console_errors = []
        page.on("console", lambda message: record_console_error(page, message))
        page.on("pageerror", lambda error: page.console_errors.append(str(error)))
        response = page.goto(path)
        assert response is not None and response.ok, f"{path} : {response and response.status}"
        return page

    yield open_page
    for context in contexts:
        context.close()
