"""highlights: the month's editorial items on the waiting-room display

Revision ID: 0002_display_highlights
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002_display_highlights"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "highlights",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("site_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=120), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("month", sa.Date(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["site_id"], ["sites.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_highlights_site_month", "highlights", ["site_id", "month"])


def downgrade():
    op.drop_index("ix_highlights_site_month", table_name="highlights")
    op.drop_table("highlights")
