"""site_services: each site switches the catalogue's requests on or off and orders them

No rows at first: every site keeps the install's choices (services.active, services.position)
until its administrator changes one.

Revision ID: 0025_site_services
Revises: 0024_idea_answer_translation
Create Date: 2026-12-03 12:10:00

"""

import sqlalchemy as sa
from alembic import op

revision = "0025_site_services"
down_revision = "0024_idea_answer_translation"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "site_services",
        sa.Column("site_id", sa.Integer(), primary_key=True),
        sa.Column("service_id", sa.Integer(), primary_key=True),
        sa.Column("active", sa.Boolean(), nullable=False, server_default=sa.true()),
        sa.Column("position", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["site_id"], ["sites.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["service_id"], ["services.id"], ondelete="CASCADE"),
    )


def downgrade():
    op.drop_table("site_services")
