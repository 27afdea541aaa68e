"""itinerant kit sync: central tokens and received rows, laptop ledger and status

Revision ID: 0016_sync
Revises: 0014_idea_wall
Create Date: 2026-12-03 07:30:00

"""

import sqlalchemy as sa
from alembic import op

revision = "0016_sync"
down_revision = "0014_idea_wall"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "sync_tokens",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("site_id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("label", sa.String(length=100), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_used_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["site_id"], ["sites.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("token_hash"),
    )
    op.create_index("ix_sync_tokens_site_id", "sync_tokens", ["site_id"])
    op.create_table(
        "sync_origins",
        sa.Column("site_id", sa.Integer(), nullable=False),
        sa.Column("table_name", sa.String(length=40), nullable=False),
        sa.Column("origin_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("row_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["site_id"], ["sites.id"]),
        sa.PrimaryKeyConstraint("site_id", "table_name", "origin_id"),
    )
    op.create_table(
        "sync_ledger",
        sa.Column("table_name", sa.String(length=40), nullable=False),
        sa.Column("row_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("version", sa.Integer(), nullable=True),
        sa.Column("digest", sa.String(length=64), nullable=True),
        sa.Column("synced_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("table_name", "row_id"),
    )
    op.create_table(
        "sync_state",
        sa.Column("site_id", sa.Integer(), nullable=False),
        sa.Column("central_url", sa.String(length=300), nullable=False),
        sa.Column("token", sa.String(length=100), nullable=False),
        sa.Column("last_attempt_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_success_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_pull_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_error", sa.String(length=500), nullable=False),
        sa.Column("rows_sent", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["site_id"], ["sites.id"]),
        sa.PrimaryKeyConstraint("site_id"),
    )


def downgrade():
    op.drop_table("sync_state")
    op.drop_table("sync_ledger")
    op.drop_table("sync_origins")
    op.drop_index("ix_sync_tokens_site_id", table_name="sync_tokens")
    op.drop_table("sync_tokens")
