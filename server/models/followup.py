"""What a visitor takes away after a visit: a checklist behind a QR code, a consented call back."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Boolean, Date, ForeignKey, Integer, String
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
    # Each item: a text (old lists) or {"text", "kind", "key", "translations": {lang: text}}.
    items: Mapped[list[Any]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(AwareDateTime())
    expires_at: Mapped[datetime] = mapped_column(AwareDateTime(), index=True)
    language: Mapped[str | None] = mapped_column(String(8))  # the visitor's, from the ticket
    note: Mapped[str] = mapped_column(String(600), default="")  # the agent's own words
    title_translations: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    template_id: Mapped[int | None] = mapped_column(ForeignKey("checklist_templates.id"))
    template_version: Mapped[int | None] = mapped_column(Integer)


class ChecklistTemplate(Base):
    """The library: what to do next for one request (steps, documents, whom to see, when, links),
    written by the team, with translations; every save is a new version kept in the history."""

    __tablename__ = "checklist_templates"

    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = mapped_column(String(32), unique=True)  # uuid4 hex
    service_id: Mapped[int] = mapped_column(ForeignKey("services.id"), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    steps: Mapped[list[Any]] = mapped_column(JSON)  # [{"key", "kind", "text"}]
    translations: Mapped[dict[str, Any]] = mapped_column(JSON)  # {lang: {"title", "steps"}}
    to_check: Mapped[bool] = mapped_column(Boolean, default=True)  # a draft, not yet verified
    version: Mapped[int] = mapped_column(Integer, default=1)
    updated_at: Mapped[datetime] = mapped_column(AwareDateTime())
    updated_by_agent_id: Mapped[int | None] = mapped_column(ForeignKey("agents.id"))


class ChecklistTemplateVersion(Base):
    """One saved state of a library checklist: who saved what, when."""

    __tablename__ = "checklist_template_versions"

    id: Mapped[int] = mapped_column(primary_key=True)
    template_id: Mapped[int] = mapped_column(ForeignKey("checklist_templates.id"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(200))
    steps: Mapped[list[Any]] = mapped_column(JSON)
    translations: Mapped[dict[str, Any]] = mapped_column(JSON)
    to_check: Mapped[bool] = mapped_column(Boolean)
    saved_at: Mapped[datetime] = mapped_column(AwareDateTime())
    saved_by_agent_id: Mapped[int | None] = mapped_column(ForeignKey("agents.id"))


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
