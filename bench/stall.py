"""`python -m bench.stall`: pages keep answering, within the deadline, while an ingest commits.

Builds a database of `--size` synthetic articles (bench/corpus.py) on a new SQLite file (or the
empty database `--database-url` names), serves it as `make run` does (`python -m app serve`, the
same worker count), and walks distinct URLs at `--connections` connections while an ingest of
`--new` articles the database has not seen runs and commits; a separate probe asks for
/healthz every `--probe-every` seconds on a connection of its own. The load starts a moment
before the ingest and goes on a few seconds after it ends, past the servers' next data-version
check, so the renders after the cache is dropped are measured too.

Reports, and exits 1 when a target is missed: the status of every answer (no 5xx, no request
unanswered), the slowest answer (within the app's REQUEST_TIMEOUT) and /healthz p50 and p99 as
the probe saw them (p99 under 100 ms). Beside them, for reading the figures: /healthz as the
app's access log timed it (the probe's time less the waits for a core and for the event loop)
and the machine's load average, since other work on the machine shows in every latency. The
table goes to stdout and to `--out` (bench/reports/stall.md, its figures in stall.json).
Bounded: RUN_LIMIT seconds in all.

    python -m bench.stall [--size 3000] [--new 50] [--connections 16] [--workers N] [--duration 20]
                          [--database-url URL] [--reuse PATH] [--out PATH]
"""

import argparse
import asyncio
import http.client
import json
import multiprocessing
import os
import random
import shutil
import signal
import sqlite3
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Sequence
from contextlib import closing
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from multiprocessing.synchronize import Event as EventType
from pathlib import Path
from types import FrameType

import httpx

from app.config import Settings
from bench.__main__ import SUMMARY, default_workers
from bench.cold import WORDS
from bench.corpus import generate
from bench.procs import Processes, free_port, wait_ready

PROJECT_ROOT = Path(__file__).resolve().parent.parent
HEALTHZ_P99_LIMIT_MS = 100.0
RUN_LIMIT = 170  # seconds for the whole run, generation and ingests included
LOAD_LIMIT = 90.0  # seconds of load at most, whatever the ingest does
WARMUP = 2.0  # seconds of load before the ingest starts
SETTLE = 3.0  # seconds of load after the ingest ends, beyond the version check's interval


@dataclass(frozen=True)
class Answer:
    """One request of the load: its path, status (None: no answer in time, or the connection
    failed: `problem` says which) and seconds from sending it to the last byte of the answer."""

    path: str
    status: int | None
    seconds: float
    problem: str = ""


@dataclass
class Stall:
    """What one run measured, and its verdict."""

    engine: str
    articles: int
    new: int
    workers: int | None
    connections: int
    request_timeout: float
    answers: list[Answer] = field(default_factory=list)
    # /healthz probes: when each was sent (seconds after the load began) and how long its answer
    # took (None: no answer in time, or not 200).
    probes: list[tuple[float, float | None]] = field(default_factory=list)
    load_seconds: float = 0.0
    ingest_seconds: float = 0.0
    ingest_began: float = 0.0  # seconds after the load began
    ingest_summary: str = ""
    ingest_returncode: int | None = None
    distinct: int = 0  # URLs in the walk
    # /healthz as the app's access log timed it, from its outermost middleware to its answer: the
    # probe's time less the waits for a core and for the event loop before the request is read.
    healthz_in_app_ms: list[float] = field(default_factory=list)
    load_average: tuple[float, float] = (0.0, 0.0)  # the machine's 1-minute load, before and after

    def statuses(self) -> Counter[str]:
        """How many answers had each status ("5xx" kept apart from the others by its number)."""
        return Counter(
            str(a.status) if a.status is not None else a.problem or "no answer" for a in self.answers
        )

    def server_errors(self) -> int:
        return sum(1 for a in self.answers if a.status is not None and a.status >= 500)

    def unanswered(self) -> int:
        return sum(1 for a in self.answers if a.status is None)

    def slowest(self) -> Answer | None:
        return max(self.answers, key=lambda a: a.seconds, default=None)

    def healthz_ms(self, q: float, *, during_ingest: bool | None = None) -> float | None:
        """The q-th percentile (nearest rank) of /healthz in milliseconds, of every probe or only
        of those sent while the ingest ran (or only the others); an unanswered probe counts as
        slower than any answer."""
        ingest_ended = self.ingest_began + self.ingest_seconds
        return percentile(
            [
                float("inf") if took is None else took * 1000
                for at, took in self.probes
                if during_ingest is None or during_ingest == (self.ingest_began <= at <= ingest_ended)
            ],
            q,
        )

    def failures(self) -> list[str]:
        """Each target missed, in a line."""
        missed = []
        if not self.answers:
            missed.append("no request of the load was answered")
        if self.server_errors():
            missed.append(f"{self.server_errors()} answers were 5xx")
        if self.unanswered():
            missed.append(f"{self.unanswered()} requests got no answer")
        slowest = self.slowest()
        if slowest is not None and slowest.seconds > self.request_timeout:
            missed.append(
                f"the slowest answer took {slowest.seconds:.2f} s ({slowest.path}), "
                f"over REQUEST_TIMEOUT ({self.request_timeout:g} s)"
            )
        p99 = self.healthz_ms(99)
        if p99 is None:
            missed.append("/healthz was never probed")
        elif p99 >= HEALTHZ_P99_LIMIT_MS:
            missed.append(f"/healthz p99 {_ms(p99)}, not under {HEALTHZ_P99_LIMIT_MS:.0f} ms")
        if self.ingest_returncode != 0:
            missed.append(
                f"the ingest exited {self.ingest_returncode}: {self.ingest_summary or 'no summary'}"
            )
        return missed


def percentile(values: Sequence[float], q: float) -> float | None:
    """The nearest-rank q-th percentile of `values`; None when there are none."""
    if not values:
        return None
    ranked = sorted(values)
    rank = max(1, -(-len(ranked) * q // 100))  # ceil(n * q / 100), at least the first
    return ranked[int(rank) - 1]


def _ms(value: float | None) -> str:
    if value is None:
        return "–"
    if value == float("inf"):
        return "no answer"
    return f"{value:.1f} ms"


def render(runs: list[Stall]) -> str:
    """The markdown table of the runs, a column per run, and each run's verdict."""
    rows: list[tuple[str, list[str]]] = [
        ("database", [f"{r.engine}, {r.articles:,} articles" for r in runs]),
        ("server workers", [str(r.workers) if r.workers else "the app's default" for r in runs]),
        ("ingest", [f"{r.new} new articles in {r.ingest_seconds:.1f} s: {r.ingest_summary}" for r in runs]),
        (
            "load",
            [
                f"{r.connections} connections, {r.distinct:,} distinct URLs, {len(r.answers):,} "
                f"requests in {r.load_seconds:.1f} s (ingest from {r.ingest_began:.1f} s)"
                for r in runs
            ],
        ),
        ("statuses", [", ".join(f"{s} x{n}" for s, n in sorted(r.statuses().items())) for r in runs]),
        ("5xx (target 0)", [str(r.server_errors()) for r in runs]),
        ("unanswered (target 0)", [str(r.unanswered()) for r in runs]),
        (
            "slowest answer (target: within REQUEST_TIMEOUT)",
            [
                f"{s.seconds:.2f} s, {s.path} (REQUEST_TIMEOUT {r.request_timeout:g} s)"
                if (s := r.slowest())
                else "–"
                for r in runs
            ],
        ),
        ("/healthz probes", [str(len(r.probes)) for r in runs]),
        ("/healthz p50", [_ms(r.healthz_ms(50)) for r in runs]),
        (f"/healthz p99 (target under {HEALTHZ_P99_LIMIT_MS:.0f} ms)", [_ms(r.healthz_ms(99)) for r in runs]),
        ("/healthz slowest", [_ms(r.healthz_ms(100)) for r in runs]),
        (
            "/healthz inside the app (access log): p50, p99",
            [
                f"{_ms(percentile(r.healthz_in_app_ms, 50))}, {_ms(percentile(r.healthz_in_app_ms, 99))}"
                for r in runs
            ],
        ),
        (
            "machine load average (1 min), before and after",
            [f"{r.load_average[0]:.1f}, {r.load_average[1]:.1f} ({os.cpu_count()} cores)" for r in runs],
        ),
        (
            "/healthz p99 while the ingest ran, and before and after it",
            [
                f"{_ms(r.healthz_ms(99, during_ingest=True))}, {_ms(r.healthz_ms(99, during_ingest=False))}"
                for r in runs
            ],
        ),
        ("verdict", ["; ".join(r.failures()) or "every target met" for r in runs]),
    ]
    lines = [
        "# Pages while an ingest commits (`python -m bench.stall`)",
        "",
        "| | " + " | ".join(r.engine for r in runs) + " |",
        "| --- |" + " --- |" * len(runs),
    ]
    lines += [f"| {name} | " + " | ".join(cells) + " |" for name, cells in rows]
    return "\n".join(lines) + "\n"


def access_log_ms(log: str, path: str) -> list[float]:
    """The milliseconds of each request for `path` in the app's access log (one JSON object a line,
    among uvicorn's own lines)."""
    found = []
    for line in log.splitlines():
        if line.startswith("{"):
            try:
                logged = json.loads(line)
            except ValueError:
                continue
            if logged.get("path") == path and isinstance(logged.get("ms"), int | float):
                found.append(float(logged["ms"]))
    return found


def walk(
    *, meetings: list[str], ministers: list[str], topics: list[str], years: list[str], seed: int
) -> list[str]:
    """Distinct URLs of every kind of page, in a random order that the seed fixes."""
    rnd = random.Random(seed)
    urls = {f"/meetings/{s}" for s in meetings} | {f"/api/v1/meetings/{s}" for s in meetings}
    urls |= {f"/ministers/{s}" for s in ministers} | {f"/api/v1/ministers/{s}" for s in ministers}
    urls |= {f"/topics/{t}?year={y}" for t in topics for y in years}
    urls |= {f"/?year={y}&topic={t}" for t in topics for y in years}
    urls |= {f"/search?q={a}+{b}" for a in WORDS for b in WORDS if a < b}
    ordered = sorted(urls)
    rnd.shuffle(ordered)
    return ordered


def discover(base: str, seed: int) -> list[str]:
    """The walk for the database a server serves, from its own API (so any engine will do)."""
    with httpx.Client(base_url=base, timeout=60.0) as client:
        meetings: list[str] = []
        years: set[str] = set()
        page = 1
        while True:
            found = client.get("/api/v1/meetings", params={"page": page, "per_page": 100}).json()
            meetings += [m["slug"] for m in found["items"]]
            years |= {m["date"][:4] for m in found["items"]}
            if not found["next"]:
                break
            page += 1
        ministers = [m["slug"] for m in client.get("/api/v1/ministers").json()]
        topics = [t["slug"] for t in client.get("/api/v1/topics").json()]
    return walk(meetings=meetings, ministers=ministers, topics=topics, years=sorted(years), seed=seed)


async def drive(
    base: str, urls: list[str], *, connections: int, timeout: float, stop: threading.Event
) -> list[Answer]:
    """Walk `urls` at `connections` connections, each from its own place, until `stop` is set."""
    answers: list[Answer] = []
    limits = httpx.Limits(max_connections=connections, max_keepalive_connections=connections)
    async with httpx.AsyncClient(base_url=base, timeout=timeout, limits=limits) as client:

        async def connection(n: int) -> None:
            i = n * len(urls) // connections
            while not stop.is_set():
                path = urls[i % len(urls)]
                i += 1
                began = time.perf_counter()
                try:
                    response = await client.get(path)
                    answers.append(Answer(path, response.status_code, time.perf_counter() - began))
                except httpx.HTTPError as exc:
                    answers.append(Answer(path, None, time.perf_counter() - began, exc.__class__.__name__))

        await asyncio.gather(*(connection(n) for n in range(connections)))
    return answers


def probe(port: int, every: float, timeout: float, stop: EventType, results: Connection) -> None:
    """GET /healthz every `every` seconds on a connection of its own until `stop` is set; then send
    each probe's seconds (None: no answer, or not 200). Run in a process of its own, so that the
    load's client never delays it."""
    seen: list[tuple[float, float | None]] = []
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    while not stop.is_set():
        began = time.perf_counter()
        try:
            conn.request("GET", "/healthz")
            response = conn.getresponse()
            response.read()
            seen.append((began, time.perf_counter() - began if response.status == 200 else None))
        except (OSError, http.client.HTTPException):
            seen.append((began, None))
            conn.close()
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
        stop.wait(max(0.0, every - (time.perf_counter() - began)))
    conn.close()
    results.send(seen)


def run(args: argparse.Namespace, work: Path, procs: Processes) -> Stall:
    """Build the database, serve it, load it while the ingest commits; what was measured."""
    python = sys.executable
    url = args.database_url or f"sqlite:///{work / 'tracker.db'}"
    env = {**os.environ, "DATABASE_URL": url}
    settings = Settings(database_url=url)
    engine = url.split(":", 1)[0].split("+", 1)[0]
    result = Stall(engine, args.size, args.new, args.workers, args.connections, settings.request_timeout)

    base_corpus, new_corpus = work / "corpus", work / "new"
    generate(new_corpus, args.new, args.seed + 1)  # another seed: articles the database has not seen
    reused: Path | None = args.reuse if args.reuse and not args.database_url else None
    if reused is not None and reused.exists():
        print(f"[stall] serving a copy of {reused}", flush=True)
        shutil.copy(reused, work / "tracker.db")
    else:
        generate(base_corpus, args.size, args.seed)
        print(f"[stall] ingest {args.size} articles into {engine}", flush=True)
        built = procs.run(
            [python, "-m", "app", "ingest", str(base_corpus)],
            env=env,
            cwd=PROJECT_ROOT,
            log=work / "build.log",
            timeout=300,
        )
        if built.returncode != 0:
            raise RuntimeError(f"the ingest of the corpus failed: {(work / 'build.log').read_text()[-500:]}")
        print(f"[stall] built in {built.seconds:.1f} s", flush=True)
        if reused is not None:
            # One file, its write-ahead log folded in by a connection that closes.
            with closing(sqlite3.connect(work / "tracker.db")) as db:
                db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            shutil.copy(work / "tracker.db", reused)

    port = free_port()
    workers = ["--workers", str(args.workers)] if args.workers else []
    server = procs.start(
        [python, "-m", "app", "serve", "--host", "127.0.0.1", "--port", str(port), *workers],
        env=env,
        cwd=PROJECT_ROOT,
        log=work / "server.log",
    )
    wait_ready(server, port, "/readyz", 60.0)
    base = f"http://127.0.0.1:{port}"
    # Started now: a spawned process takes a moment to import this module.
    spawn = multiprocessing.get_context("spawn")
    probe_stop, (probes, probe_results) = spawn.Event(), spawn.Pipe(duplex=False)
    prober = spawn.Process(
        target=probe,
        args=(port, args.probe_every, settings.request_timeout + 5, probe_stop, probe_results),
        daemon=True,
    )
    prober.start()
    urls = discover(base, args.seed)
    result.distinct = len(urls)

    stop = threading.Event()
    ingest_done = threading.Event()

    def ingest() -> None:
        if stop.wait(WARMUP):
            return
        result.ingest_began = time.perf_counter() - began
        log = work / "ingest.log"
        ran = procs.run(
            [python, "-m", "app", "ingest", str(new_corpus)],
            env=env,
            cwd=PROJECT_ROOT,
            log=log,
            timeout=LOAD_LIMIT,
        )
        result.ingest_seconds, result.ingest_returncode = ran.seconds, ran.returncode
        summary = SUMMARY.search(log.read_text(errors="replace"))
        result.ingest_summary = summary[0] if summary else "no summary"
        ingest_done.set()
        # Past the servers' next version check and the renders after it, and at least --duration.
        settle = settings.version_check_seconds + SETTLE
        stop.wait(max(settle, args.duration - (time.perf_counter() - began)))
        stop.set()

    def limit() -> None:
        stop.wait(LOAD_LIMIT)
        stop.set()

    print(
        f"[stall] {args.connections} connections over {len(urls):,} distinct URLs, ingest of {args.new}",
        flush=True,
    )
    result.load_average = (os.getloadavg()[0], 0.0)
    began = time.perf_counter()
    threads = [
        threading.Thread(target=ingest, daemon=True),
        threading.Thread(target=limit, daemon=True),
    ]
    for thread in threads:
        thread.start()
    client_timeout = settings.request_timeout + 5  # an answer slower than the deadline is still seen
    result.answers = asyncio.run(
        drive(base, urls, connections=args.connections, timeout=client_timeout, stop=stop)
    )
    result.load_seconds = time.perf_counter() - began
    stop.set()
    probe_stop.set()
    result.probes = [(at - began, took) for at, took in probes.recv()]
    prober.join()
    for thread in threads:
        thread.join()
    if not ingest_done.is_set():
        result.ingest_summary = f"still running after {LOAD_LIMIT:.0f} s of load"
    result.load_average = (result.load_average[0], os.getloadavg()[0])
    procs.stop(server)  # its access log is written out as it stops
    result.healthz_in_app_ms = access_log_ms((work / "server.log").read_text(errors="replace"), "/healthz")
    return result


def main(argv: list[str] | None = None) -> int:
    """Run the load test and print its table; 1 when a target is missed."""
    parser = argparse.ArgumentParser(
        prog="python -m bench.stall", description=(__doc__ or "").splitlines()[0]
    )
    parser.add_argument("--size", type=int, default=3000, help="articles in the database served")
    parser.add_argument("--new", type=int, default=50, help="articles the ingest under load adds")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument(
        "--workers", type=int, default=None, help="server workers (default: what `make run` runs)"
    )
    parser.add_argument(
        "--duration",
        type=float,
        default=20.0,
        help="seconds of load at least (more if the ingest takes longer)",
    )
    parser.add_argument("--probe-every", type=float, default=0.05, help="seconds between /healthz probes")
    parser.add_argument("--database-url", default="", help="an empty database (default: a new SQLite file)")
    parser.add_argument("--seed", type=int, default=0, help="corpus seed (the new articles use seed + 1)")
    parser.add_argument("--out", type=Path, default=PROJECT_ROOT / "bench" / "reports" / "stall.md")
    parser.add_argument(
        "--reuse",
        type=Path,
        default=None,
        metavar="PATH",
        help="SQLite only: build the database into PATH on the first run, serve a copy of it on later ones "
        "(same --size and --seed)",
    )
    parser.add_argument("--keep", action="store_true", help="keep the working folder (logs, database)")
    args = parser.parse_args(argv)
    args.workers = args.workers or default_workers()

    def out_of_time(_signal: int, _frame: FrameType | None) -> None:
        raise TimeoutError(f"the run took longer than {RUN_LIMIT} s")

    signal.signal(signal.SIGALRM, out_of_time)
    signal.signal(signal.SIGTERM, lambda _signal, _frame: sys.exit(1))  # so that the cleanup runs
    signal.alarm(RUN_LIMIT)
    work = Path(tempfile.mkdtemp(prefix="bench-stall-", dir="/tmp"))
    procs = Processes()
    try:
        result = run(args, work, procs)
    finally:
        procs.stop_all()
        signal.alarm(0)
        if args.keep:
            print(f"[stall] kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    table = render([result])
    print(table)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(table, encoding="utf-8")
    args.out.with_suffix(".json").write_text(
        json.dumps(
            {
                "statuses": result.statuses(),
                "server_errors": result.server_errors(),
                "unanswered": result.unanswered(),
                "slowest_s": (s.seconds if (s := result.slowest()) else None),
                "request_timeout_s": result.request_timeout,
                "healthz_p50_ms": result.healthz_ms(50),
                "healthz_p99_ms": result.healthz_ms(99),
                "failures": result.failures(),
            },
            indent=2,
        ),
        encoding="utf-8",
    )
    for failure in result.failures():
        print(f"error: {failure}")
    return 1 if result.failures() else 0


if __name__ == "__main__":
    sys.exit(main())
