"""call-back list: tries, next try, outcome; the number may be erased while the outcome stays

Revision ID: 0015a_callback_list
Revises: 0018_highlight_images
Create Date: 2026-12-03 07:40:00

"""

import sqlalchemy as sa
from alembic import op

revision = "0015a_callback_list"
down_revision = "0018_highlight_images"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("callback_requests", schema=None) as batch_op:
        batch_op.add_column(sa.Column("uid", sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column("attempts", sa.Integer(), nullable=False, server_default="0"))
        batch_op.add_column(sa.Column("next_try_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("outcome", sa.String(length=24), nullable=True))
        batch_op.alter_column("phone", existing_type=sa.String(length=20), nullable=True)
        batch_op.create_unique_constraint("uq_callback_requests_uid", ["uid"])


def downgrade():
    op.execute("DELETE FROM callback_requests WHERE phone IS NULL")
    with op.batch_alter_table("callback_requests", schema=None) as batch_op:
        batch_op.drop_constraint("uq_callback_requests_uid", type_="unique")
        batch_op.alter_column("phone", existing_type=sa.String(length=20), nullable=False)
        batch_op.drop_column("outcome")
        batch_op.drop_column("next_try_on")
        batch_op.drop_column("attempts")
        batch_op.drop_column("uid")
