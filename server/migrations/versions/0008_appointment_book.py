"""appointment book: appointments booked from the console (token, consented phone, who booked)

Revision ID: 0008_appointment_book
Revises: 0011_statistics_archive
Create Date: 2026-12-03 04:20:00

"""

import sqlalchemy as sa
from alembic import op

revision = "0008_appointment_book"
down_revision = "0011_statistics_archive"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("appointments", schema=None) as batch_op:
        batch_op.add_column(sa.Column("token", sa.String(length=43), nullable=True))
        batch_op.add_column(sa.Column("phone", sa.String(length=20), nullable=True))
        batch_op.add_column(
            sa.Column("phone_consent_at", sa.DateTime(timezone=True), nullable=True)
        )
        batch_op.add_column(sa.Column("booked_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("booked_by_agent_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("cancelled_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.create_unique_constraint("uq_appointments_token", ["token"])
        batch_op.create_foreign_key(
            "fk_appointments_booked_by_agent", "agents", ["booked_by_agent_id"], ["id"]
        )
        batch_op.create_index("ix_appointments_site_starts", ["site_id", "starts_at"])


def downgrade():
    with op.batch_alter_table("appointments", schema=None) as batch_op:
        batch_op.drop_index("ix_appointments_site_starts")
        batch_op.drop_constraint("fk_appointments_booked_by_agent", type_="foreignkey")
        batch_op.drop_constraint("uq_appointments_token", type_="unique")
        for column in (
            "cancelled_at",
            "booked_by_agent_id",
            "booked_at",
            "phone_consent_at",
            "phone",
            "token",
        ):
            batch_op.drop_column(column)
