"""Public information for the waiting room: the itinerant tour and the month's highlights."""

from __future__ import annotations

from typing import Any

from apiflask import Schema
from apiflask.fields import Boolean, Dict, Integer, List, Nested, String
from apiflask.validators import Range
from flask import Response, current_app

from server.api import api
from server.context import clock, current_site
from server.extensions import db
from server.services.admin_highlights import highlight_image
from server.services.site_info import highlights_view, itinerant_view
from server.services.transaction import reading


class ItinerantQuery(Schema):
    weeks = Integer(load_default=2, validate=Range(1, 8))


class ItinerantStopOut(Schema):
    date = String()
    weekday = String()
    half_day = String()
    half_day_label = String()
    commune = String()
    place = String()
    opens = String()
    closes = String()
    to_confirm = Boolean()
    address = String()
    notes = String()
    status = String()
    status_note = String()


class ItinerantWeekOut(Schema):
    week_start = String()
    week_end = String()
    week_of_month = Integer()
    pattern = String(allow_none=True)
    stops = List(Nested(ItinerantStopOut))
    closed_days = List(Dict())


class ItinerantOut(Schema):
    fifth_week = String()
    weeks = List(Nested(ItinerantWeekOut))


class SecondLineOut(Schema):
    language = String(metadata={"example": "ar"})
    lang = String(metadata={"description": "the HTML lang attribute (FALC is fr)"})
    dir = String(metadata={"example": "rtl"})
    title = String()
    body = String()


class HighlightOut(Schema):
    id = Integer()
    title = String()
    body = String()
    month = String()
    position = Integer()
    image_url = String(allow_none=True, metadata={"description": "versioned; null: no picture"})
    image_alt = String()
    second = Nested(
        SecondLineOut,
        allow_none=True,
        metadata={"description": "the line in a visitors' language; null: French only"},
    )


@api.get("/itinerant")
@api.input(ItinerantQuery, location="query", arg_name="query")
@api.output(ItinerantOut)
def get_itinerant(query: dict[str, Any]) -> dict[str, Any]:
    """Where the itinerant France Services stops, this week and next (closed on holidays)."""
    fifth_week = str(current_app.config.get("ITINERANT_FIFTH_WEEK") or "none")
    return itinerant_view(db.session, current_site(), clock(), fifth_week, query["weeks"])


@api.get("/highlights")
@api.output(HighlightOut(many=True))
def get_highlights() -> list[dict[str, Any]]:
    """The month's highlighted information, in editorial order (active items only)."""
    return highlights_view(db.session, current_site(), clock())


@api.get("/highlights/<int:item_id>/image")
@api.doc(responses={200: "the picture (image/webp)", 404: "no picture"})
def get_highlight_image(item_id: int) -> Response:
    """A highlight's picture as the server re-encoded it; the URL changes with each upload."""
    with reading(db.session) as session:
        picture, version = highlight_image(session, current_site(), item_id)
    response = Response(picture, mimetype="image/webp")
    response.headers["Cache-Control"] = "public, max-age=86400"
    response.headers["ETag"] = f'"{item_id}-{version}"'
    return response


@api.get("/itinerant/map-legend")
def get_itinerant_map_legend() -> dict[str, Any]:
    """The communes of the waiting-room map, numbered from north to south."""
    from sqlalchemy import select

    from server.models import ItinerantStop
    from server.services.itinerant import map_legend

    stops = list(db.session.scalars(select(ItinerantStop).where(ItinerantStop.active)))
    return {
        "communes": [{"number": e["number"], "commune": e["commune"]} for e in map_legend(stops)]
    }
