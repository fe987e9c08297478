"""Browser fixtures: the real app served by uvicorn on a seeded copy, and headless Chromium.

The server and the browser are started once per test session (once per xdist worker); each test
gets a fresh browser context, so no cookie, storage or history leaks from one test to the next.
"""

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright

from app.config import PROJECT_ROOT
from tests.conftest import Databases

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SERVER_START_SECONDS = 15.0

ContextFactory = Callable[..., BrowserContext]


def free_port() -> int:
    """A TCP port nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def wait_until_serving(url: str, server: subprocess.Popen[bytes], log: Path) -> None:
    """Return once GET `url` answers 200; fail with the server's log if it never does."""
    deadline = time.monotonic() + SERVER_START_SECONDS
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"the app exited with {server.returncode}:\n{log.read_text()}")
        try:
            with urllib.request.urlopen(url, timeout=1) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.1)
    pytest.fail(f"the app did not answer {url} within {SERVER_START_SECONDS:.0f} s:\n{log.read_text()}")


def stop(server: subprocess.Popen[bytes]) -> None:
    """Terminate the server, and kill it if it does not stop."""
    server.terminate()
    try:
        server.wait(timeout=5)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait(timeout=5)


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
    folder = tmp_path_factory.mktemp("live-server")
    database = databases.copy(seeded_template, "browser")
    log = folder / "server.log"
    port = free_port()
    base_url = f"http://127.0.0.1:{port}"
    command = [
        sys.executable, "-m", "uvicorn", "app.main:create_app", "--factory",
        "--host", "127.0.0.1", "--port", str(port),
    ]  # fmt: skip
    with log.open("wb") as output:
        server = subprocess.Popen(
            command,
            cwd=PROJECT_ROOT,
            env={**os.environ, "DATABASE_URL": database},
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    try:
        wait_until_serving(base_url + "/", server, log)
        yield base_url
    finally:
        stop(server)


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
