"""meeting summaries kept by ingestion: counts per meeting, per topic and per country

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02 03:15:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COUNTED = "s.kind != 'context' AND s.echo_of IS NULL AND s.meeting_id IS NOT NULL"


def upgrade() -> None:
    with op.batch_alter_table("meetings", schema=None) as batch_op:
        batch_op.add_column(sa.Column("statement_count", sa.Integer(), server_default="0", nullable=False))
        batch_op.add_column(sa.Column("source_count", sa.Integer(), server_default="0", nullable=False))
    op.create_table(
        "meeting_topics",
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("topic_id", sa.Integer(), nullable=False),
        sa.Column("statements", sa.Integer(), nullable=False),
        sa.Column("carried", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["meeting_id"], ["meetings.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["topic_id"], ["topics.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("meeting_id", "topic_id"),
    )
    op.create_index(op.f("ix_meeting_topics_topic_id"), "meeting_topics", ["topic_id"], unique=False)
    op.create_table(
        "meeting_countries",
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("country_id", sa.Integer(), nullable=False),
        sa.Column("statements", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["country_id"], ["countries.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["meeting_id"], ["meetings.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("meeting_id", "country_id"),
    )
    op.create_index(
        op.f("ix_meeting_countries_country_id"), "meeting_countries", ["country_id"], unique=False
    )
    op.create_index(
        "ix_participations_minister_meeting", "participations", ["minister_id", "meeting_id"], unique=False
    )
    # The archive already stored: the same counts that app.ingest.summaries keeps from now on.
    op.execute(
        "INSERT INTO meeting_topics (meeting_id, topic_id, statements, carried) "
        "SELECT s.meeting_id, t.topic_id, count(CASE WHEN s.echo_of IS NULL THEN 1 END), count(*) "
        "FROM statements s JOIN statement_topics t ON t.statement_id = s.id "
        "WHERE s.kind != 'context' AND s.meeting_id IS NOT NULL GROUP BY s.meeting_id, t.topic_id"
    )
    op.execute(
        "INSERT INTO meeting_countries (meeting_id, country_id, statements) "
        "SELECT s.meeting_id, c.country_id, count(*) FROM statements s "
        f"JOIN statement_countries c ON c.statement_id = s.id WHERE {COUNTED} "
        "GROUP BY s.meeting_id, c.country_id"
    )
    op.execute(
        "UPDATE meetings SET "
        "statement_count = (SELECT count(*) FROM statements s "
        f"WHERE s.meeting_id = meetings.id AND {COUNTED}), "
        "source_count = (SELECT count(*) FROM meeting_reports r WHERE r.meeting_id = meetings.id)"
    )


def downgrade() -> None:
    op.drop_index("ix_participations_minister_meeting", table_name="participations")
    op.drop_index(op.f("ix_meeting_countries_country_id"), table_name="meeting_countries")
    op.drop_table("meeting_countries")
    op.drop_index(op.f("ix_meeting_topics_topic_id"), table_name="meeting_topics")
    op.drop_table("meeting_topics")
    with op.batch_alter_table("meetings", schema=None) as batch_op:
        batch_op.drop_column("source_count")
        batch_op.drop_column("statement_count")
