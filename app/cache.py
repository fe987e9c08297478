"""A cache of rendered responses, keyed by the data version ingestion bumps.

Every GET that answers 200 in full is kept until the data changes (gzipped too when the body
is compressible and over 500 bytes); a repeat request (GET or HEAD) is
answered from memory, and a conditional one (If-None-Match, If-Modified-Since) with 304.
Requests for a page that is being rendered wait for that render. Each worker process keeps its
own cache and looks the version up at most every `version_ttl` seconds (the settings'
`version_check_seconds`), so a page shows new data that long after an ingest commits it.

An entry keeps the headers the app's response carried, the security headers among them, and
the full header list of each answer (plain, gzipped, 304) is built once when it is kept.
"""

import asyncio
import gzip
import hashlib
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import format_datetime, parsedate_to_datetime

from sqlalchemy import Engine, select
from sqlalchemy.exc import SQLAlchemyError
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.models import DataVersion

STATIC_PREFIX = "/static/"
# File names under /static carry their version, so the browser may keep them for a year.
STATIC_CACHE_CONTROL = b"public, max-age=31536000, immutable"
PAGE_CACHE_CONTROL = b"no-cache"  # keep it, but ask whether it changed (ETag, Last-Modified)
VARY = b"Accept-Encoding, HX-Request, HX-Target, HX-History-Restore-Request"
COMPRESSIBLE = (b"text/", b"application/json", b"application/atom+xml", b"application/javascript")
# Headers of a rendered response that the cache sets itself.
_RECOMPUTED = {b"content-length", b"etag", b"last-modified", b"cache-control", b"vary"}
# What describes the body, which a 304 has none of (RFC 9110, 15.4.5).
_BODY_HEADERS = {b"content-type", b"content-disposition", b"content-language", b"content-encoding"}


@dataclass(frozen=True)
class Answer:
    """A body and the full header list to send with it."""

    headers: list[tuple[bytes, bytes]]
    body: bytes


@dataclass(frozen=True)
class Entry:
    """A kept 200 response, with each way it can be answered built once."""

    plain: Answer
    gzipped: Answer | None
    not_modified_headers: list[tuple[bytes, bytes]]  # a 304's
    etag: bytes
    modified: datetime

    @property
    def size(self) -> int:
        """The bytes its bodies take."""
        return len(self.plain.body) + (len(self.gzipped.body) if self.gzipped else 0)


def data_version(engine: Engine) -> Callable[[], tuple[int, datetime]]:
    """Read the version and when it changed from the database."""

    def read() -> tuple[int, datetime]:
        with engine.connect() as connection:
            row = connection.execute(select(DataVersion.version, DataVersion.changed_at)).first()
        if row is None:
            return 0, datetime(2000, 1, 1, tzinfo=UTC)
        changed = row.changed_at if row.changed_at.tzinfo else row.changed_at.replace(tzinfo=UTC)
        return row.version, changed

    return read


class ResponseCache:
    """ASGI middleware: answer repeat GETs and HEADs from memory until the data version changes,
    and let requests for a page being rendered wait for that render."""

    def __init__(
        self,
        app: ASGIApp,
        *,
        version: Callable[[], tuple[int, datetime]],
        max_bytes: int = 64 * 2**20,
        version_ttl: float = 1.0,
    ) -> None:
        self.app = app
        self.read_version = version
        self.max_bytes = max_bytes
        self.version_ttl = version_ttl
        self.entries: OrderedDict[tuple[object, ...], Entry] = OrderedDict()
        self.rendering: dict[tuple[object, ...], asyncio.Future[Entry | None]] = {}
        self.size = 0
        self.version: tuple[int, datetime] | None = None
        self.checked = 0.0
        self.checking: asyncio.Future[tuple[int, datetime]] | None = None

    async def checked_version(self) -> tuple[int, datetime]:
        """The data version, read in a worker thread when due, never on the event loop; while the
        database does not answer, the version last read (its pages still serve from memory)."""
        if self.version is not None and time.monotonic() - self.checked <= self.version_ttl:
            return self.version
        if self.checking is None:
            self.checking = asyncio.ensure_future(asyncio.to_thread(self.current_version))
        checking = self.checking
        try:
            return await asyncio.shield(checking)
        except SQLAlchemyError:
            if self.version is None:
                raise
            self.checked = time.monotonic()  # ask again after the interval, not on every request
            return self.version
        finally:
            if self.checking is checking and checking.done():
                self.checking = None

    def current_version(self) -> tuple[int, datetime]:
        now = time.monotonic()
        if self.version is None or now - self.checked > self.version_ttl:
            version = self.read_version()
            if self.version is not None and version[0] != self.version[0]:
                self.entries.clear()
                self.size = 0
            self.version, self.checked = version, now
        return self.version

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in ("GET", "HEAD"):
            await self.app(scope, receive, send)
            return
        headers = dict(scope["headers"])
        try:
            version, changed = await self.checked_version()
        except SQLAlchemyError:  # no version yet and no database: the app answers (503) uncached
            await self.app(scope, receive, send)
            return
        key = (
            version,
            headers.get(b"host"),  # pages hold absolute links: one host's page is not another's
            scope["path"],
            scope.get("query_string", b""),
            headers.get(b"hx-request"),
            headers.get(b"hx-target"),
            headers.get(b"hx-history-restore-request"),
        )
        head = scope["method"] == "HEAD"
        entry = self.entries.get(key)
        if entry is not None:
            self.entries.move_to_end(key)
        elif (under_way := self.rendering.get(key)) is not None:
            # The page is being rendered for another request: wait for that render rather than
            # start another (on a cold cache, many renders of one page at once would each take
            # many times longer). If it is not kept (an error, a 503), render for this request:
            # so a request may wait up to twice the render deadline.
            entry = await asyncio.shield(under_way)
        if entry is None:
            if head:  # its response has no body to keep (a static file sends none)
                await self.app(scope, receive, send)
                return
            entry = await self._render_and_keep(key, scope, receive, send, changed)
            if entry is None:
                return  # not kept: the app has answered already
        await self._answer(entry, headers, head, send)

    async def _render_and_keep(
        self, key: tuple[object, ...], scope: Scope, receive: Receive, send: Send, changed: datetime
    ) -> Entry | None:
        """Render a GET and keep it; requests for the same page meanwhile wait for this render."""
        under_way: asyncio.Future[Entry | None] = asyncio.get_running_loop().create_future()
        self.rendering[key] = under_way
        entry = None
        try:
            entry = await self._render(scope, receive, send, changed)
            if entry is not None:
                self._keep(key, entry)
        finally:
            if self.rendering.get(key) is under_way:
                del self.rendering[key]
            under_way.set_result(entry)
        return entry

    async def _render(self, scope: Scope, receive: Receive, send: Send, changed: datetime) -> Entry | None:
        start: Message | None = None
        chunks: list[bytes] = []
        passing = False
        complete = False

        async def capture(message: Message) -> None:
            nonlocal start, passing, complete
            if message["type"] == "http.response.start":
                start = message
                if message["status"] != 200:
                    passing = True
                    await send(message)
                return
            if passing:
                await send(message)
                return
            chunks.append(message.get("body", b""))
            complete = not message.get("more_body", False)

        await self.app(scope, receive, capture)
        if passing or start is None or not complete:
            return None  # answered already, or cut short (the request's deadline passed mid-body)
        body = b"".join(chunks)
        headers = [(k, v) for k, v in start.get("headers", []) if k.lower() not in _RECOMPUTED]
        content_type = next((v for k, v in headers if k.lower() == b"content-type"), b"")
        static = scope["path"].startswith(STATIC_PREFIX)
        modified = changed.replace(microsecond=0)
        etag = f'W/"{hashlib.sha256(body).hexdigest()[:20]}"'.encode()  # weak: both encodings share it
        headers += [
            (b"cache-control", STATIC_CACHE_CONTROL if static else PAGE_CACHE_CONTROL),
            (b"vary", VARY),
            (b"etag", etag),
            (b"last-modified", format_datetime(modified, usegmt=True).encode()),
        ]
        gzipped = None
        if len(body) > 500 and content_type.startswith(COMPRESSIBLE):
            packed = gzip.compress(body, compresslevel=6, mtime=0)
            gzipped = Answer([*headers, (b"content-encoding", b"gzip"), _length(packed)], packed)
        return Entry(
            plain=Answer([*headers, _length(body)], body),
            gzipped=gzipped,
            # What a 200 would carry, but for the description of the body it leaves out.
            not_modified_headers=[(k, v) for k, v in headers if k.lower() not in _BODY_HEADERS],
            etag=etag,
            modified=modified,
        )

    def _keep(self, key: tuple[object, ...], entry: Entry) -> None:
        cost = entry.size
        if cost > self.max_bytes // 8:
            return
        self.entries[key] = entry
        self.size += cost
        while self.size > self.max_bytes:
            _, dropped = self.entries.popitem(last=False)
            self.size -= dropped.size

    async def _answer(self, entry: Entry, headers: dict[bytes, bytes], head: bool, send: Send) -> None:
        # Each answer gets its own copy of the header list: a middleware outside may change it.
        if _not_modified(entry, headers):
            fields = [*entry.not_modified_headers]
            await send({"type": "http.response.start", "status": 304, "headers": fields})
            await send({"type": "http.response.body", "body": b""})
            return
        answer = entry.plain
        if entry.gzipped is not None and b"gzip" in headers.get(b"accept-encoding", b""):
            answer = entry.gzipped
        await send({"type": "http.response.start", "status": 200, "headers": [*answer.headers]})
        await send({"type": "http.response.body", "body": b"" if head else answer.body})


def _length(body: bytes) -> tuple[bytes, bytes]:
    return b"content-length", str(len(body)).encode()


def _not_modified(entry: Entry, headers: dict[bytes, bytes]) -> bool:
    if (match := headers.get(b"if-none-match")) is not None:
        wanted = entry.etag.removeprefix(b"W/")
        return match.strip() == b"*" or wanted in [
            tag.strip().removeprefix(b"W/") for tag in match.split(b",")
        ]
    if (since := headers.get(b"if-modified-since")) is not None:
        try:
            return entry.modified <= parsedate_to_datetime(since.decode("latin-1"))
        except (TypeError, ValueError):
            return False
    return False
