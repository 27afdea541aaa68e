"""The itinerant France Services as data: its stops, the half-days of its two patterns, and the
single-date exceptions (a stop cancelled or moved). Edited by an admin from /console/itinerance."""

from __future__ import annotations

from datetime import date, time

from sqlalchemy import Boolean, Date, Float, ForeignKey, Integer, String, Text, Time
from sqlalchemy.orm import Mapped, mapped_column, relationship

from server.extensions import Base


class ItinerantStop(Base):
    """A place the tour stops at: commune, room, address, coordinates for the offline map."""

    __tablename__ = "itinerant_stops"

    id: Mapped[int] = mapped_column(primary_key=True)
    commune: Mapped[str] = mapped_column(String(100))
    place: Mapped[str] = mapped_column(String(200))
    address: Mapped[str] = mapped_column(String(300), default="")
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    notes: Mapped[str] = mapped_column(Text, default="")  # "salle à l'étage, accès à confirmer"
    to_confirm: Mapped[bool] = mapped_column(Boolean, default=False)  # shown to the public
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class ItinerantSlot(Base):
    """One half-day of pattern A (weeks 1 and 3) or B (weeks 2 and 4): a stop, or an internal
    slot such as the team meeting (no stop, not public)."""

    __tablename__ = "itinerant_slots"

    id: Mapped[int] = mapped_column(primary_key=True)
    pattern: Mapped[str] = mapped_column(String(1))  # A | B
    weekday: Mapped[int] = mapped_column(Integer)  # 0 = Monday
    half_day: Mapped[str] = mapped_column(String(10))  # morning | afternoon | day
    opens: Mapped[time] = mapped_column(Time)
    closes: Mapped[time] = mapped_column(Time)
    stop_id: Mapped[int | None] = mapped_column(ForeignKey("itinerant_stops.id"))
    label: Mapped[str] = mapped_column(String(200), default="")  # internal slots
    public: Mapped[bool] = mapped_column(Boolean, default=True)

    stop: Mapped[ItinerantStop | None] = relationship(lazy="joined")


class ItinerantException(Base):
    """One date where a half-day does not run as the pattern says: cancelled, or moved."""

    __tablename__ = "itinerant_exceptions"

    id: Mapped[int] = mapped_column(primary_key=True)
    day: Mapped[date] = mapped_column(Date, index=True)
    slot_id: Mapped[int] = mapped_column(ForeignKey("itinerant_slots.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(10))  # cancelled | moved
    stop_id: Mapped[int | None] = mapped_column(ForeignKey("itinerant_stops.id"))  # moved there
    opens: Mapped[time | None] = mapped_column(Time)
    closes: Mapped[time | None] = mapped_column(Time)
    note: Mapped[str] = mapped_column(String(300), default="")

    slot: Mapped[ItinerantSlot] = relationship(lazy="joined")
    stop: Mapped[ItinerantStop | None] = relationship(lazy="joined")
