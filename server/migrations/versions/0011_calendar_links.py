"""shared agenda: secret, revocable .ics links per partner and per counter

Revision ID: 0011_calendar_links
Revises: 0010_itinerant_data
Create Date: 2026-12-03 05:00:00

"""

import sqlalchemy as sa
from alembic import op

revision = "0011_calendar_links"
down_revision = "0010_itinerant_data"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "calendar_links",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token", sa.String(length=43), nullable=False),
        sa.Column("site_id", sa.Integer(), nullable=False),
        sa.Column("partner_id", sa.Integer(), nullable=True),
        sa.Column("counter_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["site_id"], ["sites.id"]),
        sa.ForeignKeyConstraint(["partner_id"], ["partners.id"]),
        sa.ForeignKeyConstraint(["counter_id"], ["counters.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("token"),
    )


def downgrade():
    op.drop_table("calendar_links")
