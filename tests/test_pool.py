"""The web app's database pool fits what uses it, and /healthz needs neither a thread nor the pool.

Before: FastAPI's 40 threads could hold more sessions than the pool's 15 connections (5 and an
overflow of 10); a thread that waited for one did so for 30 s, past the request's 10 s deadline,
and /healthz, a plain function, waited for a thread behind every page being rendered.
"""

import asyncio
import threading
import time
from typing import Any

import anyio.to_thread
import httpx
from sqlalchemy import event

from app.config import Settings
from app.main import Tracker, create_app
from tests.asgi import run
from tests.conftest import Database

RENDER_THREADS = 2
PAGES = [
    "/api/v1/meetings",
    "/api/v1/topics",
    "/api/v1/ministers",
    "/api/v1/statements",
    "/topics",
    "/ministers",
    "/matrix",
    "/sources",
    "/search?q=terrorism",
    "/api/v1/search?q=maritime",
    "/meetings.csv",
    "/feeds/meetings.atom",
]


def client(app: Tracker) -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://testserver")


def test_the_pool_has_a_connection_for_each_session_the_version_check_and_readyz(seeded_db: Database) -> None:
    app = create_app(Settings(database_url=seeded_db.url, render_threads=3, request_timeout=7.0))
    pool: Any = app.state.engine.pool

    assert pool.size() == 3 + 2
    assert pool._max_overflow == 0
    assert pool.timeout() == 7.0  # no wait for a connection outlives the request's deadline


def test_pages_rendered_at_once_never_hold_more_connections_than_the_pool_has(seeded_db: Database) -> None:
    app = create_app(Settings(database_url=seeded_db.url, render_threads=RENDER_THREADS))
    engine = app.state.engine
    held, most = 0, 0
    lock = threading.Lock()

    @event.listens_for(engine, "checkout")
    def checked_out(*_: object) -> None:
        nonlocal held, most
        with lock:
            held += 1
            most = max(most, held)
        time.sleep(0.05)  # a slow query: renders overlap, as under load

    @event.listens_for(engine, "checkin")
    def checked_in(*_: object) -> None:
        nonlocal held
        with lock:
            held -= 1

    async def at_once() -> list[int]:
        async with client(app) as http:
            answers = await asyncio.gather(*(http.get(page) for page in PAGES))
        return [answer.status_code for answer in answers]

    assert run(at_once()) == [200] * len(PAGES)
    # The sessions of RENDER_THREADS requests, and the response cache's data-version check.
    assert most <= RENDER_THREADS + 1


def test_healthz_answers_while_every_rendering_thread_is_taken(seeded_db: Database) -> None:
    app = create_app(Settings(database_url=seeded_db.url))

    async def probe_with_threads_taken() -> int:
        threads = anyio.to_thread.current_default_thread_limiter()
        takers = [object() for _ in range(int(threads.total_tokens))]
        for taker in takers:
            await threads.acquire_on_behalf_of(taker)
        try:
            async with client(app) as http:
                with anyio.fail_after(5):
                    return (await http.get("/healthz")).status_code
        finally:
            for taker in takers:
                threads.release_on_behalf_of(taker)

    assert run(probe_with_threads_taken()) == 200
