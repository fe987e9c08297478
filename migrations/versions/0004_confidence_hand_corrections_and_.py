"""confidence, hand corrections and rejected files

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23 06:23:20.250558
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "rejections",
        sa.Column("file", sa.String(length=500), nullable=False),
        sa.Column("problem", sa.Text(), nullable=False),
        sa.Column("at", sa.DateTime(), server_default=sa.text("(CURRENT_TIMESTAMP)"), nullable=False),
        sa.PrimaryKeyConstraint("file"),
    )
    op.create_table(
        "minister_slug_aliases",
        sa.Column("slug", sa.String(length=120), nullable=False),
        sa.Column("minister_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["minister_id"], ["ministers.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("slug"),
    )
    with op.batch_alter_table("meeting_reports", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "kind_rule", sa.String(length=60), nullable=False, server_default=sa.text("'kind-phrase'")
            )
        )

    with op.batch_alter_table("meetings", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "kind_rule", sa.String(length=60), nullable=False, server_default=sa.text("'kind-phrase'")
            )
        )
        batch_op.add_column(
            sa.Column("date_confidence", sa.Double(), nullable=False, server_default=sa.text("0.5"))
        )
        batch_op.add_column(
            sa.Column("city_confidence", sa.Double(), nullable=False, server_default=sa.text("0.5"))
        )
        batch_op.add_column(
            sa.Column("kind_confidence", sa.Double(), nullable=False, server_default=sa.text("0.5"))
        )
        batch_op.add_column(sa.Column("corrected", sa.JSON(), nullable=False, server_default=sa.text("'[]'")))

    with op.batch_alter_table("participations", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("rule", sa.String(length=60), nullable=False, server_default=sa.text("'dictionary'"))
        )
        batch_op.add_column(
            sa.Column("confidence", sa.Double(), nullable=False, server_default=sa.text("0.5"))
        )

    with op.batch_alter_table("statement_topics", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("confidence", sa.Double(), nullable=False, server_default=sa.text("0.5"))
        )
        batch_op.add_column(sa.Column("corrected", sa.Boolean(), nullable=False, server_default=sa.false()))

    with op.batch_alter_table("statements", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("speaker_confidence", sa.Double(), nullable=False, server_default=sa.text("0.5"))
        )
        batch_op.add_column(sa.Column("corrected", sa.JSON(), nullable=False, server_default=sa.text("'[]'")))
        batch_op.add_column(sa.Column("verified", sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade() -> None:
    with op.batch_alter_table("statements", schema=None) as batch_op:
        batch_op.drop_column("verified")
        batch_op.drop_column("corrected")
        batch_op.drop_column("speaker_confidence")

    with op.batch_alter_table("statement_topics", schema=None) as batch_op:
        batch_op.drop_column("corrected")
        batch_op.drop_column("confidence")

    with op.batch_alter_table("participations", schema=None) as batch_op:
        batch_op.drop_column("confidence")
        batch_op.drop_column("rule")

    with op.batch_alter_table("meetings", schema=None) as batch_op:
        batch_op.drop_column("corrected")
        batch_op.drop_column("kind_confidence")
        batch_op.drop_column("city_confidence")
        batch_op.drop_column("date_confidence")
        batch_op.drop_column("kind_rule")

    with op.batch_alter_table("meeting_reports", schema=None) as batch_op:
        batch_op.drop_column("kind_rule")

    op.drop_table("minister_slug_aliases")
    op.drop_table("rejections")
