"""After an ingest, SQLite's planner knows the tables' sizes, so pages in the archive's order read
the index on the sources rather than sorting every statement."""

import pytest
from sqlalchemy import func, select, text

from app.ingest.reference import Reference
from app.models import Statement
from tests.conftest import ARTICLES, Database

ARCHIVE_ORDER = (
    "SELECT statements.id FROM statements JOIN sources ON sources.id = statements.source_id "
    "ORDER BY sources.published, sources.slug, statements.position LIMIT 20"
)


def test_an_ingest_leaves_statistics_of_what_it_loaded(empty_db: Database, reference: Reference) -> None:
    with empty_db.sessions() as session:
        if session.get_bind().dialect.name != "sqlite":
            pytest.skip("PostgreSQL's autovacuum keeps its own statistics")
        session.execute(text("DROP TABLE IF EXISTS sqlite_stat1"))
        session.commit()
    empty_db.ingest(reference, ARTICLES)
    with empty_db.sessions() as session:
        stored = session.scalar(select(func.count()).select_from(Statement))
        sampled: dict[str, str] = dict(
            session.execute(text("SELECT idx, stat FROM sqlite_stat1 WHERE tbl = 'statements'")).all()
        )
        assert stored
        assert int(sampled["ix_statements_source_order"].split()[0]) == stored
        plan = " ".join(row[-1] for row in session.execute(text(f"EXPLAIN QUERY PLAN {ARCHIVE_ORDER}")))
        assert "USE TEMP B-TREE FOR ORDER BY" not in plan
