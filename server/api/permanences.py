"""Partners' permanences: the admin edits them, agents see them, the waiting room shows them."""

from __future__ import annotations

from typing import Any

from apiflask import Schema
from apiflask.fields import Boolean, Integer, String
from apiflask.validators import Length, Range

from server.api import api
from server.context import clock, current_site, require_admin, require_agent
from server.extensions import db
from server.services.permanences import (
    active_permanences,
    add_permanence,
    occurrences_between,
    permanence_view,
    remove_permanence,
    update_permanence,
)
from server.services.site_info import local_today
from server.services.transaction import reading


class PermanenceIn(Schema):
    label = String(required=True, validate=Length(1, 120))
    partner = String(allow_none=True, validate=Length(0, 64))
    service = String(allow_none=True, validate=Length(0, 64))
    counter = String(allow_none=True, validate=Length(0, 64))
    remote = Boolean()
    weekday = Integer(required=True, validate=Range(0, 6))
    opens = String(required=True, validate=Length(5, 5))
    closes = String(required=True, validate=Length(5, 5))
    weeks = String(load_default="all", validate=Length(1, 8))
    capacity = Integer(load_default=6, validate=Range(1, 200))
    starts_on = String(allow_none=True, validate=Length(0, 10))
    ends_on = String(allow_none=True, validate=Length(0, 10))


class PermanencePatch(PermanenceIn):
    label = String(validate=Length(1, 120))
    weekday = Integer(validate=Range(0, 6))
    opens = String(validate=Length(5, 5))
    closes = String(validate=Length(5, 5))
    weeks = String(validate=Length(1, 8))
    capacity = Integer(validate=Range(1, 200))


class UpcomingQuery(Schema):
    days = Integer(load_default=14, validate=Range(1, 62))


@api.get("/permanences")
def list_permanences() -> list[dict[str, Any]]:
    """The partners' recurring permanences at this site (agents)."""
    require_agent()
    with reading(db.session()):
        return [permanence_view(p) for p in active_permanences(db.session, current_site())]


@api.post("/permanences")
@api.input(PermanenceIn, arg_name="body")
@api.doc(responses={403: "administrators only"})
def create_permanence(body: dict[str, Any]) -> tuple[dict[str, Any], int]:
    """Add a partner's permanence, e.g. « CAF en visio », Tuesday 14:00–17:00, even weeks."""
    require_admin()
    permanence = add_permanence(db.session(), current_site(), clock(), **body)
    return permanence_view(permanence), 201


@api.patch("/permanences/<int:permanence_id>")
@api.input(PermanencePatch, arg_name="body")
@api.doc(responses={403: "administrators only"})
def edit_permanence(permanence_id: int, body: dict[str, Any]) -> dict[str, Any]:
    require_admin()
    permanence = update_permanence(db.session(), current_site(), permanence_id, **body)
    return permanence_view(permanence)


@api.delete("/permanences/<int:permanence_id>")
@api.doc(responses={204: "withdrawn", 403: "administrators only"})
def delete_permanence(permanence_id: int) -> tuple[str, int]:
    """Withdraw a permanence; appointments already booked in it are kept."""
    require_admin()
    remove_permanence(db.session(), current_site(), permanence_id)
    return "", 204


@api.get("/permanences/upcoming")
@api.input(UpcomingQuery, location="query", arg_name="query")
def upcoming_permanences(query: dict[str, Any]) -> dict[str, Any]:
    """Public: the partners' permanences of the coming days, for the waiting room."""
    site = current_site()
    with reading(db.session()):
        held = occurrences_between(
            db.session, site, local_today(site, clock()), query["days"], with_bookings=False
        )
    keep = ("date", "label", "partner", "place_label", "remote", "opens", "closes", "weeks_label")
    return {"permanences": [{key: p[key] for key in keep} for p in held]}
