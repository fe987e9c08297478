"""A GET sent straight to an ASGI app, for the middleware tests that need no server."""

import asyncio
from collections.abc import Coroutine
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from typing import Any, TypeVar

from starlette.types import ASGIApp, Message

T = TypeVar("T")


def run(coroutine: Coroutine[Any, Any, T]) -> T:
    """`asyncio.run` on a thread of its own: the browser tests' Playwright keeps an event loop
    running on the main thread for the whole session, where `asyncio.run` refuses to start."""
    with ThreadPoolExecutor(1) as thread:
        return thread.submit(asyncio.run, coroutine).result()


async def asgi_get(app: ASGIApp, path: str = "/") -> list[Message]:
    """Everything the app sends in answer to one GET of `path`."""
    sent: list[Message] = []

    async def receive() -> Message:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: Message) -> None:
        sent.append(message)

    await app(
        {"type": "http", "method": "GET", "path": path, "query_string": b"", "headers": []}, receive, send
    )
    return sent


def fixed_version() -> tuple[int, datetime]:
    """A data version that never changes."""
    return 1, datetime(2025, 1, 1, tzinfo=UTC)
