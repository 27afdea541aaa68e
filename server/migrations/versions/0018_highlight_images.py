"""highlights: a date range (not only a month) and an optional re-encoded picture

Revision ID: 0018_highlight_images
Revises: 0016_sync
Create Date: 2026-12-03 07:20:00

"""

import calendar

import sqlalchemy as sa
from alembic import op

revision = "0018_highlight_images"
down_revision = "0016_sync"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("highlights") as batch:
        batch.add_column(sa.Column("starts_on", sa.Date(), nullable=True))
        batch.add_column(sa.Column("ends_on", sa.Date(), nullable=True))
        batch.add_column(sa.Column("image", sa.LargeBinary(), nullable=True))
        batch.add_column(
            sa.Column("image_alt", sa.String(length=200), nullable=False, server_default="")
        )
        batch.add_column(
            sa.Column("image_version", sa.Integer(), nullable=False, server_default="0")
        )
    # Existing highlights keep showing for their whole month.
    highlights = sa.table(
        "highlights",
        sa.column("id", sa.Integer()),
        sa.column("month", sa.Date()),
        sa.column("starts_on", sa.Date()),
        sa.column("ends_on", sa.Date()),
    )
    connection = op.get_bind()
    for row in connection.execute(sa.select(highlights.c.id, highlights.c.month)).all():
        month = row.month
        last = calendar.monthrange(month.year, month.month)[1]
        connection.execute(
            highlights.update()
            .where(highlights.c.id == row.id)
            .values(starts_on=month, ends_on=month.replace(day=last))
        )


def downgrade():
    with op.batch_alter_table("highlights") as batch:
        batch.drop_column("image_version")
        batch.drop_column("image_alt")
        batch.drop_column("image")
        batch.drop_column("ends_on")
        batch.drop_column("starts_on")
