"""Routes the agents' console needs: counters, current visit, walk-ins, the day's figures, and the
follow-up after a visit (checklist behind a QR code, consented call back)."""

from __future__ import annotations

from typing import Any

from apiflask import Schema
from apiflask.fields import Boolean, List, String
from apiflask.validators import Length
from flask import Response

from server.api import api
from server.api.schemas import TicketOut
from server.context import base_url, clock, current_site, fairness_rule, require_agent
from server.extensions import db
from server.models import Visit
from server.qr import qr_response
from server.realtime.broadcasts import publish
from server.services.counters import counters_view
from server.services.day_figures import today_figures
from server.services.errors import Conflict
from server.services.followup import (
    checklist_by_token,
    checklist_view,
    create_checklist,
    request_callback,
)
from server.services.lookup import visit_by_id
from server.services.queue_view import agent_current_visit, ticket_view
from server.services.tickets import record_walk_in


class CounterOut(Schema):
    code = String()
    label = String()
    kind = String()
    held_by = String(allow_none=True)
    mine = Boolean()


class WalkInIn(Schema):
    service = String(required=True, validate=Length(1, 64))
    priority = Boolean(load_default=False)
    counter = String(validate=Length(1, 64))  # a seated agent serves at their counter


class ChecklistIn(Schema):
    title = String(load_default="", validate=Length(0, 200))
    items = List(String(validate=Length(0, 300)), load_default=list, validate=Length(0, 40))
    steps = List(String(validate=Length(1, 16)), load_default=list, validate=Length(0, 40))
    note = String(load_default="", validate=Length(0, 2000))


class CallbackIn(Schema):
    phone = String(required=True, validate=Length(1, 30))
    consent = Boolean(required=True)


def _view(visit: Visit) -> dict[str, Any]:
    return ticket_view(db.session, visit, clock(), fairness_rule(), base_url())


@api.get("/counters")
@api.output(CounterOut(many=True))
def list_counters() -> list[dict[str, Any]]:
    """The places an agent can sit (the shared floor is left out), and who holds each."""
    agent = require_agent()
    return counters_view(db.session, current_site(), agent)


@api.get("/agent/current")
@api.output(TicketOut)
@api.doc(responses={204: "this agent is serving nobody"})
def current_visit() -> Any:
    """The ticket this agent has called or is serving, so a reloaded console picks it up."""
    visit = agent_current_visit(db.session, require_agent())
    if visit is None:
        return "", 204
    return _view(visit)


@api.get("/agent/today")
def today() -> dict[str, Any]:
    """Today's figures at this site: served, no-shows, waiting now, average wait and service."""
    require_agent()
    return today_figures(db.session, current_site(), clock())


@api.post("/agent/walk-in")
@api.input(WalkInIn, arg_name="body")
@api.output(TicketOut, status_code=201)
def walk_in(body: dict[str, Any]) -> dict[str, Any]:
    """Record a visitor who did not use the kiosk: a ticket (source "agent") served at once."""
    agent = require_agent()
    site = current_site()
    visit, events = record_walk_in(
        db.session,
        site=site,
        service_code=body["service"],
        agent=agent,
        clock=clock(),
        priority=body["priority"],
        counter_code=body.get("counter"),
    )
    publish(events)
    return _view(visit)


def _served_visit(ticket_id: int) -> Visit:
    visit = visit_by_id(db.session, ticket_id)
    if visit.site_id != current_site().id:
        raise Conflict("ce ticket est celui d'un autre site", status=visit.status)
    return visit


@api.post("/tickets/<int:ticket_id>/checklist")
@api.input(ChecklistIn, arg_name="body")
@api.doc(responses={400: "empty or too long", 404: "no such ticket"})
def add_checklist(ticket_id: int, body: dict[str, Any]) -> tuple[dict[str, Any], int]:
    """Give the visitor their next steps: the library's steps kept (`steps`, their keys, in the
    agent's order), the agent's own (`items`) and a note; stored 30 days, behind a QR code."""
    require_agent()
    checklist = create_checklist(
        db.session,
        site=current_site(),
        visit=_served_visit(ticket_id),
        title=body["title"],
        items=body["items"],
        steps=body["steps"],
        note=body["note"],
        clock=clock(),
    )
    return checklist_view(checklist, base_url()), 201


@api.get("/checklists/<token>/qr.svg")
@api.doc(responses={200: "an SVG image", 404: "unknown or expired"})
def checklist_qr(token: str) -> Response:
    """The QR code of a checklist's public page (the token is the only key, as for tickets)."""
    checklist = checklist_by_token(db.session, token, clock())
    return qr_response(checklist_view(checklist, base_url())["url"])


@api.post("/tickets/<int:ticket_id>/callback")
@api.input(CallbackIn, arg_name="body")
@api.doc(responses={400: "no consent, or not a French phone number"})
def add_callback(ticket_id: int, body: dict[str, Any]) -> tuple[dict[str, Any], int]:
    """The call back two weeks later: one number, with consent, kept for that call only."""
    require_agent()
    callback = request_callback(
        db.session,
        visit=_served_visit(ticket_id),
        phone=body["phone"],
        consent=body["consent"],
        clock=clock(),
    )
    return {"due_on": callback.due_on.isoformat(), "phone": callback.phone}, 201
