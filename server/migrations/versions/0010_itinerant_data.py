"""the itinerant tour as data: stops, pattern half-days, single-date exceptions

The workshop's draft tour is written in by `accueil db upgrade` (seed_catalogue), once.

Revision ID: 0010_itinerant_data
Revises: 0009_permanences
Create Date: 2026-12-03 04:30:00

"""

import sqlalchemy as sa
from alembic import op

revision = "0010_itinerant_data"
down_revision = "0009_permanences"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "itinerant_stops",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("commune", sa.String(length=100), nullable=False),
        sa.Column("place", sa.String(length=200), nullable=False),
        sa.Column("address", sa.String(length=300), nullable=False),
        sa.Column("latitude", sa.Float(), nullable=True),
        sa.Column("longitude", sa.Float(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("to_confirm", sa.Boolean(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "itinerant_slots",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("pattern", sa.String(length=1), nullable=False),
        sa.Column("weekday", sa.Integer(), nullable=False),
        sa.Column("half_day", sa.String(length=10), nullable=False),
        sa.Column("opens", sa.Time(), nullable=False),
        sa.Column("closes", sa.Time(), nullable=False),
        sa.Column("stop_id", sa.Integer(), nullable=True),
        sa.Column("label", sa.String(length=200), nullable=False),
        sa.Column("public", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["stop_id"], ["itinerant_stops.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "itinerant_exceptions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("slot_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("stop_id", sa.Integer(), nullable=True),
        sa.Column("opens", sa.Time(), nullable=True),
        sa.Column("closes", sa.Time(), nullable=True),
        sa.Column("note", sa.String(length=300), nullable=False),
        sa.ForeignKeyConstraint(["slot_id"], ["itinerant_slots.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["stop_id"], ["itinerant_stops.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_itinerant_exceptions_day", "itinerant_exceptions", ["day"])


def downgrade():
    op.drop_index("ix_itinerant_exceptions_day", table_name="itinerant_exceptions")
    op.drop_table("itinerant_exceptions")
    op.drop_table("itinerant_slots")
    op.drop_table("itinerant_stops")
