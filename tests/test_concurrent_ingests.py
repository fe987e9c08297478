"""Two ingests against one database: one writes at a time, the other waits, and nothing is lost.

Both are real `python -m app ingest` processes, each over its own synthetic corpus
(bench/corpus.py), started together on a copy of the migrated database (SQLite, or PostgreSQL
when TEST_DATABASE_URL names a server).
"""

import os
import re
import subprocess
import sys
from pathlib import Path

from sqlalchemy import func, select

from app.config import PROJECT_ROOT
from app.db import make_engine, make_session_factory, writer_lock
from app.models import Rejection, Source
from bench.corpus import generate
from tests.conftest import Databases

CORPUS_SIZE = 100
RUN_SECONDS = 300.0
SUMMARY = re.compile(r"^files read (\d+), loaded (\d+), unchanged (\d+), failed (\d+)", re.MULTILINE)


def start_ingest(url: str, folder: Path, **env: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "app", "ingest", str(folder)],
        cwd=PROJECT_ROOT,
        env={**os.environ, "DATABASE_URL": url, **env},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_two_ingests_at_once_load_all_their_files_and_both_print_their_summary(
    tmp_path: Path, databases: Databases, migrated_template: str
) -> None:
    folders = [tmp_path / "first", tmp_path / "second"]
    for seed, folder in enumerate(folders, start=1):
        generate(folder, CORPUS_SIZE, seed)
    url = databases.copy(migrated_template, "two_ingests")

    processes = [start_ingest(url, folder) for folder in folders]
    outputs = [process.communicate(timeout=RUN_SECONDS) for process in processes]

    for process, (out, err) in zip(processes, outputs, strict=True):
        assert process.returncode == 0, (out, err)
        assert SUMMARY.findall(out) == [(str(CORPUS_SIZE), str(CORPUS_SIZE), "0", "0")], (out, err)
        assert "locked" not in err, err
    engine = make_engine(url)
    try:
        with make_session_factory(engine)() as session:
            assert session.scalar(select(func.count()).select_from(Source)) == 2 * CORPUS_SIZE
            assert session.scalars(select(Rejection.file)).all() == []
    finally:
        engine.dispose()
        databases.drop(url)


def test_an_ingest_that_cannot_get_the_writer_lock_in_time_says_so_in_one_line(
    tmp_path: Path, databases: Databases, migrated_template: str
) -> None:
    generate(tmp_path / "corpus", 3, 1)
    url = databases.copy(migrated_template, "busy")
    engine = make_engine(url)
    try:
        with writer_lock(engine, wait=0):  # as another ingest would hold it
            out, err = start_ingest(url, tmp_path / "corpus", INGEST_WAIT_SECONDS="0.5").communicate(
                timeout=RUN_SECONDS
            )
        with make_session_factory(engine)() as session:
            assert session.scalar(select(func.count()).select_from(Source)) == 0
    finally:
        engine.dispose()
        databases.drop(url)
    assert err.splitlines() == [
        "error: another ingest is running on this database and did not end within 0.5 s "
        "(INGEST_WAIT_SECONDS): run this again once it has ended"
    ]
    assert out == ""


def test_the_writer_lock_is_free_again_once_its_holder_lets_go(
    databases: Databases, migrated_template: str
) -> None:
    url = databases.copy(migrated_template, "lock")
    engine = make_engine(url)
    try:
        with writer_lock(engine, wait=0):
            pass
        with writer_lock(engine, wait=0):
            pass
    finally:
        engine.dispose()
        databases.drop(url)
