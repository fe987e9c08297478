"""how a meeting was held, and official texts as sources of their own kind

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02 03:40:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # "phone" or "virtual"; NULL for a meeting held in person or not said to be otherwise.
    op.add_column("meetings", sa.Column("format", sa.String(20), nullable=True))
    op.add_column("meeting_reports", sa.Column("format", sa.String(20), nullable=True))
    # "report" (a press report) or "official" (a joint statement or a ministry's release).
    op.add_column("sources", sa.Column("kind", sa.String(20), nullable=False, server_default="report"))
    # The paragraph number an official text prints ("7." of a joint statement).
    op.add_column("statements", sa.Column("printed_number", sa.Integer(), nullable=True))


def downgrade() -> None:
    op.drop_column("statements", "printed_number")
    op.drop_column("sources", "kind")
    op.drop_column("meeting_reports", "format")
    op.drop_column("meetings", "format")
