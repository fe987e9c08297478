"""the archive's statement count, kept with the data version

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-02 15:30:00

The statements list without filters (the API's) counted every statement of the archive for its
total on each page; ingestion now counts them once a batch, with the new data version.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column(
        "data_version", sa.Column("statement_count", sa.Integer(), nullable=False, server_default="0")
    )
    op.execute(
        "UPDATE data_version SET statement_count = (SELECT count(*) FROM statements WHERE echo_of IS NULL)"
    )


def downgrade() -> None:
    with op.batch_alter_table("data_version") as batch:
        batch.drop_column("statement_count")
