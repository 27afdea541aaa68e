"""Join the feature branches of the schema (kiosk, display, printing, follow-up) into one head.

Revision ID: 0007
Revises: 0002_kiosk, 0002_display_highlights, 0003_printing, 0006_followup
"""

revision = "0007"
down_revision = ("0002_kiosk", "0002_display_highlights", "0003_printing", "0006_followup")
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
