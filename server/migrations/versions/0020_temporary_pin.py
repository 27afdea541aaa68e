"""agents: a PIN reset by an administrator is temporary until the agent chooses their own

Revision ID: 0020_temporary_pin
Revises: 0013_print_job_owner
Create Date: 2026-12-03 08:30:00

"""

import sqlalchemy as sa
from alembic import op

revision = "0020_temporary_pin"
down_revision = "0013_print_job_owner"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("agents") as batch:
        batch.add_column(
            sa.Column("pin_temporary", sa.Boolean(), nullable=False, server_default=sa.false())
        )


def downgrade():
    with op.batch_alter_table("agents") as batch:
        batch.drop_column("pin_temporary")
