"""The minibus to the Moissac permanences: trips (admin), seats (agents), the driver's list."""

from __future__ import annotations

from typing import Any

from apiflask import Schema
from apiflask.fields import Boolean, Dict, Integer, List, String
from apiflask.validators import Length, Range
from flask import current_app

from server.api import api
from server.context import clock, current_site, require_admin, require_agent
from server.extensions import db
from server.services.minibus import (
    add_trip,
    book_seat,
    cancel_booking,
    cancel_trip,
    first_bookable_day,
    trip_by_id,
    trip_view,
    upcoming_trips,
)
from server.services.transaction import reading


class TripIn(Schema):
    day = String(required=True, validate=Length(10, 10))
    stops = List(Dict(), required=True, validate=Length(1, 12))
    seats = Integer(load_default=8, validate=Range(1, 60))
    destination = String(load_default="", validate=Length(0, 200))
    notes = String(load_default="", validate=Length(0, 300))


class SeatIn(Schema):
    pickup = Integer(required=True, validate=Range(0, 11))
    name = String(required=True, validate=Length(1, 40))
    phone = String(load_default=None, allow_none=True, validate=Length(0, 30))
    consent = Boolean(load_default=False)


def _days_ahead() -> int:
    return int(current_app.config["MINIBUS_DAYS_AHEAD"])


@api.get("/minibus/trips")
def list_trips() -> dict[str, Any]:
    """The coming trips with the seats left, and the first day a seat can still be booked."""
    require_agent()
    site = current_site()
    with reading(db.session):
        trips = [
            trip_view(db.session, t, with_people=True)
            for t in upcoming_trips(db.session, site, clock())
        ]
    return {
        "days_ahead": _days_ahead(),
        "first_bookable_day": first_bookable_day(site, clock(), _days_ahead()).isoformat(),
        "trips": trips,
    }


@api.post("/minibus/trips")
@api.input(TripIn, arg_name="body")
def create_trip(body: dict[str, Any]) -> tuple[dict[str, Any], int]:
    require_admin()
    trip = add_trip(db.session, current_site(), clock(), **body)
    return trip_view(db.session, trip, with_people=False), 201


@api.post("/minibus/trips/<int:trip_id>/cancel")
def cancel_minibus_trip(trip_id: int) -> dict[str, Any]:
    require_admin()
    trip = cancel_trip(db.session, current_site(), trip_id)
    return trip_view(db.session, trip, with_people=False)


@api.post("/minibus/trips/<int:trip_id>/seats")
@api.input(SeatIn, arg_name="body")
@api.doc(responses={400: "too late (fewer days ahead than set) or a slip", 409: "full"})
def book_minibus_seat(trip_id: int, body: dict[str, Any]) -> tuple[dict[str, Any], int]:
    """A seat for someone: a first name or initials, and a phone number only with consent."""
    agent = require_agent()
    site = current_site()
    book_seat(
        db.session,
        site,
        clock(),
        agent,
        trip_id=trip_id,
        pickup=body["pickup"],
        name=body["name"],
        phone=(body["phone"] or "").strip() or None,
        consent=body["consent"],
        days_ahead=_days_ahead(),
    )
    return trip_view(db.session, trip_by_id(db.session, site, trip_id), with_people=True), 201


@api.delete("/minibus/seats/<int:booking_id>")
def cancel_minibus_seat(booking_id: int) -> tuple[str, int]:
    """The seat is free again; the name and the number are deleted at once."""
    require_agent()
    cancel_booking(db.session, current_site(), clock(), booking_id)
    return "", 204
