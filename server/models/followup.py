"""What a visitor takes away after a visit: a checklist behind a QR code, a consented call back."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Date, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from server.extensions import Base
from server.models.types import AwareDateTime


class Checklist(Base):
    """Next steps composed on the spot, read by the visitor at /c/<token>. No personal data."""

    __tablename__ = "checklists"

    id: Mapped[int] = mapped_column(primary_key=True)
    token: Mapped[str] = mapped_column(String(43), unique=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"))
    visit_id: Mapped[int | None] = mapped_column(ForeignKey("visits.id"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    items: Mapped[list[Any]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(AwareDateTime())
    expires_at: Mapped[datetime] = mapped_column(AwareDateTime(), index=True)


class CallbackRequest(Base):
    """One phone number, given with explicit consent, for one call two weeks later. No name.

    The number is erased as soon as the call-back is closed (reached, wrong number, too many tries)
    or past its deadline; the outcome stays, for the statistics. `uid` identifies the row across
    sites (the itinerant kit syncs call-backs to the central server).
    """

    __tablename__ = "callback_requests"

    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str | None] = mapped_column(String(32), unique=True)  # uuid4 hex
    visit_id: Mapped[int] = mapped_column(ForeignKey("visits.id"), unique=True)
    phone: Mapped[str | None] = mapped_column(String(20))
    consent_at: Mapped[datetime] = mapped_column(AwareDateTime(), index=True)
    due_on: Mapped[date] = mapped_column(Date, index=True)
    done_at: Mapped[datetime | None] = mapped_column(AwareDateTime())  # closed, any outcome
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_try_on: Mapped[date | None] = mapped_column(Date)  # "no answer: try again tomorrow"
    outcome: Mapped[str | None] = mapped_column(String(24))
