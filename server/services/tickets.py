"""Issuing tickets and moving them through their lifecycle."""

from __future__ import annotations

import secrets
from datetime import datetime
from typing import Any

from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from server.domain.events import Event, QueueChanged, TicketCalled, TicketChanged, TicketIssued
from server.domain.lifecycle import Action, InvalidTransition, Status, next_status
from server.domain.numbering import format_number
from server.models import Agent, Appointment, Counter, Service, Site, TicketSequence, Visit
from server.models.queue import VisitEvent
from server.services.clock import Clock
from server.services.counters import claim_counter, floor_counter
from server.services.errors import Conflict, ServiceError
from server.services.lookup import counter_by_code, local_day, service_by_code, visit_by_id
from server.services.transaction import writing


def next_sequence(session: Session, site: Site, day: Any, prefix: str) -> int:
    """Atomically take the next number of the day for a prefix, across processes.

    One upsert, one round trip: the first ticket of the day creates the row with 1.
    """
    insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    upsert = insert(TicketSequence).values(site_id=site.id, day=day, prefix=prefix, last=1)
    return session.execute(
        upsert.on_conflict_do_update(
            index_elements=[TicketSequence.site_id, TicketSequence.day, TicketSequence.prefix],
            set_={"last": TicketSequence.last + 1},
        ).returning(TicketSequence.last)
    ).scalar_one()


def log_event(
    session: Session,
    visit: Visit,
    action: Action,
    from_status: str | None,
    at: datetime,
    agent: Agent | None = None,
    counter: Counter | None = None,
    detail: dict[str, Any] | None = None,
) -> None:
    session.add(
        VisitEvent(
            visit_id=visit.id,
            site_id=visit.site_id,
            action=action.value,
            from_status=from_status,
            to_status=visit.status,
            at=at,
            agent_id=agent.id if agent else None,
            counter_id=counter.id if counter else visit.counter_id,
            priority=visit.priority,
            detail=detail,
        )
    )


def _add_visit(
    session: Session,
    *,
    site: Site,
    service_code: str,
    now: datetime,
    priority: bool,
    language: str,
    source: str,
    appointment: Appointment | None,
    agent: Agent | None,
    late: bool = False,
) -> tuple[Visit, list[Event]]:
    """Number a new waiting ticket and log it, inside the caller's transaction.

    A visitor late for their appointment keeps the link to it but not its place in line."""
    service = service_by_code(session, service_code, site)
    day = local_day(site, now)
    sequence = next_sequence(session, site, day, service.prefix)
    visit = Visit(
        site=site,  # relationships, not only ids: rendering the ticket then needs no query
        service=service,
        day=day,
        number=format_number(service.prefix, sequence),
        token=secrets.token_urlsafe(32),
        status=Status.WAITING.value,
        priority=priority,
        language=language,
        source=source,
        appointment_id=appointment.id if appointment else None,
        appointment_at=appointment.starts_at if appointment and not late else None,
        issued_at=now,
        arrived_at=now,
    )
    session.add(visit)
    session.flush()
    log_event(
        session,
        visit,
        Action.ISSUE,
        None,
        now,
        agent=agent,
        detail={"late": True} if late else None,
    )
    return visit, [
        TicketIssued(site.code, visit.id, visit.number, service.code, visit.token),
        QueueChanged(site.code),
    ]


def issue_ticket(
    session: Session,
    *,
    site: Site,
    service_code: str,
    clock: Clock,
    priority: bool = False,
    language: str = "fr",
    source: str = "kiosk",
    appointment: Appointment | None = None,
    agent: Agent | None = None,
    late: bool = False,
) -> tuple[Visit, list[Event]]:
    """Give a visitor a numbered ticket in the line of a service."""
    with writing(session):
        return _add_visit(
            session,
            site=site,
            service_code=service_code,
            now=clock.now(),
            priority=priority,
            language=language,
            source=source,
            appointment=appointment,
            agent=agent,
            late=late,
        )


def record_walk_in(
    session: Session,
    *,
    site: Site,
    service_code: str,
    agent: Agent,
    clock: Clock,
    priority: bool = False,
    counter_code: str | None = None,
) -> tuple[Visit, list[Event]]:
    """A visitor the agent meets without a ticket: numbered and served in one transaction,
    so no colleague can call them in between. No call is announced: they are already there."""
    with writing(session):
        now = clock.now()
        visit, events = _add_visit(
            session,
            site=site,
            service_code=service_code,
            now=now,
            priority=priority,
            language="fr",
            source="agent",
            appointment=None,
            agent=agent,
        )
        taken = apply_action(
            session,
            site=site,
            visit=visit,
            action=Action.TAKE,
            agent=agent,
            clock=clock,
            counter=_serving_counter(session, site, agent, counter_code),
        )
    return visit, events + [e for e in taken if not isinstance(e, TicketCalled)]


def _serving_counter(
    session: Session, site: Site, agent: Agent, counter_code: str | None
) -> Counter:
    """Where an agent serves: the counter they name (claimed for them), else the shared floor."""
    if counter_code:
        return claim_counter(session, site, agent, counter_code)
    return floor_counter(session, site)


def _called_event(visit: Visit, site: Site, recall: bool = False) -> TicketCalled:
    counter = visit.counter
    assert visit.called_at is not None
    return TicketCalled(
        site=site.code,
        ticket_id=visit.id,
        number=visit.number,
        service_label=visit.service.label,
        counter=counter.code if counter else None,
        counter_label=counter.label if counter else None,
        called_at=visit.called_at,
        token=visit.token,
        recall=recall,
        coming_to_you=visit.coming_to_you,
    )


def _changed_event(visit: Visit, site: Site, action: Action, **extra: object) -> TicketChanged:
    return TicketChanged(
        site.code, visit.id, visit.number, visit.status, action.value, visit.token, dict(extra)
    )


def apply_action(
    session: Session,
    *,
    site: Site,
    visit: Visit,
    action: Action,
    agent: Agent | None,
    clock: Clock,
    counter: Counter | None = None,
    service_code: str | None = None,
    target_counter_code: str | None = None,
    outcome: dict[str, Any] | None = None,
) -> list[Event]:
    """Apply one transition inside the caller's transaction and return its events."""
    before = visit.status
    try:
        visit.status = next_status(before, action).value
    except InvalidTransition as error:
        raise Conflict(str(error), status=before) from None
    now = clock.now()
    events: list[Event] = []
    extra: dict[str, object] = {}
    if action in (Action.CALL, Action.TAKE):
        visit.counter = counter
        visit.counter_id = counter.id if counter else None
        visit.agent_id = agent.id if agent else None
        visit.called_at = now
        visit.coming_to_you = action is Action.TAKE
        if action is Action.TAKE:
            visit.started_at = now
        events.append(_called_event(visit, site))
    elif action is Action.RECALL:
        events.append(_called_event(visit, site, recall=True))
    elif action is Action.START:
        visit.started_at = now
    elif action in (Action.FINISH, Action.NO_SHOW, Action.CANCEL):
        visit.finished_at = now
        if outcome:
            visit.outcome = outcome
    elif action is Action.RETURN:
        visit.counter_id = None
        visit.agent_id = None
        visit.coming_to_you = False
    elif action is Action.TRANSFER:
        visit.finished_at = now
        successor = _transfer(session, site, visit, now, service_code, target_counter_code)
        extra = {"transferred_to": successor.id}
    log_event(
        session,
        visit,
        action,
        before,
        now,
        agent=agent,
        counter=counter,
        detail=extra or ({"outcome": outcome} if outcome else None),
    )
    events.append(_changed_event(visit, site, action, **extra))
    events.append(QueueChanged(site.code))
    return events


def _transfer(
    session: Session,
    site: Site,
    visit: Visit,
    now: datetime,
    service_code: str | None,
    target_counter_code: str | None,
) -> Visit:
    """Open a linked waiting ticket, same number and place in line, for another service or
    counter."""
    if not service_code and not target_counter_code:
        raise ServiceError(
            "pour transférer, choisissez une démarche ou un guichet", field="service"
        )
    service: Service = (
        service_by_code(session, service_code, site) if service_code else visit.service
    )
    target = counter_by_code(session, site, target_counter_code) if target_counter_code else None
    successor = Visit(
        site_id=visit.site_id,
        service_id=service.id,
        day=visit.day,
        number=visit.number,
        token=visit.token,
        status=Status.WAITING.value,
        priority=visit.priority,
        language=visit.language,
        source="transfer",
        appointment_id=visit.appointment_id,
        appointment_at=visit.appointment_at,
        issued_at=now,
        arrived_at=visit.arrived_at,
        target_counter_id=target.id if target else None,
        transferred_from_id=visit.id,
    )
    session.add(successor)
    session.flush()
    log_event(session, successor, Action.ISSUE, None, now, detail={"transferred_from": visit.id})
    return successor


def act_on_ticket(
    session: Session,
    *,
    site: Site,
    visit_id: int,
    action: Action,
    agent: Agent | None,
    clock: Clock,
    counter_code: str | None = None,
    service_code: str | None = None,
    target_counter_code: str | None = None,
    outcome: dict[str, Any] | None = None,
    expected_version: int | None = None,
) -> tuple[Visit, list[Event]]:
    """An agent acts on one ticket; a concurrent action by another agent yields a Conflict."""
    try:
        with writing(session):
            visit = visit_by_id(session, visit_id)
            if visit.site_id != site.id:
                raise Conflict("ce ticket est celui d'un autre site", status=visit.status)
            if expected_version is not None and visit.version != expected_version:
                raise Conflict(
                    "un·e collègue a modifié ce ticket juste avant vous", status=visit.status
                )
            counter = None
            if action in (Action.CALL, Action.TAKE):
                if agent is None:
                    raise ServiceError("seul un agent appelle un ticket")
                if action is Action.CALL and not counter_code:
                    raise ServiceError(
                        "pour appeler un ticket, choisissez un guichet", field="counter"
                    )
                counter = _serving_counter(session, site, agent, counter_code)
            events = apply_action(
                session,
                site=site,
                visit=visit,
                action=action,
                agent=agent,
                clock=clock,
                counter=counter,
                service_code=service_code,
                target_counter_code=target_counter_code,
                outcome=outcome,
            )
    except StaleDataError:
        current = session.get(Visit, visit_id)
        raise Conflict(
            "un·e collègue a modifié ce ticket juste avant vous",
            status=current.status if current else None,
        ) from None
    return visit, events
