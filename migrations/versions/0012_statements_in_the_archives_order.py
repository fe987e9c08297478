"""statements hold their source's place in the archive's order, indexed alone and by minister

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-02 15:20:00

The statements API and a minister's page list statements by their source's publication date,
then its slug, then their position. Sorting by the source's columns read and sorted every
statement of the list (every statement of the archive, for the API) on each page; the copy on
the statement lets one index give a page's rows in order.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("statements", sa.Column("archive_order", sa.String(140), nullable=False, server_default=""))
    # `app.models.archive_order`: the date as ISO text ('0000-00-00' when there is none), a space, the slug.
    op.execute(
        "UPDATE statements SET archive_order = ("
        " SELECT coalesce(CAST(sources.published AS VARCHAR(10)), '0000-00-00') || ' ' || sources.slug"
        " FROM sources WHERE sources.id = statements.source_id)"
    )
    op.create_index("ix_statements_archive_order", "statements", ["archive_order", "position", "echo_of"])
    op.create_index(
        "ix_statements_minister_order", "statements", ["minister_id", "archive_order", "position"]
    )
    op.drop_index("ix_statements_minister_id", table_name="statements")
    if op.get_bind().dialect.name == "sqlite":
        op.execute("PRAGMA analysis_limit=1000")
        op.execute("ANALYZE")


def downgrade() -> None:
    op.create_index("ix_statements_minister_id", "statements", ["minister_id"])
    op.drop_index("ix_statements_minister_order", table_name="statements")
    op.drop_index("ix_statements_archive_order", table_name="statements")
    with op.batch_alter_table("statements") as batch:
        batch.drop_column("archive_order")
