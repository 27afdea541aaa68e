"""devices: kiosks and displays paired to a site by a short code, instead of ?site= in the URL

Revision ID: 0021_devices
Revises: 0020_temporary_pin
Create Date: 2026-12-03 11:40:00

"""

import sqlalchemy as sa
from alembic import op

revision = "0021_devices"
down_revision = "0020_temporary_pin"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "devices",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("site_id", sa.Integer(), sa.ForeignKey("sites.id"), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("name", sa.String(64), nullable=False),
        sa.Column("token_hash", sa.String(64), nullable=True, unique=True),
        sa.Column("paired_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_seen_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
    )
    op.create_index("ix_devices_site_id", "devices", ["site_id"])
    op.create_table(
        "device_pairings",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("code", sa.String(8), nullable=False, unique=True),
        sa.Column("secret_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("asked_site", sa.String(64), nullable=True),
        sa.Column("device_id", sa.Integer(), sa.ForeignKey("devices.id"), nullable=True),
    )
    op.create_index("ix_device_pairings_expires_at", "device_pairings", ["expires_at"])


def downgrade():
    op.drop_index("ix_device_pairings_expires_at", "device_pairings")
    op.drop_table("device_pairings")
    op.drop_index("ix_devices_site_id", "devices")
    op.drop_table("devices")
