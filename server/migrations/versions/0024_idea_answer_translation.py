"""ideas: the team's answer may also be given in the idea's own language (the display's second line)

Revision ID: 0024_idea_answer_translation
Revises: 0023_highlight_second_language
Create Date: 2026-12-03 12:05:00

"""

import sqlalchemy as sa
from alembic import op

revision = "0024_idea_answer_translation"
down_revision = "0023_highlight_second_language"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("ideas") as batch:
        batch.add_column(
            sa.Column("answer_translation", sa.String(600), nullable=False, server_default="")
        )


def downgrade():
    with op.batch_alter_table("ideas") as batch:
        batch.drop_column("answer_translation")
