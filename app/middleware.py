"""ASGI middleware: security headers, request limits and structured access logs."""

import asyncio
import html
import json
import logging
import time
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

access_log = logging.getLogger("tracker.access")

MAX_QUERY_BYTES = 2048
MAX_PATH_BYTES = 1024


def security_headers(frame_ancestors: str) -> list[tuple[bytes, bytes]]:
    """Headers every response carries; no inline script or style is allowed anywhere."""
    policy = (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; "
        f"frame-ancestors {frame_ancestors}"
    )
    return [
        (b"content-security-policy", policy.encode()),
        (b"x-content-type-options", b"nosniff"),
        (b"referrer-policy", b"strict-origin-when-cross-origin"),
        (b"cross-origin-opener-policy", b"same-origin"),
        (b"permissions-policy", b"camera=(), microphone=(), geolocation=(), interest-cohort=()"),
    ]


class Guard:
    """Add security headers, refuse oversized requests, bound request time, log each request."""

    def __init__(self, app: ASGIApp, *, frame_ancestors: str, timeout: float) -> None:
        self.app = app
        self.headers = security_headers(frame_ancestors)
        self.timeout = timeout

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500
        response_started = False

        async def send_with_headers(message: Message) -> None:
            nonlocal status, response_started
            if message["type"] == "http.response.start":
                status, response_started = message["status"], True
                message["headers"] = [*message.get("headers", []), *self.headers]
            await send(message)

        try:
            if len(scope.get("query_string", b"")) > MAX_QUERY_BYTES or len(scope["path"]) > MAX_PATH_BYTES:
                await _refuse(scope, send_with_headers, 414, "The address is too long.")
            elif "\x00" in scope["path"]:  # no slug holds one, and PostgreSQL refuses it in a query
                await _refuse(scope, send_with_headers, 404, "Nothing here.")
            elif scope["method"] not in ("GET", "HEAD", "OPTIONS"):
                await _refuse(
                    scope, send_with_headers, 405, "This site is read-only: only GET requests are answered."
                )
            else:
                async with asyncio.timeout(self.timeout):
                    await self.app(scope, receive, send_with_headers)
        except TimeoutError:
            if not response_started:
                await _refuse(
                    scope, send_with_headers, 503, "The request took too long; try a narrower view."
                )
        finally:
            _log(scope, status, started)


async def _refuse(scope: Scope, send: Send, status: int, text: str) -> None:
    """An error answered before routing, in the shape of the path's other errors."""
    if scope["path"].startswith("/api/"):
        body = json.dumps({"error": {"status": status, "message": text}}).encode()
        content_type = b"application/json"
    else:
        body = (
            '<!doctype html><html lang="en"><head><meta charset="utf-8">'
            "<title>Error · India–Japan 2+2 Tracker</title>"
            '<link rel="stylesheet" href="/static/tracker-1.0.0.css"></head><body>'
            '<main id="main" class="main"><section class="error-page">'
            f'<p class="error-page__code">{status}</p><h1 class="error-page__title">{html.escape(text)}</h1>'
            '<p><a href="/">Back to the timeline</a></p></section></main></body></html>'
        ).encode()
        content_type = b"text/html; charset=utf-8"
    headers = [(b"content-type", content_type), (b"content-length", str(len(body)).encode())]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


def _log(scope: Scope, status: int, started: float) -> None:
    client = scope.get("client")
    record: dict[str, Any] = {
        "method": scope.get("method"),
        "path": scope.get("path"),
        "query": scope.get("query_string", b"").decode("latin-1")[:200],
        "status": status,
        "ms": round((time.perf_counter() - started) * 1000, 2),
        "client": client[0] if client else None,
    }
    access_log.info(json.dumps(record, ensure_ascii=False))
