"""counters: a code is unique within its site, not across the department

Revision ID: 0019_counter_codes_per_site
Revises: 0015b_checklist_library
Create Date: 2026-12-03 08:10:00

"""

from alembic import op

revision = "0019_counter_codes_per_site"
down_revision = "0015b_checklist_library"
branch_labels = None
depends_on = None

# The first release declared UNIQUE (code) without a name: SQLite's copy of the table is
# named by this convention, PostgreSQL named it itself.
CONVENTION = {"uq": "uq_%(table_name)s_%(column_0_name)s"}


def _old_name():
    return "counters_code_key" if op.get_bind().dialect.name == "postgresql" else "uq_counters_code"


def upgrade():
    with op.batch_alter_table("counters", naming_convention=CONVENTION) as batch:
        batch.drop_constraint(_old_name(), type_="unique")
        batch.create_unique_constraint("uq_counters_site_code", ["site_id", "code"])


def downgrade():
    with op.batch_alter_table("counters", naming_convention=CONVENTION) as batch:
        batch.drop_constraint("uq_counters_site_code", type_="unique")
        batch.create_unique_constraint(_old_name(), ["code"])
