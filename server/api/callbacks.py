"""The call-back list for agents: who to call today, and the outcome in one tap."""

from __future__ import annotations

from typing import Any

from apiflask import Schema
from apiflask.fields import String
from apiflask.validators import Length

from server.api import api
from server.context import clock, current_site, require_agent
from server.extensions import db
from server.realtime.broadcasts import publish
from server.services.callbacks import OUTCOMES, callbacks_due, record_outcome
from server.services.ideas import pending_count


class OutcomeIn(Schema):
    outcome = String(required=True, validate=Length(1, 24))


@api.get("/callbacks/due")
@api.doc(responses={401: "not signed in"})
def due() -> list[dict[str, Any]]:
    """Agents: the call-backs due today or overdue, oldest first (number, request, checklist)."""
    require_agent()
    return callbacks_due(db.session, current_site(), clock())


@api.post("/callbacks/<int:callback_id>/outcome")
@api.input(OutcomeIn, arg_name="body")
@api.doc(
    responses={
        400: f"outcome: one of {', '.join(OUTCOMES)}",
        404: "no such call-back",
        409: "already closed",
    }
)
def outcome(callback_id: int, body: dict[str, Any]) -> dict[str, Any]:
    """Agents: what the call gave; a closed call-back's number is erased at once."""
    agent = require_agent()
    view, events = record_outcome(
        db.session,
        site=current_site(),
        callback_id=callback_id,
        outcome=body["outcome"],
        agent=agent,
        clock=clock(),
    )
    publish(events)
    return view


@api.get("/followup/counts")
@api.doc(responses={401: "not signed in"})
def counts() -> dict[str, int]:
    """Agents: what waits for the team — ideas to moderate, call-backs to make today."""
    require_agent()
    site = current_site()
    return {
        "ideas_pending": pending_count(db.session, site),
        "callbacks_due": len(callbacks_due(db.session, site, clock())),
    }
