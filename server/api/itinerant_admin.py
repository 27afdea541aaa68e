"""The admin's editor of the itinerant tour: stops, the half-days of patterns A and B, the fifth
week, and single-date exceptions. Reading the published tour is public (/api/v1/itinerant)."""

from __future__ import annotations

from typing import Any

from apiflask import Schema
from apiflask.fields import Boolean, Float, Integer, String
from apiflask.validators import Length, Range
from flask import current_app

from server.api import api
from server.context import clock, current_site, require_admin
from server.extensions import db
from server.services import itinerant as tour
from server.services.transaction import reading


class StopIn(Schema):
    commune = String(required=True, validate=Length(1, 100))
    place = String(required=True, validate=Length(1, 200))
    address = String(validate=Length(0, 300))
    latitude = Float(allow_none=True)
    longitude = Float(allow_none=True)
    notes = String(validate=Length(0, 2000))
    to_confirm = Boolean()


class StopPatch(StopIn):
    commune = String(validate=Length(1, 100))
    place = String(validate=Length(1, 200))


class SlotIn(Schema):
    pattern = String(required=True, validate=Length(1, 1))
    weekday = Integer(required=True, validate=Range(0, 6))
    half_day = String(required=True, validate=Length(1, 10))
    opens = String(required=True, validate=Length(5, 5))
    closes = String(required=True, validate=Length(5, 5))
    stop = Integer(allow_none=True)
    label = String(validate=Length(0, 200))
    public = Boolean()


class SlotPatch(SlotIn):
    pattern = String(validate=Length(1, 1))
    weekday = Integer(validate=Range(0, 6))
    half_day = String(validate=Length(1, 10))
    opens = String(validate=Length(5, 5))
    closes = String(validate=Length(5, 5))


class ExceptionIn(Schema):
    day = String(required=True, validate=Length(10, 10))
    slot = Integer(required=True)
    kind = String(required=True, validate=Length(1, 10))
    stop = Integer(allow_none=True)
    opens = String(allow_none=True, validate=Length(0, 5))
    closes = String(allow_none=True, validate=Length(0, 5))
    note = String(load_default="", validate=Length(0, 300))


class FifthWeekIn(Schema):
    fifth_week = String(required=True, validate=Length(1, 4))


def _default_fifth() -> str:
    return str(current_app.config.get("ITINERANT_FIFTH_WEEK") or "none")


@api.get("/itinerant/setup")
def itinerant_setup() -> dict[str, Any]:
    """Everything the editor shows: stops, half-days, fifth week, exceptions from last week on."""
    require_admin()
    with reading(db.session()):
        return tour.setup_view(db.session(), current_site(), clock(), _default_fifth())


@api.post("/itinerant/stops")
@api.input(StopIn, arg_name="body")
def create_stop(body: dict[str, Any]) -> tuple[dict[str, Any], int]:
    require_admin()
    return tour.stop_view(tour.add_stop(db.session(), **body)), 201


@api.patch("/itinerant/stops/<int:stop_id>")
@api.input(StopPatch, arg_name="body")
def edit_stop(stop_id: int, body: dict[str, Any]) -> dict[str, Any]:
    require_admin()
    return tour.stop_view(tour.update_stop(db.session(), stop_id, **body))


@api.delete("/itinerant/stops/<int:stop_id>")
def delete_stop(stop_id: int) -> tuple[str, int]:
    require_admin()
    tour.remove_stop(db.session(), stop_id)
    return "", 204


@api.post("/itinerant/slots")
@api.input(SlotIn, arg_name="body")
def create_slot(body: dict[str, Any]) -> tuple[dict[str, Any], int]:
    require_admin()
    return tour.slot_view(tour.add_slot(db.session(), **body)), 201


@api.patch("/itinerant/slots/<int:slot_id>")
@api.input(SlotPatch, arg_name="body")
def edit_slot(slot_id: int, body: dict[str, Any]) -> dict[str, Any]:
    require_admin()
    return tour.slot_view(tour.update_slot(db.session(), slot_id, **body))


@api.delete("/itinerant/slots/<int:slot_id>")
def delete_slot(slot_id: int) -> tuple[str, int]:
    require_admin()
    tour.remove_slot(db.session(), slot_id)
    return "", 204


@api.post("/itinerant/exceptions")
@api.input(ExceptionIn, arg_name="body")
def create_exception(body: dict[str, Any]) -> tuple[dict[str, Any], int]:
    """Cancel or move one half-day on one date; asked again for that date, it is replaced."""
    require_admin()
    return tour.exception_view(tour.add_exception(db.session(), **body)), 201


@api.delete("/itinerant/exceptions/<int:exception_id>")
def delete_exception(exception_id: int) -> tuple[str, int]:
    require_admin()
    tour.remove_exception(db.session(), exception_id)
    return "", 204


@api.put("/itinerant/fifth-week")
@api.input(FifthWeekIn, arg_name="body")
def put_fifth_week(body: dict[str, Any]) -> dict[str, Any]:
    """What the tour does on a fifth week: pattern A, pattern B, or no tour ("none")."""
    require_admin()
    return {"fifth_week": tour.set_fifth_week(db.session(), current_site(), body["fifth_week"])}
