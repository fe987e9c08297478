"""The front door: the render deadline, security headers on every answer, and the access log."""

import asyncio
import json
import logging
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from fastapi.testclient import TestClient
from httpx import Response
from starlette.types import Receive, Scope, Send

from app import queries
from app.cache import ResponseCache
from app.config import PROJECT_ROOT, Settings
from app.main import create_app
from app.middleware import AccessLog, Shield, access_lines, security_headers
from app.routes import topics
from tests.asgi import asgi_get, fixed_version, run
from tests.conftest import SERVER, Database
from tests.routes_fixtures import Site

SECURITY = {name.decode(): value.decode() for name, value in security_headers("'self'")}
LOG_FIELDS = {"method", "path", "query", "status", "ms", "client"}


def assert_secured(response: Response) -> None:
    for name, value in SECURITY.items():
        assert response.headers.get(name) == value, (str(response.url), response.status_code, name)


class Lines(logging.Handler):
    """Keeps each line of each record it is given."""

    def __init__(self) -> None:
        super().__init__()
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines += record.getMessage().splitlines()


@pytest.fixture
def access_log_lines() -> Iterator[list[str]]:
    """The access-log lines written while the test runs (flushed before they are read)."""
    access_lines.flush()  # what earlier tests left
    logger = access_lines.logger
    handler, level = Lines(), logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    yield handler.lines
    logger.removeHandler(handler)
    logger.setLevel(level)


def test_every_answer_from_memory_carries_the_security_headers(site: Site) -> None:
    rendered = site.client.get("/topics/terrorism")
    site.statements.clear()
    again = site.client.get("/topics/terrorism")
    packed = site.client.get("/topics/terrorism", headers={"Accept-Encoding": "gzip"})
    head = site.client.head("/topics/terrorism")
    unchanged = site.client.get("/topics/terrorism", headers={"If-None-Match": rendered.headers["etag"]})
    assert all("FROM data_version" in sql for sql in site.statements)  # all four from memory
    assert [r.status_code for r in (rendered, again, packed, head, unchanged)] == [200, 200, 200, 200, 304]
    assert packed.headers["content-encoding"] == "gzip"
    for response in (rendered, again, packed, head, unchanged):
        assert_secured(response)
    assert "content-type" not in unchanged.headers  # a 304 has no body to describe


def test_a_slow_render_is_answered_503_and_not_kept(
    seeded_db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    overview = queries.topics_overview

    def slow(*args: object, **kwargs: object) -> object:
        time.sleep(0.5)
        return overview(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(topics, "topics_overview", slow)
    client = TestClient(create_app(Settings(database_url=seeded_db.url, request_timeout=0.1)))
    response = client.get("/topics")
    assert response.status_code == 503
    assert_secured(response)
    assert "took too long" in response.text
    monkeypatch.setattr(topics, "topics_overview", overview)
    assert client.get("/topics").status_code == 200  # rendered afresh: the 503 was not kept


def test_an_error_the_app_does_not_handle_is_a_500_with_the_security_headers(
    seeded_db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*_args: object, **_kwargs: object) -> object:
        raise RuntimeError("a bug")

    monkeypatch.setattr(topics, "topics_overview", broken)
    client = TestClient(create_app(Settings(database_url=seeded_db.url)), raise_server_exceptions=False)
    response = client.get("/topics")
    assert response.status_code == 500
    assert_secured(response)


def test_a_response_cut_short_by_the_deadline_is_not_kept() -> None:
    async def streams_too_long(scope: Scope, receive: Receive, send: Send) -> None:
        await send(
            {"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"text/plain")]}
        )
        await send({"type": "http.response.body", "body": b"the first half", "more_body": True})
        await asyncio.sleep(1)
        await send({"type": "http.response.body", "body": b" and the rest"})

    cache = ResponseCache(
        Shield(streams_too_long, headers=security_headers("'self'"), timeout=0.05),
        version=fixed_version,
    )
    sent = run(asgi_get(cache, "/slow"))
    assert not cache.entries
    assert b"".join(m.get("body", b"") for m in sent) == b""  # the 200 was never sent out


def test_each_request_is_logged_as_one_json_line(site: Site, access_log_lines: list[str]) -> None:
    site.client.get("/?year=2024")
    site.client.get("/?year=2024")  # from memory, logged all the same
    site.client.post("/topics")
    site.client.get("/api/v1/meetings/no-such-meeting")
    access_lines.flush()
    records = [json.loads(line) for line in access_log_lines]
    assert [(r["method"], r["path"], r["query"], r["status"]) for r in records] == [
        ("GET", "/", "year=2024", 200),
        ("GET", "/", "year=2024", 200),
        ("POST", "/topics", "", 405),
        ("GET", "/api/v1/meetings/no-such-meeting", "", 404),
    ]
    for line, record in zip(access_log_lines, records, strict=True):
        assert set(record) == LOG_FIELDS
        assert record["client"] == "testclient"
        assert isinstance(record["ms"], float)
        assert line == json.dumps(record, ensure_ascii=False)


def test_access_log_lines_are_written_within_a_second_without_a_flush() -> None:
    logger = logging.getLogger("tests.access.prompt")
    handler = Lines()
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    logger.propagate = False
    log = AccessLog(logger, interval=0.2)
    log.add('{"path": "/"}')
    log.add('{"path": "/topics"}')
    deadline = time.monotonic() + 1.0
    while not handler.lines and time.monotonic() < deadline:
        time.sleep(0.02)
    assert handler.lines == ['{"path": "/"}', '{"path": "/topics"}']


def test_access_log_lines_still_pending_are_written_at_exit() -> None:
    script = (
        "import logging, sys\n"
        "logging.basicConfig(stream=sys.stdout, level=logging.INFO, format='%(message)s')\n"
        "from app.middleware import AccessLog\n"
        "log = AccessLog(logging.getLogger('tracker.access'), interval=3600)\n"
        "log.add('first')\n"
        "log.add('second')\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        cwd=PROJECT_ROOT,
        timeout=60,
        check=True,
    )
    assert done.stdout.splitlines() == ["first", "second"]


HEAD_URLS = (
    "/",
    "/topics/terrorism",
    "/search?q=pakistan",
    "/api/v1/meetings",
    "/feeds/meetings.atom",
    "/healthz",
    "/readyz",
    "/static/tracker-1.0.0.css",
    "/topics/no-such-topic",  # a 404 page
)


def assert_like_get(head: Response, get: Response) -> None:
    assert head.status_code == get.status_code, head.url
    assert head.content == b"", head.url
    assert head.headers["content-type"] == get.headers["content-type"], head.url
    assert int(head.headers["content-length"]) == len(get.content), head.url


@pytest.mark.parametrize("url", HEAD_URLS)
def test_head_answers_like_get_without_the_body_before_and_after_the_page_is_cached(
    site: Site, url: str
) -> None:
    plain = {"Accept-Encoding": "identity"}
    first = site.client.head(url, headers=plain)  # before any GET: nothing kept yet
    get = site.client.get(url, headers=plain)
    again = site.client.head(url, headers=plain)  # the page is kept now

    assert_like_get(first, get)
    assert_like_get(again, get)
    assert_secured(first)


@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("POST", "/"),
        ("PUT", "/api/v1/meetings"),
        ("DELETE", "/topics/terrorism"),
        ("OPTIONS", "/"),
        ("OPTIONS", "/api/v1/meetings"),
    ],
)
def test_a_405_names_the_methods_allowed(site: Site, method: str, url: str) -> None:
    response = site.client.request(method, url)

    assert response.status_code == 405
    assert response.headers["allow"] == "GET, HEAD"


def test_robots_keeps_crawlers_to_canonical_pages(site: Site) -> None:
    response = site.client.get("/robots.txt")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    rules = response.text.splitlines()
    assert "Disallow: /*?" in rules
    assert "Disallow: /search" in rules
    assert "Allow: /" in rules


def test_a_poisoned_host_cannot_change_what_the_next_client_gets(seeded_db: Database) -> None:
    client = TestClient(
        create_app(Settings(database_url=seeded_db.url, public_url="https://tracker.example.org"))
    )
    poisoned = client.get("/search", params={"q": "pakistan"}, headers={"Host": "evil.example"})
    assert "evil.example" not in poisoned.text
    after = client.get("/search", params={"q": "pakistan"})
    assert "evil.example" not in after.text
    canonical = BeautifulSoup(after.text, "html.parser").select_one("link[rel=canonical]")
    assert canonical is not None
    assert str(canonical["href"]).startswith("https://tracker.example.org/search")


def test_without_a_public_url_each_host_gets_its_own_links(seeded_db: Database) -> None:
    client = TestClient(create_app(Settings(database_url=seeded_db.url)))
    client.get("/search", params={"q": "pakistan"}, headers={"Host": "evil.example"})
    after = client.get("/search", params={"q": "pakistan"})
    assert "evil.example" not in after.text


def test_unknown_hosts_are_refused_when_hosts_are_configured(seeded_db: Database) -> None:
    settings = Settings(database_url=seeded_db.url, allowed_hosts="tracker.example.org, testserver")
    client = TestClient(create_app(settings))
    assert client.get("/", headers={"Host": "evil.example"}).status_code == 400
    assert client.get("/").status_code == 200


@pytest.mark.skipif(bool(SERVER), reason="a SQLite file stands for the database; the SQLite pass runs it")
def test_pages_answer_503_not_500_while_the_database_is_gone(seeded_db: Database, tmp_path: Path) -> None:
    gone = tmp_path / "gone.db"
    gone.write_bytes(Path(seeded_db.url.removeprefix("sqlite:///")).read_bytes())
    client = TestClient(create_app(Settings(database_url=f"sqlite:///{gone}")), raise_server_exceptions=False)
    assert client.get("/topics/terrorism").status_code == 200
    gone.write_bytes(b"")  # the same file, emptied: every query fails as on a database gone away
    assert client.get("/topics/terrorism").status_code == 200  # from memory
    missing = client.get("/meetings/2024-08-20-two-plus-two")
    assert missing.status_code == 503
    assert "database is not answering" in missing.text
