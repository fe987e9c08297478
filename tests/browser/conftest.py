"""Browser fixtures: the real app served by uvicorn on a seeded copy, and headless Chromium.

The server and the browser are started once per test session (once per xdist worker); each test
gets a fresh browser context, so no cookie, storage or history leaks from one test to the next.
"""

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright

from tests.conftest import Databases
from tests.servers import serving

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

ContextFactory = Callable[..., BrowserContext]


@pytest.fixture(scope="session")
def chromium() -> Path:
    """Debian's Chromium; browser tests are skipped without it (never download a browser)."""
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is missing: install Debian's chromium (make browser-deps)")
    return CHROMIUM


@pytest.fixture(scope="session")
def live_server(
    chromium: Path, tmp_path_factory: pytest.TempPathFactory, databases: Databases, seeded_template: str
) -> Iterator[str]:
    """Base URL of the real app (uvicorn, app factory) on its own copy of the seeded database."""
    database = databases.copy(seeded_template, "browser")
    with serving(database, tmp_path_factory.mktemp("live-server") / "server.log") as base_url:
        yield base_url


@pytest.fixture(scope="session")
def browser(chromium: Path) -> Iterator[Browser]:
    """One headless Chromium for the session."""
    playwright = sync_playwright().start()
    try:
        browser = playwright.chromium.launch(executable_path=str(chromium), args=CHROMIUM_ARGS)
        yield browser
        browser.close()
    finally:
        playwright.stop()


@pytest.fixture
def new_context(browser: Browser, live_server: str) -> Iterator[ContextFactory]:
    """Make browser contexts on the live server (keyword options as for `new_context`)."""
    contexts: list[BrowserContext] = []

    def make(**options: Any) -> BrowserContext:
        context = browser.new_context(base_url=live_server, **options)
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_context: ContextFactory) -> Page:
    """A page in a fresh context, with JavaScript on."""
    return new_context().new_page()
