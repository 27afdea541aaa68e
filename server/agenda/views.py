"""Pages of the agenda: the agents' appointment book and the visitor's appointment page."""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from apiflask import APIBlueprint
from flask import current_app, render_template

from server.context import base_url, clock
from server.extensions import db
from server.services.appointments import appointment_by_token, state_of
from server.services.errors import NotFound
from server.services.followup import qr_svg

agenda = APIBlueprint(
    "agenda",
    __name__,
    enable_openapi=False,
    template_folder="templates",
    static_folder="static",
    static_url_path="/agenda/static",
)

MONTHS = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)
WEEKDAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")


def long_date(day: Any) -> str:
    return f"{WEEKDAYS[day.weekday()]} {day.day} {MONTHS[day.month - 1]} {day.year}"


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
        qr=qr_svg(url).decode(),
        late_minutes=current_app.config["APPOINTMENT_LATE_MINUTES"],
    ), 200
