"""The minibus to the Moissac permanences: trips, seats booked a week ahead, the driver's list,
and the purge of everything personal once the trip is over."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from server.models import Agent, MinibusBooking, MinibusTrip, Site
from server.services.appointments import parse_day, parse_time
from server.services.clock import Clock
from server.services.errors import Conflict, NotFound, ServiceError
from server.services.followup import normalize_phone
from server.services.transaction import writing

DEFAULT_DESTINATION = "Moissac — permanences de la mairie annexe du Sarlac"
MAX_STOPS = 12
MAX_SEATS = 60


class Full(Conflict):
    code = "full"


def _today(site: Site, clock: Clock) -> date:
    return clock.now().astimezone(ZoneInfo(site.timezone)).date()


def _stops(raw: Any) -> list[dict[str, str]]:
    if not isinstance(raw, list) or not 1 <= len(raw) <= MAX_STOPS:
        raise ServiceError(f"de 1 à {MAX_STOPS} points de ramassage", field="stops")
    stops = []
    for entry in raw:
        place = str((entry or {}).get("place", "")).strip()[:120] if isinstance(entry, dict) else ""
        if not place:
            raise ServiceError("chaque point de ramassage a besoin d'un lieu", field="stops")
        when = parse_time(str(entry.get("time", "")), "stops")
        stops.append({"place": place, "time": when.strftime("%H:%M")})
    return sorted(stops, key=lambda s: s["time"])


def add_trip(
    session: Session,
    site: Site,
    clock: Clock,
    *,
    day: str,
    stops: Any,
    seats: int = 8,
    destination: str = "",
    notes: str = "",
) -> MinibusTrip:
    with writing(session):
        when = parse_day(day, "day")
        if when < _today(site, clock):
            raise ServiceError("ce jour est déjà passé", field="day")
        if not 1 <= seats <= MAX_SEATS:
            raise ServiceError(f"de 1 à {MAX_SEATS} places", field="seats")
        trip = MinibusTrip(
            site_id=site.id,
            day=when,
            destination=(destination or "").strip()[:200] or DEFAULT_DESTINATION,
            stops=_stops(stops),
            seats=seats,
            notes=(notes or "").strip()[:300],
            cancelled=False,
            created_at=clock.now(),
        )
        session.add(trip)
    return trip


def trip_by_id(session: Session, site: Site, trip_id: int) -> MinibusTrip:
    trip = session.get(MinibusTrip, trip_id)
    if trip is None or trip.site_id != site.id:
        raise NotFound(f"trajet du minibus introuvable (n° {trip_id})")
    return trip


def _taken(session: Session, trip: MinibusTrip) -> int:
    return int(
        session.scalar(
            select(func.count(MinibusBooking.id)).where(
                MinibusBooking.trip_id == trip.id, MinibusBooking.cancelled_at.is_(None)
            )
        )
        or 0
    )


def book_seat(
    session: Session,
    site: Site,
    clock: Clock,
    agent: Agent,
    *,
    trip_id: int,
    pickup: int,
    name: str,
    phone: str | None = None,
    consent: bool = False,
    days_ahead: int = 7,
) -> MinibusBooking:
    """A seat, booked at least `days_ahead` days before the trip (the driver plans the round)."""
    with writing(session):
        trip = trip_by_id(session, site, trip_id)
        if trip.cancelled:
            raise Conflict("ce trajet est annulé", status="cancelled")
        if (trip.day - _today(site, clock)).days < days_ahead:
            raise ServiceError(
                f"une place se réserve au moins {days_ahead} jours avant le trajet",
                field="trip",
                days_ahead=days_ahead,
            )
        if not 0 <= pickup < len(trip.stops):
            raise ServiceError("choisissez l'un des points de ramassage du trajet", field="pickup")
        who = " ".join((name or "").split())[:40]
        if not who:
            raise ServiceError("un prénom ou des initiales, pour le chauffeur", field="name")
        number = None
        if phone:
            if consent is not True:
                raise ServiceError(
                    "un numéro de téléphone seulement avec l'accord de la personne", field="consent"
                )
            number = normalize_phone(phone)
        if _taken(session, trip) >= trip.seats:
            raise Full("plus aucune place sur ce trajet", seats=trip.seats)
        now = clock.now()
        booking = MinibusBooking(
            trip_id=trip.id,
            pickup=pickup,
            name=who,
            phone=number,
            phone_consent_at=now if number else None,
            booked_at=now,
            booked_by_agent_id=agent.id,
        )
        session.add(booking)
    return booking


def cancel_booking(session: Session, site: Site, clock: Clock, booking_id: int) -> None:
    with writing(session):
        booking = session.get(MinibusBooking, booking_id)
        if booking is None or booking.cancelled_at is not None:
            raise NotFound(f"réservation introuvable (n° {booking_id})")
        trip_by_id(session, site, booking.trip_id)
        booking.cancelled_at = clock.now()
        booking.name = None
        booking.phone = None
        booking.phone_consent_at = None


def cancel_trip(session: Session, site: Site, trip_id: int) -> MinibusTrip:
    with writing(session):
        trip = trip_by_id(session, site, trip_id)
        trip.cancelled = True
    return trip


def trip_view(session: Session, trip: MinibusTrip, *, with_people: bool) -> dict[str, Any]:
    bookings = session.scalars(
        select(MinibusBooking)
        .where(MinibusBooking.trip_id == trip.id, MinibusBooking.cancelled_at.is_(None))
        .order_by(MinibusBooking.pickup, MinibusBooking.id)
    ).all()
    view: dict[str, Any] = {
        "id": trip.id,
        "day": trip.day.isoformat(),
        "destination": trip.destination,
        "stops": list(trip.stops),
        "seats": trip.seats,
        "booked": len(bookings),
        "left": max(0, trip.seats - len(bookings)),
        "notes": trip.notes,
        "cancelled": trip.cancelled,
    }
    if with_people:
        view["bookings"] = [
            {
                "id": b.id,
                "pickup": b.pickup,
                "pickup_place": trip.stops[b.pickup]["place"] if b.pickup < len(trip.stops) else "",
                "pickup_time": trip.stops[b.pickup]["time"] if b.pickup < len(trip.stops) else "",
                "name": b.name,
                "phone": b.phone,
            }
            for b in bookings
        ]
    return view


def upcoming_trips(session: Session, site: Site, clock: Clock) -> list[MinibusTrip]:
    return list(
        session.scalars(
            select(MinibusTrip)
            .where(MinibusTrip.site_id == site.id, MinibusTrip.day >= _today(site, clock))
            .order_by(MinibusTrip.day, MinibusTrip.id)
        )
    )


def purge_minibus(session: Session, site_zone: str, clock: Clock) -> int:
    """After the trip: names and numbers deleted; the booking stays as a count for statistics."""
    today = clock.now().astimezone(ZoneInfo(site_zone)).date()
    with writing(session):
        past = select(MinibusTrip.id).where(MinibusTrip.day < today)
        result = session.execute(
            update(MinibusBooking)
            .where(MinibusBooking.trip_id.in_(past), MinibusBooking.purged_at.is_(None))
            .values(name=None, phone=None, phone_consent_at=None, purged_at=clock.now())
        )
    return int(getattr(result, "rowcount", 0) or 0)


def first_bookable_day(site: Site, clock: Clock, days_ahead: int) -> date:
    return _today(site, clock) + timedelta(days=days_ahead)
