"""Agent routes: call next, act on a ticket, duty. Anonymous callers get 401."""

from __future__ import annotations

from typing import Any

from server.api import api
from server.api.schemas import ActionIn, CallNextIn, DutyIn, TicketOut
from server.context import base_url, clock, current_site, fairness_rule, require_agent
from server.domain.lifecycle import Action
from server.extensions import db
from server.realtime.broadcasts import publish
from server.services.agents import set_duty
from server.services.calling import call_next
from server.services.errors import NotFound
from server.services.queue_view import agents_view, ticket_view
from server.services.tickets import act_on_ticket

AGENT_ACTIONS = {
    "call": Action.CALL,
    "recall": Action.RECALL,
    "take": Action.TAKE,
    "start": Action.START,
    "finish": Action.FINISH,
    "no-show": Action.NO_SHOW,
    "return": Action.RETURN,
    "transfer": Action.TRANSFER,
    "cancel": Action.CANCEL,
}


@api.post("/agent/call-next")
@api.input(CallNextIn, arg_name="body")
@api.output(TicketOut)
@api.doc(responses={204: "nobody waits for this counter", 403: "counter held by another agent"})
def call_next_route(body: dict[str, str]) -> Any:
    """Call the next visitor for this counter, by the fairness rule."""
    agent = require_agent()
    site = current_site()
    visit, events = call_next(
        db.session,
        site=site,
        agent=agent,
        counter_code=body["counter"],
        clock=clock(),
        rule=fairness_rule(),
    )
    publish(events)
    if visit is None:
        return "", 204
    return ticket_view(db.session, visit, clock(), fairness_rule(), base_url())


@api.post("/tickets/<int:ticket_id>/<action>")
@api.input(ActionIn, arg_name="body")
@api.output(TicketOut)
@api.doc(responses={409: "the ticket's current status does not allow this action"})
def act(ticket_id: int, action: str, body: dict[str, Any]) -> dict[str, Any]:
    """Recall, start, finish, no-show, return, transfer, cancel (and call/take a given ticket)."""
    agent = require_agent()
    if action not in AGENT_ACTIONS:
        raise NotFound(f"action inconnue : « {action} »", allowed=sorted(AGENT_ACTIONS))
    visit, events = act_on_ticket(
        db.session,
        site=current_site(),
        visit_id=ticket_id,
        action=AGENT_ACTIONS[action],
        agent=agent,
        clock=clock(),
        counter_code=body.get("counter"),
        service_code=body.get("service"),
        target_counter_code=body.get("counter") if action == "transfer" else None,
        outcome=body.get("outcome"),
        expected_version=body.get("version"),
    )
    publish(events)
    return ticket_view(db.session, visit, clock(), fairness_rule(), base_url())


@api.post("/agent/duty")
@api.input(DutyIn, arg_name="body")
def duty(body: dict[str, Any]) -> dict[str, Any]:
    """Pause or resume availability, switch posture (desk or floor), or sit at a counter."""
    agent = require_agent()
    site = current_site()
    publish(
        set_duty(
            db.session,
            agent,
            site,
            paused=body.get("paused"),
            posture=body.get("posture"),
            counter_code=body.get("counter"),
        )
    )
    return {"paused": agent.paused, "posture": agent.posture}


@api.get("/agents")
def list_agents() -> list[dict[str, Any]]:
    """Every agent's state (on duty, paused, counter, current ticket), for the console."""
    require_agent()
    return agents_view(db.session, current_site())
