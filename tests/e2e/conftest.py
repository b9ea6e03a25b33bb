"""Browser tests: Playwright (sync API) driving the system's Chromium against `live_server`.

One browser for the browser tests, a fresh context (cookies, language) per test. The tests skip,
with the reason, when /usr/bin/chromium or the playwright package is missing; `.ci/run` installs
both so CI runs them.
"""

import os
from pathlib import Path

import pytest
from django.db import connections

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
AXE_JS = Path(__file__).resolve().parents[2] / "static" / "vendor" / "axe.min.js"
TIMEOUT_MS = 15_000


@pytest.fixture(scope="package")
def browser(django_db_setup):
    """One browser for all the browser tests (they run one after the other, transactional tests
    being sorted last), closed before any other test runs."""
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium fonts-noto-core)")
    sync_api = pytest.importorskip(
        "playwright.sync_api", reason="playwright is not installed (pip install -e '.[dev]')"
    )
    # Playwright's sync API keeps an asyncio loop running in this thread. While it does:
    # - Django refuses ORM calls here unless told it is safe. It is: the tests call the ORM only
    #   between browser steps, and the live server answers from its own thread.
    # - asgiref gives this thread a second, context-local set of database connections, which lack
    #   the snapshot that serialized_rollback restores after each flush: hand it over, and close
    #   those connections before the loop stops (PostgreSQL cannot drop a database in use).
    serialized = {
        conn.alias: conn._test_serialized_contents
        for conn in connections.all()
        if hasattr(conn, "_test_serialized_contents")
    }
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_api.sync_playwright() as playwright:
            for alias, contents in serialized.items():
                connections[alias]._test_serialized_contents = contents
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            try:
                yield browser
            finally:
                browser.close()
                connections.close_all()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def page_errors() -> list[str]:
    """Uncaught script errors on this test's pages."""
    return []


@pytest.fixture
def csp_refusals() -> list[str]:
    """What the Content-Security-Policy blocked on this test's pages."""
    return []


@pytest.fixture
def new_page(browser, live_server, page_errors, csp_refusals):
    """`new_page(**context_options)`: a page in a fresh browser context on the live server."""
    contexts = []

    def make(**options):
        context = browser.new_context(base_url=live_server.url, **options)
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        page = context.new_page()
        page.on("pageerror", lambda error: page_errors.append(f"{page.url}: {error}"))
        page.on(
            "console",
            lambda message: (
                "Content Security Policy" in message.text
                and csp_refusals.append(f"{page.url}: {message.text}")
            ),
        )
        return page

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page):
    return new_page()


@pytest.fixture(scope="session")
def axe_source() -> str:
    return AXE_JS.read_text(encoding="utf-8")
