"""What the kiosk needs remembered beyond the queue: the keys that make one tap one ticket."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from server.extensions import Base
from server.models.types import AwareDateTime


class IdempotencyKey(Base):
    """A kiosk request's key, kept a few minutes so a retried request returns the same ticket.

    Stored in the database (not in process memory) so every server process sees it.
    """

    __tablename__ = "idempotency_keys"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(AwareDateTime(), index=True)
    visit_id: Mapped[int | None] = mapped_column(ForeignKey("visits.id"))
