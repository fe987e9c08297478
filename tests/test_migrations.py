"""Alembic owns the schema: the migrations build exactly the models, both ways, unprompted."""

import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, text

from app.config import PROJECT_ROOT
from app.db import alembic_config, make_engine, upgrade_to_head
from app.models import Base


def _virtual_tables(path: Path) -> set[str]:
    """SQLite virtual tables (the full-text index): made by raw SQL, never described by a model."""
    with sqlite3.connect(path) as connection:
        rows = connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL%'"
        ).fetchall()
    connection.close()
    return {name for (name,) in rows}


def _differences(path: Path) -> list[Any]:
    """What autogenerate would write to bring the database at `path` to the models."""
    virtual = _virtual_tables(path)

    def modelled(obj: object, name: str | None, type_: str, reflected: bool, other: object) -> bool:
        table = name if type_ == "table" else getattr(getattr(obj, "table", None), "name", None)
        # A virtual table keeps its rows in shadow tables named after it ("<name>_data", ...).
        return not any(table == v or str(table).startswith(f"{v}_") for v in virtual)

    engine = make_engine(f"sqlite:///{path}")
    try:
        with engine.connect() as connection:
            context = MigrationContext.configure(
                connection, opts={"compare_type": True, "include_object": modelled}
            )
            return list(compare_metadata(context, Base.metadata))
    finally:
        engine.dispose()


def _revision(path: Path) -> str | None:
    engine = make_engine(f"sqlite:///{path}")
    try:
        with engine.connect() as connection:
            return MigrationContext.configure(connection).get_current_revision()
    finally:
        engine.dispose()


def _head() -> str | None:
    return ScriptDirectory.from_config(alembic_config("sqlite://")).get_current_head()


def test_migrations_create_exactly_what_the_models_describe(tmp_path: Path, migrated_template: Path) -> None:
    path = tmp_path / "migrated.db"
    shutil.copy(migrated_template, path)

    assert _revision(path) == _head()
    assert _differences(path) == []


def test_every_model_table_exists_after_upgrade(tmp_path: Path, migrated_template: Path) -> None:
    path = tmp_path / "migrated.db"
    shutil.copy(migrated_template, path)
    engine = make_engine(f"sqlite:///{path}")
    try:
        assert set(Base.metadata.tables) <= set(inspect(engine).get_table_names())
    finally:
        engine.dispose()


def test_downgrade_to_base_and_upgrade_again(tmp_path: Path, migrated_template: Path) -> None:
    path = tmp_path / "migrated.db"
    shutil.copy(migrated_template, path)
    url = f"sqlite:///{path}"

    command.downgrade(alembic_config(url), "base")

    engine = make_engine(url)
    try:
        assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
    finally:
        engine.dispose()
    assert _revision(path) is None

    upgrade_to_head(url)

    assert _revision(path) == _head()
    assert _differences(path) == []


def test_ingest_command_upgrades_an_empty_database_itself(tmp_path: Path) -> None:
    path = tmp_path / "empty.db"
    sqlite3.connect(path).close()  # an empty SQLite file: no tables, no alembic_version
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{path}"}

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
    assert _revision(path) == _head()
    assert _differences(path) == []
    engine = make_engine(f"sqlite:///{path}")
    try:
        with engine.connect() as connection:
            files = connection.execute(text("SELECT file FROM sources")).scalars().all()
    finally:
        engine.dispose()
    assert files == ["seeds/003_b8d9f388c75dae1f.txt"]
