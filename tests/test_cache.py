"""The response cache: repeat requests from memory, 304s, gzip, and fresh pages after an ingest."""

import asyncio
from datetime import datetime

from sqlalchemy.exc import OperationalError
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.cache import ResponseCache
from app.ingest.reference import Reference
from tests.asgi import asgi_get, fixed_version, run
from tests.conftest import ARTICLES, Database
from tests.routes_fixtures import Site


def test_repeat_request_is_answered_from_memory(site: Site) -> None:
    first = site.client.get("/topics/terrorism")
    site.statements.clear()
    again = site.client.get("/topics/terrorism")
    assert again.text == first.text
    assert len(site.statements) == 1  # only the data version is asked for


def test_conditional_requests_get_304(site: Site) -> None:
    page = site.client.get("/matrix")
    assert page.headers["cache-control"] == "no-cache"
    by_tag = site.client.get("/matrix", headers={"If-None-Match": page.headers["etag"]})
    assert (by_tag.status_code, by_tag.content) == (304, b"")
    assert by_tag.headers["etag"] == page.headers["etag"]
    by_date = site.client.get("/matrix", headers={"If-Modified-Since": page.headers["last-modified"]})
    assert by_date.status_code == 304
    other = site.client.get("/matrix", headers={"If-None-Match": 'W/"something-else"'})
    assert other.status_code == 200


def test_gzip_when_the_client_accepts_it(site: Site) -> None:
    plain = site.client.get("/", headers={"Accept-Encoding": "identity"})
    packed = site.client.get("/", headers={"Accept-Encoding": "gzip"})
    assert "content-encoding" not in plain.headers
    assert packed.headers["content-encoding"] == "gzip"
    assert int(packed.headers["content-length"]) < len(plain.content) / 2
    assert packed.text == plain.text  # httpx decodes it


def test_fingerprinted_static_files_are_kept_for_a_year(site: Site) -> None:
    response = site.client.get("/static/tracker-1.0.0.css")
    assert response.headers["cache-control"] == "public, max-age=31536000, immutable"


def test_fragment_and_full_page_are_cached_apart(site: Site) -> None:
    full = site.client.get("/?year=2024")
    fragment = site.client.get("/?year=2024", headers={"HX-Request": "true", "HX-Target": "results"})
    again = site.client.get("/?year=2024")
    assert "<html" in full.text
    assert "<html" not in fragment.text
    assert again.text == full.text


def test_errors_are_not_cached(site: Site) -> None:
    assert site.client.get("/meetings/not-yet").status_code == 404
    assert "cache-control" not in site.client.get("/meetings/not-yet").headers


def test_an_ingest_makes_pages_show_the_new_data(
    site: Site, seeded_db: Database, reference: Reference
) -> None:
    before = site.client.get("/api/v1/meetings").json()["total"]
    site.client.get("/")
    assert not seeded_db.ingest(reference, ARTICLES / "tokyo_2plus2_fourth.md").failed
    after = site.client.get("/api/v1/meetings").json()["total"]
    assert after == before + 1
    assert "2026" in site.client.get("/").text


def test_a_head_request_does_not_empty_the_page_kept_for_get(site: Site) -> None:
    head = site.client.head("/static/tracker-1.0.0.css")  # a static file sends no body to a HEAD
    page = site.client.get("/static/tracker-1.0.0.css", headers={"Accept-Encoding": "identity"})
    assert head.status_code == 200
    assert len(page.content) == int(page.headers["content-length"]) > 0
    assert site.client.head("/static/tracker-1.0.0.css").headers["etag"] == page.headers["etag"]


class Renders:
    """An ASGI app that answers every request with `status` after `seconds`, counting its renders."""

    def __init__(self, status: int, seconds: float) -> None:
        self.status, self.seconds, self.count = status, seconds, 0

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        self.count += 1
        render = self.count
        await asyncio.sleep(self.seconds)
        headers = [(b"content-type", b"text/plain")]
        await send({"type": "http.response.start", "status": self.status, "headers": headers})
        await send({"type": "http.response.body", "body": f"render {render}".encode()})


async def _get_at_once(app: ASGIApp, count: int) -> list[tuple[int, bytes]]:
    """`count` concurrent GETs of one page: each one's status and body."""

    async def get() -> tuple[int, bytes]:
        sent = await asgi_get(app)
        return sent[0]["status"], b"".join(m.get("body", b"") for m in sent[1:])

    return list(await asyncio.gather(*(get() for _ in range(count))))


def test_requests_for_a_page_being_rendered_wait_for_that_render() -> None:
    page = Renders(200, 0.05)
    answers = run(_get_at_once(ResponseCache(page, version=fixed_version), 10))
    assert page.count == 1
    assert answers == [(200, b"render 1")] * 10


def test_when_the_render_waited_for_is_not_kept_each_request_renders_its_own() -> None:
    page = Renders(503, 0.05)
    answers = run(_get_at_once(ResponseCache(page, version=fixed_version), 4))
    assert page.count == 4
    assert sorted(answers) == [(503, f"render {n}".encode()) for n in range(1, 5)]


def test_a_waiting_request_that_gives_up_leaves_the_render_and_the_others_whole() -> None:
    """A client that goes away while waiting for another request's render cancels only its own wait."""
    page = Renders(200, 0.05)
    cache = ResponseCache(page, version=fixed_version)

    async def scenario() -> list[tuple[int, bytes]]:
        first = asyncio.ensure_future(_get_at_once(cache, 1))
        await asyncio.sleep(0.01)  # the render is under way
        leaving = asyncio.ensure_future(_get_at_once(cache, 1))
        staying = asyncio.ensure_future(_get_at_once(cache, 1))
        await asyncio.sleep(0.01)
        leaving.cancel()
        return (await first) + (await staying)

    assert run(scenario()) == [(200, b"render 1")] * 2
    assert page.count == 1


def test_a_database_that_stops_answering_leaves_cached_pages_served_and_the_loop_free() -> None:
    renders: list[str] = []
    threads: list[str] = []
    down = False

    async def page(scope: Scope, receive: Receive, send: Send) -> None:
        renders.append(scope["path"])
        await send(
            {"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"text/html")]}
        )
        await send({"type": "http.response.body", "body": b"<p>page</p>"})

    def version() -> tuple[int, datetime]:
        import threading

        threads.append(threading.current_thread().name)
        if down:
            raise OperationalError("SELECT version", {}, Exception("connection refused"))
        return fixed_version()

    cache = ResponseCache(page, version=version, version_ttl=0.0)

    async def scenario() -> tuple[list[Message], list[Message]]:
        nonlocal down
        first = await asgi_get(cache, "/topics/terrorism")
        down = True
        again = await asgi_get(cache, "/topics/terrorism")
        return first, again

    first, again = run(scenario())
    assert first[0]["status"] == again[0]["status"] == 200
    assert renders == ["/topics/terrorism"]  # the second came from memory, the database down
    assert len(threads) == 2
    # Read in asyncio's worker threads, never on the event loop's own.
    assert all(name.startswith("asyncio_") for name in threads), threads
