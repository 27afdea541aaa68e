"""Retention (privacy by design): visit details older than a site's retention period become
monthly aggregates that keep the reports exact, then are deleted.

The period is the site's `retention_months` (/admin → Réglages, default 12; a `retention_months`
row of its own in `settings`, as older versions read, still counts when Réglages never set it):
on any day of December 2026,
with 12 months, every visit before 1 December 2025 goes. Whole months only, so a month is either
fully detailed or fully archived, never half of each.
"""

from __future__ import annotations

import logging
from dataclasses import asdict
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from server.domain.periods import month_of
from server.models import CallbackRequest, Checklist, Presence, Setting, Site, Visit, VisitEvent
from server.models.archive import StatisticsArchive
from server.models.kiosk import IdempotencyKey
from server.models.printing import PrintJobRecord
from server.services.clock import Clock
from server.services.sync_laptop import forget_deleted_rows
from server.services.transaction import writing

RETENTION_KEY = "retention_months"
DEFAULT_MONTHS = 12
log = logging.getLogger("accueil.retention")


def retention_months(session: Session, site: Site) -> int:
    from server.services.admin_settings import saved_policy

    saved = saved_policy(session, site)
    if RETENTION_KEY in saved:
        value = saved[RETENTION_KEY]
    else:
        setting = session.get(Setting, (site.id, RETENTION_KEY))
        value = setting.value if setting is not None else DEFAULT_MONTHS
    try:
        months = int(value)
    except (TypeError, ValueError):
        months = DEFAULT_MONTHS
    return max(months, 1)


def cutoff(today: date, months: int) -> date:
    """The first day kept: the first of the month `months` months before today's month."""
    index = today.year * 12 + today.month - 1 - months
    return date(index // 12, index % 12 + 1, 1)


def site_cutoff(session: Session, site: Site, clock: Clock) -> date:
    today = clock.now().astimezone(ZoneInfo(site.timezone)).date()
    return cutoff(today, retention_months(session, site))


def report_snapshot(session: Session, site: Site, month: date, now: datetime) -> dict[str, Any]:
    """The month's report of one site, as plain data (what the archive keeps)."""
    from server.services.report import live_report

    built = live_report(session, [site], month_of(month), now)
    return {
        "rows": [asdict(row) for row in built.rows],
        "visits": built.visits,
        "distinct_visits": built.distinct_visits,
        "requests": built.requests,
        "presences": built.presences,
        "itinerant_visits": built.itinerant_visits,
    }


def archive_month(session: Session, site: Site, month: date, now: datetime) -> StatisticsArchive:
    from server.services.statistics import period_statistics

    figures = period_statistics(session, [site], month_of(month))
    return StatisticsArchive(
        site_id=site.id,
        month=month,
        report=report_snapshot(session, site, month, now),
        figures=figures,
        archived_at=now,
    )


def _months(first: date, limit: date) -> list[date]:
    months, month = [], first.replace(day=1)
    while month < limit:
        months.append(month)
        month = month_of(month).following().start
    return months


def apply_retention(session: Session, clock: Clock) -> dict[str, int]:
    """Archive then delete every site's visit details past its retention period."""
    counts = {"months": 0, "visits": 0, "events": 0}
    now = clock.now()
    for site in list(session.scalars(select(Site))):
        limit = site_cutoff(session, site, clock)
        oldest = session.scalar(
            select(func.min(Visit.day)).where(Visit.site_id == site.id, Visit.day < limit)
        )
        if oldest is None:
            continue
        archived = set(
            session.scalars(
                select(StatisticsArchive.month).where(StatisticsArchive.site_id == site.id)
            )
        )
        fresh = [
            archive_month(session, site, month, now)
            for month in _months(oldest, limit)
            if month not in archived
        ]
        with writing(session):
            session.add_all(fresh)
            visits, events = _delete_details(session, site, limit)
        counts["months"] += len(fresh)
        counts["visits"] += visits
        counts["events"] += events
    if counts["visits"]:
        log.info(
            "retention: %d month(s) archived, %d visit(s) and %d event(s) deleted",
            counts["months"],
            counts["visits"],
            counts["events"],
        )
    return counts


def _delete_details(session: Session, site: Site, limit: date) -> tuple[int, int]:
    old = select(Visit.id).where(Visit.site_id == site.id, Visit.day < limit).scalar_subquery()
    quiet = {"synchronize_session": False}
    session.execute(
        delete(CallbackRequest).where(CallbackRequest.visit_id.in_(old)), execution_options=quiet
    )
    for model in (Checklist, PrintJobRecord, IdempotencyKey):
        session.execute(
            update(model).where(model.visit_id.in_(old)).values(visit_id=None),
            execution_options=quiet,
        )
    events = session.execute(
        delete(VisitEvent).where(VisitEvent.visit_id.in_(old)), execution_options=quiet
    ).rowcount  # type: ignore[attr-defined]
    visits = 0
    while True:  # the last tickets of transfer chains first: nothing points at them
        pointed = select(Visit.transferred_from_id).where(Visit.transferred_from_id.is_not(None))
        deleted = session.execute(
            delete(Visit).where(
                Visit.site_id == site.id, Visit.day < limit, Visit.id.not_in(pointed)
            ),
            execution_options=quiet,
        ).rowcount  # type: ignore[attr-defined]
        visits += deleted
        if not deleted:
            break
    limit_at = datetime.combine(limit, datetime.min.time(), ZoneInfo(site.timezone))
    session.execute(
        delete(Presence).where(Presence.site_id == site.id, Presence.at < limit_at),
        execution_options=quiet,
    )
    forget_deleted_rows(session)  # an itinerant laptop: never take a reused id for a sent row
    return visits, events


def archives_for(session: Session, sites: list[Site], month: date) -> dict[int, StatisticsArchive]:
    rows = session.scalars(
        select(StatisticsArchive).where(
            StatisticsArchive.site_id.in_([s.id for s in sites]),
            StatisticsArchive.month == month,
        )
    )
    return {row.site_id: row for row in rows}
