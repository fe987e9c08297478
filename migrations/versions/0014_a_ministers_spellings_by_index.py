"""a minister's spellings read through an index on (minister, surface)

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-02 15:40:00

A minister's page lists the spellings the articles use for them; DISTINCT over their mentions
read every one (72,000 for one minister at 72,000 articles). With the surface in the index the
page steps from one spelling to the next.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_mentions_minister_surface", "mentions", ["minister_id", "surface"])
    op.drop_index("ix_mentions_minister_id", table_name="mentions")


def downgrade() -> None:
    op.create_index("ix_mentions_minister_id", "mentions", ["minister_id"])
    op.drop_index("ix_mentions_minister_surface", table_name="mentions")
