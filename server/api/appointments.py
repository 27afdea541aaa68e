"""The appointment book behind the console's agenda: book, list a day or a week, move, cancel.

Every route needs a signed-in agent; the visitor's side is the public page /rdv/<token>.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from apiflask import Schema
from apiflask.fields import Boolean, Integer, String
from apiflask.validators import Length, OneOf, Range
from flask import Response, current_app
from sqlalchemy import select

from server.api import api
from server.context import base_url, clock, current_site, require_agent
from server.domain.french import WEEKDAYS
from server.extensions import db
from server.models import Counter
from server.qr import qr_svg
from server.services.appointments import (
    appointment_by_id,
    appointment_view,
    appointments_between,
    book,
    cancel,
    move,
    parse_day,
)
from server.services.permanences import occurrences_between
from server.services.site_info import local_today
from server.services.transaction import reading


class AgendaQuery(Schema):
    start = String(load_default=None, validate=Length(10, 10))
    days = Integer(load_default=1, validate=OneOf([1, 7]))


class BookIn(Schema):
    service = String(required=True, validate=Length(1, 64))
    date = String(required=True, validate=Length(10, 10))
    time = String(required=True, validate=Length(5, 5))
    minutes = Integer(load_default=30, validate=Range(1, 1000))
    counter = String(load_default=None, allow_none=True, validate=Length(0, 64))
    phone = String(load_default=None, allow_none=True, validate=Length(0, 30))
    consent = Boolean(load_default=False)
    permanence = Integer(load_default=None, allow_none=True)  # booked in a partner's permanence


class MoveIn(Schema):
    date = String(validate=Length(10, 10))
    time = String(validate=Length(5, 5))
    minutes = Integer(validate=Range(1, 1000))
    counter = String(allow_none=True, validate=Length(0, 64))  # "" or null: no particular place
    service = String(validate=Length(1, 64))


def _late_minutes() -> int:
    return int(current_app.config["APPOINTMENT_LATE_MINUTES"])


def _view(appointment: Any, with_phone: bool = True) -> dict[str, Any]:
    return appointment_view(
        appointment,
        current_site(),
        clock().now(),
        _late_minutes(),
        base_url(),
        with_phone=with_phone,
    )


@api.get("/agenda")
@api.input(AgendaQuery, location="query", arg_name="query")
def agenda(query: dict[str, Any]) -> dict[str, Any]:
    """A day or a week of appointments (cancelled ones included, marked), and the places."""
    require_agent()
    site = current_site()
    first = parse_day(query["start"], "start") if query["start"] else local_today(site, clock())
    if query["days"] == 7:
        first -= timedelta(days=first.weekday())
    with reading(db.session()):
        rows = appointments_between(db.session, site, first, query["days"])
        held = occurrences_between(db.session, site, first, query["days"])
        counters = db.session.scalars(
            select(Counter)
            .where(
                Counter.site_id == site.id,
                Counter.kind.in_(["office", "video", "reception"]),
                Counter.active.is_(True),  # a closed counter is no place to book
            )
            .order_by(Counter.id)
        ).all()
        views = [_view(a) for a in rows]
    days = []
    for offset in range(query["days"]):
        day = first + timedelta(days=offset)
        days.append(
            {
                "date": day.isoformat(),
                "weekday": WEEKDAYS[day.weekday()],
                "appointments": [v for v in views if v["date"] == day.isoformat()],
                "permanences": [p for p in held if p["date"] == day.isoformat()],
            }
        )
    return {
        "start": first.isoformat(),
        "today": local_today(site, clock()).isoformat(),
        "late_minutes": _late_minutes(),
        "days": days,
        "places": [{"code": c.code, "label": c.label, "kind": c.kind} for c in counters],
    }


@api.post("/appointments")
@api.input(BookIn, arg_name="body")
@api.doc(responses={400: "invalid time, place or phone", 409: "the place is taken then"})
def book_appointment(body: dict[str, Any]) -> tuple[dict[str, Any], int]:
    """Book a visitor: request, date, time, length, place; a phone only with consent."""
    agent = require_agent()
    appointment = book(
        db.session(),
        site=current_site(),
        agent=agent,
        clock=clock(),
        service_code=body["service"],
        day=body["date"],
        at=body["time"],
        minutes=body["minutes"],
        counter_code=body["counter"] or None,
        phone=(body["phone"] or "").strip() or None,
        consent=body["consent"],
        permanence_id=body["permanence"],
    )
    return _view(appointment), 201


@api.get("/appointments/<int:appointment_id>")
def get_appointment(appointment_id: int) -> dict[str, Any]:
    """One appointment, as agents see it (with the reminder number, if the visitor gave one)."""
    require_agent()
    return _view(appointment_by_id(db.session, current_site(), appointment_id))


@api.patch("/appointments/<int:appointment_id>")
@api.input(MoveIn, arg_name="body")
@api.doc(responses={409: "cancelled, already checked in, or the place is taken then"})
def move_appointment(appointment_id: int, body: dict[str, Any]) -> dict[str, Any]:
    """Move to another time, place or request: same code, same link for the visitor."""
    require_agent()
    appointment = move(
        db.session(),
        site=current_site(),
        clock=clock(),
        appointment_id=appointment_id,
        day=body.get("date"),
        at=body.get("time"),
        minutes=body.get("minutes"),
        counter_code=(body["counter"] or "") if "counter" in body else None,
        service_code=body.get("service"),
    )
    return _view(appointment)


@api.post("/appointments/<int:appointment_id>/cancel")
@api.doc(responses={409: "already cancelled or checked in"})
def cancel_appointment(appointment_id: int) -> dict[str, Any]:
    """Cancel: the place is free again and the reminder number is deleted at once."""
    require_agent()
    appointment = cancel(
        db.session(), site=current_site(), clock=clock(), appointment_id=appointment_id
    )
    return _view(appointment)


@api.get("/appointments/<int:appointment_id>/qr.svg")
@api.doc(responses={200: "an SVG image of the visitor's link"})
def appointment_qr(appointment_id: int) -> Response:
    """The QR code the visitor scans to keep the appointment (time, place, code) on a phone."""
    require_agent()
    view = _view(appointment_by_id(db.session, current_site(), appointment_id), False)
    svg = qr_svg(view["visitor_url"] or view["code"])
    return Response(svg, mimetype="image/svg+xml", headers={"Cache-Control": "private"})
