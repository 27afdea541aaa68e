"""the idea wall: visitors' ideas, moderated, with the team's answer (no personal data)

Revision ID: 0014_idea_wall
Revises: 0012_sign_in_sessions
Create Date: 2026-12-03 07:30:00

"""

import sqlalchemy as sa
from alembic import op

revision = "0014_idea_wall"
down_revision = "0012_sign_in_sessions"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "ideas",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.String(length=32), nullable=False),
        sa.Column("site_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.String(length=400), nullable=False),
        sa.Column("category", sa.String(length=16), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("source", sa.String(length=16), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("answer", sa.String(length=600), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("moderated_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("moderated_by_agent_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["site_id"], ["sites.id"]),
        sa.ForeignKeyConstraint(["moderated_by_agent_id"], ["agents.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("uid"),
    )
    op.create_index("ix_ideas_site_status", "ideas", ["site_id", "status"])
    op.create_index("ix_ideas_created_at", "ideas", ["created_at"])


def downgrade():
    op.drop_index("ix_ideas_created_at", table_name="ideas")
    op.drop_index("ix_ideas_site_status", table_name="ideas")
    op.drop_table("ideas")
