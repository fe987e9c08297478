"""Every mistake a user can make with `tracker` ends in one line naming what to fix, never a traceback.

The commands run as real processes through the installed console script: what is checked is what
a user sees (stderr, the exit status, what is left on disk).
"""

import os
import re
import shutil
import socket
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

import app.db
from app import cli
from app.config import PROJECT_ROOT
from app.db import make_engine
from tests.conftest import SEEDS, SERVER, Databases

TRACKER = Path(sys.executable).parent / "tracker"
SQLITE_ONLY = pytest.mark.skipif(bool(SERVER), reason="SQLite's own file errors; the SQLite pass runs them")
ARTICLE = """---
title: The third 2+2 dialogue
published: 2024-08-21
---
NEW DELHI, Aug 20 -- India and Japan held their third 2+2 ministerial dialogue today in New Delhi.

External Affairs Minister S. Jaishankar said the two sides discussed terrorism and maritime security.
"""


def tracker(
    *args: str,
    database: str | None = None,
    prefix: tuple[str, ...] = (),
    env: dict[str, str] | None = None,
) -> subprocess.CompletedProcess[str]:
    """`tracker ARGS` run from the project folder, on the database at `database` when given."""
    environment = {**os.environ, **(env or {})}
    if database is not None:
        environment["DATABASE_URL"] = database
    return subprocess.run(
        [*prefix, str(TRACKER), *args],
        cwd=PROJECT_ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def one_error(finished: subprocess.CompletedProcess[str], status: int) -> str:
    """The single error line of a command that failed with `status`."""
    assert "Traceback" not in finished.stderr, finished.stderr
    lines = [line for line in finished.stderr.splitlines() if line.strip()]
    assert finished.returncode == status, finished.stderr
    assert len(lines) == 1, finished.stderr
    assert lines[0].startswith("error: "), lines
    return lines[0]


def unprivileged() -> tuple[str, ...]:
    """A command prefix under which file permissions hold, even for root (which ignores them)."""
    if os.geteuid() != 0:
        return ()
    if shutil.which("setpriv") is None:
        pytest.skip("running as root without setpriv: file permissions cannot be made to hold")
    return ("setpriv", "--bounding-set=-dac_override,-dac_read_search")


@pytest.fixture
def seeded(databases: Databases, seeded_template: str) -> str:
    """The URL of a seeded database of this test's own, on the engine of this pass."""
    return databases.copy(seeded_template, "cli-errors")


@pytest.fixture
def sqlite_seeded(seeded: str) -> Path:
    """The file of a seeded SQLite database of this test's own (the SQLite pass only)."""
    if make_url(seeded).get_backend_name() != "sqlite":
        pytest.skip("SQLite's own file errors; the SQLite pass runs them")
    database = make_url(seeded).database
    assert database
    return Path(database)


@pytest.fixture
def article(tmp_path: Path) -> Path:
    """A new article the seeded database does not hold yet."""
    path = tmp_path / "third-dialogue.md"
    path.write_text(ARTICLE, encoding="utf-8")
    return path


@pytest.fixture
def locked_file(tmp_path: Path) -> Iterator[Path]:
    """A folder whose files are restored to readable after the test (pytest must delete them)."""
    yield tmp_path
    for path in tmp_path.rglob("*"):
        path.chmod(0o755)


# --- the console script ---------------------------------------------------------------------


def test_console_script_is_installed_and_names_itself() -> None:
    finished = tracker("--help")

    assert finished.returncode == 0, finished.stderr
    assert finished.stdout.startswith("usage: tracker ")
    assert {"ingest", "serve", "export", "check"} <= set(re.findall(r"^    (\w+)", finished.stdout, re.M))


def test_python_dash_m_app_keeps_working_under_its_own_name() -> None:
    finished = subprocess.run(
        [sys.executable, "-m", "app", "--help"], cwd=PROJECT_ROOT, capture_output=True, text=True, check=False
    )

    assert finished.returncode == 0, finished.stderr
    assert finished.stdout.startswith("usage: python -m app ")


# --- the command line -----------------------------------------------------------------------


def test_unknown_option_of_ingest_prints_ingests_own_usage() -> None:
    finished = tracker("ingest", "--bogus")

    assert finished.returncode == 2
    assert finished.stderr.startswith("usage: tracker ingest ")
    assert finished.stderr.splitlines()[-1] == "tracker ingest: error: unrecognized arguments: --bogus"


def test_ingest_help_names_the_default_folder_and_the_database_variable() -> None:
    finished = tracker("ingest", "--help")

    assert finished.returncode == 0
    text = " ".join(finished.stdout.split())
    assert "seeds/" in text
    assert "DATABASE_URL" in text
    assert "SEEDS_DIR" in text


def test_serve_help_explains_host_port_and_workers() -> None:
    finished = tracker("serve", "--help")

    text = " ".join(finished.stdout.split())
    assert "--host HOST address to listen on (default: 127.0.0.1)" in text
    assert "--port PORT TCP port to listen on (default: 8000)" in text
    assert "--workers N worker processes (default: WEB_CONCURRENCY, else one per core)" in text


@pytest.mark.parametrize(("option", "value"), [("--port", "70000"), ("--port", "http"), ("--workers", "0")])
def test_serve_refuses_an_impossible_port_or_worker_count_with_its_usage(option: str, value: str) -> None:
    finished = tracker("serve", option, value)

    assert finished.returncode == 2
    assert finished.stderr.startswith("usage: tracker serve ")
    assert f"argument {option}: {value!r} is not" in finished.stderr


def test_serve_on_a_port_in_use_says_so_in_one_line(seeded: str) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        finished = tracker("serve", "--port", str(port), database=seeded)

    assert one_error(finished, 1) == (
        f"error: --port {port}: 127.0.0.1:{port} is already in use: "
        "stop what listens there or choose another --port"
    )


@pytest.mark.parametrize(
    ("variable", "value"),
    [("WEB_CONCURRENCY", "many"), ("REQUEST_TIMEOUT", "soon"), ("VERSION_CHECK_SECONDS", "x")],
)
def test_a_malformed_setting_is_named_in_one_line(variable: str, value: str) -> None:
    finished = tracker("serve", "--port", "1", env={variable: value})

    assert one_error(finished, 2).startswith(f"error: {variable}={value!r}: ")


# --- DATABASE_URL ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "problem"),
    [
        ("mysql://tracker@localhost/tracker", "mysql (driver mysqldb) is not supported"),
        ("postgresql+psycopg2://tracker@localhost/tracker", "postgresql (driver psycopg2) is not supported"),
        ("garbage", "'garbage' is not a database URL"),
        ("sqlite//data/tracker.db", "is not a database URL"),
    ],
)
@pytest.mark.parametrize("command", ["ingest", "export", "check", "serve"])
def test_an_unusable_database_url_is_refused_in_one_line(command: str, url: str, problem: str) -> None:
    line = one_error(tracker(command, database=url), 2)

    assert line.startswith("error: DATABASE_URL")
    assert problem in line
    assert "sqlite:///PATH/tracker.db or postgresql+psycopg://" in line  # what to write instead


def test_a_database_in_a_folder_that_does_not_exist_is_refused_and_not_created(tmp_path: Path) -> None:
    missing = tmp_path / "no" / "such"

    line = one_error(tracker("ingest", database=f"sqlite:///{missing}/tracker.db"), 2)

    assert line == (
        f"error: DATABASE_URL: the folder {missing} does not exist: create it, "
        "or point DATABASE_URL at a file in a folder that exists"
    )
    assert not (tmp_path / "no").exists()


def test_only_the_default_data_folder_is_created(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(app.db, "DATA_DIR", tmp_path / "data")
    make_engine(f"sqlite:///{tmp_path / 'elsewhere' / 'tracker.db'}").dispose()
    make_engine(f"sqlite:///{tmp_path / 'data' / 'tracker.db'}").dispose()

    assert sorted(p.name for p in tmp_path.iterdir()) == ["data"]


def test_postgresql_url_as_hosts_write_it_uses_psycopg_and_hides_the_password() -> None:
    with socket.socket() as closed:  # a port on which nothing listens
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    line = one_error(tracker("export", database=f"postgres://tracker:s3cret@127.0.0.1:{port}/tracker"), 1)

    assert line.startswith(
        f"error: DATABASE_URL: cannot connect to postgresql+psycopg://tracker:***@127.0.0.1:{port}/"
    )
    assert line.endswith(": start the server or correct DATABASE_URL")
    assert "s3cret" not in line


@SQLITE_ONLY
def test_a_file_that_is_not_a_database_is_named(tmp_path: Path) -> None:
    notes = tmp_path / "notes.db"
    notes.write_text("not a database, just notes\n" * 100)

    line = one_error(tracker("export", database=f"sqlite:///{notes}"), 1)

    assert line == (
        f"error: DATABASE_URL: {notes} is not a SQLite database: point DATABASE_URL at the tracker's database"
    )


# --- standard output ------------------------------------------------------------------------


def test_export_into_a_closed_pipe_ends_quietly_with_status_1(seeded: str) -> None:
    # `tracker export | head`: the reader is gone before the export writes its first byte.
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        finished = subprocess.run(
            [str(TRACKER), "export", "--format", "json"],
            cwd=PROJECT_ROOT,
            env={**os.environ, "DATABASE_URL": seeded},
            stdout=write_end,
            stderr=subprocess.PIPE,
            text=True,
            timeout=120,
            check=False,
        )
    finally:
        os.close(write_end)

    assert finished.returncode == 1
    assert finished.stderr == ""  # no traceback, and no "Exception ignored" at exit either


def test_export_to_a_full_disk_says_so_in_one_line(seeded: str) -> None:
    if not Path("/dev/full").exists():
        pytest.skip("no /dev/full to stand for a full disk")
    with open("/dev/full", "w") as full:
        finished = subprocess.run(
            [str(TRACKER), "export"],
            cwd=PROJECT_ROOT,
            env={**os.environ, "DATABASE_URL": seeded},
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            timeout=120,
            check=False,
        )

    assert one_error(finished, 1) == (
        "error: standard output: No space left on device: free space where it goes, or send it elsewhere"
    )


# --- files the command cannot read or write ------------------------------------------------


def test_an_unreadable_article_fails_alone_and_is_named(
    seeded: str, locked_file: Path, article: Path
) -> None:
    article.chmod(0)

    finished = tracker("ingest", str(article), database=seeded, prefix=unprivileged())

    assert one_error(finished, 1) == f"error: {article}: cannot be read (Permission denied)"
    assert "files read 1, loaded 0, unchanged 0, failed 1" in finished.stdout


def test_an_unreadable_folder_is_named_before_anything_is_loaded(seeded: str, locked_file: Path) -> None:
    folder = locked_file / "articles"
    folder.mkdir()
    (folder / "one.md").write_text(ARTICLE)
    folder.chmod(0)

    finished = tracker("ingest", str(folder), database=seeded, prefix=unprivileged())

    assert (
        one_error(finished, 1)
        == f"error: {folder}: folder cannot be read (Permission denied): let this user read it"
    )


def test_an_unreadable_reference_file_is_named(seeded: str, locked_file: Path) -> None:
    seeds = locked_file / "seeds"
    shutil.copytree(SEEDS, seeds)
    (seeds / "topics.yaml").chmod(0)

    finished = tracker(
        "ingest",
        str(seeds),
        database=seeded,
        prefix=unprivileged(),
        env={"SEEDS_DIR": str(seeds)},
    )

    assert (
        one_error(finished, 1) == f"error: {seeds / 'topics.yaml'}: Permission denied: let this user read it"
    )


@SQLITE_ONLY
def test_a_read_only_database_is_named_and_left_as_it_was(
    sqlite_seeded: Path, locked_file: Path, article: Path
) -> None:
    database = locked_file / "read-only.db"
    shutil.copy(sqlite_seeded, database)
    database.chmod(0o444)
    before = database.read_bytes()

    finished = tracker("ingest", str(article), database=f"sqlite:///{database}", prefix=unprivileged())

    assert one_error(finished, 1) == (
        f"error: DATABASE_URL: {database} is read-only here: let this user write the file and its folder"
    )
    assert database.read_bytes() == before
    assert tracker("export", database=f"sqlite:///{database}", prefix=unprivileged()).returncode == 0


@SQLITE_ONLY
def test_a_database_another_writer_holds_is_named(sqlite_seeded: Path, article: Path) -> None:
    holder = sqlite3.connect(sqlite_seeded, isolation_level=None)
    try:
        holder.execute("BEGIN IMMEDIATE")  # as a running ingest holds it
        finished = tracker("ingest", str(article), database=f"sqlite:///{sqlite_seeded}")
    finally:
        holder.close()

    assert one_error(finished, 1) == (
        f"error: DATABASE_URL: {sqlite_seeded} is locked by another writer (an ingest?): "
        "wait for it to end, then run this again"
    )
    after = tracker("ingest", str(article), database=f"sqlite:///{sqlite_seeded}")
    assert "loaded 1" in after.stdout, after.stderr


# SQLite's page limit, set on every connection of the process, stands for a disk that is full.
FULL_DISK = """
import sys
from sqlalchemy import Engine, event

@event.listens_for(Engine, "connect")
def no_room_to_grow(connection, _record):
    pages = connection.execute("PRAGMA page_count").fetchone()[0]
    connection.execute(f"PRAGMA max_page_count={pages}")

from app.cli import main
raise SystemExit(main(sys.argv[1:]))
"""


@SQLITE_ONLY
def test_a_full_disk_under_the_database_is_named_and_costs_nothing_stored(
    sqlite_seeded: Path, tmp_path: Path
) -> None:
    big = tmp_path / "long-dialogue.md"
    paragraphs = "\n\n".join(
        f"External Affairs Minister S. Jaishankar said point {n} on terrorism and maritime security was met."
        for n in range(300)
    )
    big.write_text(ARTICLE + "\n" + paragraphs + "\n", encoding="utf-8")
    url = f"sqlite:///{sqlite_seeded}"
    before = tracker("export", database=url).stdout

    finished = subprocess.run(
        [sys.executable, "-c", FULL_DISK, "ingest", str(big)],
        cwd=PROJECT_ROOT,
        env={**os.environ, "DATABASE_URL": url},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    assert one_error(finished, 1) == (
        f"error: DATABASE_URL: the disk holding {sqlite_seeded} is full: free some space, then run this again"
    )
    assert tracker("export", database=url).stdout == before


def test_migrate_builds_a_new_database_once_for_servers_to_share(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'shared.db'}"

    first, again = tracker("migrate", database=url), tracker("migrate", database=url)

    assert (first.returncode, first.stdout, first.stderr) == (0, "", "")
    assert again.returncode == 0, again.stderr
    exported = tracker("export", database=url)
    assert '"meetings": []' in exported.stdout


def test_a_database_url_naming_a_folder_says_to_name_a_file(tmp_path: Path) -> None:
    line = one_error(tracker("export", database=f"sqlite:///{tmp_path}"), 2)

    assert line == (
        f"error: DATABASE_URL: {tmp_path} is a folder: name a database file, "
        f"such as sqlite:///{tmp_path / 'tracker.db'}"
    )


def test_serve_on_a_privileged_port_without_the_privilege_says_so() -> None:
    prefix: tuple[str, ...] = ()
    if os.geteuid() == 0:
        if shutil.which("setpriv") is None:
            pytest.skip("running as root without setpriv: any port may be listened on")
        prefix = ("setpriv", "--bounding-set=-net_bind_service")

    line = one_error(tracker("serve", "--port", "81", prefix=prefix), 2)

    assert line == (
        "error: --port 81: this user may not listen on it (ports below 1024 need privileges): "
        "choose a port from 1024 up, behind a proxy"
    )


def test_an_interrupted_command_ends_in_one_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def interrupted(_args: object) -> int:
        raise KeyboardInterrupt

    monkeypatch.setattr(cli, "_export", interrupted)

    assert cli.main(["export"]) == 1
    assert capsys.readouterr().err == (
        "error: interrupted: what was committed is kept; run the command again to finish\n"
    )
