"""Calls whose answer was lost: a ticket "called" with nobody left to serve it goes back.

A process that dies after committing a call (or an agent whose tablet dies, who walks away)
leaves the ticket "called": nobody calls it again and the visitor waits for nothing. While the
calling agent is still signed in and active, the ticket stays on their console (it reloads it).
Once they are gone (signed out, deactivated, or silent past the idle time) and the call is older
than `after`, the ticket returns to the line at its original place, logged as a `return` with
`{"unanswered": true}`, and announced to the agents and the visitor's phone.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.domain.events import Event, TicketChanged
from server.domain.lifecycle import Action, Status
from server.models import Agent, Site, Visit
from server.services.clock import Clock
from server.services.tickets import apply_action
from server.services.transaction import writing

ANNOUNCEMENT = (
    "Le ticket {number} revient dans la file, à sa place : son appel est resté sans suite."
)


def _agent_gone(agent: Agent | None, seen_since: datetime) -> bool:
    """Signed out, deactivated, or silent since `seen_since`: nobody will serve the call."""
    if agent is None or not agent.active or not agent.on_duty:
        return True
    return agent.last_seen_at is None or agent.last_seen_at < seen_since


def return_unanswered_calls(
    session: Session, site: Site, clock: Clock, *, after: timedelta, idle: timedelta
) -> list[Event]:
    """Put back in line the tickets called more than `after` ago by an agent who is gone."""
    now = clock.now()
    with writing(session):
        stale = session.scalars(
            select(Visit)
            .where(
                Visit.site_id == site.id,
                Visit.status == Status.CALLED.value,
                Visit.called_at < now - after,
            )
            .order_by(Visit.id)
            .with_for_update(skip_locked=True)
        ).all()
        events: list[Event] = []
        for visit in stale:
            agent = session.get(Agent, visit.agent_id) if visit.agent_id else None
            if not _agent_gone(agent, now - idle):
                continue  # still on their console: they will serve it or act on it
            changed = apply_action(
                session, site=site, visit=visit, action=Action.RETURN, agent=None, clock=clock
            )
            text = ANNOUNCEMENT.format(number=visit.number)
            events.extend(
                replace(event, extra={**event.extra, "unanswered": True, "text": text})
                if isinstance(event, TicketChanged)
                else event
                for event in changed
            )
    return events
