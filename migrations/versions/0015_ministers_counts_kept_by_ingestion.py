"""each person's meeting and statement counts, kept by ingestion

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-02 15:50:00

A minister's page and the ministers' index counted each person's participations and statements
on every request, in proportion to how much the person said; ingestion now recounts the people
each batch touches.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    for name in ("meeting_count", "statement_count"):
        op.add_column("ministers", sa.Column(name, sa.Integer(), nullable=False, server_default="0"))
    op.execute(
        "UPDATE ministers SET"
        " meeting_count = (SELECT count(DISTINCT meeting_id) FROM participations"
        " WHERE participations.minister_id = ministers.id),"
        " statement_count = (SELECT count(*) FROM statements WHERE statements.minister_id = ministers.id)"
    )


def downgrade() -> None:
    with op.batch_alter_table("ministers") as batch:
        batch.drop_column("statement_count")
        batch.drop_column("meeting_count")
