"""Call next: the fairness rule picks, the database makes sure two agents never get one ticket."""

from __future__ import annotations

from sqlalchemy import or_, select
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from server.domain.events import AgentsChanged, Event
from server.domain.lifecycle import Action, Status
from server.domain.ordering import Candidate, FairnessRule, choose_next
from server.models import Agent, Site, Visit
from server.models.queue import VisitEvent
from server.services.clock import Clock
from server.services.counters import claim_counter, servable_services
from server.services.lookup import local_day
from server.services.tickets import apply_action
from server.services.transaction import writing

MAX_ATTEMPTS = 32  # each retry skips a ticket another agent is calling right now


class _Taken(Exception):
    """The chosen ticket was called by someone else in the meantime (rolled back, retried)."""


def recent_calls_priority(session: Session, site: Site, limit: int) -> list[bool]:
    """The priority flags of the site's latest calls today, newest first."""
    rows = session.scalars(
        select(VisitEvent.priority)
        .where(
            VisitEvent.site_id == site.id,
            VisitEvent.action.in_([Action.CALL.value, Action.TAKE.value]),
        )
        .order_by(VisitEvent.id.desc())
        .limit(limit)
    )
    return list(rows)


def call_next(
    session: Session,
    *,
    site: Site,
    agent: Agent,
    counter_code: str,
    clock: Clock,
    rule: FairnessRule,
) -> tuple[Visit | None, list[Event]]:
    """Call the next visitor this agent may serve at this counter; None when nobody waits."""
    skipped: set[int] = set()
    resumed: list[Event] = [AgentsChanged(site.code)] if agent.paused else []
    for _ in range(MAX_ATTEMPTS):
        chosen: Candidate | None = None
        try:
            with writing(session):
                if agent.paused:  # pressing "call next" says the agent is available again
                    agent.paused = False  # (set only then: else a write of the agent each call)
                counter = claim_counter(session, site, agent, counter_code)
                now = clock.now()
                query = select(
                    Visit.id, Visit.arrived_at, Visit.priority, Visit.appointment_at
                ).where(
                    Visit.site_id == site.id,
                    Visit.status == Status.WAITING.value,
                    Visit.day == local_day(site, now),
                    Visit.service_id.in_(servable_services(counter, agent)),
                    or_(Visit.target_counter_id.is_(None), Visit.target_counter_id == counter.id),
                )
                if skipped:
                    query = query.where(Visit.id.not_in(skipped))
                candidates = [Candidate(*row) for row in session.execute(query)]
                history = recent_calls_priority(session, site, rule.max_priority_streak)
                chosen = choose_next(candidates, history, now, rule)
                if chosen is None:
                    return None, resumed  # the counter stays claimed even when nobody waits
                # Lock only the chosen row. PostgreSQL: a row another agent is calling right
                # now is skipped, not waited on; SQLite already holds the write lock (writing).
                visit = session.scalar(
                    select(Visit)
                    .where(Visit.id == chosen.id)
                    .with_for_update(skip_locked=True, of=Visit)
                    .execution_options(populate_existing=True)
                )
                if visit is None or visit.status != Status.WAITING.value:
                    raise _Taken
                events = apply_action(
                    session,
                    site=site,
                    visit=visit,
                    action=Action.CALL,
                    agent=agent,
                    clock=clock,
                    counter=counter,
                )
                return visit, events + resumed
        except (_Taken, StaleDataError):
            if chosen is None:
                raise
            skipped.add(chosen.id)  # another agent is calling it: try the next one
    return None, resumed
