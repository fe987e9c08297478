"""Shared fixtures: reference data, and SQLite files built by the real migrations.

Migrating takes a moment, so one migrated file (and one with the seeds ingested) is built per
test session and copied for each test that needs a database of its own.
"""

import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from app.config import PROJECT_ROOT
from app.db import make_engine, make_session_factory, upgrade_to_head
from app.ingest.pipeline import Summary, ingest
from app.ingest.reference import Reference, load_reference

SEEDS = PROJECT_ROOT / "seeds"
ARTICLES = Path(__file__).parent / "articles"
TODAY = date(2026, 11, 23)


@pytest.fixture(scope="session")
def reference() -> Reference:
    return load_reference(SEEDS)


@pytest.fixture(scope="session")
def migrated_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "migrated.db"
    upgrade_to_head(f"sqlite:///{path}")
    return path


@pytest.fixture(scope="session")
def seeded_template(
    tmp_path_factory: pytest.TempPathFactory, migrated_template: Path, reference: Reference
) -> Path:
    path = tmp_path_factory.mktemp("seeded") / "seeded.db"
    shutil.copy(migrated_template, path)
    engine = make_engine(f"sqlite:///{path}")
    summary = ingest([SEEDS], make_session_factory(engine), reference, root=PROJECT_ROOT, today=TODAY)
    engine.dispose()
    assert not summary.failed, summary.failed
    return path


class Database:
    """A test's own SQLite file, with an engine and a session factory on it."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.url = f"sqlite:///{path}"
        self.engine: Engine = make_engine(self.url)
        self.sessions: sessionmaker[Session] = make_session_factory(self.engine)

    def ingest(self, reference: Reference, *paths: Path) -> Summary:
        return ingest(list(paths), self.sessions, reference, root=PROJECT_ROOT, today=TODAY)


@pytest.fixture
def empty_db(tmp_path: Path, migrated_template: Path) -> Iterator[Database]:
    path = tmp_path / "test.db"
    shutil.copy(migrated_template, path)
    db = Database(path)
    yield db
    db.engine.dispose()


@pytest.fixture
def seeded_db(tmp_path: Path, seeded_template: Path) -> Iterator[Database]:
    path = tmp_path / "seeded.db"
    shutil.copy(seeded_template, path)
    db = Database(path)
    yield db
    db.engine.dispose()


pytest_plugins = ["tests.routes_fixtures"]
