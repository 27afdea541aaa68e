"""The idea wall: what visitors say about the place and the services, and the team's answer."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from server.extensions import Base
from server.models.types import AwareDateTime


class Idea(Base):
    """One anonymous idea: no account, no device, no name — the text, its category, its answer.

    `uid` identifies the row across sites (the itinerant kit syncs ideas to the central server).
    A rejected idea keeps only its category and dates, for the statistics; its text is erased.
    """

    __tablename__ = "ideas"
    __table_args__ = (Index("ix_ideas_site_status", "site_id", "status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = mapped_column(String(32), unique=True)  # uuid4 hex
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"))
    text: Mapped[str] = mapped_column(String(400))
    category: Mapped[str] = mapped_column(String(16))  # place, services, other
    language: Mapped[str] = mapped_column(String(8), default="fr")
    source: Mapped[str] = mapped_column(String(16), default="phone")  # kiosk or phone
    status: Mapped[str] = mapped_column(String(16), default="pending")  # approved, rejected
    answer: Mapped[str] = mapped_column(String(600), default="")
    # The answer again in the idea's own language, when the team can write it (else French only).
    answer_translation: Mapped[str] = mapped_column(String(600), default="", server_default="")
    created_at: Mapped[datetime] = mapped_column(AwareDateTime(), index=True)
    moderated_at: Mapped[datetime | None] = mapped_column(AwareDateTime())
    moderated_by_agent_id: Mapped[int | None] = mapped_column(ForeignKey("agents.id"))
