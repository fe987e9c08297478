"""Cold pages: what an analyst following links meets, rather than one URL loaded over and over.

wrk walks a list of distinct URLs of one kind (meeting pages, minister pages, topic pages with a
year filter, timeline filter combinations, search words, API pages) once, in a random order, so
that every request is the page's first render (a walk ends at its last URL or at the duration);
the share of first renders is reported. The
same random walk of meeting pages is then loaded on Datasette serving the same database file
(its view of that meeting's statements with facets), and a bounded crawl of every link reachable
from `/` reports its status counts.
"""

import http.client
import random
import sqlite3
import time
from collections import Counter, deque
from collections.abc import Callable
from contextlib import closing
from dataclasses import dataclass, field, replace
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote, urldefrag, urlsplit

from bench.load import Load

WORDS = (
    "india", "japan", "maritime", "terrorism", "cooperation", "security", "defence", "china",
    "quad", "exercise", "technology", "nuclear", "korea", "pacific", "minister", "dialogue",
    "strategic", "partnership", "supply", "logistics", "space", "cyber", "ukraine", "russia",
)  # fmt: skip

MINISTER_PAGE = 50  # statements a minister page shows (app.routes.ministers.MINISTER_STATEMENTS)

LUA = """-- Walks the URLs of a file (one path a line) once, in its order, then stops: every request
-- but the last few (one a connection, sent while the walk ends) asks for a URL not asked before.
-- Run it in one wrk thread (--threads=1): each thread would walk the whole list.
local paths = {}
for line in io.lines(os.getenv("COLD_URLS")) do paths[#paths + 1] = line end
local i, answered = 0, 0
function request()
  i = i + 1
  return wrk.format("GET", paths[(i % #paths) + 1])
end
function response(status, headers, body)
  answered = answered + 1
  if answered >= #paths then wrk.thread:stop() end
end
"""


@dataclass
class ColdLoad:
    """One walk of distinct URLs of one kind."""

    kind: str
    distinct: int  # URLs in the walk
    load: Load | None = None

    @property
    def first_renders(self) -> float | None:
        """The share of requests that asked for a URL not asked before."""
        if self.load is None or not self.load.requests:
            return None
        return min(1.0, self.distinct / self.load.requests)


def walked(load: Load, connections: int) -> Load:
    """A walk's load with its requests/s as its connections over the mean latency (Little's law).

    wrk divides by its --duration, also when the walk ended sooner at its last URL; with every
    connection waiting on one answer at a time, this is the rate the server answered at.
    """
    if not load.mean_ms:
        return load
    return replace(load, rps=connections * 1000 / load.mean_ms)


@dataclass
class Crawl:
    start: str
    limit: int
    fetched: int = 0
    statuses: dict[int, int] = field(default_factory=dict)
    timeouts: int = 0
    errors: list[str] = field(default_factory=list)  # the first few URLs answered 5xx or not at all
    seconds: float = 0.0


@dataclass
class ColdResult:
    label: str
    loads: list[ColdLoad] = field(default_factory=list)
    datasette: ColdLoad | None = None
    datasette_version: str = ""
    crawl: Crawl | None = None
    note: str = ""

    def load(self, kind: str) -> ColdLoad | None:
        return next((c for c in self.loads if c.kind == kind), None)

    @property
    def datasette_ratio(self) -> float | None:
        """App req/s over Datasette's on the same random meeting walk."""
        app = self.load("meeting")
        if app is None or app.load is None or self.datasette is None or self.datasette.load is None:
            return None
        return app.load.rps / self.datasette.load.rps if self.datasette.load.rps else None


def walks(db: Path, seed: int, per_kind: int) -> dict[str, list[str]]:
    """Distinct URLs of each kind, in a random order, drawn from the database the app serves."""
    rnd = random.Random(seed)
    with closing(sqlite3.connect(f"file:{db}?mode=ro", uri=True)) as conn:

        def column(sql: str) -> list[str]:
            return [str(row[0]) for row in conn.execute(sql)]

        meetings = column("SELECT slug FROM meetings ORDER BY slug")
        ministers = column(
            "SELECT DISTINCT m.slug FROM ministers m JOIN participations p ON p.minister_id = m.id ORDER BY 1"
        )
        # Each page of each minister's statements (50 a page): /ministers/{slug}?page=N.
        minister_pages = [
            f"/ministers/{slug}" + (f"?page={n}" if n > 1 else "")
            for slug, said in conn.execute(
                "SELECT m.slug, (SELECT count(*) FROM statements s WHERE s.minister_id = m.id) "
                "FROM ministers m WHERE EXISTS (SELECT 1 FROM participations p WHERE p.minister_id = m.id) "
                "ORDER BY 1"
            )
            for n in range(1, max(1, -(-int(said) // MINISTER_PAGE)) + 1)
        ]
        topic_years = [
            (str(t), str(y))
            for t, y in conn.execute(
                "SELECT DISTINCT t.slug, substr(m.date, 1, 4) FROM meeting_topics mt "
                "JOIN topics t ON t.id = mt.topic_id JOIN meetings m ON m.id = mt.meeting_id ORDER BY 1, 2"
            )
        ]
        years = column("SELECT DISTINCT substr(date, 1, 4) FROM meetings ORDER BY 1")
        topics = column("SELECT slug FROM topics ORDER BY slug")
        countries = column("SELECT slug FROM countries ORDER BY slug")
        kinds = column("SELECT DISTINCT kind FROM meetings ORDER BY kind")
        statements = int(conn.execute("SELECT count(*) FROM statements").fetchone()[0])

    def sample(items: list[str]) -> list[str]:
        return rnd.sample(items, min(per_kind, len(items)))

    combos: set[str] = set()
    for _ in range(per_kind * 3):
        if len(combos) >= per_kind or not (years and topics):
            break
        shape = rnd.randrange(4)
        if shape == 0:
            combos.add(f"/?year={rnd.choice(years)}&topic={rnd.choice(topics)}")
        elif shape == 1 and countries:
            combos.add(f"/?kind={rnd.choice(kinds)}&country={rnd.choice(countries)}")
        elif shape == 2 and ministers:
            combos.add(f"/?year={rnd.choice(years)}&minister={rnd.choice(ministers)}")
        else:
            combos.add(f"/?year={rnd.choice(years)}&kind={rnd.choice(kinds)}&topic={rnd.choice(topics)}")
    searches = {f"/search?q={a}+{b}" for a in WORDS for b in WORDS if a < b} | {
        f"/search?q={w}" for w in WORDS
    }
    api = [f"/api/v1/meetings/{s}" for s in sample(meetings)]
    pages = max(1, min(len(meetings) // 20, per_kind))
    api += [f"/api/v1/meetings?page={n}&per_page=20" for n in range(1, pages + 1)]
    api += [
        f"/api/v1/statements?page={n}&per_page=20" for n in range(1, max(2, min(statements // 20, per_kind)))
    ]
    found = {
        "meeting": [f"/meetings/{s}" for s in sample(meetings)],
        "minister": sample(minister_pages),
        "topic-year": [
            f"/topics/{t}?year={y}" for t, y in rnd.sample(topic_years, min(per_kind, len(topic_years)))
        ],
        "timeline": sorted(combos),
        "search": sorted(searches),
        "api": api,
    }
    for urls in found.values():
        rnd.shuffle(urls)
    return {kind: urls for kind, urls in found.items() if urls}


def datasette_walk(db: Path, meeting_urls: list[str], database: str) -> list[str]:
    """Datasette's view of the same meetings' statements, with facets, in the same order."""
    with closing(sqlite3.connect(f"file:{db}?mode=ro", uri=True)) as conn:
        ids = dict(conn.execute("SELECT slug, id FROM meetings").fetchall())
    facets = "&_facet=kind&_facet=speaker_type&_facet=minister_id"
    table = f"/{quote(database)}/statements"
    return [f"{table}?meeting_id={ids[u.rsplit('/', 1)[1]]}{facets}" for u in meeting_urls]


def write_walk(folder: Path, name: str, urls: list[str]) -> tuple[Path, Path]:
    """The URL file and the Lua script that walks it."""
    paths = folder / f"walk-{name}.txt"
    paths.write_text("\n".join(urls) + "\n", encoding="utf-8")
    script = folder / "walk.lua"
    script.write_text(LUA, encoding="utf-8")
    return paths, script


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.links.append(href)


def _local(href: str) -> str | None:
    """A link to a page of the site itself, as a path and query; None for anything else."""
    target, _ = urldefrag(href)
    parts = urlsplit(target)
    if parts.scheme not in ("", "http", "https") or (
        parts.netloc and not parts.netloc.startswith("127.0.0.1")
    ):
        return None
    if not parts.path.startswith("/") or parts.path.startswith("/static/"):
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


def crawl(
    port: int, limit: int, start: str = "/", timeout: float = 10.0, log: Callable[[str], None] = print
) -> Crawl:
    """Breadth first from `start`, following the site's own links, at most `limit` fetches."""
    result = Crawl(start, limit)
    seen = {start}
    queue = deque([start])
    statuses: Counter[int] = Counter()
    started = time.perf_counter()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    while queue and result.fetched < limit:
        target = queue.popleft()
        result.fetched += 1
        try:
            conn.request("GET", target)
            response = conn.getresponse()
            body = response.read()
            status = response.status
        except (TimeoutError, OSError, http.client.HTTPException) as exc:
            result.timeouts += 1
            if len(result.errors) < 10:
                result.errors.append(f"{target}: {exc.__class__.__name__}")
            conn.close()
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
            continue
        statuses[status] += 1
        if status >= 500 and len(result.errors) < 10:
            result.errors.append(f"{target}: {status}")
        content_type = response.getheader("content-type", "")
        if status == 200 and content_type.startswith("text/html"):
            parser = _Links()
            parser.feed(body.decode("utf-8", errors="replace"))
            for href in parser.links:
                link = _local(href)
                if link is not None and link not in seen:
                    seen.add(link)
                    queue.append(link)
        elif status in (301, 302, 303, 307, 308):
            link = _local(response.getheader("location", "") or "")
            if link is not None and link not in seen:
                seen.add(link)
                queue.append(link)
        if result.fetched % 500 == 0:
            log(f"  crawl: {result.fetched} fetched, {len(queue)} queued")
    conn.close()
    result.statuses = dict(sorted(statuses.items()))
    result.seconds = time.perf_counter() - started
    return result


def _ms(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}"


P50_TARGET, P99_TARGET, DATASETTE_TARGET, GROWTH_TARGET = 15.0, 60.0, 10.0, 1.5


def render(results: list[ColdResult]) -> list[str]:
    """The cold-path section of the report."""
    if not results:
        return []
    lines = [
        "## Cold pages: distinct URLs in a random order",
        "",
        "Each kind of page is loaded by wrk walking a list of distinct URLs of that kind once, in a "
        "random order (bench/cold.py writes the list and the Lua script), so that every request is a "
        "first render and the response cache cannot answer it. *first renders* is the share of "
        "requests that asked for a URL not asked before in the walk. A walk ends at its last URL or at "
        "the walk's duration, whichever comes first, so *req/s* is the connections over the mean "
        "latency (each connection waits on one answer at a time), not wrk's count over the duration.",
        "",
    ]
    for result in results:
        lines += [
            f"### {int(result.label):,} articles" if result.label.isdigit() else f"### {result.label}",
            "",
            "| page kind | distinct URLs | requests | first renders | req/s | p50 ms | p90 ms | p99 ms "
            "| errors |",
            "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
        ]
        rows = [*result.loads, *([result.datasette] if result.datasette else [])]
        for cold in rows:
            load = cold.load
            share = cold.first_renders
            lines.append(
                f"| {cold.kind} | {cold.distinct:,} | {load.requests if load else 0:,} | "
                f"{'—' if share is None else f'{100 * share:.0f}%'} | {load.rps if load else 0:.1f} | "
                f"{_ms(load.p50_ms if load else None)} | {_ms(load.p90_ms if load else None)} | "
                f"{_ms(load.p99_ms if load else None)} | {load.errors if load else '—'} |"
            )
        if result.datasette_ratio is not None:
            lines += [
                "",
                f"Random meeting pages: the app answers **{result.datasette_ratio:.1f}×** Datasette's "
                "requests/s "
                f"({result.datasette_version}, one process, serving the same database file immutable: its "
                "view of that meeting's statements with facets on kind, speaker type and minister).",
            ]
        if result.note:
            lines += ["", result.note]
        if result.crawl is not None:
            c = result.crawl
            statuses = ", ".join(f"{status}: {n:,}" for status, n in c.statuses.items()) or "none"
            lines += [
                "",
                f"Crawl of the links reachable from `{c.start}` (at most {c.limit:,} fetches, "
                "one connection): "
                f"{c.fetched:,} fetched in {c.seconds:.0f} s; statuses {statuses}; timeouts or broken "
                f"connections {c.timeouts}.",
            ]
            if c.errors:
                lines += ["", "First failures:", "", *(f"- `{e}`" for e in c.errors)]
        lines.append("")
    lines += _targets(results)
    return lines


def _targets(results: list[ColdResult]) -> list[str]:
    by_label = {r.label: r for r in results}
    ten, hundred = by_label.get("10000"), by_label.get("100000")
    lines = ["### Cold-path targets", "", "| target | measured | verdict |", "| --- | --- | --- |"]
    if ten is None:
        return [*lines, "| cold pages at 10,000 articles | not measured | — |", ""]
    for cold in ten.loads:
        p50 = cold.load.p50_ms if cold.load else None
        p99 = cold.load.p99_ms if cold.load else None
        ok = p50 is not None and p99 is not None and p50 <= P50_TARGET and p99 <= P99_TARGET
        lines.append(
            f"| {cold.kind}: p50 ≤ {P50_TARGET:.0f} ms, p99 ≤ {P99_TARGET:.0f} ms at 10,000 | "
            f"{_ms(p50)} / {_ms(p99)} ms | {'met' if ok else 'missed'} |"
        )
    ratio = ten.datasette_ratio
    lines.append(
        f"| random meeting pages ≥ {DATASETTE_TARGET:.0f}× Datasette's req/s | "
        f"{'—' if ratio is None else f'{ratio:.1f}×'} | "
        f"{'—' if ratio is None else 'met' if ratio >= DATASETTE_TARGET else 'missed'} |"
    )
    if hundred is not None:
        for cold in hundred.loads:
            base = ten.load(cold.kind)
            if base is None or base.load is None or cold.load is None or not base.load.p50_ms:
                continue
            growth = (cold.load.p50_ms or 0) / base.load.p50_ms
            lines.append(
                f"| {cold.kind}: p50 at 100,000 ≤ {GROWTH_TARGET}× 10,000 | {growth:.2f}× | "
                f"{'met' if growth <= GROWTH_TARGET else 'missed'} |"
            )
    else:
        lines.append("| growth: p50 at 100,000 ≤ 1.5× 10,000 | not measured | — |")
    if ten.crawl is not None:
        bad = sum(n for s, n in ten.crawl.statuses.items() if s >= 500)
        lines.append(
            f"| crawl at 10,000: zero 5xx, zero timeouts | {bad} 5xx, {ten.crawl.timeouts} timeouts | "
            f"{'met' if bad == 0 and ten.crawl.timeouts == 0 else 'missed'} |"
        )
    return [*lines, ""]
