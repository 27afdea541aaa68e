"""partners' permanences: recurring slots with a capacity; appointments booked in them

Revision ID: 0009_permanences
Revises: 0008_appointment_book
Create Date: 2026-12-03 04:45:00

"""

import sqlalchemy as sa
from alembic import op

revision = "0009_permanences"
down_revision = "0008_appointment_book"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "permanences",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("site_id", sa.Integer(), nullable=False),
        sa.Column("partner_id", sa.Integer(), nullable=True),
        sa.Column("service_id", sa.Integer(), nullable=True),
        sa.Column("counter_id", sa.Integer(), nullable=True),
        sa.Column("label", sa.String(length=120), nullable=False),
        sa.Column("remote", sa.Boolean(), nullable=False),
        sa.Column("weekday", sa.Integer(), nullable=False),
        sa.Column("opens", sa.Time(), nullable=False),
        sa.Column("closes", sa.Time(), nullable=False),
        sa.Column("weeks", sa.String(length=8), nullable=False),
        sa.Column("capacity", sa.Integer(), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=True),
        sa.Column("ends_on", sa.Date(), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["site_id"], ["sites.id"]),
        sa.ForeignKeyConstraint(["partner_id"], ["partners.id"]),
        sa.ForeignKeyConstraint(["service_id"], ["services.id"]),
        sa.ForeignKeyConstraint(["counter_id"], ["counters.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_permanences_site_id", "permanences", ["site_id"])
    with op.batch_alter_table("appointments", schema=None) as batch_op:
        batch_op.add_column(sa.Column("permanence_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            "fk_appointments_permanence", "permanences", ["permanence_id"], ["id"]
        )
        batch_op.create_index("ix_appointments_permanence_id", ["permanence_id"])


def downgrade():
    with op.batch_alter_table("appointments", schema=None) as batch_op:
        batch_op.drop_index("ix_appointments_permanence_id")
        batch_op.drop_constraint("fk_appointments_permanence", type_="foreignkey")
        batch_op.drop_column("permanence_id")
    op.drop_index("ix_permanences_site_id", table_name="permanences")
    op.drop_table("permanences")
