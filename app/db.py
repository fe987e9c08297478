"""Engine, sessions and schema upgrades."""

import ast
import fcntl
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Engine, create_engine, event, inspect, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from app.config import DATA_DIR, PROJECT_ROOT

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS_DIR = PROJECT_ROOT / "migrations"
SUPPORTED_URLS = "sqlite:///PATH/tracker.db or postgresql+psycopg://USER:PASSWORD@HOST:PORT/DATABASE"
DRIVERS = {"sqlite": "pysqlite", "postgresql": "psycopg"}


class DatabaseUrlError(ValueError):
    """DATABASE_URL names no database this app can use; the message says what to write instead."""


def check_database_url(url: str) -> None:
    """Refuse, in one line, a URL that is malformed, names an engine or driver not installed, or a
    SQLite file in a folder that does not exist (only the default data/ folder is created)."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        shown = url if len(url) <= 60 else url[:57] + "..."
        raise DatabaseUrlError(
            f"DATABASE_URL {shown!r} is not a database URL: write it as {SUPPORTED_URLS}"
        ) from None
    backend, driver = parsed.get_backend_name(), parsed.get_driver_name()
    if DRIVERS.get(backend) != driver:
        raise DatabaseUrlError(
            f"DATABASE_URL: {backend} (driver {driver}) is not supported: use {SUPPORTED_URLS}"
        )
    folder = sqlite_folder(parsed)
    if folder is not None and Path(str(parsed.database)).is_dir():
        raise DatabaseUrlError(
            f"DATABASE_URL: {parsed.database} is a folder: "
            f"name a database file, such as {folder_hint(parsed)}"
        )
    if folder is not None and not folder.is_dir() and folder.resolve() != DATA_DIR:
        raise DatabaseUrlError(
            f"DATABASE_URL: the folder {folder} does not exist: create it, "
            "or point DATABASE_URL at a file in a folder that exists"
        )


def folder_hint(parsed: URL) -> str:
    """The URL of a tracker.db file inside the folder a SQLite URL names."""
    return f"sqlite:///{Path(str(parsed.database)) / 'tracker.db'}"


def sqlite_folder(parsed: URL) -> Path | None:
    """The folder of a SQLite database file; None for other engines, memory and `file:` URIs."""
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    if parsed.query.get("uri") or str(parsed.database).startswith("file:"):
        return None
    return Path(str(parsed.database)).parent


SQLITE_MMAP_BYTES = 1 << 30  # the web app's read-only connections map up to 1 GiB of the file


def _sqlite_pragmas(read_only: bool) -> Any:
    def on_connect(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=5000")
        # WAL lets pages read the last committed state while an ingest writes.
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        if read_only:
            cursor.execute("PRAGMA query_only=ON")
            # Pages read the file through the OS's cache, mapped rather than copied by a read()
            # each time, and keep 16 MB of decoded pages per connection (checked on each change):
            # with RENDER_THREADS + 2 connections a worker, 96 MB a worker at most.
            cursor.execute(f"PRAGMA mmap_size={SQLITE_MMAP_BYTES}")
            cursor.execute("PRAGMA cache_size=-16384")
        else:  # an ingest writes all over the indexes: 32 MB of pages instead of 2 MB
            cursor.execute("PRAGMA cache_size=-32768")
        cursor.close()
        dbapi_connection.isolation_level = None  # the driver's own BEGIN would skip DDL

    return on_connect


def make_engine(
    url: str, *, read_only: bool = False, writer: bool = False, threads: int | None = None, wait: float = 30.0
) -> Engine:
    """An engine for `url`; `read_only` engines (the web app's) cannot write at all; a `writer`'s
    (an ingest's) transactions take SQLite's write lock as they begin. `threads`: how many
    sessions use it at once (the web app's RENDER_THREADS), so that the pool holds a connection
    for each; `wait`: seconds a thread may wait for a connection before the pool gives up."""
    parsed = make_url(url)
    backend = parsed.get_backend_name()
    folder = sqlite_folder(parsed)
    if folder is not None and folder.resolve() == DATA_DIR:
        DATA_DIR.mkdir(exist_ok=True)  # the default database's folder, and no other
    connect_args: dict[str, Any] = {}
    if backend == "postgresql" and read_only:
        connect_args["options"] = "-c default_transaction_read_only=on"
    pool: dict[str, Any] = {"pool_timeout": wait}
    if threads is not None:
        # A connection for each of the sessions open at once (app.deps holds them to `threads`),
        # one for the cache's data-version check and one for /readyz: no session waits for a
        # connection. One that waited past its request's deadline would hold its thread after
        # the request was answered 503, and the requests behind it would meet the same wait.
        pool |= {"pool_size": threads + 2, "max_overflow": 0}
    engine = create_engine(url, connect_args=connect_args, pool_pre_ping=backend != "sqlite", **pool)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas(read_only))
        # Let SQLAlchemy, not the driver, begin transactions, so that schema changes (the
        # migrations) and savepoints are transactional too: a migration killed halfway leaves
        # nothing behind (SQLAlchemy's documented recipe for pysqlite).
        # A writer begins with the write lock (BEGIN IMMEDIATE), waiting for it under the busy
        # timeout: a deferred transaction that reads, then writes after another connection
        # committed, fails at once with "database is locked" whatever the timeout says.
        begin = "BEGIN IMMEDIATE" if writer else "BEGIN"
        event.listen(engine, "begin", lambda connection: connection.exec_driver_sql(begin))
    return engine


PLANNER_SAMPLE_ROWS = 1000  # rows of each index that SQLite's ANALYZE samples


def refresh_planner_statistics(session: Session) -> None:
    """Let SQLite's planner know the tables' sizes again, after an ingest changed them.

    Without statistics it guesses, and sorts every statement for a page of the archive's order
    instead of reading the index on the sources; a sampled ANALYZE takes a few milliseconds.
    PostgreSQL's autovacuum keeps its own.
    """
    if session.get_bind().dialect.name == "sqlite":
        session.execute(text(f"PRAGMA analysis_limit={PLANNER_SAMPLE_ROWS}"))
        session.execute(text("ANALYZE"))


class WriterBusy(Exception):
    """Another ingest holds the database's writer lock, and did not let go in time."""


WRITER_LOCK_KEY = 0x747261636B657221  # ingests' PostgreSQL advisory lock: 'tracker!' in ASCII
WRITER_LOCK_POLL = 0.2  # seconds between tries


@contextmanager
def writer_lock(engine: Engine, *, wait: float) -> Iterator[None]:
    """Hold the one writer lock of the database for the block: one ingest at a time. Wait up to
    `wait` seconds for another to end, else raise WriterBusy. The lock ends with its process, so a
    killed ingest never leaves the database locked.

    PostgreSQL: a session advisory lock, on a connection kept for the block. SQLite: an exclusive
    flock on a file beside the database (SQLite's own locks last a transaction, not a run; and
    flock on the database itself would be released by SQLite's own closes of it). A database in
    memory has no other writer to wait for.
    """
    deadline = time.monotonic() + wait
    if engine.dialect.name == "postgresql":
        with engine.connect() as connection:
            lock = text("SELECT pg_try_advisory_lock(:key)").bindparams(key=WRITER_LOCK_KEY)
            while not connection.scalar(lock):
                connection.rollback()
                if time.monotonic() >= deadline:
                    raise WriterBusy
                time.sleep(WRITER_LOCK_POLL)
            connection.commit()  # a session lock outlives the transaction; no snapshot is held
            try:
                yield
            finally:
                # A connection that failed under the run cannot unlock, but its closing does.
                with suppress(SQLAlchemyError):
                    unlock = text("SELECT pg_advisory_unlock(:key)").bindparams(key=WRITER_LOCK_KEY)
                    connection.execute(unlock)
                    connection.commit()
        return
    folder = sqlite_folder(engine.url)
    if folder is None:
        yield
        return
    descriptor = os.open(f"{engine.url.database}.ingest-lock", os.O_RDWR | os.O_CREAT, 0o644)
    try:
        while True:
            try:
                fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise WriterBusy from None
                time.sleep(WRITER_LOCK_POLL)
        yield
    finally:
        os.close(descriptor)  # releases the lock


@cache
def head_revision() -> str | None:
    """The newest migration in migrations/."""
    # Importing Alembic costs more than everything else a command does against a database that
    # is already at head, so the usual plain chain of scripts is read without it.
    return read_head(MIGRATIONS_DIR / "versions") or _alembic_head()


def read_head(versions: Path) -> str | None:
    """The last of a plain chain of migration scripts; None for branches, merges or anything odd."""
    down_of: dict[str, str | None] = {}
    for script in versions.glob("*.py"):
        if script.name.startswith((".#", "__init__")):  # the files Alembic skips too
            continue
        found = _constants(script)
        revision, down = found.get("revision"), found.get("down_revision", ...)  # ...: not set
        if not isinstance(revision, str) or not isinstance(down, str | None) or revision in down_of:
            return None
        if found.get("branch_labels") is not None or found.get("depends_on") is not None:
            return None
        down_of[revision] = down
    if set(down_of.values()) - down_of.keys() != {None}:
        return None  # no first migration, or one that follows a missing one
    heads = down_of.keys() - set(down_of.values())
    return heads.pop() if len(heads) == 1 else None


def _constants(script: Path) -> dict[str, object]:
    """A script's top-level `name = value` assignments: the value if literal, else its syntax tree."""
    found: dict[str, object] = {}
    for statement in ast.parse(script.read_bytes(), filename=str(script)).body:
        if isinstance(statement, ast.Assign) and len(statement.targets) == 1:
            target, value = statement.targets[0], statement.value
        elif isinstance(statement, ast.AnnAssign) and statement.value is not None:
            target, value = statement.target, statement.value
        else:
            continue
        if isinstance(target, ast.Name):
            found[target.id] = value.value if isinstance(value, ast.Constant) else value
    return found


def _alembic_head() -> str | None:
    from alembic.script import ScriptDirectory  # here, like every Alembic import: see head_revision

    return ScriptDirectory(str(MIGRATIONS_DIR)).get_current_head()


def _applied_revisions(connection: Connection) -> set[str]:
    """The revisions Alembic recorded as applied; none for a new database."""
    if not inspect(connection).has_table("alembic_version"):
        return set()
    return set(connection.scalars(text("SELECT version_num FROM alembic_version")))


def schema_is_current(engine: Engine) -> bool:
    """Whether the database answers and its schema is at the newest migration."""
    with engine.connect() as connection:
        applied = _applied_revisions(connection)
    return applied == {head_revision()}


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    """Sessions that keep loaded objects usable after commit."""
    return sessionmaker(bind=engine, expire_on_commit=False)


def alembic_config(url: str) -> "Config":
    """The Alembic configuration for `url`, independent of the working directory."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def upgrade_to_head(url: str) -> None:
    """Bring the schema at `url` up to the newest migration (a quick look when it already is)."""
    engine = make_engine(url)  # creates the default data/ folder if needed
    try:
        if schema_is_current(engine):
            return
    finally:
        engine.dispose()
    from alembic import command

    command.upgrade(alembic_config(url), "head")
    # A migration's new index has no statistics until the next ingest, and SQLite's planner then
    # guesses: an archive migrated but not yet ingested again would be read by worse plans.
    engine = make_engine(url, writer=True)
    try:
        with Session(engine) as session:
            refresh_planner_statistics(session)
            session.commit()
    finally:
        engine.dispose()
