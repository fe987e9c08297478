"""countries named and full-text search

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23 06:06:56.760230
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "countries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("slug", sa.String(length=80), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("slug"),
    )
    op.create_table(
        "statement_countries",
        sa.Column("statement_id", sa.String(length=16), nullable=False),
        sa.Column("country_id", sa.Integer(), nullable=False),
        sa.Column("matched", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(["country_id"], ["countries.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["statement_id"], ["statements.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("statement_id", "country_id"),
    )
    with op.batch_alter_table("statement_countries", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_statement_countries_country_id"), ["country_id"], unique=False)

    # Full-text index of statements and article paragraphs. Ingestion keeps it in step with
    # the statements; it is not an ORM model. SQLite: FTS5. PostgreSQL: a tsvector column.
    if op.get_bind().dialect.name == "sqlite":
        op.execute(
            "CREATE VIRTUAL TABLE search_index USING fts5("
            "kind UNINDEXED, ref UNINDEXED, source_id UNINDEXED, text, "
            "tokenize = 'porter unicode61 remove_diacritics 2')"
        )
    else:
        op.execute(
            "CREATE TABLE search_index ("
            "id bigserial PRIMARY KEY, kind varchar(20) NOT NULL, ref varchar(40) NOT NULL, "
            "source_id integer NOT NULL REFERENCES sources(id) ON DELETE CASCADE, text text NOT NULL, "
            "tsv tsvector GENERATED ALWAYS AS (to_tsvector('english', translate(text, '<>', '  '))) STORED)"
        )
        op.execute("CREATE INDEX ix_search_index_tsv ON search_index USING gin (tsv)")
        op.execute("CREATE INDEX ix_search_index_source ON search_index (source_id)")
    op.execute(
        "INSERT INTO search_index (kind, ref, source_id, text) "
        "SELECT 'statement', id, source_id, text FROM statements"
    )


def downgrade() -> None:
    op.execute("DROP TABLE search_index")
    with op.batch_alter_table("statement_countries", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_statement_countries_country_id"))

    op.drop_table("statement_countries")
    op.drop_table("countries")
