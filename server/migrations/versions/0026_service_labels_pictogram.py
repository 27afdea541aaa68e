"""services.labels: a request's label per kiosk language; services.site_id: the site that
added a local request (its wording is that site's); site_services.pictogram: its icon

Both optional: without a translated label the kiosk falls back to its catalogue, then French;
without a pictogram it shows the label alone.

Revision ID: 0026_service_labels_pictogram
Revises: 0025_site_services
Create Date: 2026-12-03 12:45:00

"""

import sqlalchemy as sa
from alembic import op

revision = "0026_service_labels_pictogram"
down_revision = "0025_site_services"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("services") as batch:
        batch.add_column(sa.Column("labels", sa.JSON(), nullable=True))
        batch.add_column(sa.Column("site_id", sa.Integer(), nullable=True))
        batch.create_foreign_key("fk_services_site_id", "sites", ["site_id"], ["id"])
    with op.batch_alter_table("site_services") as batch:
        batch.add_column(sa.Column("pictogram", sa.String(32), nullable=True))


def downgrade():
    with op.batch_alter_table("site_services") as batch:
        batch.drop_column("pictogram")
    with op.batch_alter_table("services") as batch:
        batch.drop_constraint("fk_services_site_id", type_="foreignkey")
        batch.drop_column("site_id")
        batch.drop_column("labels")
