"""A day replayed from the site's own log: who came when, for what, and how long it took."""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from server.domain.lifecycle import Status
from server.models import Service, Site, Visit
from server.simulation.profile import (
    SERVICE_TIMES,
    AgentPlan,
    Arrival,
    DayPlan,
    agent_plans,
)

PAST_DAYS = 20  # served visits of the days before, as the history the estimate learns from


def last_day(session: Session, site: Site) -> date | None:
    return session.scalar(
        select(func.max(Visit.day)).where(
            Visit.site_id == site.id, Visit.transferred_from_id.is_(None)
        )
    )


def _minutes(moment: datetime, zone: ZoneInfo) -> float:
    local = moment.astimezone(zone)
    return local.hour * 60 + local.minute + local.second / 60


def replay_plan(session: Session, site: Site, day: date, agents: int, seed: int) -> DayPlan:
    """The visitors of that day as the simulator's arrivals. A visitor who gave up keeps the
    patience they showed; an unfinished visit takes the profile's median for its request."""
    import random

    zone = ZoneInfo(site.timezone or "Europe/Paris")
    rows = session.execute(
        select(Visit, Service.code)
        .join(Service, Visit.service_id == Service.id)
        .where(Visit.site_id == site.id, Visit.day == day, Visit.transferred_from_id.is_(None))
        .order_by(Visit.arrived_at, Visit.id)
    ).all()
    arrivals = []
    for visit, service in rows:
        at = _minutes(visit.arrived_at, zone)
        if visit.started_at and visit.finished_at:
            minutes = max((visit.finished_at - visit.started_at).total_seconds() / 60, 0.5)
        else:
            minutes = SERVICE_TIMES.get(service, (12.0, 0.5))[0]
        patience = math.inf
        if visit.status == Status.CANCELLED.value and visit.finished_at and not visit.called_at:
            patience = max((visit.finished_at - visit.arrived_at).total_seconds() / 60, 0.5)
        arrivals.append(
            Arrival(
                at=at,
                service=service,
                minutes=minutes,
                priority=visit.priority,
                patience=patience,
                cancels_from_phone=True,
                answers_call=visit.status != Status.NO_SHOW.value,
                walk_in=visit.source == "agent",
                appointment_at=_minutes(visit.appointment_at, zone)
                if visit.appointment_at
                else None,
            )
        )
    if not arrivals:
        return DayPlan(day, [(9 * 60, 17 * 60)], [], [])
    first = math.floor(min(a.at for a in arrivals) / 30) * 30
    last = math.ceil(max(a.at for a in arrivals) / 30) * 30
    opening = [(float(first), float(max(last, first + 30)))]
    staff: list[AgentPlan] = agent_plans(agents, opening, random.Random(seed), late=False)
    return DayPlan(day, opening, arrivals, staff)


def past_visits(
    session: Session, site: Site, day: date, days: int = PAST_DAYS
) -> Sequence[tuple[str, datetime, float]]:
    """Served visits of the days before `day`: (request, start, minutes)."""
    rows = session.execute(
        select(Service.code, Visit.started_at, Visit.finished_at)
        .join(Service, Visit.service_id == Service.id)
        .where(
            Visit.site_id == site.id,
            Visit.status == Status.DONE.value,
            Visit.day < day,
            Visit.day >= day - timedelta(days=days),
            Visit.started_at.is_not(None),
            Visit.finished_at.is_not(None),
        )
    ).all()
    return [
        (code, started, (finished - started).total_seconds() / 60)
        for code, started, finished in rows
    ]
