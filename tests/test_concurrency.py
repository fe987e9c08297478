"""Pages served while an ingest runs never fail, and show the data as it was or as it becomes.

The real app runs under uvicorn on a copy of the seeded database; a `python -m app ingest`
process adds a synthetic corpus (bench/corpus.py) to the same database while a few threads
request pages from 127.0.0.1, from its start until five seconds after they first see one of the
meetings it adds (or until it ends).
"""

import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import count
from pathlib import Path

import httpx
import pytest

from app.config import PROJECT_ROOT, Settings
from bench.corpus import generate
from tests.conftest import Databases
from tests.servers import serving

CORPUS_SIZE = 60
CORPUS_SEED = 5
THREADS = 4
HAMMER_SECONDS = 5.0  # requests go on this long after the first new meeting is seen
MAX_SECONDS = 90.0  # the ingest ends long before this, even with the requests competing for the CPU
URLS = ("/", "/api/v1/meetings", "/topics/terrorism", "/search?q=terror")
COUNTED = "/api/v1/meetings"
VERSION_CHECK_SECONDS: float = Settings.model_fields["version_check_seconds"].default  # production's


@dataclass
class Server:
    url: str
    database: str
    log: Path


@pytest.fixture
def server(tmp_path: Path, databases: Databases, seeded_template: str) -> Iterator[Server]:
    """The real app (uvicorn, one worker, the production cache settings) on a seeded copy."""
    database = databases.copy(seeded_template, "concurrent")
    log = tmp_path / "server.log"
    with serving(database, log, VERSION_CHECK_SECONDS=str(VERSION_CHECK_SECONDS)) as base_url:
        yield Server(base_url, database, log)
    databases.drop(database)


@dataclass
class Window:
    """When the requests saw the first new meeting, and when they must stop."""

    old: int
    first_change: float | None = None
    done: threading.Event = field(default_factory=threading.Event)


@dataclass
class Seen:
    """What one thread was answered."""

    requests: int = 0
    failures: list[str] = field(default_factory=list)  # 5xx, other non-200 and connection errors
    totals: dict[bool, list[int]] = field(default_factory=lambda: {True: [], False: []})  # by `fresh`


def hammer(base_url: str, window: Window, seen: Seen, unique: Iterator[int]) -> None:
    """Request the pages in turn until the window closes; every other round asks for a fresh render.

    The response cache is keyed by the HX-Target header as well as the address, so a header
    no page uses makes the app query the database (a page would otherwise come from memory
    until the ingest's final commit bumps the data version).
    """
    with httpx.Client(base_url=base_url, timeout=15.0) as client:
        for round_number in count():
            fresh = round_number % 2 == 1
            for url in URLS:
                if window.done.is_set():
                    return
                headers = {"HX-Target": f"fresh-{next(unique)}"} if fresh else {}
                seen.requests += 1
                try:
                    response = client.get(url, headers=headers)
                except httpx.TransportError as exc:
                    seen.failures.append(f"{url}: {exc.__class__.__name__}: {exc}")
                    continue
                if response.status_code != 200:
                    seen.failures.append(f"{url}: {response.status_code} {response.text[:300]}")
                elif url == COUNTED:
                    total = response.json()["total"]
                    seen.totals[fresh].append(total)
                    if total > window.old and window.first_change is None:
                        window.first_change = time.monotonic()


def meetings_total(base_url: str) -> int:
    response = httpx.get(base_url + COUNTED, headers={"HX-Target": f"total-{time.monotonic()}"}, timeout=15.0)
    assert response.status_code == 200
    total: int = response.json()["total"]
    return total


def test_pages_served_during_an_ingest_never_fail_and_show_old_or_new_data(
    server: Server, tmp_path: Path
) -> None:
    corpus = tmp_path / "corpus"
    generate(corpus, CORPUS_SIZE, CORPUS_SEED)
    old = meetings_total(server.url)

    window = Window(old)
    unique = count()
    seen = [Seen() for _ in range(THREADS)]
    threads = [threading.Thread(target=hammer, args=(server.url, window, s, unique)) for s in seen]
    started = time.monotonic()
    ingest = subprocess.Popen(
        [sys.executable, "-m", "app", "ingest", str(corpus)],
        cwd=PROJECT_ROOT,
        env={**os.environ, "DATABASE_URL": server.database},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        for thread in threads:
            thread.start()
        while ingest.poll() is None and time.monotonic() - started < MAX_SECONDS:
            if window.first_change is not None and time.monotonic() - window.first_change > HAMMER_SECONDS:
                break
            time.sleep(0.05)
    finally:
        window.done.set()
        for thread in threads:
            thread.join(timeout=30)
    seconds = time.monotonic() - started
    try:
        out, err = ingest.communicate(timeout=MAX_SECONDS)
    finally:
        if ingest.poll() is None:
            ingest.kill()
            ingest.communicate()
    assert ingest.returncode == 0, err[-2000:]
    assert f"loaded {CORPUS_SIZE}," in out
    new = meetings_total(server.url)

    requests = sum(s.requests for s in seen)
    failures = [f for s in seen for f in s.failures]
    totals = {fresh: [t for s in seen for t in s.totals[fresh]] for fresh in (False, True)}
    print(
        f"\nconcurrency: {requests} requests from {THREADS} threads in {seconds:.1f} s while an ingest "
        f"of {CORPUS_SIZE} articles ran; meetings went {old} -> {new}, "
        f"{len(set(totals[True]))} distinct totals seen fresh, {len(set(totals[False]))} from the cache"
    )
    assert old < new
    assert failures == [], (failures[:10], server.log.read_text(errors="replace")[-3000:])
    every = totals[False] + totals[True]
    # Each article of this corpus adds meetings or joins one (checked article by article), so the
    # count only grows; an article merging two meetings could lower it.
    assert all(old <= total <= new for total in every), sorted(set(every))
    assert window.first_change is not None
    assert any(old < total for total in every)
    for s in seen:  # each thread sees time move forward
        for sequence in s.totals.values():
            assert sequence == sorted(sequence), sequence
    time.sleep(VERSION_CHECK_SECONDS + 0.2)
    cached = httpx.get(server.url + COUNTED, timeout=15.0).json()["total"]
    assert cached == new, "a page cached during the ingest is still shown after it"
