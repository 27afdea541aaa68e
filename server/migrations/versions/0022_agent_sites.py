"""agents belong to sites; a session remembers the site chosen at sign-in; department admins

Every existing agent keeps working where they worked (every site of the install), and the
existing administrators, who managed the whole install, become department administrators.

Revision ID: 0022_agent_sites
Revises: 0021_devices
Create Date: 2026-12-03 11:45:00

"""

import sqlalchemy as sa
from alembic import op

revision = "0022_agent_sites"
down_revision = "0021_devices"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "agent_sites",
        sa.Column("agent_id", sa.Integer(), primary_key=True),
        sa.Column("site_id", sa.Integer(), primary_key=True),
        sa.ForeignKeyConstraint(["agent_id"], ["agents.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["site_id"], ["sites.id"], ondelete="CASCADE"),
    )
    op.execute(
        "INSERT INTO agent_sites (agent_id, site_id) SELECT agents.id, sites.id FROM agents, sites"
    )
    op.execute("UPDATE agents SET role = 'department_admin' WHERE role = 'admin'")
    with op.batch_alter_table("agent_sessions") as batch:
        batch.add_column(sa.Column("site_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(
            "fk_agent_sessions_site_id", "sites", ["site_id"], ["id"], ondelete="CASCADE"
        )


def downgrade():
    with op.batch_alter_table("agent_sessions") as batch:
        batch.drop_constraint("fk_agent_sessions_site_id", type_="foreignkey")
        batch.drop_column("site_id")
    op.execute("UPDATE agents SET role = 'admin' WHERE role = 'department_admin'")
    op.drop_table("agent_sites")
