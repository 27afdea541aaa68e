"""Partners' permanences (recurring slots with a capacity) and the secret calendar links."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from sqlalchemy import JSON, Boolean, Date, ForeignKey, Integer, String, Time
from sqlalchemy.orm import Mapped, mapped_column, relationship

from server.extensions import Base
from server.models.catalogue import Counter, Partner, Service
from server.models.types import AwareDateTime


class Permanence(Base):
    """A partner's recurring slot at a site, e.g. the CAF in the video room on even Tuesdays."""

    __tablename__ = "permanences"

    id: Mapped[int] = mapped_column(primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"), index=True)
    partner_id: Mapped[int | None] = mapped_column(ForeignKey("partners.id"))
    service_id: Mapped[int | None] = mapped_column(ForeignKey("services.id"))
    counter_id: Mapped[int | None] = mapped_column(ForeignKey("counters.id"))
    label: Mapped[str] = mapped_column(String(120))
    remote: Mapped[bool] = mapped_column(Boolean, default=False)  # the partner joins by video
    weekday: Mapped[int] = mapped_column(Integer)
    opens: Mapped[time] = mapped_column(Time)
    closes: Mapped[time] = mapped_column(Time)
    weeks: Mapped[str] = mapped_column(String(8), default="all")
    capacity: Mapped[int] = mapped_column(Integer, default=6)
    starts_on: Mapped[date | None] = mapped_column(Date)
    ends_on: Mapped[date | None] = mapped_column(Date)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime | None] = mapped_column(AwareDateTime())

    partner: Mapped[Partner | None] = relationship(lazy="joined")
    service: Mapped[Service | None] = relationship(lazy="joined")
    counter: Mapped[Counter | None] = relationship(lazy="joined")


class CalendarLink(Base):
    """A link a partner (or the team, for a counter) subscribes to; revoked, it answers 404."""

    __tablename__ = "calendar_links"

    id: Mapped[int] = mapped_column(primary_key=True)
    token: Mapped[str] = mapped_column(String(43), unique=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"))
    partner_id: Mapped[int | None] = mapped_column(ForeignKey("partners.id"))
    counter_id: Mapped[int | None] = mapped_column(ForeignKey("counters.id"))
    created_at: Mapped[datetime] = mapped_column(AwareDateTime())
    revoked_at: Mapped[datetime | None] = mapped_column(AwareDateTime())

    partner: Mapped[Partner | None] = relationship(lazy="joined")
    counter: Mapped[Counter | None] = relationship(lazy="joined")


class MinibusTrip(Base):
    """A minibus run to the Moissac permanences: its day, pick-up points and seats."""

    __tablename__ = "minibus_trips"

    id: Mapped[int] = mapped_column(primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"), index=True)
    day: Mapped[date] = mapped_column(Date, index=True)
    destination: Mapped[str] = mapped_column(String(200))
    stops: Mapped[list[Any]] = mapped_column(JSON)  # [{"place": "...", "time": "08:30"}, ...]
    seats: Mapped[int] = mapped_column(Integer, default=8)
    notes: Mapped[str] = mapped_column(String(300), default="")
    cancelled: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime | None] = mapped_column(AwareDateTime())


class MinibusBooking(Base):
    """One seat: the least needed to pick someone up (a first name or initials, a phone number
    with consent). Both are deleted after the trip (`accueil purge`); the seat count stays."""

    __tablename__ = "minibus_bookings"

    id: Mapped[int] = mapped_column(primary_key=True)
    trip_id: Mapped[int] = mapped_column(ForeignKey("minibus_trips.id"), index=True)
    pickup: Mapped[int] = mapped_column(Integer)  # index in the trip's stops
    name: Mapped[str | None] = mapped_column(String(40))
    phone: Mapped[str | None] = mapped_column(String(20))
    phone_consent_at: Mapped[datetime | None] = mapped_column(AwareDateTime())
    booked_at: Mapped[datetime] = mapped_column(AwareDateTime())
    booked_by_agent_id: Mapped[int | None] = mapped_column(ForeignKey("agents.id"))
    cancelled_at: Mapped[datetime | None] = mapped_column(AwareDateTime())
    purged_at: Mapped[datetime | None] = mapped_column(AwareDateTime())
