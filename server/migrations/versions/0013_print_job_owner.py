"""print jobs: which server process is sending a job, so a restart recovers only its own

Revision ID: 0013_print_job_owner
Revises: 0019_counter_codes_per_site
Create Date: 2026-12-03 08:10:00

"""

import sqlalchemy as sa
from alembic import op

revision = "0013_print_job_owner"
down_revision = "0019_counter_codes_per_site"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("print_jobs", schema=None) as batch_op:
        batch_op.add_column(sa.Column("owner", sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column("claimed_at", sa.DateTime(timezone=True), nullable=True))


def downgrade():
    with op.batch_alter_table("print_jobs", schema=None) as batch_op:
        batch_op.drop_column("claimed_at")
        batch_op.drop_column("owner")
