"""Alembic owns the schema: the migrations build exactly the models, both ways, on either engine."""

import os
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, text

from app.config import PROJECT_ROOT
from app.db import MIGRATIONS_DIR, alembic_config, make_engine, read_head, upgrade_to_head
from app.models import UNDATED, Base, archive_order
from tests.conftest import Databases

# The full-text index is made by raw SQL in a migration and is not described by a model; on SQLite
# it is a virtual table that keeps its rows in shadow tables named after it.
FULL_TEXT_INDEX = "search_index"


def _modelled(obj: object, name: str | None, type_: str, reflected: bool, other: object) -> bool:
    table = name if type_ == "table" else getattr(getattr(obj, "table", None), "name", None)
    return not str(table).startswith(FULL_TEXT_INDEX)


def _differences(url: str) -> list[Any]:
    """What autogenerate would write to bring the database at `url` to the models."""
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            context = MigrationContext.configure(
                connection, opts={"compare_type": True, "include_object": _modelled}
            )
            return list(compare_metadata(context, Base.metadata))
    finally:
        engine.dispose()


def _revision(url: str) -> str | None:
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            return MigrationContext.configure(connection).get_current_revision()
    finally:
        engine.dispose()


def _head() -> str | None:
    return ScriptDirectory.from_config(alembic_config("sqlite://")).get_current_head()


def _tables(url: str) -> set[str]:
    engine = make_engine(url)
    try:
        return set(inspect(engine).get_table_names())
    finally:
        engine.dispose()


def test_migrations_create_exactly_what_the_models_describe(
    databases: Databases, migrated_template: str
) -> None:
    url = databases.copy(migrated_template, "compare")
    assert _revision(url) == _head()
    assert _differences(url) == []


def test_every_model_table_and_the_full_text_index_exist_after_upgrade(
    databases: Databases, migrated_template: str
) -> None:
    tables = _tables(databases.copy(migrated_template, "tables"))
    assert set(Base.metadata.tables) <= tables
    assert FULL_TEXT_INDEX in tables


def test_downgrade_to_base_and_upgrade_again(databases: Databases, migrated_template: str) -> None:
    url = databases.copy(migrated_template, "downgrade")

    command.downgrade(alembic_config(url), "base")

    assert _tables(url) <= {"alembic_version"}
    assert _revision(url) is None

    upgrade_to_head(url)

    assert _revision(url) == _head()
    assert _differences(url) == []


def test_a_database_one_migration_behind_is_upgraded(databases: Databases, migrated_template: str) -> None:
    url = databases.copy(migrated_template, "behind")
    command.downgrade(alembic_config(url), "-1")
    assert _revision(url) not in (None, _head())

    upgrade_to_head(url)

    assert _revision(url) == _head()
    assert _differences(url) == []


def test_an_upgraded_archive_gives_the_planner_statistics_for_every_new_index(
    databases: Databases, seeded_template: str
) -> None:
    """Indexes that migrations add to a stored archive are analysed by the upgrade, not left to the
    next ingest: without statistics, SQLite's planner guesses how selective they are."""
    url = databases.copy(seeded_template, "statistics")
    if not url.startswith("sqlite"):
        pytest.skip("PostgreSQL's autovacuum keeps its own statistics")
    command.downgrade(alembic_config(url), "0015")  # before the echo and neighbour indexes
    upgrade_to_head(url)
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            analysed = set(connection.execute(text("SELECT idx FROM sqlite_stat1")).scalars())
            added = {"ix_statements_echo_order", "ix_meetings_kind_date", "ix_meetings_date_slug"}
            indexes = {
                index["name"]
                for table in ("statements", "meetings")
                for index in inspect(connection).get_indexes(table)
            }
    finally:
        engine.dispose()
    assert added <= indexes
    assert added <= analysed


def test_statements_are_given_their_sources_place_in_the_archive(
    databases: Databases, seeded_template: str
) -> None:
    """Migration 0012 copies each source's date and slug onto its statements, as ingestion does."""
    url = databases.copy(seeded_template, "archive-order")
    engine = make_engine(url)
    read = text(
        "SELECT statements.archive_order, sources.published, sources.slug FROM statements"
        " JOIN sources ON sources.id = statements.source_id"
    )
    try:
        with engine.connect() as connection:
            ingested = connection.execute(read).all()
            assert ingested, "the seeds have statements"
            # One source without a date, as an archive may hold; the migration gives it the sentinel.
            connection.execute(
                text("UPDATE sources SET published = NULL WHERE id = (SELECT min(id) FROM sources)")
            )
            connection.commit()
        command.downgrade(alembic_config(url), "0011")
        command.upgrade(alembic_config(url), "0012")
        with engine.connect() as connection:
            migrated = connection.execute(read).all()
    finally:
        engine.dispose()
    assert all(order == archive_order(_day(published), slug) for order, published, slug in ingested)
    assert sorted(order for order, _, _ in migrated) == sorted(
        archive_order(_day(published), slug) for _, published, slug in migrated
    )
    assert any(order.startswith(UNDATED) for order, _, _ in migrated)


def _day(value: date | str | None) -> date | None:
    """A date column as read by raw SQL: a date on PostgreSQL, ISO text on SQLite."""
    return date.fromisoformat(value) if isinstance(value, str) else value


def test_the_head_read_from_the_migration_scripts_is_alembics() -> None:
    assert read_head(MIGRATIONS_DIR / "versions") == _head()


def test_branched_migrations_are_left_to_alembic(tmp_path: Path) -> None:
    for revision, down in [("a1", None), ("b2", "a1"), ("c3", "a1")]:
        (tmp_path / f"{revision}.py").write_text(f"revision = {revision!r}\ndown_revision = {down!r}\n")
    assert read_head(tmp_path) is None
    (tmp_path / "d4.py").write_text('revision = "d4"\ndown_revision = ("b2", "c3")\n')  # a merge
    assert read_head(tmp_path) is None


def test_a_migration_that_does_not_parse_is_named(tmp_path: Path) -> None:
    (tmp_path / "a1.py").write_text('revision = "a1"\ndown_revision = None\n')
    (tmp_path / "b2.py").write_text('revision = "b2"\ndown_revision = "a1"\ndef upgrade(:\n')
    with pytest.raises(SyntaxError) as raised:
        read_head(tmp_path)
    assert raised.value.filename == str(tmp_path / "b2.py")


def test_ingest_command_upgrades_an_empty_database_itself(databases: Databases) -> None:
    url = databases.new("empty")  # no tables, no alembic_version
    env = {**os.environ, "DATABASE_URL": url}

    finished = subprocess.run(
        [sys.executable, "-m", "app", "ingest", "seeds/003_b8d9f388c75dae1f.txt"],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    assert finished.returncode == 0, finished.stderr
    assert _revision(url) == _head()
    assert _differences(url) == []
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            files = connection.execute(text("SELECT file FROM sources")).scalars().all()
    finally:
        engine.dispose()
    assert files == ["seeds/003_b8d9f388c75dae1f.txt"]
