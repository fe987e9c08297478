"""indexes for the pages that read by source and by date: a source's reports, the archive's order

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-02 05:40:00

A source's meeting reports were found by reading every report (search results, source pages);
lists in the archive's order (the statements API and CSV) sorted every statement on each page;
a topic's chart read every meeting to count those with statements by year.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_meeting_reports_source_id", "meeting_reports", ["source_id"])
    op.create_index("ix_sources_archive_order", "sources", ["published", "slug", "id"])
    op.create_index("ix_statements_source_order", "statements", ["source_id", "position", "echo_of"])
    op.drop_index("ix_statements_source_id", table_name="statements")
    op.create_index("ix_meetings_statement_count_date", "meetings", ["statement_count", "date"])
    if op.get_bind().dialect.name == "sqlite":
        # The planner needs the tables' sizes to take these indexes (ingests refresh them after).
        op.execute("PRAGMA analysis_limit=1000")
        op.execute("ANALYZE")


def downgrade() -> None:
    op.drop_index("ix_meetings_statement_count_date", table_name="meetings")
    op.create_index("ix_statements_source_id", "statements", ["source_id"])
    op.drop_index("ix_statements_source_order", table_name="statements")
    op.drop_index("ix_sources_archive_order", table_name="sources")
    op.drop_index("ix_meeting_reports_source_id", table_name="meeting_reports")
