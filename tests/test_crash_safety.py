"""An ingest killed with SIGKILL leaves a consistent database, and the next run finishes the work.

`python -m app ingest` runs as a real process over a synthetic corpus (bench/corpus.py) and is
killed at seeded random moments: while it starts, while it loads articles, while it applies the
corrections. After every kill the database must pass `check_integrity`, and each article stored
must have exactly the statements a clean run gives it (a source without them is a torn write).
"""

import os
import random
import re
import signal
import subprocess
import sys
import time
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, create_engine, func, inspect, select
from sqlalchemy.exc import SQLAlchemyError

from app.config import PROJECT_ROOT, Settings
from app.db import make_engine, make_session_factory, upgrade_to_head
from app.export import export_database
from app.integrity import check_integrity
from app.main import create_app
from app.models import Source, Statement
from bench.corpus import generate
from tests.conftest import Databases

CORPUS_SIZE = 60
CORPUS_SEED = 11
KILL_SEED = 20261123
KILLS = 5
RUN_SECONDS = 180.0  # a whole ingest of the corpus takes well under this
POLL_SECONDS = 0.02
SUMMARY = re.compile(r"files read (\d+), loaded (\d+), unchanged (\d+), failed (\d+)")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("corpus")
    generate(folder, CORPUS_SIZE, CORPUS_SEED)
    return folder


def start_ingest(url: str, folder: Path) -> subprocess.Popen[str]:
    """`python -m app ingest folder` on the database at `url`, as its own process."""
    return subprocess.Popen(
        [sys.executable, "-m", "app", "ingest", str(folder)],
        cwd=PROJECT_ROOT,
        env={**os.environ, "DATABASE_URL": url},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def finish(process: subprocess.Popen[str]) -> tuple[int, str, str]:
    """Wait for an ingest to end; its exit code, stdout and stderr."""
    try:
        out, err = process.communicate(timeout=RUN_SECONDS)
    except subprocess.TimeoutExpired:
        process.kill()
        process.communicate()
        pytest.fail(f"the ingest took longer than {RUN_SECONDS:.0f} s")
    return process.returncode, out, err


def kill(process: subprocess.Popen[str]) -> bool:
    """SIGKILL the ingest; whether it was still running (and so really was killed)."""
    process.send_signal(signal.SIGKILL)
    process.communicate(timeout=RUN_SECONDS)
    return process.returncode == -signal.SIGKILL


def wait_until_stored(engine: Engine, process: subprocess.Popen[str], articles: int) -> None:
    """Return once `articles` sources are stored or the ingest has ended."""
    deadline = time.monotonic() + RUN_SECONDS
    while stored_sources(engine) < articles and process.poll() is None:
        if time.monotonic() > deadline:
            kill(process)
            pytest.fail(f"the ingest stored fewer than {articles} articles in {RUN_SECONDS:.0f} s")
        time.sleep(POLL_SECONDS)


def wait_a_little(engine: Engine, seconds: float, stored: int) -> None:
    """Wait up to `seconds`, but no longer than until more than `stored` sources are stored:
    a kill meant for the start of a run lands there however much faster it runs than the clean one."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and stored_sources(engine) <= stored:
        time.sleep(min(POLL_SECONDS, max(0.0, deadline - time.monotonic())))


@pytest.fixture
def engines() -> Iterator[list[Engine]]:
    """Engines the test opens on the databases, disposed of at the end."""
    opened: list[Engine] = []
    yield opened
    for engine in opened:
        engine.dispose()


def stored_sources(engine: Engine) -> int:
    with make_session_factory(engine)() as session:
        return session.scalar(select(func.count()).select_from(Source)) or 0


def statements_by_source(engine: Engine) -> dict[str, set[str]]:
    """The ids of the statements stored for each stored source (an empty set when it has none)."""
    found: dict[str, set[str]] = {}
    with make_session_factory(engine)() as session:
        rows = session.execute(
            select(Source.slug, Statement.id).outerjoin(Statement, Statement.source_id == Source.id)
        )
        for slug, statement_id in rows:
            found.setdefault(slug, set())
            if statement_id is not None:
                found[slug].add(statement_id)
    return found


def integrity(engine: Engine) -> list[str]:
    with make_session_factory(engine)() as session:
        return check_integrity(session)


def exported(engine: Engine) -> dict[str, Any]:
    with make_session_factory(engine)() as session:
        return export_database(session)


@dataclass
class CleanRun:
    """A single uninterrupted ingest of the corpus: what it stored, and how long its phases took."""

    export: dict[str, Any]
    first_commit: float  # seconds from start until the first article was stored
    per_article: float  # seconds per article after that


def clean_run(url: str, folder: Path, engine: Engine) -> CleanRun:
    started = time.monotonic()
    process = start_ingest(url, folder)
    first_commit = None
    while process.poll() is None and time.monotonic() - started < RUN_SECONDS:
        if first_commit is None and stored_sources(engine) > 0:
            first_commit = time.monotonic() - started
        time.sleep(POLL_SECONDS)
    code, out, err = finish(process)
    took = time.monotonic() - started
    assert code == 0, (out, err)
    assert first_commit is not None, "the clean ingest ended before it could be watched"
    return CleanRun(exported(engine), first_commit, (took - first_commit) / CORPUS_SIZE)


def test_killed_ingests_leave_a_consistent_database_and_the_next_run_finishes(
    databases: Databases, corpus: Path, engines: list[Engine]
) -> None:
    clean_url, crash_url = databases.new("clean"), databases.new("crashed")
    # Kills while the schema is created are test_a_kill_during_the_migrations_...'s subject.
    upgrade_to_head(clean_url)
    upgrade_to_head(crash_url)
    clean_engine, crash_engine = make_engine(clean_url), make_engine(crash_url)
    engines += [clean_engine, crash_engine]

    clean = clean_run(clean_url, corpus, clean_engine)
    expected: dict[str, set[str]] = defaultdict(set)
    for statement in clean.export["statements"]:
        expected[statement["source"]].add(statement["id"])
    assert len(clean.export["sources"]) == CORPUS_SIZE
    assert all(expected[s["slug"]] for s in clean.export["sources"]), "every article has statements"

    # Where to kill: while it starts, after a random number of articles (and part of the next),
    # and once every article is stored (while the corrections are applied).
    rng = random.Random(KILL_SEED)
    plan = [(0, rng.uniform(0.3, 1.0) * clean.first_commit)]
    plan += [
        # Articles are written in doubling batches (1, 2, 4 ...), so the last batch holds about
        # half the corpus: a kill waits for a count in the first half, then lands mid-ingest.
        (n, rng.uniform(0, clean.per_article))
        for n in sorted(rng.sample(range(1, CORPUS_SIZE // 2), KILLS - 2))
    ]
    plan += [(CORPUS_SIZE, 0.0)]
    kills: list[tuple[int, int]] = []  # (articles stored before the kill was sent, stored after it)
    for stored_at_least, then in plan:
        process = start_ingest(crash_url, corpus)
        wait_until_stored(crash_engine, process, stored_at_least)
        if stored_at_least == 0:
            wait_a_little(crash_engine, then, 0)
        else:
            time.sleep(then)
        before = stored_sources(crash_engine)
        if not kill(process):
            continue  # it finished first
        assert integrity(crash_engine) == []
        stored = statements_by_source(crash_engine)
        torn = {slug: len(ids) for slug, ids in stored.items() if ids != expected.get(slug)}
        assert torn == {}, f"sources stored without exactly their statements (count stored): {torn}"
        kills.append((before, len(stored)))

    print(f"\ncrash safety: survived {len(kills)} SIGKILLs (articles stored when sent, after): {kills}")
    assert len(kills) >= KILLS - 1, kills  # the last may come after the end
    assert any(0 < stored < CORPUS_SIZE for _, stored in kills), "no kill landed while articles were loading"

    code, out, err = finish(start_ingest(crash_url, corpus))
    assert code == 0, (out, err)
    summary = SUMMARY.search(out)
    assert summary is not None, out
    read, loaded, unchanged, failed = map(int, summary.groups())
    assert (read, failed) == (CORPUS_SIZE, 0)
    assert loaded + unchanged == CORPUS_SIZE
    assert integrity(crash_engine) == []
    assert exported(crash_engine) == clean.export


def has_schema_tables(engine: Engine) -> bool:
    try:
        with engine.connect() as connection:
            return inspect(connection).has_table("meetings")
    except SQLAlchemyError:
        return False


def test_a_kill_during_the_migrations_of_a_new_database_does_not_stop_the_next_ingest(
    databases: Databases, corpus: Path, engines: list[Engine]
) -> None:
    url = databases.new("killed-migrating")
    watcher = create_engine(url)  # no pragmas: it only looks
    engines.append(watcher)
    process = start_ingest(url, corpus)
    deadline = time.monotonic() + RUN_SECONDS
    while not has_schema_tables(watcher) and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.005)
    kill(process)  # as soon as the first tables are there: on SQLite, half-way through the schema
    watcher.dispose()

    code, out, err = finish(start_ingest(url, corpus))
    assert code == 0, err[-2000:]
    assert f"loaded {CORPUS_SIZE}," in out


def test_articles_stored_by_a_killed_ingest_reach_the_pages_already_cached(
    databases: Databases, corpus: Path, engines: list[Engine]
) -> None:
    url = databases.new("killed-cached")
    upgrade_to_head(url)
    engine = make_engine(url)
    engines.append(engine)
    app = create_app(Settings(database_url=url, version_check_seconds=0))
    engines.append(app.state.engine)
    client = TestClient(app)
    assert client.get("/api/v1/meetings").json()["total"] == 0  # now in the cache

    process = start_ingest(url, corpus)
    # Killed once its first batch is stored: the rest of the corpus, written in batches that
    # double in size, takes long enough that the kill lands before the last (on a fast machine
    # a quarter of the corpus left too little time, and the ingest sometimes ended first).
    wait_until_stored(engine, process, 1)
    if not kill(process) or stored_sources(engine) == CORPUS_SIZE:
        raise RuntimeError("the ingest finished before it could be killed")

    stored = len(exported(engine)["meetings"])
    fresh = client.get("/api/v1/meetings", headers={"HX-Target": "not-cached"}).json()["total"]
    assert 0 < fresh <= stored  # the data is there for a request the cache has not seen...
    assert client.get("/api/v1/meetings").json()["total"] == fresh  # ...but not for one it has


PARALLEL_CORPUS_SIZE = 1000  # from PARALLEL_FROM files, the articles are extracted in worker processes;
# enough that the ingest is still running when the kill comes, however fast the machine


def children_of(pid: int) -> set[int]:
    """The live processes whose parent is `pid` (zombies waiting for their reaper are not live)."""
    found = set()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue  # ended meanwhile
        state, parent = stat.rsplit(")", 1)[1].split()[:2]
        if int(parent) == pid and state != "Z":
            found.add(int(entry.name))
    return found


def alive(pids: set[int]) -> set[int]:
    """The processes of `pids` still running."""
    running = set()
    for pid in pids:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if state != "Z":
            running.add(pid)
    return running


@pytest.mark.skipif(
    not Path("/proc/self/stat").exists() or (os.cpu_count() or 1) < 2, reason="needs /proc and 2 cores"
)
def test_a_killed_parallel_ingest_leaves_no_worker_process_behind(
    tmp_path: Path, databases: Databases, migrated_template: str
) -> None:
    from app.ingest.pipeline import PARALLEL_FROM

    assert PARALLEL_CORPUS_SIZE >= PARALLEL_FROM
    generate(tmp_path / "corpus", PARALLEL_CORPUS_SIZE, CORPUS_SEED)
    url = databases.copy(migrated_template, "killed-parallel")
    process = start_ingest(url, tmp_path / "corpus")
    try:
        deadline = time.monotonic() + RUN_SECONDS
        workers: set[int] = set()
        while len(workers) < 2 and process.poll() is None and time.monotonic() < deadline:
            workers = {pid for pid in children_of(process.pid) if b"multiprocessing" in _cmdline(pid)}
            time.sleep(POLL_SECONDS)
        assert len(workers) >= 2, "the ingest started no worker processes"
        time.sleep(0.3)  # the workers are extracting
        everything = children_of(process.pid)  # the workers, and multiprocessing's resource tracker
        # Not kill(): its communicate() would wait for the pipes, which workers left behind hold.
        process.send_signal(signal.SIGKILL)
        assert process.wait(timeout=RUN_SECONDS) == -signal.SIGKILL, "the ingest ended before the kill"

        deadline = time.monotonic() + 5.0
        while alive(everything) and time.monotonic() < deadline:
            time.sleep(0.05)
        left = alive(everything)
        for pid in left:  # so that a failure leaves nothing running either
            os.kill(pid, signal.SIGKILL)
        assert left == set(), f"processes left running 5 s after their ingest was killed: {sorted(left)}"
    finally:
        if process.poll() is None:
            process.kill()
        process.communicate()
        databases.drop(url)


def _cmdline(pid: int) -> bytes:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return b""
