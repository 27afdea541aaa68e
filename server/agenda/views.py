"""Pages of the agenda: the agents' appointment book and the visitor's appointment page."""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from apiflask import APIBlueprint
from flask import Response, current_app, render_template, request

from server.context import base_url, clock, current_site
from server.domain.french import MONTHS, WEEKDAYS, long_date
from server.extensions import db
from server.qr import qr_svg
from server.services.appointments import appointment_by_token, state_of
from server.services.errors import NotFound

agenda = APIBlueprint(
    "agenda",
    __name__,
    enable_openapi=False,
    template_folder="templates",
    static_folder="static",
    static_url_path="/agenda/static",
)


@agenda.get("/console/agenda")
def book() -> str:
    """The appointment book (the page signs in through the console if needed)."""
    settings = {
        "timezone": current_app.config["TIMEZONE"],
        "late_minutes": current_app.config["APPOINTMENT_LATE_MINUTES"],
    }
    return render_template("agenda/book.html", settings=settings)


@agenda.get("/console/permanences")
def permanences() -> str:
    """The admin's editor of the partners' permanences (the page checks the role)."""
    return render_template("agenda/permanences.html")


@agenda.get("/console/itinerance")
def itinerant_editor() -> str:
    """The admin's editor of the itinerant tour (the page checks the role)."""
    return render_template("agenda/itinerance_admin.html")


@agenda.get("/rdv/<token>")
def visitor_page(token: str) -> tuple[str, int]:
    """What the visitor keeps: day, time, place, request and the code for the kiosk. No name."""
    try:
        appointment = appointment_by_token(db.session, token)
    except NotFound:
        return render_template("agenda/visitor.html", appointment=None), 404
    site = appointment.site
    zone = ZoneInfo(site.timezone)
    starts = appointment.starts_at.astimezone(zone)
    url = f"{base_url().rstrip('/')}/rdv/{token}"
    state = state_of(appointment, clock().now(), current_app.config["APPOINTMENT_LATE_MINUTES"])
    return render_template(
        "agenda/visitor.html",
        appointment=appointment,
        site=site,
        day=long_date(starts.date()),
        time=starts.strftime("%H:%M").replace(":", " h "),
        state=state,
        qr=qr_svg(url),
        late_minutes=current_app.config["APPOINTMENT_LATE_MINUTES"],
    ), 200


# --- the itinerant France Services, public ---------------------------------------------------

ICS_WEEKS = 8  # the calendar feeds cover the coming two months
PAGE_WEEKS = 4


def _tour(weeks: int) -> tuple[Any, list[Any]]:
    from server.services.itinerant import schedule

    site = current_site()
    _, listed = schedule(
        db.session(), site, clock(), str(current_app.config.get("ITINERANT_FIFTH_WEEK")), weeks
    )
    return site, listed


def _stops() -> list[Any]:
    from sqlalchemy import select

    from server.models import ItinerantStop

    return list(db.session.scalars(select(ItinerantStop).where(ItinerantStop.active)))


@agenda.get("/itinerance")
def itinerant_page() -> str:
    """The public phone page: where the itinerant France Services stops, the map, calendars."""
    from server.services.itinerant import map_svg, slug

    site, weeks = _tour(PAGE_WEEKS)
    communes = sorted({stop.slot.commune for week in weeks for stop in week.stops})
    return render_template(
        "agenda/itinerance.html",
        site=site,
        weeks=weeks,
        weekdays=WEEKDAYS,
        months=MONTHS,
        communes=[(c, slug(c)) for c in communes],
        map=map_svg(_stops()),
    )


@agenda.get("/itinerance.ics")
def itinerant_calendar() -> Response:
    """The whole tour for the coming weeks as iCalendar: one event per half-day stop."""
    from server.services.itinerant import ics_calendar

    site, weeks = _tour(ICS_WEEKS)
    return _calendar(ics_calendar(weeks, site, clock().now()), "itinerance.ics")


@agenda.get("/itinerance/<commune>.ics")
def itinerant_commune_calendar(commune: str) -> Response:
    """One commune's stops only (its slug, e.g. /itinerance/saint-agnan.ics)."""
    from server.services.itinerant import ics_calendar, slug

    site, weeks = _tour(ICS_WEEKS)
    names = {slug(s.commune): s.commune for s in _stops()}
    if slug(commune) not in names:
        raise NotFound("aucune étape de la tournée dans cette commune")
    body = ics_calendar(weeks, site, clock().now(), commune=names[slug(commune)])
    return _calendar(body, f"itinerance-{slug(commune)}.ics")


@agenda.get("/itinerance/carte.svg")
def itinerant_map() -> Response:
    """The offline map of the stops (no tiles): for the display and the public page."""
    from server.services.itinerant import map_svg, numbered_map_svg

    large = request.args.get("grand") == "1"  # the waiting-room screen's numbered variant
    return Response(
        numbered_map_svg(_stops()) if large else map_svg(_stops()),
        mimetype="image/svg+xml",
        headers={"Cache-Control": "no-cache"},
    )


def _calendar(body: bytes, filename: str) -> Response:
    return Response(
        body,
        mimetype="text/calendar",
        headers={
            "Content-Disposition": f'inline; filename="{filename}"',
            "Cache-Control": "no-cache",
        },
    )


@agenda.get("/agenda/<token>.ics")
def shared_agenda(token: str) -> Response:
    """A partner's or a counter's bookings, by its secret link (404 once revoked)."""
    from server.services.calendars import feed, link_by_token

    link = link_by_token(db.session, token)
    return _calendar(feed(db.session, link, clock()), "agenda.ics")


@agenda.get("/console/minibus")
def minibus() -> str:
    """Seats in the minibus to the Moissac permanences (the page signs in through the console)."""
    return render_template("agenda/minibus.html")


@agenda.get("/console/minibus/<int:trip_id>/liste")
def minibus_sheet(trip_id: int) -> tuple[str, int]:
    """The driver's printable list: pick-up times and places, first names, numbers (agents)."""
    from server.context import current_agent
    from server.services.minibus import trip_by_id, trip_view

    if current_agent(required=False) is None:
        return render_template("agenda/visitor.html", appointment=None), 401
    trip = trip_by_id(db.session, current_site(), trip_id)
    view = trip_view(db.session, trip, with_people=True)
    return render_template("agenda/minibus_sheet.html", trip=view, day=long_date(trip.day)), 200
