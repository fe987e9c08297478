"""Engine, sessions and schema upgrades."""

from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from fastapi import Depends, Request
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from app.config import PROJECT_ROOT

MIGRATIONS_DIR = PROJECT_ROOT / "migrations"


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
        cursor.close()
        dbapi_connection.isolation_level = None  # the driver's own BEGIN would skip DDL

    return on_connect


def make_engine(url: str, *, read_only: bool = False) -> Engine:
    """An engine for `url`; `read_only` engines (the web app's) cannot write at all."""
    parsed = make_url(url)
    backend = parsed.get_backend_name()
    if backend == "sqlite" and parsed.database not in (None, "", ":memory:"):
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
    connect_args: dict[str, Any] = {}
    if backend == "postgresql" and read_only:
        connect_args["options"] = "-c default_transaction_read_only=on"
    engine = create_engine(url, connect_args=connect_args, pool_pre_ping=backend != "sqlite")
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas(read_only))
        # Let SQLAlchemy, not the driver, begin transactions, so that schema changes (the
        # migrations) and savepoints are transactional too: a migration killed halfway leaves
        # nothing behind (SQLAlchemy's documented recipe for pysqlite).
        event.listen(engine, "begin", lambda connection: connection.exec_driver_sql("BEGIN"))
    return engine


def schema_is_current(engine: Engine) -> bool:
    """Whether the database answers and its schema is at the newest migration."""
    head = ScriptDirectory.from_config(alembic_config(str(engine.url))).get_current_head()
    with engine.connect() as connection:
        current = MigrationContext.configure(connection).get_current_revision()
    return current == head


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    """Sessions that keep loaded objects usable after commit."""
    return sessionmaker(bind=engine, expire_on_commit=False)


def alembic_config(url: str) -> Config:
    """The Alembic configuration for `url`, independent of the working directory."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def upgrade_to_head(url: str) -> None:
    """Bring the schema at `url` up to the newest migration."""
    make_engine(url).dispose()  # creates the SQLite folder if needed
    command.upgrade(alembic_config(url), "head")


def get_session(request: Request) -> Iterator[Session]:
    """The request's session; pages only read, so nothing is committed."""
    with request.app.state.sessions() as session:
        yield session


SessionDep = Annotated[Session, Depends(get_session)]
