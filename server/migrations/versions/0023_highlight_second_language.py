"""highlights: an optional second-language line (title and text) for the waiting-room display

Revision ID: 0023_highlight_second_language
Revises: 0022_agent_sites
Create Date: 2026-12-03 11:55:00

"""

import sqlalchemy as sa
from alembic import op

revision = "0023_highlight_second_language"
down_revision = "0022_agent_sites"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("highlights") as batch:
        batch.add_column(
            sa.Column("second_language", sa.String(8), nullable=False, server_default="")
        )
        batch.add_column(
            sa.Column("second_title", sa.String(120), nullable=False, server_default="")
        )
        batch.add_column(sa.Column("second_body", sa.Text(), nullable=False, server_default=""))


def downgrade():
    with op.batch_alter_table("highlights") as batch:
        batch.drop_column("second_body")
        batch.drop_column("second_title")
        batch.drop_column("second_language")
