"""back-office: site address and public URL, counters and agents can be retired

Revision ID: 0008_back_office
Revises: 0007
"""

import sqlalchemy as sa
from alembic import op

revision = "0008_back_office"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("sites", schema=None) as batch_op:
        batch_op.add_column(sa.Column("address", sa.String(300), nullable=False, server_default=""))
        batch_op.add_column(
            sa.Column("public_url", sa.String(300), nullable=False, server_default="")
        )
    with op.batch_alter_table("counters", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("active", sa.Boolean(), nullable=False, server_default=sa.true())
        )
    with op.batch_alter_table("agents", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("active", sa.Boolean(), nullable=False, server_default=sa.true())
        )


def downgrade():
    with op.batch_alter_table("agents", schema=None) as batch_op:
        batch_op.drop_column("active")
    with op.batch_alter_table("counters", schema=None) as batch_op:
        batch_op.drop_column("active")
    with op.batch_alter_table("sites", schema=None) as batch_op:
        batch_op.drop_column("public_url")
        batch_op.drop_column("address")
