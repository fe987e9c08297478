"""Shared fixtures: reference data, and databases built by the real migrations.

The suite runs on SQLite, or on PostgreSQL when TEST_DATABASE_URL names a server (a URL such as
postgresql+psycopg://tracker@127.0.0.1:55432/postgres). Migrating takes a moment, so one migrated
database (and one with the seeds ingested) is built per test process and copied for each test
that needs a database of its own: a file copy on SQLite, CREATE DATABASE ... TEMPLATE on PostgreSQL.
"""

import itertools
import os
import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from app.config import PROJECT_ROOT
from app.db import make_engine, make_session_factory, upgrade_to_head
from app.ingest.pipeline import Summary, ingest
from app.ingest.reference import Reference, load_reference

SEEDS = PROJECT_ROOT / "seeds"
ARTICLES = Path(__file__).parent / "articles"
TODAY = date(2026, 11, 23)
SERVER = os.environ.get("TEST_DATABASE_URL", "")
# Tests ingest and then look at pages at once: the page cache must see every change.
os.environ["VERSION_CHECK_SECONDS"] = "0"

pytest_plugins = ["tests.routes_fixtures"]


class Databases:
    """Creates, copies and drops the test databases of one test process."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.names = itertools.count()
        self.prefix = f"t{os.getpid()}_{os.environ.get('PYTEST_XDIST_WORKER', 'main')}"
        self.admin: Engine | None = None
        if SERVER:
            self.admin = create_engine(SERVER, isolation_level="AUTOCOMMIT")

    @property
    def engine_name(self) -> str:
        return "postgresql" if SERVER else "sqlite"

    def _name(self, label: str) -> str:
        return f"{self.prefix}_{label}_{next(self.names)}"

    def new(self, label: str) -> str:
        """The URL of a new, empty database."""
        name = self._name(label)
        if self.admin is None:
            return f"sqlite:///{self.folder / name}.db"
        with self.admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        return make_url(SERVER).set(database=name).render_as_string(hide_password=False)

    def copy(self, template: str, label: str) -> str:
        """The URL of a new database holding what `template` holds."""
        name = self._name(label)
        source = make_url(template).database
        assert source
        if self.admin is None:
            shutil.copy(source, self.folder / f"{name}.db")
            return f"sqlite:///{self.folder / name}.db"
        with self.admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{source}"'))
        return make_url(SERVER).set(database=name).render_as_string(hide_password=False)

    def drop(self, url: str) -> None:
        name = make_url(url).database
        if self.admin is None or not name:
            return
        with self.admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


@pytest.fixture(scope="session")
def databases(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Databases]:
    found = Databases(tmp_path_factory.mktemp("databases"))
    yield found
    if found.admin is not None:
        with found.admin.connect() as connection:
            names = connection.scalars(
                text("SELECT datname FROM pg_database WHERE datname LIKE :prefix"),
                {"prefix": f"{found.prefix}%"},
            ).all()
            for name in names:
                connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        found.admin.dispose()


@pytest.fixture(scope="session")
def reference() -> Reference:
    return load_reference(SEEDS)


@pytest.fixture(scope="session")
def migrated_template(databases: Databases) -> str:
    url = databases.new("migrated")
    upgrade_to_head(url)
    return url


@pytest.fixture(scope="session")
def seeded_template(databases: Databases, migrated_template: str, reference: Reference) -> str:
    url = databases.copy(migrated_template, "seeded")
    engine = make_engine(url)
    summary = ingest([SEEDS], make_session_factory(engine), reference, root=PROJECT_ROOT, today=TODAY)
    engine.dispose()
    assert not summary.failed, summary.failed
    return url


class Database:
    """A test's own database, with an engine and a session factory on it."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.engine: Engine = make_engine(self.url)
        self.sessions: sessionmaker[Session] = make_session_factory(self.engine)

    def ingest(self, reference: Reference, *paths: Path) -> Summary:
        return ingest(list(paths), self.sessions, reference, root=PROJECT_ROOT, today=TODAY)


@pytest.fixture
def empty_db(databases: Databases, migrated_template: str) -> Iterator[Database]:
    db = Database(databases.copy(migrated_template, "empty"))
    yield db
    db.engine.dispose()
    databases.drop(db.url)


@pytest.fixture
def seeded_db(databases: Databases, seeded_template: str) -> Iterator[Database]:
    db = Database(databases.copy(seeded_template, "seeded"))
    yield db
    db.engine.dispose()
    databases.drop(db.url)
