"""A cache of rendered responses, keyed by the data version ingestion bumps.

Every GET that answers 200 is kept (raw and gzipped) until the data changes; a repeat request
is answered from memory, and a conditional one (If-None-Match, If-Modified-Since) with 304.
Each worker process keeps its own cache and looks the version up at most once a second, so a
page shows new data within a second of an ingest committing it.
"""

import gzip
import hashlib
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import format_datetime, parsedate_to_datetime

from sqlalchemy import Engine, select
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.models import DataVersion

STATIC_PREFIX = "/static/"
# File names under /static carry their version, so the browser may keep them for a year.
STATIC_CACHE_CONTROL = b"public, max-age=31536000, immutable"
PAGE_CACHE_CONTROL = b"no-cache"  # keep it, but ask whether it changed (ETag, Last-Modified)
VARY = b"Accept-Encoding, HX-Request, HX-Target, HX-History-Restore-Request"
COMPRESSIBLE = (b"text/", b"application/json", b"application/atom+xml", b"application/javascript")


@dataclass(frozen=True)
class Entry:
    status: int
    headers: list[tuple[bytes, bytes]]
    body: bytes
    gzipped: bytes | None
    etag: bytes
    last_modified: bytes
    modified: datetime


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
    """ASGI middleware: answer repeat GETs from memory until the data version changes."""

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
        self.size = 0
        self.version: tuple[int, datetime] | None = None
        self.checked = 0.0

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
        version, changed = self.current_version()
        key = (
            version,
            scope["path"],
            scope.get("query_string", b""),
            headers.get(b"hx-request"),
            headers.get(b"hx-target"),
            headers.get(b"hx-history-restore-request"),
        )
        entry = self.entries.get(key)
        if entry is None:
            entry = await self._render(scope, receive, send, changed)
            if entry is None:
                return  # not cacheable: the app has answered already
            self._keep(key, entry)
        else:
            self.entries.move_to_end(key)
        await self._answer(entry, headers, scope["method"] == "HEAD", send)

    async def _render(self, scope: Scope, receive: Receive, send: Send, changed: datetime) -> Entry | None:
        start: Message | None = None
        chunks: list[bytes] = []
        passing = False

        async def capture(message: Message) -> None:
            nonlocal start, passing
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

        await self.app(scope, receive, capture)
        if passing or start is None:
            return None
        body = b"".join(chunks)
        raw_headers = [
            (k, v)
            for k, v in start.get("headers", [])
            if k.lower() not in (b"content-length", b"etag", b"last-modified", b"cache-control", b"vary")
        ]
        content_type = next((v for k, v in raw_headers if k.lower() == b"content-type"), b"")
        static = scope["path"].startswith(STATIC_PREFIX)
        gzipped = None
        if len(body) > 500 and content_type.startswith(COMPRESSIBLE):
            gzipped = gzip.compress(body, compresslevel=6, mtime=0)
        digest = hashlib.sha256(body).hexdigest()[:20]
        raw_headers += [
            (b"cache-control", STATIC_CACHE_CONTROL if static else PAGE_CACHE_CONTROL),
            (b"vary", VARY),
        ]
        modified = changed.replace(microsecond=0)
        return Entry(
            status=200,
            headers=raw_headers,
            body=body,
            gzipped=gzipped,
            etag=f'W/"{digest}"'.encode(),  # weak: the gzipped and plain bodies share it
            last_modified=format_datetime(modified, usegmt=True).encode(),
            modified=modified,
        )

    def _keep(self, key: tuple[object, ...], entry: Entry) -> None:
        cost = len(entry.body) + len(entry.gzipped or b"")
        if cost > self.max_bytes // 8:
            return
        self.entries[key] = entry
        self.size += cost
        while self.size > self.max_bytes:
            _, dropped = self.entries.popitem(last=False)
            self.size -= len(dropped.body) + len(dropped.gzipped or b"")

    async def _answer(self, entry: Entry, headers: dict[bytes, bytes], head: bool, send: Send) -> None:
        validators = [(b"etag", entry.etag), (b"last-modified", entry.last_modified)]
        if _not_modified(entry, headers):
            await send(
                {
                    "type": "http.response.start",
                    "status": 304,
                    "headers": [
                        *validators,
                        *(h for h in entry.headers if h[0] in (b"cache-control", b"vary")),
                    ],
                }
            )
            await send({"type": "http.response.body", "body": b""})
            return
        body, extra = entry.body, []
        if entry.gzipped is not None and b"gzip" in headers.get(b"accept-encoding", b""):
            body, extra = entry.gzipped, [(b"content-encoding", b"gzip")]
        await send(
            {
                "type": "http.response.start",
                "status": entry.status,
                "headers": [
                    *entry.headers,
                    *validators,
                    *extra,
                    (b"content-length", str(len(body)).encode()),
                ],
            }
        )
        await send({"type": "http.response.body", "body": b"" if head else body})


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
