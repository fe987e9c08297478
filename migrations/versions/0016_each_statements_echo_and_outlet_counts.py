"""each statement's echo and outlet counts, kept by ingestion

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-02 21:00:00

A list of statements shows each one's first ten echoes and how many outlets carry it. It read
every echo to count them, thousands a statement on the most reported meetings; ingestion now
keeps both counts on the statement, with the meeting summaries it refreshes.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0016"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("statements", sa.Column("echo_count", sa.Integer(), nullable=False, server_default="0"))
    op.add_column("statements", sa.Column("outlet_count", sa.Integer(), nullable=False, server_default="1"))
    # An echo's own outlet, beside the outlet of the statement it repeats: the same rule as
    # app.ingest.summaries (an outlet the statement's own source has is not counted twice).
    op.execute(
        "UPDATE statements SET"
        " echo_count = (SELECT count(*) FROM statements e WHERE e.echo_of = statements.id),"
        " outlet_count = 1 + (SELECT count(DISTINCT coalesce(es.outlet, ''))"
        " FROM statements e JOIN sources es ON es.id = e.source_id"
        " WHERE e.echo_of = statements.id AND coalesce(es.outlet, '') <>"
        " (SELECT coalesce(own.outlet, '') FROM sources own WHERE own.id = statements.source_id))"
        " WHERE id IN (SELECT echo_of FROM statements WHERE echo_of IS NOT NULL)"
    )
    op.create_index("ix_statements_echo_order", "statements", ["echo_of", "archive_order", "position"])


def downgrade() -> None:
    op.drop_index("ix_statements_echo_order", table_name="statements")
    with op.batch_alter_table("statements") as batch:
        batch.drop_column("outlet_count")
        batch.drop_column("echo_count")
