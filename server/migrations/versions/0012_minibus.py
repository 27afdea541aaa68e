"""minibus to the Moissac permanences: trips and seat bookings (personal data purged after)

Revision ID: 0012_minibus
Revises: 0011_calendar_links
Create Date: 2026-12-03 05:05:00

"""

import sqlalchemy as sa
from alembic import op

revision = "0012_minibus"
down_revision = "0011_calendar_links"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "minibus_trips",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("site_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("destination", sa.String(length=200), nullable=False),
        sa.Column("stops", sa.JSON(), nullable=False),
        sa.Column("seats", sa.Integer(), nullable=False),
        sa.Column("notes", sa.String(length=300), nullable=False),
        sa.Column("cancelled", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["site_id"], ["sites.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_minibus_trips_site_id", "minibus_trips", ["site_id"])
    op.create_index("ix_minibus_trips_day", "minibus_trips", ["day"])
    op.create_table(
        "minibus_bookings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("trip_id", sa.Integer(), nullable=False),
        sa.Column("pickup", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=40), nullable=True),
        sa.Column("phone", sa.String(length=20), nullable=True),
        sa.Column("phone_consent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("booked_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("booked_by_agent_id", sa.Integer(), nullable=True),
        sa.Column("cancelled_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("purged_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["trip_id"], ["minibus_trips.id"]),
        sa.ForeignKeyConstraint(["booked_by_agent_id"], ["agents.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_minibus_bookings_trip_id", "minibus_bookings", ["trip_id"])


def downgrade():
    op.drop_index("ix_minibus_bookings_trip_id", table_name="minibus_bookings")
    op.drop_table("minibus_bookings")
    op.drop_index("ix_minibus_trips_day", table_name="minibus_trips")
    op.drop_index("ix_minibus_trips_site_id", table_name="minibus_trips")
    op.drop_table("minibus_trips")
