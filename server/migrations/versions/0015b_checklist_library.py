"""checklist library: one checklist per request with translations and a version history; a
given checklist remembers its language, the agent's note and the library version it came from

Revision ID: 0015b_checklist_library
Revises: 0015a_callback_list
Create Date: 2026-12-03 07:50:00

"""

import sqlalchemy as sa
from alembic import op

revision = "0015b_checklist_library"
down_revision = "0015a_callback_list"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "checklist_templates",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.String(length=32), nullable=False),
        sa.Column("service_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("steps", sa.JSON(), nullable=False),
        sa.Column("translations", sa.JSON(), nullable=False),
        sa.Column("to_check", sa.Boolean(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_by_agent_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["service_id"], ["services.id"]),
        sa.ForeignKeyConstraint(["updated_by_agent_id"], ["agents.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("uid"),
        sa.UniqueConstraint("service_id"),
    )
    op.create_table(
        "checklist_template_versions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("template_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("steps", sa.JSON(), nullable=False),
        sa.Column("translations", sa.JSON(), nullable=False),
        sa.Column("to_check", sa.Boolean(), nullable=False),
        sa.Column("saved_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("saved_by_agent_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["template_id"], ["checklist_templates.id"]),
        sa.ForeignKeyConstraint(["saved_by_agent_id"], ["agents.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        "ix_checklist_template_versions_template_id",
        "checklist_template_versions",
        ["template_id"],
    )
    with op.batch_alter_table("checklists", schema=None) as batch_op:
        batch_op.add_column(sa.Column("language", sa.String(length=8), nullable=True))
        batch_op.add_column(
            sa.Column("note", sa.String(length=600), nullable=False, server_default="")
        )
        batch_op.add_column(sa.Column("title_translations", sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column("template_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("template_version", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            "fk_checklists_template_id", "checklist_templates", ["template_id"], ["id"]
        )


def downgrade():
    with op.batch_alter_table("checklists", schema=None) as batch_op:
        batch_op.drop_constraint("fk_checklists_template_id", type_="foreignkey")
        batch_op.drop_column("template_version")
        batch_op.drop_column("template_id")
        batch_op.drop_column("title_translations")
        batch_op.drop_column("note")
        batch_op.drop_column("language")
    op.drop_index(
        "ix_checklist_template_versions_template_id", table_name="checklist_template_versions"
    )
    op.drop_table("checklist_template_versions")
    op.drop_table("checklist_templates")
