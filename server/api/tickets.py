"""Public routes: the catalogue, taking a ticket, following it, the queue snapshot."""

from __future__ import annotations

from typing import Any

from flask import current_app, request

from server.api import api
from server.api.schemas import QueueOut, ServiceOut, TicketIn, TicketOut, TrackedTicketOut
from server.context import (
    base_url,
    clock,
    current_agent,
    current_site,
    fairness_rule,
    kiosk_name,
    opening_setting,
)
from server.domain.lifecycle import Action
from server.extensions import db, limiter
from server.printing_runtime import printing_runtime
from server.realtime.broadcasts import publish
from server.services.catalogue import active_services
from server.services.kiosk import take_ticket
from server.services.printing import print_kiosk_ticket
from server.services.queue_view import (
    public_snapshot,
    queue_snapshot,
    ticket_by_token,
    ticket_view,
)
from server.services.ticket_words import printed_language
from server.services.tickets import act_on_ticket


@api.get("/services")
@api.output(ServiceOut(many=True))
def list_services() -> list[dict[str, Any]]:
    """The requests a visitor can choose from, grouped by partner and theme."""
    return active_services(db.session, current_site())


def _ticket_limit() -> str:
    return str(current_app.config["TICKET_RATE_LIMIT"])


@api.post("/tickets")
@limiter.limit(_ticket_limit)
@api.input(TicketIn, arg_name="body")
@api.output(TicketOut, status_code=201)
def create_ticket(body: dict[str, Any]) -> dict[str, Any]:
    """Take a ticket (open without login: the kiosk is a public device; rate limited)."""
    site = current_site()
    visit, events, replayed = take_ticket(
        db.session,
        site=site,
        service_code=body["service"],
        clock=clock(),
        hours=opening_setting(site),
        # An `Idempotency-Key` header makes a retried or doubled tap return the first ticket.
        key=request.headers.get("Idempotency-Key"),
        priority=body["priority"],
        language=body["language"],
    )
    publish(events)
    view = ticket_view(db.session, visit, clock(), fairness_rule(), base_url())
    printed = print_kiosk_ticket(  # committed, then printed (in peak mode)
        db.session,
        printing_runtime(current_app),
        visit=visit,
        view=view,
        replayed=replayed,
        kiosk=kiosk_name(body),
        wait_seconds=float(current_app.config["PRINT_WAIT_SECONDS"]),
    )
    if printed.get("printed"):
        printed = {**printed, "printed_language": printed_language(visit.language)}
    return {**view, **printed}


@api.get("/tickets/by-token/<token>")
@api.output(TrackedTicketOut)
def track_ticket(token: str) -> dict[str, Any]:
    """A visitor follows their ticket on a phone; the unguessable token is the only key."""
    visit = ticket_by_token(db.session, token)
    return ticket_view(db.session, visit, clock(), fairness_rule(), base_url())


@api.get("/queue")
@api.output(QueueOut)
def get_queue() -> dict[str, Any]:
    """The queue: for anyone, counts and waits per theme and the numbers called (nothing per
    ticket); for a signed-in agent, also the waiting tickets and waits per request."""
    snapshot = queue_snapshot(db.session, current_site(), clock(), fairness_rule())
    return snapshot if current_agent(required=False) else public_snapshot(snapshot)


@api.post("/tickets/by-token/<token>/cancel")
@api.output(TrackedTicketOut)
def cancel_by_visitor(token: str) -> dict[str, Any]:
    """The visitor gives up ("Je renonce") from their phone."""
    visit = ticket_by_token(db.session, token)
    visit, events = act_on_ticket(
        db.session,
        site=visit.site,
        visit_id=visit.id,
        action=Action.CANCEL,
        agent=None,
        clock=clock(),
    )
    publish(events)
    return ticket_view(db.session, visit, clock(), fairness_rule(), base_url())
