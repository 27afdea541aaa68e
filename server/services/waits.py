"""The situation a wait estimate reads, loaded from the database in a few queries."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any
from weakref import WeakKeyDictionary
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from server.domain.lifecycle import Status
from server.domain.ordering import FairnessRule
from server.domain.waits import (
    DEFAULT_COMPLETION,
    AgentOnDuty,
    ExpectedAppointment,
    FinishedVisit,
    LineEstimate,
    ServiceTimes,
    Situation,
    WaitingVisit,
    estimate_line,
    learn_service_times,
)
from server.models import Agent, Appointment, Counter, Partner, Service, Site, Visit
from server.services.calling import recent_calls_priority
from server.services.process_cache import cached
from server.services.site_team import on_duty_at
from server.services.situation_cache import shared

HISTORY_VISITS = 600  # the latest served visits of the site the service times are learned from
COMPLETION_MIN_TICKETS = 10
AFTERNOON_HOUR = 13
MISSED_APPOINTMENT_MINUTES = 20  # a booked visitor this late is not expected any more


def _afternoon(site: Site, moment: datetime) -> bool:
    return moment.astimezone(ZoneInfo(site.timezone or "Europe/Paris")).hour >= AFTERNOON_HOUR


# Fitted service times per site, kept until a visit finishes (the key changes): the fit reads
# hundreds of rows and every screen refresh needs it.
_learned: WeakKeyDictionary[Any, dict[tuple[int, int, Any], ServiceTimes]] = WeakKeyDictionary()


def learned_times(session: Session, site: Site) -> ServiceTimes:
    count, latest = session.execute(
        select(func.count(), func.max(Visit.finished_at)).where(
            Visit.site_id == site.id, Visit.status == Status.DONE.value
        )
    ).one()
    key = (site.id, count, latest)
    cache = _learned.setdefault(session.get_bind(), {})
    if key not in cache:
        if len(cache) > 16:
            cache.clear()
        cache[key] = _fit_times(session, site)
    return cache[key]


def _fit_times(session: Session, site: Site) -> ServiceTimes:
    rows = session.execute(
        # An agent is taken from the call (walking over, waiting for the visitor) to the end.
        select(
            Service.code,
            Partner.code,
            func.coalesce(Visit.called_at, Visit.started_at),
            Visit.finished_at,
        )
        .join(Service, Visit.service_id == Service.id)
        .outerjoin(Partner, Service.partner_id == Partner.id)
        .where(
            Visit.site_id == site.id,
            Visit.status == Status.DONE.value,
            Visit.started_at.is_not(None),
            Visit.finished_at.is_not(None),
        )
        .order_by(Visit.id.desc())
        .limit(HISTORY_VISITS)
    )
    return learn_service_times(
        FinishedVisit(
            service,
            partner,
            _afternoon(site, started),
            (finished - started).total_seconds() / 60,
        )
        for service, partner, started, finished in rows
        if started is not None and finished is not None  # the query keeps finished visits
    )


def agents_on_duty(
    session: Session,
    site: Site,
    now: datetime,
    codes: Mapping[int, str],
    partners: Mapping[str, str | None],
) -> list[AgentOnDuty]:
    """Agents signed in (a paused one is back soon), with what they may serve where they sit,
    and the visit they are in."""
    agents = list(session.scalars(select(Agent).where(on_duty_at(session, site))))
    if not agents:
        return []
    held = {
        c.held_by_agent_id: c
        for c in session.scalars(
            select(Counter).where(Counter.site_id == site.id, Counter.held_by_agent_id.is_not(None))
        )
    }
    busy = {
        v.agent_id: v
        for v in session.scalars(
            select(Visit).where(
                Visit.site_id == site.id,
                Visit.status.in_([Status.CALLED.value, Status.SERVING.value]),
                Visit.agent_id.is_not(None),
            )
        )
    }
    result = []
    for agent in agents:
        skills: set[str] | None = None if agent.serves_all else {s.code for s in agent.services}
        counter = held.get(agent.id)
        if counter is not None and not counter.serves_all:
            at_counter = {s.code for s in counter.services}
            skills = at_counter if skills is None else skills & at_counter
        visit = busy.get(agent.id)
        service = codes.get(visit.service_id) if visit else None
        began = (visit.called_at or visit.started_at) if visit else None
        result.append(
            AgentOnDuty(
                id=agent.id,
                services=frozenset(skills) if skills is not None else None,
                busy_service=service,
                busy_partner=partners.get(service) if service else None,
                busy_minutes=max((now - began).total_seconds() / 60, 0.0) if began else 0.0,
                paused=agent.paused,
            )
        )
    return result


def expected_appointments(
    session: Session,
    site: Site,
    now: datetime,
    day_end: datetime,
    codes: Mapping[int, str],
    partners: Mapping[str, str | None],
) -> list[ExpectedAppointment]:
    rows = session.execute(
        select(Appointment.id, Appointment.service_id, Appointment.starts_at).where(
            Appointment.site_id == site.id,
            Appointment.cancelled.is_(False),
            Appointment.arrived_at.is_(None),
            Appointment.starts_at >= now - timedelta(minutes=MISSED_APPOINTMENT_MINUTES),
            Appointment.starts_at < day_end,
        )
    )
    return [
        ExpectedAppointment(id, codes[service_id], partners.get(codes[service_id]), starts_at)
        for id, service_id, starts_at in rows
        if service_id in codes
    ]


def completion_rate(session: Session, site: Site, day: Any) -> float:
    """The share of today's finished tickets that were served (not given up, not absent)."""
    rows = dict(
        session.execute(
            select(Visit.status, func.count())
            .where(
                Visit.site_id == site.id,
                Visit.day == day,
                Visit.status.in_(
                    [
                        Status.DONE.value,
                        Status.TRANSFERRED.value,
                        Status.NO_SHOW.value,
                        Status.CANCELLED.value,
                    ]
                ),
                Visit.source != "agent",  # walk-ins never queued
            )
            .group_by(Visit.status)
        ).all()
    )
    total = sum(rows.values())
    if total < COMPLETION_MIN_TICKETS:
        return DEFAULT_COMPLETION
    served = rows.get(Status.DONE.value, 0) + rows.get(Status.TRANSFERRED.value, 0)
    return max(served / total, 0.5)


def situation_without_line(
    session: Session,
    site: Site,
    now: datetime,
    day: Any,
    codes: Mapping[int, str],
    rule: FairnessRule,
) -> tuple[Situation, ServiceTimes]:
    """Everything a site's estimate reads but its line: agents on duty, appointments still
    expected, the latest calls, the day's completion and the learned service times. A ticket
    taken at the kiosk changes none of it, so it is shared within the second by every answer
    and snapshot of this process (server/services/situation_cache.py). `codes`: the code of
    each request on offer, by id."""
    second = now.replace(microsecond=0)
    return shared(
        session,
        ("situation", site.id, rule, second, tuple(codes)),
        lambda: _situation_without_line(session, site, now, day, codes, rule),
    )


def _partners(session: Session) -> dict[str, str | None]:
    return dict(
        cached(
            session,
            "service_partners",
            lambda: tuple(
                (service, partner)
                for service, partner in session.execute(
                    select(Service.code, Partner.code).outerjoin(
                        Partner, Service.partner_id == Partner.id
                    )
                )
            ),
        )
    )


def _situation_without_line(
    session: Session,
    site: Site,
    now: datetime,
    day: Any,
    codes: Mapping[int, str],
    rule: FairnessRule,
) -> tuple[Situation, ServiceTimes]:
    partners = _partners(session)
    local = now.astimezone(ZoneInfo(site.timezone or "Europe/Paris"))
    day_end = local.replace(hour=0, minute=0, second=0, microsecond=0) + timedelta(days=1)
    situation = Situation(
        now=now,
        afternoon=local.hour >= AFTERNOON_HOUR,
        waiting=(),
        agents=tuple(agents_on_duty(session, site, now, codes, partners)),
        appointments=tuple(expected_appointments(session, site, now, day_end, codes, partners)),
        recent_calls_priority=tuple(recent_calls_priority(session, site, rule.max_priority_streak)),
        completion=completion_rate(session, site, day),
        rule=rule,
    )
    return situation, learned_times(session, site)


def line_estimate(
    session: Session,
    site: Site,
    now: datetime,
    day: Any,
    waiting: Sequence[Any],
    services: Mapping[int, Any],
    rule: FairnessRule,
) -> LineEstimate:
    """The wait estimate of a line whose waiting rows (id, service_id, priority, arrived_at,
    appointment_at) the caller already read."""
    codes = {sid: row.code for sid, row in services.items()}
    partners = _partners(session)
    rest, times = situation_without_line(session, site, now, day, codes, rule)
    situation = replace(
        rest,
        now=now,
        waiting=[
            WaitingVisit(
                w.id,
                codes[w.service_id],
                partners.get(codes[w.service_id]),
                w.arrived_at,
                w.priority,
                w.appointment_at,
            )
            for w in waiting
            if w.service_id in codes
        ],
    )
    return estimate_line(situation, times)
