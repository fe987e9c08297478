"""statements dropped by hand

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-23 06:27:12.794453
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "dropped_statements",
        sa.Column("statement_id", sa.String(length=16), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["source_id"], ["sources.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("statement_id"),
    )
    with op.batch_alter_table("dropped_statements", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_dropped_statements_source_id"), ["source_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("dropped_statements", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_dropped_statements_source_id"))

    op.drop_table("dropped_statements")
