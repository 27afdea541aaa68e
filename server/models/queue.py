"""The waiting line: visits (the tickets), their event log, numbering, appointments, presences."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from server.extensions import Base
from server.models.catalogue import Counter, Service, Site
from server.models.people import Agent
from server.models.types import AwareDateTime


class TicketSequence(Base):
    """The last number given today for one prefix at one site; incremented atomically."""

    __tablename__ = "ticket_sequences"

    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"), primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    prefix: Mapped[str] = mapped_column(String(3), primary_key=True)
    last: Mapped[int] = mapped_column(Integer, default=0)


class Appointment(Base):
    __tablename__ = "appointments"
    __table_args__ = (Index("ix_appointments_site_starts", "site_id", "starts_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"))
    service_id: Mapped[int] = mapped_column(ForeignKey("services.id"))
    starts_at: Mapped[datetime] = mapped_column(AwareDateTime())
    ends_at: Mapped[datetime] = mapped_column(AwareDateTime())
    checkin_code: Mapped[str] = mapped_column(String(16), unique=True)
    counter_id: Mapped[int | None] = mapped_column(ForeignKey("counters.id"))
    arrived_at: Mapped[datetime | None] = mapped_column(AwareDateTime())
    cancelled: Mapped[bool] = mapped_column(Boolean, default=False)
    # Booked from the console (server.services.appointments). No name is ever stored: the code
    # and the token are the only keys; a phone number only with consent, deleted after the day.
    token: Mapped[str | None] = mapped_column(String(43), unique=True)
    phone: Mapped[str | None] = mapped_column(String(20))
    phone_consent_at: Mapped[datetime | None] = mapped_column(AwareDateTime())
    booked_at: Mapped[datetime | None] = mapped_column(AwareDateTime())
    booked_by_agent_id: Mapped[int | None] = mapped_column(ForeignKey("agents.id"))
    cancelled_at: Mapped[datetime | None] = mapped_column(AwareDateTime())
    permanence_id: Mapped[int | None] = mapped_column(ForeignKey("permanences.id"), index=True)

    site: Mapped[Site] = relationship()
    service: Mapped[Service] = relationship(lazy="joined")
    counter: Mapped[Counter | None] = relationship(lazy="joined")


class Visit(Base):
    """One ticket in the line. A transfer ends it and opens a linked one with the same number."""

    __tablename__ = "visits"
    __table_args__ = (
        # A number is given once a day per site; transfers reuse it on linked tickets.
        Index(
            "uq_visit_number",
            "site_id",
            "day",
            "number",
            unique=True,
            sqlite_where=text("transferred_from_id IS NULL"),
            postgresql_where=text("transferred_from_id IS NULL"),
        ),
        Index("ix_visits_site_status", "site_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"))
    service_id: Mapped[int] = mapped_column(ForeignKey("services.id"))
    day: Mapped[date] = mapped_column(Date)
    number: Mapped[str] = mapped_column(String(8))
    token: Mapped[str] = mapped_column(String(43), index=True)  # shared along a transfer chain
    status: Mapped[str] = mapped_column(String(16), default="waiting")
    priority: Mapped[bool] = mapped_column(Boolean, default=False)
    language: Mapped[str] = mapped_column(String(8), default="fr")
    source: Mapped[str] = mapped_column(String(16), default="kiosk")  # kiosk|agent|appointment
    appointment_id: Mapped[int | None] = mapped_column(ForeignKey("appointments.id"))
    appointment_at: Mapped[datetime | None] = mapped_column(AwareDateTime())
    issued_at: Mapped[datetime] = mapped_column(AwareDateTime())
    arrived_at: Mapped[datetime] = mapped_column(AwareDateTime())  # ordering: kept on transfer
    called_at: Mapped[datetime | None] = mapped_column(AwareDateTime())
    started_at: Mapped[datetime | None] = mapped_column(AwareDateTime())
    finished_at: Mapped[datetime | None] = mapped_column(AwareDateTime())
    counter_id: Mapped[int | None] = mapped_column(ForeignKey("counters.id"))
    agent_id: Mapped[int | None] = mapped_column(ForeignKey("agents.id"))
    target_counter_id: Mapped[int | None] = mapped_column(ForeignKey("counters.id"))
    transferred_from_id: Mapped[int | None] = mapped_column(ForeignKey("visits.id"))
    coming_to_you: Mapped[bool] = mapped_column(Boolean, default=False)
    outcome: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012 - two agents, one ticket: 409

    site: Mapped[Site] = relationship(lazy="joined")
    service: Mapped[Service] = relationship(lazy="joined")
    counter: Mapped[Counter | None] = relationship(foreign_keys=[counter_id], lazy="joined")
    target_counter: Mapped[Counter | None] = relationship(foreign_keys=[target_counter_id])
    agent: Mapped[Agent | None] = relationship()


class VisitEvent(Base):
    """The append-only log of every transition: statistics and audits are computed from it."""

    __tablename__ = "visit_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    visit_id: Mapped[int] = mapped_column(ForeignKey("visits.id"), index=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"))
    action: Mapped[str] = mapped_column(String(16))
    from_status: Mapped[str | None] = mapped_column(String(16))
    to_status: Mapped[str] = mapped_column(String(16))
    at: Mapped[datetime] = mapped_column(AwareDateTime(), index=True)
    agent_id: Mapped[int | None] = mapped_column(ForeignKey("agents.id"))
    counter_id: Mapped[int | None] = mapped_column(ForeignKey("counters.id"))
    priority: Mapped[bool] = mapped_column(Boolean, default=False)
    detail: Mapped[dict[str, Any] | None] = mapped_column(JSON)


class Presence(Base):
    """Someone who came just to read or have a coffee: counted, nothing else recorded."""

    __tablename__ = "presences"

    id: Mapped[int] = mapped_column(primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"))
    at: Mapped[datetime] = mapped_column(AwareDateTime())
    kind: Mapped[str] = mapped_column(String(16), default="reading")


class Setting(Base):
    """Site-wide switches such as peak mode, as JSON values."""

    __tablename__ = "settings"

    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"), primary_key=True)
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[Any] = mapped_column(JSON)
