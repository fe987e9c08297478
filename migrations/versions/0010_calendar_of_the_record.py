"""the calendar of the record, and the meeting each of its rows is linked to

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-02 03:50:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "record_meetings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(40), nullable=False),
        sa.Column("edition", sa.Integer(), nullable=True),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("date_precision", sa.String(10), nullable=False),
        sa.Column("city", sa.String(100), nullable=True),
        sa.Column("format", sa.String(20), nullable=False),
        sa.Column("event", sa.String(200), nullable=True),
        sa.Column("participants", sa.JSON(), nullable=False),
        sa.Column("sources", sa.JSON(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["meeting_id"], ["meetings.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_record_meetings_kind", "record_meetings", ["kind"])
    op.create_index("ix_record_meetings_date", "record_meetings", ["date"])
    op.create_index("ix_record_meetings_meeting_id", "record_meetings", ["meeting_id"])


def downgrade() -> None:
    op.drop_index("ix_record_meetings_meeting_id", "record_meetings")
    op.drop_index("ix_record_meetings_date", "record_meetings")
    op.drop_index("ix_record_meetings_kind", "record_meetings")
    op.drop_table("record_meetings")
