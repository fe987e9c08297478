"""`python -m bench`: ingestion and serving at the seeds' size, 1,000, 10,000 and 100,000 articles.

For each size: ingest a fresh SQLite file with `python -m app ingest` (wall time, the child's
peak memory), ingest the unchanged corpus again, serve it as `make run` does, load six pages
with wrk at a fixed number of connections for a fixed time, then load the same response bytes
served from memory by a bare ASGI app that the app's own `serve` command runs (the ceiling).
Then the cold path (bench/cold.py): wrk walks distinct URLs of each kind of page in a random
order, Datasette serves the same database file for the same walk of meeting pages, and at
10,000 articles a bounded crawl follows every link from `/`. Writes a markdown report (and its
numbers as JSON beside it). Every process it starts is
stopped at the end.

The machine may be busy with other work, so each URL is loaded in several rounds, the app and
the ceiling one after the other in each round, and the best load of each is kept. At sizes
above the seeds', the seeds' pages are loaded again in the same rounds (the same URL where the
bigger database answers it), so the p50 growth compares loads made under the same conditions.

    python -m bench [--sizes seeds,1000,10000,100000] [--rounds 3] [--duration 5] [--connections 32]
                    [--cold-duration 10] [--cold-connections 8] [--crawl-limit 3000] [--no-datasette]
                    [--database-for 10000=PATH] [--accept-encoding CODINGS] [--quick]
"""

import argparse
import contextlib
import importlib.metadata
import json
import os
import platform
import pstats
import re
import shutil
import signal
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from types import FrameType
from urllib.parse import quote

from bench import cold
from bench.ceiling import MARKER_PATH, RESPONSES_ENV, save_responses
from bench.load import Load, ensure_wrk, parse_wrk, run_wrk, wrk_version
from bench.procs import Processes, Run, free_port, get, self_peak_mb, tree_cpu_seconds, wait_idle, wait_ready
from bench.results import Ingest, Page, Report, SizeResult, render

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SUMMARY = re.compile(r"files read (\d+), loaded (\d+), unchanged (\d+), failed (\d+)")
ADDED = re.compile(r"^added: (.*)$", re.MULTILINE)
READY_TIMEOUT = 300.0


def default_workers() -> int | None:
    """BENCH_WORKERS, else the --workers that `make run` passes; None: the app's own default."""
    if os.environ.get("BENCH_WORKERS"):
        return int(os.environ["BENCH_WORKERS"])
    makefile = PROJECT_ROOT / "Makefile"
    if makefile.exists():
        found = re.search(r"app serve\b[^\n]*--workers[ =](\d+)", makefile.read_text(encoding="utf-8"))
        if found:
            return int(found.group(1))
    return None


def worker_count(pid: int) -> int:
    """How many worker processes a server started (uvicorn spawns them; none means it serves itself)."""
    workers = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError, IndexError, ValueError):
            parent = int(stat.read_text().rsplit(")", 1)[1].split()[1])
            if parent == pid and b"spawn_main" in (stat.parent / "cmdline").read_bytes():
                workers += 1
    return workers or 1


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--sizes", default=None, help="comma-separated: 'seeds' and/or article counts")
    parser.add_argument(
        "--duration", type=float, default=None, help="seconds of each load of a URL (default 5)"
    )
    parser.add_argument("--warmup", type=float, default=None, help="seconds of load before each (default 1)")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--threads", type=int, default=1, help="wrk threads (the server needs the cores)")
    parser.add_argument(
        "--workers",
        type=int,
        default=None,
        help="server workers (default: BENCH_WORKERS, else what `make run` passes, else the app's default)",
    )
    parser.add_argument(
        "--rounds",
        type=int,
        default=None,
        help="load each URL N times on each server, alternating; keep the best (default 3)",
    )
    parser.add_argument(
        "--database-for",
        action="append",
        default=[],
        metavar="SIZE=PATH",
        help="serve a copy of an existing database for a size instead of generating and ingesting one",
    )
    parser.add_argument("--seed", type=int, default=0, help="corpus seed")
    parser.add_argument(
        "--settle-timeout",
        type=float,
        default=60.0,
        help="seconds a server may stay busy after a load before it is restarted",
    )
    parser.add_argument("--search-word", default="cooperation")
    parser.add_argument(
        "--accept-encoding",
        default="",
        metavar="CODINGS",
        help="send this Accept-Encoding with every request, as a browser does ('gzip, deflate, br, zstd'); "
        "by default none is sent and every page is measured uncompressed, at its largest",
    )
    parser.add_argument(
        "--ingest-timeout", type=float, default=1800.0, help="seconds before an ingest is stopped"
    )
    parser.add_argument("--out", type=Path, default=None, help="default bench/reports/report.md")
    parser.add_argument("--profile", action="store_true", help="also cProfile the first corpus's ingest")
    parser.add_argument(
        "--keep", action="store_true", help="keep the working folder (corpora, databases, logs)"
    )
    parser.add_argument(
        "--cold-duration", type=float, default=10.0, help="seconds of each cold walk of one kind of page"
    )
    parser.add_argument(
        "--cold-connections",
        type=int,
        default=2,
        help="connections of the cold walks (default 2, as many as the server's workers: latency "
        "is then a render's, not a queue's)",
    )
    parser.add_argument("--cold-urls", type=int, default=3000, help="distinct URLs per kind of page, at most")
    parser.add_argument(
        "--crawl-at", default="10000", help="the size whose links are crawled from / ('' for none)"
    )
    parser.add_argument("--crawl-limit", type=int, default=3000, help="pages the crawl fetches, at most")
    parser.add_argument("--no-datasette", action="store_true", help="skip the Datasette comparison")
    parser.add_argument("--quick", action="store_true", help="smoke run: seeds and 40 articles, 2 s loads")
    args = parser.parse_args(argv)
    if args.quick:
        args.sizes = args.sizes or "seeds,40"
        args.duration = args.duration or 2.0
        args.warmup = 0.5 if args.warmup is None else args.warmup
        args.rounds = args.rounds or 1
        args.cold_duration = min(args.cold_duration, 2.0)
        args.crawl_at = "40" if args.crawl_at == "10000" else args.crawl_at
        args.crawl_limit = min(args.crawl_limit, 200)
        args.out = args.out or PROJECT_ROOT / "bench" / "reports" / "quick.md"
    sizes = [s.strip() for s in (args.sizes or "seeds,1000,10000,100000").split(",") if s.strip()]
    for size in sizes:
        if size != "seeds" and not size.isdigit():
            parser.error(f"--sizes: {size!r} is neither 'seeds' nor a number of articles")
    # The seeds first: the bigger sizes load the seeds' pages again beside their own.
    args.sizes = sorted(dict.fromkeys(sizes), key=lambda s: -1 if s == "seeds" else int(s))
    args.database_for = dict(_database_for(parser, item) for item in args.database_for)
    args.duration = args.duration or 5.0
    args.warmup = 1.0 if args.warmup is None else args.warmup
    args.out = args.out or PROJECT_ROOT / "bench" / "reports" / "report.md"
    args.workers = args.workers or default_workers()
    args.rounds = max(1, args.rounds or 3)
    args.headers = {"Accept-Encoding": args.accept_encoding} if args.accept_encoding else {}
    return args


def _database_for(parser: argparse.ArgumentParser, item: str) -> tuple[str, Path]:
    size, _, path = item.partition("=")
    if not path or (size != "seeds" and not size.isdigit()):
        parser.error(f"--database-for: {item!r} is not SIZE=PATH")
    if not Path(path).is_file():
        parser.error(f"--database-for: {path} is not a file")
    return size, Path(path)


def _command_output(args: list[str]) -> str:
    try:
        return subprocess.run(
            args, capture_output=True, text=True, check=False, cwd=PROJECT_ROOT
        ).stdout.strip()
    except OSError:
        return "?"


def _installed(name: str) -> str:
    try:
        return f"{name} {importlib.metadata.version(name)}"
    except importlib.metadata.PackageNotFoundError:
        return f"{name} not installed"


def environment(wrk: str) -> dict[str, str]:
    import uvicorn

    memory = "?"
    with contextlib.suppress(OSError, ValueError, IndexError):
        total_kb = next(
            int(line.split()[1])
            for line in Path("/proc/meminfo").read_text().splitlines()
            if line.startswith("MemTotal")
        )
        memory = f"{total_kb / 2**20:.1f} GiB"
    dirty = _command_output(["git", "status", "--porcelain", "--", "app", "migrations", "templates"])
    commit = _command_output(["git", "rev-parse", "--short", "HEAD"])
    return {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "cores": str(os.cpu_count()),
        "memory": memory,
        "load average at start (1, 5, 15 min)": ", ".join(f"{x:.2f}" for x in os.getloadavg()),
        "platform": platform.platform(),
        "Python": platform.python_version(),
        "SQLite": sqlite3.sqlite_version,
        "uvicorn": uvicorn.__version__,
        "uvloop, httptools": ", ".join(_installed(name) for name in ("uvloop", "httptools")),
        "wrk": wrk_version(wrk),
        "app commit": f"{commit}{' + uncommitted changes in app/' if dirty else ''}",
    }


def _ingest_result(run_articles: int, log: Path, run: Run) -> Ingest:
    text = log.read_text(encoding="utf-8", errors="replace")
    result = Ingest(run_articles, run.seconds, run.peak_mb, run.returncode, run.timed_out, run.tree_peak_mb)
    if (found := SUMMARY.search(text)) is not None:
        result.read, result.loaded, result.unchanged, result.failed = (int(g) for g in found.groups())
    if (added := ADDED.search(text)) is not None:
        result.added = added.group(1)
    result.errors = [line for line in text.splitlines() if line.startswith("error: ")]
    return result


def _count_sources(db: Path) -> int | None:
    try:
        with contextlib.closing(sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=10)) as conn:
            row = conn.execute("SELECT count(*) FROM sources").fetchone()
            return int(row[0])
    except sqlite3.Error:
        return None


def _json(port: int, target: str) -> dict[str, object]:
    response = get(port, target, timeout=300)
    if response.status != 200:
        raise RuntimeError(f"{target} answered {response.status}")
    data: dict[str, object] = json.loads(response.body)
    return data


def choose_targets(port: int, search_word: str) -> list[tuple[str, str]]:
    """The six URLs: a year with terrorism meetings and a meeting slug come from the JSON API."""
    listing = _json(port, "/api/v1/meetings?per_page=200")
    items = listing.get("items")
    if not isinstance(items, list) or not items:
        raise RuntimeError("/api/v1/meetings lists no meetings")
    held = [m for m in items if isinstance(m, dict) and m.get("status") == "held"] or items
    slug = str(held[0]["slug"])
    terror = _json(port, "/api/v1/meetings?topic=terrorism&per_page=1").get("items")
    source = terror[0] if isinstance(terror, list) and terror else held[0]
    year = str(source["date"])[:4]
    return [
        ("timeline", "/"),
        ("timeline-filtered", f"/?year={year}&topic=terrorism"),
        ("topic", "/topics/terrorism"),
        ("meeting", f"/meetings/{slug}"),
        ("search", f"/search?q={quote(search_word)}"),
        ("api-meetings", "/api/v1/meetings"),
    ]


def preflight(
    port: int, name: str, target: str, headers: dict[str, str]
) -> tuple[Page, tuple[int, list[tuple[str, str]], bytes]]:
    """Fetch a URL once (following redirects to the canonical one), then time five more alone."""
    note = ""
    response = get(port, target, timeout=300, headers=headers)
    for _ in range(3):
        if response.status not in (301, 302, 303, 307, 308):
            break
        location = {k.lower(): v for k, v in response.headers}.get("location", "")
        location = re.sub(r"^https?://[^/]+", "", location)
        note = f"`{target}` redirects to `{location}`; the load uses the latter"
        target = location
        response = get(port, target, timeout=300, headers=headers)
    if response.status != 200:
        note = (note + "; " if note else "") + f"answered {response.status}"
    times = []
    for _ in range(5):
        started = time.perf_counter()
        get(port, target, timeout=300, headers=headers)
        times.append((time.perf_counter() - started) * 1e3)
    page = Page(name, target, response.status, len(response.body), statistics.median(times), note=note)
    return page, (response.status, response.headers, response.body)


class Server:
    """A server this bench runs on 127.0.0.1: started, restarted when it cannot keep up, stopped."""

    def __init__(self, procs: Processes, args: list[str], env: dict[str, str], log: Path, ready_path: str):
        self.procs, self.args, self.env, self.log, self.ready_path = procs, args, env, log, ready_path
        self.starts = 0
        self.port = 0
        self.ready = 0.0
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        self.starts += 1
        self.port = free_port()
        log = self.log.with_name(f"{self.log.stem}-{self.starts}{self.log.suffix}")
        self.proc = self.procs.start(
            [*self.args, "--port", str(self.port)], env=self.env, cwd=PROJECT_ROOT, log=log
        )
        self.ready = wait_ready(self.proc, self.port, self.ready_path, READY_TIMEOUT)

    @property
    def pid(self) -> int:
        assert self.proc is not None
        return self.proc.pid

    def stop(self) -> None:
        if self.proc is not None:
            self.procs.stop(self.proc)
            self.proc = None

    def prime(self, targets: list[str], headers: dict[str, str]) -> None:
        """Request each URL on fresh connections, so that every worker has likely rendered it.

        Each worker renders a page on its own first request for it: a load that starts on a
        worker that has not would measure that render and the requests queued behind it.
        """
        for target in targets:
            for _ in range(4 * worker_count(self.pid)):
                get(self.port, target, timeout=300, headers=headers)

    def settle(self, page: Page, side: str, limit: float) -> None:
        """Wait for the backlog of the last load to end; restart the server if it does not."""
        busy = wait_idle(self.pid, limit)
        if busy is not None and busy < 1.0:
            return
        if busy is not None:
            page.note += f"{'; ' if page.note else ''}{side} busy for {busy:.0f} s after its load"
            return
        page.note += f"{'; ' if page.note else ''}{side} still busy {limit:.0f} s after its load: restarted"
        print(f"  {side} still busy after {limit:.0f} s: restarting it", flush=True)
        self.stop()
        self.start()


def load_page(wrk: str, server: Server, target: str, page: Page, args: argparse.Namespace, side: str) -> None:
    """Warm up, then measure one URL on one server; the best load so far is `page.<side>`."""
    url = f"http://127.0.0.1:{server.port}{target}"
    if args.warmup > 0:
        run_wrk(
            wrk,
            url,
            connections=args.connections,
            duration=args.warmup,
            threads=args.threads,
            timeout=10,
            headers=args.headers,
        )
    cpu = tree_cpu_seconds(server.pid)
    result = run_wrk(
        wrk,
        url,
        connections=args.connections,
        duration=args.duration,
        threads=args.threads,
        timeout=max(2.0, args.duration),
        headers=args.headers,
    )
    if result.requests:  # what the server's processes spent per request: blind to a busy machine
        result = replace(result, server_cpu_us=(tree_cpu_seconds(server.pid) - cpu) * 1e6 / result.requests)
    best = getattr(page, side)
    if best is None or result.rps > best.rps:  # the least disturbed of the rounds
        setattr(page, side, result)
    print(
        f"  {side:7} {page.name:18} {result.rps:9.1f} req/s  p50 {result.p50_ms or 0:8.1f} ms  "
        f"p99 {result.p99_ms or 0:8.1f} ms  CPU {result.server_cpu_us or 0:6.0f} us/req  "
        f"errors {result.errors}",
        flush=True,
    )


def copy_database(source: Path, db: Path) -> None:
    """Copy a finished SQLite database and its WAL: serving it may migrate it, the copy that is."""
    shutil.copyfile(source, db)
    wal = source.with_name(source.name + "-wal")
    if wal.exists():  # committed pages not yet in the main file (the -shm index is rebuilt from it)
        shutil.copyfile(wal, db.with_name(db.name + "-wal"))


def bench_size(
    label: str, args: argparse.Namespace, work: Path, procs: Processes, wrk: str, report: Report
) -> SizeResult:
    python = sys.executable
    result = SizeResult(label, 0)
    report.sizes.append(result)
    db = work / f"{label}.db"
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{db}"}
    if label in args.database_for:
        source = args.database_for[label]
        print(f"[{label}] copy {source}", flush=True)
        copy_database(source, db)
        result.database_from = str(source)
        result.articles = _count_sources(db) or 0
    elif not ingest_size(label, args, work, procs, report, result, db, env):
        return result
    result.database = str(db)
    result.database_mb = sum(p.stat().st_size for p in work.glob(f"{label}.db*")) / 1e6

    # As `make run`: --workers only when it passes one (else both get the app's own default).
    workers = ["--workers", str(args.workers)] if args.workers else []
    serve_cmd = [python, "-m", "app", "serve", "--host", "127.0.0.1", *workers]
    ceiling_cmd = [python, "-m", "bench.ceiling", "--host", "127.0.0.1", *workers]
    # At a bigger size, the seeds' pages again, in the same rounds: the p50 growth's baseline.
    seeds = next((s for s in report.sizes if s.label == "seeds" and s.pages and s.database), None)
    seeds_targets = {p.name: p.target for p in seeds.pages} if seeds and label != "seeds" else {}
    responses: dict[str, tuple[int, list[tuple[str, str]], bytes]] = {}
    print(f"[{label}] serve", flush=True)
    app = Server(procs, serve_cmd, env, work / f"serve-{label}.log", "/healthz")
    ceiling: Server | None = None
    base: Server | None = None
    try:
        app.start()
        result.server_ready_s = app.ready
        for name, target in choose_targets(app.port, args.search_word):
            same = seeds_targets.get(name)
            if same and same != target and get(app.port, same, timeout=300).status == 200:
                target = same  # the seeds' URL answers here too: one page at two sizes
            page, response = preflight(app.port, name, target, args.headers)
            page.base_target = seeds_targets.get(name, "")
            result.pages.append(page)
            responses[page.target] = response
        stored = work / f"responses-{label}.json"
        save_responses(stored, responses)
        ceiling_env = {**env, RESPONSES_ENV: str(stored)}
        ceiling = Server(procs, ceiling_cmd, ceiling_env, work / f"ceiling-{label}.log", MARKER_PATH)
        ceiling.start()
        marker = get(ceiling.port, MARKER_PATH)
        if (marker.status, marker.body) != (200, b"ceiling"):
            raise RuntimeError("the ceiling server is not serving bench.ceiling (has `app serve` changed?)")
        sides: list[tuple[str, Server]] = [("app", app), ("ceiling", ceiling)]
        if seeds is not None and seeds_targets:
            base_env = {**os.environ, "DATABASE_URL": f"sqlite:///{seeds.database}"}
            base = Server(procs, serve_cmd, base_env, work / f"serve-seeds-beside-{label}.log", "/healthz")
            base.start()
            base.prime([p.base_target for p in result.pages if p.base_target], args.headers)
            sides.append(("base", base))
        app.prime([p.target for p in result.pages], args.headers)
        result.workers = worker_count(app.pid)
        result.ceiling_workers = worker_count(ceiling.pid)
        print(f"[{label}] {result.workers} app worker(s), {result.ceiling_workers} ceiling", flush=True)
        # Round after round over all URLs, each URL on the app, at once on the ceiling (and on
        # the seeds' database): each load of a round sees the same machine, and a disturbance
        # that spoils one round is left behind by the best of the others. Each load starts on
        # an idle server, so one URL's backlog is not charged to the next.
        for round_number in range(args.rounds):
            print(f"[{label}] round {round_number + 1} of {args.rounds}", flush=True)
            for page in result.pages:
                for side, server in sides:
                    target = page.base_target if side == "base" else page.target
                    if not target:
                        continue
                    load_page(wrk, server, target, page, args, side)
                    server.settle(page, side, args.settle_timeout)
        result.restarts = app.starts - 1
        if label != "seeds":
            for side, server in sides:
                if side != "app":
                    server.stop()
            report.cold.append(cold_path(label, args, work, procs, wrk, app, db))
    finally:
        for started in (base, ceiling, app):
            if started is not None:
                started.stop()
    return result


def cold_walk(wrk: str, port: int, paths: Path, script: Path, args: argparse.Namespace) -> Load:
    """One wrk walk of the URLs in `paths`, in their order, for --cold-duration seconds."""
    env = {**os.environ, "COLD_URLS": str(paths)}
    cmd = [
        wrk,
        "--threads=1",
        f"--connections={args.cold_connections}",
        f"--duration={max(1, round(args.cold_duration))}s",
        "--timeout=10s",
        "--latency",
        f"--script={script}",
        f"http://127.0.0.1:{port}/",
    ]
    out = subprocess.run(
        cmd, capture_output=True, text=True, env=env, timeout=args.cold_duration + 60, check=False
    )
    return cold.walked(
        parse_wrk(f"{paths.name} on port {port}", out.stdout + out.stderr), args.cold_connections
    )


def cold_path(
    label: str, args: argparse.Namespace, work: Path, procs: Processes, wrk: str, app: "Server", db: Path
) -> cold.ColdResult:
    """Random walks of distinct URLs per kind of page; the meeting walk on Datasette; the crawl."""
    result = cold.ColdResult(label)
    walks = cold.walks(db, args.seed, args.cold_urls)
    for kind, urls in walks.items():
        paths, script = cold.write_walk(work, f"{label}-{kind}", urls)
        walk = cold.ColdLoad(kind, len(urls))
        wait_idle(app.pid, args.settle_timeout)
        walk.load = cold_walk(wrk, app.port, paths, script, args)
        result.loads.append(walk)
        load = walk.load
        print(
            f"[{label}] cold {kind:11} {load.rps:8.1f} req/s  p50 {load.p50_ms or 0:7.1f} ms  "
            f"p99 {load.p99_ms or 0:7.1f} ms  {len(urls)} URLs, {load.requests} requests, "
            f"errors {load.errors}",
            flush=True,
        )
    meetings = walks.get("meeting", [])
    if meetings and not args.no_datasette:
        try:
            datasette_walk(label, args, work, procs, wrk, db, meetings, result)
        except (RuntimeError, OSError, subprocess.SubprocessError) as exc:
            result.note = f"Datasette was not measured: {exc.__class__.__name__}: {exc}"
            print(f"[{label}] {result.note}", flush=True)
    if label == args.crawl_at:
        print(f"[{label}] crawl from / (at most {args.crawl_limit} pages)", flush=True)
        wait_idle(app.pid, args.settle_timeout)
        result.crawl = cold.crawl(app.port, args.crawl_limit)
        print(f"[{label}] crawl: {result.crawl.statuses}, timeouts {result.crawl.timeouts}", flush=True)
    return result


def datasette_walk(
    label: str,
    args: argparse.Namespace,
    work: Path,
    procs: Processes,
    wrk: str,
    db: Path,
    meetings: list[str],
    result: cold.ColdResult,
) -> None:
    """The same random meeting walk on Datasette serving a copy of the same database file."""
    copy = work / "datasette" / db.name
    copy.parent.mkdir(exist_ok=True)
    copy_database(db, copy)
    name = copy.stem
    cmd = [sys.executable, "-m", "datasette", "serve", "--immutable", str(copy), "--host", "127.0.0.1"]
    cmd += ["--setting", "sql_time_limit_ms", "10000", "--setting", "facet_time_limit_ms", "10000"]
    server = Server(procs, cmd, dict(os.environ), work / f"datasette-{label}.log", "/-/versions.json")
    try:
        server.start()
        version = json.loads(get(server.port, "/-/versions.json").body)
        result.datasette_version = f"Datasette {version.get('datasette', {}).get('version', '?')}"
        urls = cold.datasette_walk(copy, meetings, name)
        first = get(server.port, urls[0], timeout=60)
        if first.status != 200:
            raise RuntimeError(f"Datasette answered {first.status} for {urls[0]}")
        paths, script = cold.write_walk(work, f"{label}-datasette", urls)
        walk = cold.ColdLoad("meeting on Datasette", len(urls))
        wait_idle(server.pid, args.settle_timeout)
        walk.load = cold_walk(wrk, server.port, paths, script, args)
        result.datasette = walk
        print(
            f"[{label}] Datasette meeting walk {walk.load.rps:8.1f} req/s  "
            f"p50 {walk.load.p50_ms or 0:7.1f} ms; "
            f"ratio {result.datasette_ratio or 0:.1f}x",
            flush=True,
        )
    finally:
        server.stop()


def ingest_size(
    label: str,
    args: argparse.Namespace,
    work: Path,
    procs: Processes,
    report: Report,
    result: SizeResult,
    db: Path,
    env: dict[str, str],
) -> bool:
    """Generate the corpus (but for the seeds), ingest it twice and an empty folder once; False on failure."""
    python = sys.executable
    if label == "seeds":
        folder = PROJECT_ROOT / "seeds"
        result.articles = len(
            [p for p in folder.iterdir() if p.suffix in (".txt", ".md") and not p.stem.isupper()]
        )
    else:
        # In a child process: a big bench process would inflate every later child's ru_maxrss
        # (a forked child starts from its parent's resident size).
        folder = work / f"corpus-{label}"
        log = work / f"corpus-{label}.log"
        cmd = [python, "-m", "bench.corpus", str(folder), "--size", label, "--seed", str(args.seed), "--json"]
        run = procs.run(cmd, env=dict(os.environ), cwd=PROJECT_ROOT, log=log, timeout=3600)
        if run.returncode != 0:
            raise RuntimeError(f"corpus generation failed: {log.read_text(errors='replace')[-500:]}")
        made = json.loads(log.read_text(encoding="utf-8").strip().splitlines()[-1])
        result.corpus_seconds = run.seconds
        result.articles, result.corpus_mb, result.corpus_digest = (
            made["articles"],
            made["bytes"] / 1e6,
            made["digest"],
        )
    ingest_cmd = [python, "-m", "app", "ingest", str(folder)]

    print(f"[{label}] ingest {result.articles} articles", flush=True)
    log = work / f"ingest-{label}.log"
    run = procs.run(ingest_cmd, env=env, cwd=PROJECT_ROOT, log=log, timeout=args.ingest_timeout)
    result.ingest = _ingest_result(result.articles, log, run)
    if run.timed_out:
        result.ingest.stored_when_stopped = _count_sources(db)
        result.error = (
            f"ingest stopped after {args.ingest_timeout:.0f} s with "
            f"{result.ingest.stored_when_stopped} of {result.articles} articles stored"
        )
        return False
    if result.ingest.loaded is None:
        tail = log.read_text(encoding="utf-8", errors="replace")[-2000:]
        result.error = f"ingest exited {run.returncode} without a summary:\n\n```\n{tail}\n```"
        return False
    print(
        f"[{label}] {run.seconds:.1f} s, {result.ingest.rate or 0:.1f} articles/s, "
        f"{run.tree_peak_mb:.0f} MB (all processes), {run.peak_mb:.0f} MB (largest)",
        flush=True,
    )

    log = work / f"reingest-{label}.log"
    run = procs.run(ingest_cmd, env=env, cwd=PROJECT_ROOT, log=log, timeout=args.ingest_timeout)
    result.reingest = _ingest_result(result.articles, log, run)
    print(f"[{label}] re-ingest {run.seconds:.2f} s", flush=True)
    empty = work / "empty"
    empty.mkdir(exist_ok=True)
    log = work / f"empty-{label}.log"
    run = procs.run(
        [python, "-m", "app", "ingest", str(empty)], env=env, cwd=PROJECT_ROOT, log=log, timeout=600
    )
    result.startup = _ingest_result(0, log, run)
    if args.profile and label != "seeds" and not report.profile:
        report.profile = profile_ingest(label, folder, work, procs, args)
    return True


def profile_ingest(label: str, folder: Path, work: Path, procs: Processes, args: argparse.Namespace) -> str:
    """cProfile one ingest of the corpus into a fresh database; the top functions as markdown."""
    print(f"[{label}] profiling the ingest", flush=True)
    db = work / f"profile-{label}.db"
    out = work / f"ingest-{label}.prof"
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{db}"}
    cmd = [sys.executable, "-m", "cProfile", "-o", str(out), "-m", "app", "ingest", str(folder)]
    run = procs.run(
        cmd, env=env, cwd=PROJECT_ROOT, log=work / f"profile-{label}.log", timeout=args.ingest_timeout
    )
    if run.timed_out or not out.exists():
        return f"## Ingest profile\n\nThe profiled ingest did not finish within {args.ingest_timeout:.0f} s."
    # Extraction may run in worker processes that the profile above cannot see: profile it once
    # more in one process, over the same files (bench.corpus --check calls extract_article).
    extract_out = work / f"extract-{label}.prof"
    cmd = [sys.executable, "-m", "cProfile", "-o", str(extract_out), "-m", "bench.corpus", str(folder)]
    cmd += ["--no-generate", "--check"]
    log = work / f"profile-extract-{label}.log"
    extract_run = procs.run(cmd, env=env, cwd=PROJECT_ROOT, log=log, timeout=args.ingest_timeout)
    header = [
        "| function | calls | own s | with callees s | share of run |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    app_dir = str(PROJECT_ROOT / "app")
    lines = [
        "## Ingest profile",
        "",
        f"`python -m cProfile -m app ingest` over the {int(label):,}-article corpus into a fresh "
        f"database: {run.seconds:.1f} s under the profiler (which slows it). It sees the main process "
        "only: extraction done in worker processes is in the next section. Top functions by own time:",
        "",
        *header,
        *_top(out, 2, 25),
        "",
        "The app's own functions by time including callees (what drives the library time above):",
        "",
        *header,
        *_top(out, 3, 25, only=app_dir),
    ]
    if not extract_run.timed_out and extract_out.exists():
        lines += [
            "",
            "### Extraction alone, in one process",
            "",
            f"`python -m cProfile -m bench.corpus FOLDER --no-generate --check`: parse and "
            f"`extract_article` over the same files, no database: {extract_run.seconds:.1f} s under the "
            "profiler. The app's functions by own time:",
            "",
            *header,
            *_top(extract_out, 2, 15, only=app_dir),
            "",
            "Everything by own time:",
            "",
            *header,
            *_top(extract_out, 2, 15),
        ]
    return "\n".join(lines)


def _top(prof: Path, index: int, count: int, only: str = "") -> list[str]:
    """Markdown rows of a cProfile file's top functions by own (2) or cumulative (3) time."""
    stats = pstats.Stats(str(prof))
    # key (file, line, function) -> (primitive calls, calls, own time, time with callees, callers)
    table = stats.stats  # type: ignore[attr-defined]
    total = float(stats.total_tt) or 1.0  # type: ignore[attr-defined]

    def where(key: tuple[str, int, str]) -> str:
        file, line, name = key
        for prefix in (str(PROJECT_ROOT) + "/", "/usr/lib/python3", str(Path(sys.prefix)) + "/lib/"):
            if file.startswith(prefix):
                file = file[len(prefix) :]
        file = re.sub(r"^(\.venv/lib/)?python3\.\d+/(site-packages/)?", "", file)
        return f"{file}:{line} {name}" if line else name

    chosen = [kv for kv in table.items() if kv[0][0].startswith(only)]
    ranked = sorted(chosen, key=lambda kv: kv[1][index], reverse=True)[:count]
    return [
        f"| `{where(key)}` | {calls:,} | {own:.2f} | {cumulative:.2f} | {100 * cumulative / total:.0f}% |"
        for key, (_, calls, own, cumulative, _) in ranked
    ]


def write(report: Report, out: Path) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(render(report), encoding="utf-8")
    out.with_suffix(".json").write_text(json.dumps(report.as_json(), indent=1) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    """Run the bench and write the report."""
    args = parse_args(argv)
    wrk = ensure_wrk()
    procs = Processes()

    def stop(signum: int, _frame: FrameType | None) -> None:
        raise SystemExit(128 + signum)

    for sig in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, stop)
    work = Path(tempfile.mkdtemp(prefix="bench-", dir="/tmp"))
    report = Report(
        environment=environment(wrk),
        settings={
            "sizes": ", ".join(args.sizes),
            "server workers (app and ceiling)": (
                f"{args.workers} (--workers)"
                if args.workers
                else "the app's default (`make run` passes none)"
            ),
            "rounds per URL (app and ceiling alternate; the best load of each kept)": str(args.rounds),
            "connections": str(args.connections),
            "wrk threads": str(args.threads),
            "Accept-Encoding sent (the byte counts are as served)": args.accept_encoding
            or "none: uncompressed bodies",
            "each load": f"{args.duration:g} s after {args.warmup:g} s warm-up",
            "existing databases served (copied)": ", ".join(
                f"{size}: {path}" for size, path in args.database_for.items()
            )
            or "none",
            "corpus seed": str(args.seed),
            "working folder": f"{work}{' (kept)' if args.keep else ' (removed at the end)'}",
        },
    )
    status = 0
    try:
        for label in args.sizes:
            try:
                result = bench_size(label, args, work, procs, wrk, report)
            except (RuntimeError, OSError, subprocess.SubprocessError, ValueError, KeyError) as exc:
                status = 1
                report.sizes[-1].error = f"{exc.__class__.__name__}: {exc}"
                print(f"[{label}] stopped: {exc}", file=sys.stderr, flush=True)
                result = report.sizes[-1]
            if result.error:
                status = 1
            write(report, args.out)
    finally:
        procs.stop_all()
        report.notes.append(f"The bench process itself peaked at {self_peak_mb():.0f} MB.")
        report.environment["load average at end"] = ", ".join(f"{x:.2f}" for x in os.getloadavg())
        write(report, args.out)
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    print(f"report: {args.out}")
    return status


if __name__ == "__main__":
    sys.exit(main())
