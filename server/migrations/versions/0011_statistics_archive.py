"""statistics archive: the monthly aggregates that outlive the visit details (retention)

Revision ID: 0011_statistics_archive
Revises: 0009_audit
"""

import sqlalchemy as sa
from alembic import op

revision = "0011_statistics_archive"
down_revision = "0009_audit"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "statistics_archives",
        sa.Column("site_id", sa.Integer(), nullable=False),
        sa.Column("month", sa.Date(), nullable=False),
        sa.Column("report", sa.JSON(), nullable=False),
        sa.Column("figures", sa.JSON(), nullable=False),
        sa.Column("archived_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["site_id"], ["sites.id"]),
        sa.PrimaryKeyConstraint("site_id", "month"),
    )


def downgrade():
    op.drop_table("statistics_archives")
