"""a meeting's neighbours, found by index

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-02 21:40:00

A meeting page links to the meetings just before and after it and to the last earlier one of its
kind. The index on kind alone made the last a sort of every meeting of the kind on each page (a
third of the archive), and the index on date alone sorted every meeting of a day (or of a month,
for meetings dated to the month) by slug. On (kind, date, slug) and (date, slug) each is one step
from the meeting's place.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0017"
down_revision: str | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_meetings_kind_date", "meetings", ["kind", "date", "slug"])
    op.create_index("ix_meetings_date_slug", "meetings", ["date", "slug"])


def downgrade() -> None:
    op.drop_index("ix_meetings_date_slug", table_name="meetings")
    op.drop_index("ix_meetings_kind_date", table_name="meetings")
