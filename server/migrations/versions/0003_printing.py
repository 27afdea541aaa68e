"""printing: the printer registry and the stored print jobs

Revision ID: 0003_printing
Revises: 0001
Create Date: 2026-11-30 10:00:00

"""

import sqlalchemy as sa
from alembic import op

revision = "0003_printing"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "printers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("site_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("location", sa.String(length=64), nullable=True),
        sa.Column("url", sa.String(length=300), nullable=False),
        sa.Column("codepage_slot", sa.Integer(), nullable=False),
        sa.Column("qr_mode", sa.String(length=16), nullable=False),
        sa.Column("paper_width_mm", sa.Integer(), nullable=False),
        sa.Column("deployed", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["site_id"], ["sites.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("name"),
    )
    with op.batch_alter_table("printers", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_printers_site_id"), ["site_id"], unique=False)

    op.create_table(
        "print_jobs",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("visit_id", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("payload", sa.LargeBinary(), nullable=False),
        sa.Column("printer_name", sa.String(length=64), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("reason", sa.String(length=300), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("printed_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["visit_id"], ["visits.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("print_jobs", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_print_jobs_visit_id"), ["visit_id"], unique=False)
        batch_op.create_index(
            "ix_print_jobs_printer_status", ["printer_name", "status"], unique=False
        )


def downgrade():
    with op.batch_alter_table("print_jobs", schema=None) as batch_op:
        batch_op.drop_index("ix_print_jobs_printer_status")
        batch_op.drop_index(batch_op.f("ix_print_jobs_visit_id"))
    op.drop_table("print_jobs")
    with op.batch_alter_table("printers", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_printers_site_id"))
    op.drop_table("printers")
