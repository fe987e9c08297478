"""ASGI middleware: request limits, HEAD, security headers, a render deadline, and access logs.

`Guard` is outermost: it refuses what no route answers and writes one JSON access-log line per
request (logged in batches, see `AccessLog`). `HeadAsGet`, inside it, answers HEAD as GET
without the body. Inside that the response cache answers repeat requests; only what the cache
cannot answer reaches `Shield`, which bounds the app's render time and puts the security headers
on everything the app sends. The cache keeps those headers with each response, so an answer
from memory pays for neither the deadline nor the headers again."""

import asyncio
import atexit
import html
import json
import logging
import os
import threading
import time
from collections import deque
from json.encoder import encode_basestring

from starlette.types import ASGIApp, Message, Receive, Scope, Send

access_log = logging.getLogger("tracker.access")

MAX_QUERY_BYTES = 2048
MAX_PATH_BYTES = 1024
ALLOWED_METHODS = "GET, HEAD"  # the Allow header of every 405

Headers = list[tuple[bytes, bytes]]


def security_headers(frame_ancestors: str) -> Headers:
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
    """Refuse oversized, odd and writing requests; log each request as one JSON line."""

    def __init__(self, app: ASGIApp, *, headers: Headers) -> None:
        self.app = app
        self.headers = headers  # for the refusals, which the app never sees

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500

        async def send_noting_status(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            refusal = _refusal(scope)
            if refusal is None:
                await self.app(scope, receive, send_noting_status)
            else:
                status = refusal[0]
                await _refuse(scope, send, *refusal, headers=self.headers)
        finally:
            if access_lines.enabled():
                access_lines.add(_log_line(scope, status, started))


class HeadAsGet:
    """Answer HEAD as GET would, without the body: every URL, whatever the route declares.

    The routes declare GET only (FastAPI, unlike Starlette, adds no HEAD to them), so turning a
    HEAD into a GET here, once, covers every route, the error pages and the static files alike,
    and cannot drift from what GET answers. Content-Length stays the GET's, as HTTP wants it.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "HEAD":
            await self.app(scope, receive, send)
            return

        async def send_without_body(message: Message) -> None:
            if message["type"] == "http.response.body":
                message = {**message, "body": b""}
            await send(message)

        await self.app({**scope, "method": "GET"}, receive, send_without_body)


class Shield:
    """Answer 503 when the app takes too long; put the security headers on all it sends."""

    def __init__(self, app: ASGIApp, *, headers: Headers, timeout: float) -> None:
        self.app = app
        self.headers = headers
        self.timeout = timeout

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        response_started = False

        async def send_with_headers(message: Message) -> None:
            nonlocal response_started
            if message["type"] == "http.response.start":
                response_started = True
                message = {**message, "headers": [*message.get("headers", []), *self.headers]}
            await send(message)

        deadline = asyncio.timeout(self.timeout)
        try:
            async with deadline:
                await self.app(scope, receive, send_with_headers)
        except TimeoutError:
            if not deadline.expired():
                raise  # the app's own error, not the deadline's
            # Once the status line is out, nothing better can be said; the response stays
            # incomplete (and so is not kept by the cache).
            if not response_started:
                await _refuse(
                    scope, send, 503, "The request took too long; try a narrower view.", headers=self.headers
                )


def _refusal(scope: Scope) -> tuple[int, str] | None:
    """The status and message of a request refused before routing, or None to route it."""
    if len(scope.get("query_string", b"")) > MAX_QUERY_BYTES or len(scope["path"]) > MAX_PATH_BYTES:
        return 414, "The address is too long."
    if "\x00" in scope["path"]:  # no slug holds one, and PostgreSQL refuses it in a query
        return 404, "Nothing here."
    if scope["method"] not in ("GET", "HEAD", "OPTIONS"):
        return 405, "This site is read-only: only GET and HEAD requests are answered."
    return None


async def _refuse(scope: Scope, send: Send, status: int, text: str, *, headers: Headers) -> None:
    """An error answered without the app, in the shape of the path's other errors."""
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
    fields = [(b"content-type", content_type), (b"content-length", str(len(body)).encode()), *headers]
    if status == 405:
        fields.append((b"allow", ALLOWED_METHODS.encode()))
    await send({"type": "http.response.start", "status": status, "headers": fields})
    await send({"type": "http.response.body", "body": body})


def _log_line(scope: Scope, status: int, started: float) -> str:
    """The access-log line: the JSON object `json.dumps` would write, built without its encoder."""
    client = scope.get("client")
    method = scope.get("method")
    return (
        f'{{"method": {"null" if method is None else encode_basestring(method)}, '
        f'"path": {encode_basestring(scope["path"])}, '
        f'"query": {encode_basestring(scope.get("query_string", b"").decode("latin-1")[:200])}, '
        f'"status": {status}, '
        f'"ms": {round((time.perf_counter() - started) * 1000, 2)!r}, '
        f'"client": {encode_basestring(client[0]) if client else "null"}}}'
    )


class AccessLog:
    """Request lines for the `tracker.access` logger, written as one record per batch.

    A logging record per request costs about a fifth of a cached page's CPU time (making the
    record, finding its caller, a write and a flush each), so the lines are kept and logged
    together: every `interval` seconds from a background thread, at once when `capacity` pile
    up, and at exit. With the plain formatter `serve` configures, the output is still one JSON
    line per request.
    """

    def __init__(self, logger: logging.Logger, *, interval: float = 0.5, capacity: int = 256) -> None:
        self.logger = logger
        self.interval = interval
        self.capacity = capacity
        self.lines: deque[str] = deque()  # appended by requests, taken by the writer: thread-safe
        self.writing = threading.Lock()  # so two batches never interleave
        # The writer thread starts with the first line (a process that never logs has none),
        # and again in a forked child, which inherits the lines but not the thread.
        self.writer_pid = 0
        atexit.register(self.flush)

    def enabled(self) -> bool:
        """Whether the logger would write a request line at all."""
        return self.logger.isEnabledFor(logging.INFO)

    def add(self, line: str) -> None:
        """Keep one request's line, to be logged within `interval` seconds."""
        self.lines.append(line)
        if len(self.lines) >= self.capacity:
            self.flush()
        elif self.writer_pid != os.getpid():
            self.writer_pid = os.getpid()
            threading.Thread(target=self._flush_regularly, name="access-log", daemon=True).start()

    def flush(self) -> None:
        """Log the lines kept so far, in one record."""
        with self.writing:
            batch = [self.lines.popleft() for _ in range(len(self.lines))]
            if batch:
                self.logger.info("\n".join(batch))

    def _flush_regularly(self) -> None:
        while True:
            time.sleep(self.interval)
            self.flush()


access_lines = AccessLog(access_log)  # one per process, flushed at exit
