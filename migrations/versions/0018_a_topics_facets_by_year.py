"""a topic's years, speakers and countries, kept by meeting and year

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-03 07:10:00

A topic page for some years counted its speaker and country facets over every statement of every
meeting of those years, and its chart read every meeting the topic touched, joined to the meeting
for its year, and every meeting with statements for the years of its chart. Ingestion now keeps,
beside each meeting's topic counts, the meeting's year, and how many of its statements on each
topic each speaker made and each country or group is named in, read through indexes on (topic,
year); and the meetings with statements of each year.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0018"
down_revision: str | None = "0017"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# As app.ingest.summaries counts them: each statement once (no echo), context aside.
COUNTED = "s.kind <> 'context' AND coalesce(s.echo_of, '') = '' AND s.meeting_id IS NOT NULL"


def _year(column: str) -> str:
    if op.get_bind().dialect.name == "sqlite":
        return f"CAST(strftime('%Y', {column}) AS INTEGER)"
    return f"CAST(EXTRACT(YEAR FROM {column}) AS INTEGER)"


def upgrade() -> None:
    op.add_column("meeting_topics", sa.Column("year", sa.Integer(), nullable=False, server_default="0"))
    op.execute(
        f"UPDATE meeting_topics SET year = (SELECT {_year('m.date')} FROM meetings m"
        " WHERE m.id = meeting_topics.meeting_id)"
    )
    op.create_index(
        "ix_meeting_topics_topic_year", "meeting_topics", ["topic_id", "year", "statements", "carried"]
    )
    op.create_table(
        "meeting_topic_speakers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("topic_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("minister_id", sa.Integer(), nullable=True),
        sa.Column("speaker_type", sa.String(length=30), nullable=False),
        sa.Column("statements", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["meeting_id"], ["meetings.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["minister_id"], ["ministers.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["topic_id"], ["topics.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_meeting_topic_speakers_meeting_id", "meeting_topic_speakers", ["meeting_id"])
    op.create_index("ix_meeting_topic_speakers_topic_year", "meeting_topic_speakers", ["topic_id", "year"])
    op.create_table(
        "meeting_topic_countries",
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("topic_id", sa.Integer(), nullable=False),
        sa.Column("country_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("statements", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["country_id"], ["countries.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["meeting_id"], ["meetings.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["topic_id"], ["topics.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("meeting_id", "topic_id", "country_id"),
    )
    op.create_index("ix_meeting_topic_countries_topic_year", "meeting_topic_countries", ["topic_id", "year"])
    op.create_table(
        "archive_years",
        sa.Column("year", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("meetings", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("year"),
    )
    op.execute(
        f"INSERT INTO archive_years (year, meetings) SELECT {_year('date')}, count(*) FROM meetings"
        f" WHERE statement_count > 0 GROUP BY {_year('date')}"
    )
    speaker_type = "CASE WHEN s.minister_id IS NULL THEN s.speaker_type ELSE '' END"
    op.execute(
        "INSERT INTO meeting_topic_speakers"
        " (meeting_id, topic_id, year, minister_id, speaker_type, statements)"
        f" SELECT s.meeting_id, st.topic_id, {_year('m.date')}, s.minister_id, {speaker_type}, count(*)"
        " FROM statements s JOIN statement_topics st ON st.statement_id = s.id"
        " JOIN meetings m ON m.id = s.meeting_id"
        f" WHERE {COUNTED}"
        f" GROUP BY s.meeting_id, st.topic_id, m.date, s.minister_id, {speaker_type}"
    )
    op.execute(
        "INSERT INTO meeting_topic_countries (meeting_id, topic_id, country_id, year, statements)"
        f" SELECT s.meeting_id, st.topic_id, sc.country_id, {_year('m.date')}, count(*)"
        " FROM statements s JOIN statement_topics st ON st.statement_id = s.id"
        " JOIN statement_countries sc ON sc.statement_id = s.id"
        " JOIN meetings m ON m.id = s.meeting_id"
        f" WHERE {COUNTED}"
        " GROUP BY s.meeting_id, st.topic_id, sc.country_id, m.date"
    )


def downgrade() -> None:
    op.drop_table("archive_years")
    op.drop_table("meeting_topic_countries")
    op.drop_table("meeting_topic_speakers")
    op.drop_index("ix_meeting_topics_topic_year", table_name="meeting_topics")
    with op.batch_alter_table("meeting_topics") as batch:
        batch.drop_column("year")
