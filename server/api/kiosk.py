"""Kiosk routes: appointment check-in by code, today's appointment times (agents), presences."""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from apiflask import Schema
from apiflask.fields import Boolean, List, Nested, String
from apiflask.validators import Length, OneOf, Regexp
from flask import current_app, request

from server.api import api
from server.api.schemas import LANGUAGES, TicketOut
from server.context import (
    base_url,
    clock,
    current_agent,
    current_site,
    fairness_rule,
    opening_setting,
    require_agent,
)
from server.extensions import db, limiter
from server.models import Appointment
from server.realtime.broadcasts import publish
from server.services.kiosk import appointment_check_in, pending_appointments, record_presence
from server.services.queue_view import ticket_view

PRESENCE_KINDS = ["reading"]


class CheckInIn(Schema):
    code = String(validate=Length(1, 16))
    slot = String(
        validate=Regexp(r"^([01]\d|2[0-3]):[0-5]\d$", error="a time as HH:MM"),
        metadata={"description": "signed-in agents only: the appointment's time instead of code"},
    )
    service = String(validate=Length(1, 64))
    language = String(load_default="fr", validate=OneOf(LANGUAGES))


class CheckedInOut(TicketOut):
    appointment_at = String()
    appointment_time = String()
    late = Boolean()


class AppointmentSlotOut(Schema):
    time = String()
    service = String()
    service_label = String()


class AppointmentsOut(Schema):
    appointments = List(Nested(AppointmentSlotOut))


class PresenceIn(Schema):
    kind = String(load_default="reading", validate=OneOf(PRESENCE_KINDS))


class PresenceOut(Schema):
    kind = String()


def _limit() -> str:
    return str(current_app.config["TICKET_RATE_LIMIT"])


def _local_time(appointment: Appointment, timezone: str) -> str:
    return appointment.starts_at.astimezone(ZoneInfo(timezone)).strftime("%H:%M")


@api.post("/appointments/check-in")
@limiter.limit(_limit)  # also slows down anyone trying codes at random
@api.input(CheckInIn, arg_name="body")
@api.output(CheckedInOut, status_code=201)
def check_in_appointment(body: dict[str, Any]) -> dict[str, Any]:
    """A visitor checks in with the appointment's code: a ticket served first when due. Only a
    signed-in agent may give the time slot instead (400 otherwise)."""
    site = current_site()
    appointment, visit, events = appointment_check_in(
        db.session,
        site=site,
        clock=clock(),
        hours=opening_setting(site),
        code=body.get("code"),
        slot=body.get("slot"),
        service_code=body.get("service"),
        language=body["language"],
        late_minutes=current_app.config["APPOINTMENT_LATE_MINUTES"],
        by_agent=current_agent(required=False) is not None,
        source=f"address:{request.remote_addr or 'unknown'}",
    )
    publish(events)
    view = ticket_view(db.session, visit, clock(), fairness_rule(), base_url())
    return {
        **view,
        "appointment_at": appointment.starts_at.isoformat(),
        "appointment_time": _local_time(appointment, site.timezone),
        "late": visit.appointment_at is None,
    }


@api.get("/appointments/today")
@api.output(AppointmentsOut)
def list_todays_appointments() -> dict[str, Any]:
    """Times and services of today's appointments not yet checked in: agents only (401), so
    that nobody reads a time to check in as someone else."""
    require_agent()
    site = current_site()
    return {
        "appointments": [
            {
                "time": _local_time(a, site.timezone),
                "service": a.service.code,
                "service_label": a.service.label,
            }
            for a in pending_appointments(db.session, site, clock())
        ]
    }


@api.post("/presences")
@limiter.limit(_limit)
@api.input(PresenceIn, arg_name="body")
@api.output(PresenceOut, status_code=201)
def count_presence(body: dict[str, Any]) -> dict[str, Any]:
    """Someone came to read or have a coffee: one count, nothing personal."""
    site = current_site()
    record_presence(db.session, site, clock(), body["kind"])
    return {"kind": body["kind"]}
