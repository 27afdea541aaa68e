"""Statistics of a site (or all sites) over a period, read from the visit event log.

One read transaction, one query for the log of the period: the page never takes the write lock,
so a manager looking at a busy month does not hold up the line.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from server.catalogue import THEMES
from server.domain.periods import Period
from server.domain.statistics import Catalogue, EventRecord, compute
from server.models import Appointment, Partner, Presence, Service, Setting, Site, Visit, VisitEvent
from server.services import cooperation
from server.services.callbacks import OUTCOME_LABELS, outcome_counts
from server.services.ideas import CATEGORY_LABELS, idea_counts
from server.services.transaction import reading

ITINERANT_KEY = "itinerant"  # site setting: this site is the itinerant France Services


def bounds(period: Period, zone: ZoneInfo) -> tuple[datetime, datetime]:
    """The period's first and last instants (local midnights) in UTC."""
    start = datetime.combine(period.start, time(0), zone)
    end = datetime.combine(period.end + timedelta(days=1), time(0), zone)
    return start.astimezone(UTC), end.astimezone(UTC)


def catalogue(session: Session) -> Catalogue:
    partners = {p.id: p for p in session.scalars(select(Partner))}
    services = {}
    for service in session.scalars(select(Service)):
        partner = partners.get(service.partner_id) if service.partner_id else None
        services[service.code] = (partner.code if partner else None, service.theme)
    return Catalogue(
        services=services,
        partner_names={p.code: p.name for p in partners.values()},
        theme_names=THEMES,
    )


def itinerant_sites(session: Session) -> frozenset[str]:
    rows = session.execute(
        select(Site.code, Setting.value)
        .join(Setting, Setting.site_id == Site.id)
        .where(Setting.key == ITINERANT_KEY)
    )
    return frozenset(code for code, value in rows if value)


def event_records(
    session: Session, sites: Sequence[Site], start: datetime, end: datetime
) -> list[EventRecord]:
    """The log between two instants, each row with what it needs of its ticket (one query)."""
    rows = session.execute(
        select(
            Visit.token,
            VisitEvent.visit_id,
            Site.code,
            VisitEvent.action,
            VisitEvent.at,
            VisitEvent.agent_id,
            Service.code,
            Visit.source,
            Visit.language,
            Visit.priority,
            VisitEvent.detail,
        )
        .join(Visit, Visit.id == VisitEvent.visit_id)
        .join(Service, Service.id == Visit.service_id)
        .join(Site, Site.id == VisitEvent.site_id)
        .where(
            VisitEvent.site_id.in_([site.id for site in sites]),
            VisitEvent.at >= start,
            VisitEvent.at < end,
        )
        .order_by(VisitEvent.at, VisitEvent.id)
        .execution_options(yield_per=cooperation.ROWS_PER_SLICE)
    )
    records: list[EventRecord] = []
    for rows_of_slice in rows.partitions():
        cooperation.pause()  # a busy month is ~12,000 rows: calls to the screens go first
        records += _records(rows_of_slice)
    return records


def _records(rows: Any) -> list[EventRecord]:
    return [
        EventRecord(
            chain=token,
            visit_id=visit_id,
            site=site_code,
            action=action,
            at=at if at.tzinfo else at.replace(tzinfo=UTC),
            agent_id=agent_id,
            service=service,
            source=source,
            language=language,
            priority=priority,
            outcome=(detail or {}).get("outcome"),
        )
        for (
            token,
            visit_id,
            site_code,
            action,
            at,
            agent_id,
            service,
            source,
            language,
            priority,
            detail,
        ) in rows
    ]


def sites_for(session: Session, code: str | None) -> list[Site]:
    """One site by its code, or every site ("all", for a department-wide admin)."""
    from server.services.lookup import site_by_code

    if code in (None, "", "all"):
        return list(session.scalars(select(Site).order_by(Site.name)))
    return [site_by_code(session, code)]


def period_statistics(
    session: Session, sites: Sequence[Site], period: Period, now: datetime | None = None
) -> dict[str, Any]:
    """Every figure of the statistics page for these sites over the period; a month past
    retention comes from its archive (the details are gone). `now`: appointments over by then
    and never checked in are missed (default: the system's time)."""
    if period.kind == "month" and len(sites) == 1:
        from server.services.retention import archives_for

        archive = archives_for(session, list(sites), period.start).get(sites[0].id)
        if archive is not None:
            return {
                **archive.figures,
                "archived": True,
                "ideas": _ideas(session, sites, period),
                "callbacks": _callbacks(session, sites, period),
            }
    zone = ZoneInfo(sites[0].timezone if sites else "Europe/Paris")
    start, end = bounds(period, zone)
    with reading(session):
        records = event_records(session, sites, start, end)
        presences = (
            session.scalar(
                select(func.count(Presence.id)).where(
                    Presence.site_id.in_([s.id for s in sites]),
                    Presence.at >= start,
                    Presence.at < end,
                )
            )
            or 0
        )
        figures = compute(
            records,
            catalogue(session),
            zone,
            itinerant_sites(session),
            presences,
            pause=cooperation.pause,
        )
    figures["period"] = {
        "kind": period.kind,
        "start": period.start.isoformat(),
        "end": period.end.isoformat(),
        "label": period.label,
    }
    figures["sites"] = [site.code for site in sites]
    figures["missed_appointments"] = _missed_appointments(
        session, sites, start, min(end, now or datetime.now(UTC))
    )
    cooperation.pause()
    figures["ideas"] = _ideas(session, sites, period)
    figures["callbacks"] = _callbacks(session, sites, period)
    return figures


def _missed_appointments(
    session: Session, sites: Sequence[Site], start: datetime, over_by: datetime
) -> int:
    """Appointments of the period, over by `over_by`, neither checked in nor cancelled."""
    with reading(session):
        return (
            session.scalar(
                select(func.count(Appointment.id)).where(
                    Appointment.site_id.in_([s.id for s in sites]),
                    Appointment.starts_at >= start,
                    Appointment.ends_at <= over_by,
                    Appointment.arrived_at.is_(None),
                    Appointment.cancelled.is_(False),
                )
            )
            or 0
        )


def _callbacks(session: Session, sites: Sequence[Site], period: Period) -> list[dict[str, Any]]:
    """The two-week call-backs of the period's visits, by outcome (the numbers are long gone)."""
    with reading(session):
        counts = outcome_counts(
            session, [site.id for site in sites], period.start, period.end + timedelta(days=1)
        )
    return [
        {"code": code, "label": OUTCOME_LABELS.get(code, code), "count": count}
        for code, count in sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    ]


def _ideas(session: Session, sites: Sequence[Site], period: Period) -> list[dict[str, Any]]:
    """The idea wall by category: posted, and how many were published."""
    zone = ZoneInfo(sites[0].timezone if sites else "Europe/Paris")
    start, end = bounds(period, zone)
    with reading(session):
        counts = idea_counts(session, [site.id for site in sites], start, end)
    return [
        {
            "code": code,
            "label": CATEGORY_LABELS.get(code, code),
            "count": value["posted"],
            "approved": value["approved"],
        }
        for code, value in counts.items()
    ]


def today_for_agent(session: Session, site: Site, agent_id: int, today: date) -> dict[str, Any]:
    """The day so far for the team, and the signed-in agent's own figures (nobody else's)."""
    from server.domain.statistics import fold, minutes, requests_of, spread

    zone = ZoneInfo(site.timezone)
    start, end = bounds(Period("day", today, today), zone)
    with reading(session):
        records = event_records(session, [site], start, end)
        names = catalogue(session)
    visits = fold(records)
    requests = requests_of(visits, names, frozenset())
    mine = [r for r in requests if r.agent_id == agent_id]
    own_durations = [
        minutes(s.finished_at - s.started_at)
        for v in visits.values()
        for s in v.segments.values()
        if s.finished and s.agent_id == agent_id and s.started_at and s.finished_at
    ]
    team = compute(records, names, zone)
    return {"team": team, "mine": {"requests": len(mine), "service": spread(own_durations)}}
