"""The day's figures for the agents: served, no-shows, waiting, average wait and service time."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.domain.lifecycle import Status
from server.models import Site, Visit
from server.services.clock import Clock
from server.services.lookup import local_day


def _average_minutes(spans: list[tuple[datetime, datetime]]) -> int | None:
    if not spans:
        return None
    seconds = sum((end - start).total_seconds() for start, end in spans) / len(spans)
    return round(seconds / 60)


def today_figures(session: Session, site: Site, clock: Clock) -> dict[str, Any]:
    """Counted on today's tickets. The wait is the line's: a transferred ticket counts once, and
    walk-ins recorded by an agent (who never queued) not at all."""
    now = clock.now()
    visits = list(
        session.scalars(
            select(Visit).where(Visit.site_id == site.id, Visit.day == local_day(site, now))
        )
    )
    waits = [
        (v.arrived_at, v.called_at)
        for v in visits
        if v.called_at and v.transferred_from_id is None and v.source != "agent"
    ]
    services = [
        (v.started_at, v.finished_at)
        for v in visits
        if v.status == Status.DONE.value and v.started_at and v.finished_at
    ]
    return {
        "day": local_day(site, now).isoformat(),
        "served": sum(v.status == Status.DONE.value for v in visits),
        "no_shows": sum(v.status == Status.NO_SHOW.value for v in visits),
        "waiting": sum(v.status == Status.WAITING.value for v in visits),
        "average_wait_minutes": _average_minutes(waits),
        "average_service_minutes": _average_minutes(services),
    }
