"""Rows in and out through Core, many at a time: the ORM's bulk statements cost more than the rest
of the load.

`insert_plain` goes further, straight through the driver, for the tables that take nearly all of an
archive's rows (and for the full-text index, which the ORM does not know).
"""

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Table, bindparam, select
from sqlalchemy.orm import Session

from app.models import Base


def _table(model: type[Base]) -> Table:
    return Base.metadata.tables[model.__tablename__]


def insert_rows(session: Session, model: type[Base], rows: list[dict[str, Any]]) -> None:
    """Insert rows given as dictionaries of column values, when there are any."""
    if rows:
        session.execute(_table(model).insert(), rows)


def insert_with_ids(
    session: Session, model: type[Base], rows: list[dict[str, Any]], key: str = "slug"
) -> list[int]:
    """Insert rows and return their new ids, in the rows' order, found by a unique column.

    (RETURNING with the rows' order kept would send SQLite one row per statement.)
    """
    table = _table(model)
    session.execute(table.insert(), rows)
    ids: dict[Any, int] = {}
    keys = [row[key] for row in rows]
    for first in range(0, len(keys), 5000):
        found = select(table.c[key], table.c.id).where(table.c[key].in_(keys[first : first + 5000]))
        ids.update((row[0], row[1]) for row in session.execute(found))
    return [ids[k] for k in keys]


def update_by_id(session: Session, model: type[Base], rows: list[dict[str, Any]]) -> None:
    """Update rows by id; every row gives the same columns."""
    table = _table(model)
    session.execute(
        table.update().where(table.c.id == bindparam("row_id")),
        [{"row_id": row["id"], **{k: v for k, v in row.items() if k != "id"}} for row in rows],
    )


def insert_plain(session: Session, table: str, columns: Sequence[str], rows: list[tuple[Any, ...]]) -> None:
    """Insert rows of plain values (text, numbers, None) straight through the driver.

    These tables take nearly all of an archive's rows, and SQLAlchemy's handling of each row's
    parameters would cost more than the database's own work. The full-text index is written
    here too: on SQLite it is a virtual table the ORM does not know.
    """
    if not rows:
        return
    connection = session.connection()
    quote = connection.dialect.identifier_preparer.quote
    mark = "?" if connection.dialect.paramstyle == "qmark" else "%s"
    connection.exec_driver_sql(
        f"INSERT INTO {quote(table)} ({', '.join(quote(c) for c in columns)}) "
        f"VALUES ({', '.join([mark] * len(columns))})",
        rows,
    )
