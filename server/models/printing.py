"""Ticket printers of a site and the print jobs sent to them (kept so a restart loses none)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Index, Integer, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from server.extensions import Base
from server.models.catalogue import Site
from server.models.types import AwareDateTime


class Printer(Base):
    """A receipt printer, found by its URL; `location` names the kiosk it stands beside."""

    __tablename__ = "printers"

    id: Mapped[int] = mapped_column(primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"), index=True)
    name: Mapped[str] = mapped_column(String(64), unique=True)
    location: Mapped[str | None] = mapped_column(String(64))
    url: Mapped[str] = mapped_column(String(300))
    codepage_slot: Mapped[int] = mapped_column(Integer, default=16)
    qr_mode: Mapped[str] = mapped_column(String(16), default="native")
    paper_width_mm: Mapped[int] = mapped_column(Integer, default=80)
    # Movable dispensers come out only at peak times; a stored printer is never sent a ticket.
    deployed: Mapped[bool] = mapped_column(Boolean, default=True)

    site: Mapped[Site] = relationship(lazy="joined")


class PrintJobRecord(Base):
    """One printout on its way (the SQL side of printers.jobs.PrintJob)."""

    __tablename__ = "print_jobs"
    __table_args__ = (Index("ix_print_jobs_printer_status", "printer_name", "status"),)

    id: Mapped[str] = mapped_column(String(32), primary_key=True)  # uuid4 hex
    visit_id: Mapped[int | None] = mapped_column(ForeignKey("visits.id"), index=True)
    kind: Mapped[str] = mapped_column(String(16))  # ticket | checklist | test
    payload: Mapped[bytes] = mapped_column(LargeBinary)
    printer_name: Mapped[str | None] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(16), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    reason: Mapped[str | None] = mapped_column(String(300))
    created_at: Mapped[datetime] = mapped_column(AwareDateTime())
    printed_at: Mapped[datetime | None] = mapped_column(AwareDateTime())
    # The server process sending it ("printing"): after a crash, that process recovers it.
    owner: Mapped[str | None] = mapped_column(String(200))
    claimed_at: Mapped[datetime | None] = mapped_column(AwareDateTime())
