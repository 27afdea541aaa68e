"""Statistics folded from the visit event log: one pass, no counter kept on the side.

A *visit* is what one person came for once: the chain of tickets that a transfer links (they
share one token), however often it was transferred or sent back to the line. A *request* is
a procedure finished with an outcome in that visit, counted for the partner and service the
agent recorded (not the line the ticket was first taken for).

Durations are in minutes. The median is the middle value (the mean of the two middle ones for
an even count); the 90th percentile is the nearest-rank one: the value below which at least 90%
of the sorted values fall (`sorted[ceil(0.9 n) - 1]`).
"""

from __future__ import annotations

import math
import statistics
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from server.domain.hours import WEEKDAYS_FR

UNKNOWN = "non-renseigne"
NO_PARTNER = "sans-partenaire"
CHANNELS = ("kiosk", "walk_in", "appointment", "itinerant")
CHANNEL_LABELS = {
    "kiosk": "Borne (ticket)",
    "walk_in": "Accueil debout (sans ticket)",
    "appointment": "Rendez-vous",
    "itinerant": "France Services itinérante",
}
REQUEST_TYPE_LABELS = {
    "information": "Information",
    "procedure": "Aide à une démarche",
    "referral": "Orientation",
    UNKNOWN: "Non renseigné",
}
RESULT_LABELS = {
    "resolved": "Résolu sur place",
    "referred": "Orienté vers le partenaire",
    "escalated": "Remonté au partenaire",
    UNKNOWN: "Non renseigné",
}
LANGUAGE_LABELS = {
    "fr": "français",
    "bg": "bulgare",
    "tr": "turc",
    "ar": "arabe",
    "es": "espagnol",
    "pt": "portugais",
    "en": "anglais",
}
SLOT = timedelta(minutes=30)


@dataclass(frozen=True)
class EventRecord:
    """One row of the log with what it needs of its ticket (read in one query)."""

    chain: str  # the token shared along a transfer chain
    visit_id: int
    site: str
    action: str
    at: datetime
    agent_id: int | None
    service: str  # the ticket's service code
    source: str  # kiosk | agent | appointment | transfer
    language: str
    priority: bool
    outcome: Mapping[str, Any] | None = None


@dataclass(frozen=True)
class Catalogue:
    """service code -> (partner code or None, theme code); partner and theme names."""

    services: Mapping[str, tuple[str | None, str]]
    partner_names: Mapping[str, str] = field(default_factory=dict)
    theme_names: Mapping[str, str] = field(default_factory=dict)


@dataclass
class _Segment:
    """One ticket of a chain."""

    service: str
    started_at: datetime | None = None
    finished_at: datetime | None = None
    agent_id: int | None = None
    outcome: Mapping[str, Any] | None = None
    finished: bool = False


@dataclass
class _Visit:
    site: str
    source: str
    language: str
    priority: bool
    arrived_at: datetime
    first_called_at: datetime | None = None
    last_action: str = "issue"
    last_agent_id: int | None = None
    segments: dict[int, _Segment] = field(default_factory=dict)


@dataclass(frozen=True)
class Request:
    """One partner's procedure handled during a visit (the unit of the national report)."""

    chain: str
    site: str
    partner: str
    service: str
    theme: str
    request_type: str
    result: str
    channel: str
    agent_id: int | None


PAUSE_EVERY = 1000  # events replayed between two pauses (about 10 ms)


def fold(
    events: Iterable[EventRecord], pause: Callable[[], None] = lambda: None
) -> dict[str, _Visit]:
    """Replay the log, in order, into visits and their tickets (`pause` every 1,000 events)."""
    visits: dict[str, _Visit] = {}
    for index, event in enumerate(sorted(events, key=lambda e: (e.at, e.visit_id)), 1):
        if index % PAUSE_EVERY == 0:
            pause()
        visit = visits.get(event.chain)
        if visit is None:
            if event.action != "issue" or event.source == "transfer":
                continue  # the chain began before the period: it belongs there
            visit = visits[event.chain] = _Visit(
                event.site, event.source, event.language, event.priority, event.at
            )
        segment = visit.segments.setdefault(event.visit_id, _Segment(event.service))
        visit.last_action = event.action
        visit.last_agent_id = event.agent_id
        if event.action in ("call", "take"):
            if visit.first_called_at is None:
                visit.first_called_at = event.at
            segment.agent_id = event.agent_id
            if event.action == "take":
                segment.started_at = event.at
        elif event.action == "start":
            segment.started_at = event.at
        elif event.action == "return":
            segment.agent_id = None
        elif event.action in ("finish", "transfer", "no-show", "cancel"):
            segment.finished_at = event.at
            if event.action == "finish":
                segment.finished = True
                segment.outcome = event.outcome
                segment.agent_id = event.agent_id or segment.agent_id
    return visits


def _channel(visit: _Visit, itinerant_sites: frozenset[str]) -> str:
    if visit.site in itinerant_sites:
        return "itinerant"
    return {"agent": "walk_in", "appointment": "appointment"}.get(visit.source, "kiosk")


def requests_of(
    visits: Mapping[str, _Visit], catalogue: Catalogue, itinerant_sites: frozenset[str]
) -> list[Request]:
    """Each visit's finished procedures, one per partner's service even when transferred back."""
    found: list[Request] = []
    for chain, visit in visits.items():
        seen: dict[str, Request] = {}
        for segment in visit.segments.values():
            if not segment.finished:
                continue
            outcome = segment.outcome or {}
            service = str(outcome.get("service") or segment.service)
            partner, theme = catalogue.services.get(service, (None, UNKNOWN))
            partner = str(outcome.get("partner") or partner or NO_PARTNER)
            seen[f"{partner}/{service}"] = Request(
                chain=chain,
                site=visit.site,
                partner=partner,
                service=service,
                theme=theme,
                request_type=str(outcome.get("request_type") or UNKNOWN),
                result=str(outcome.get("result") or UNKNOWN),
                channel=_channel(visit, itinerant_sites),
                agent_id=segment.agent_id,
            )
        found.extend(seen.values())
    return found


def minutes(span: timedelta) -> float:
    return span.total_seconds() / 60


def spread(values: list[float]) -> dict[str, Any]:
    """{"count", "median", "p90"} in minutes, one decimal; None when there is nothing."""
    if not values:
        return {"count": 0, "median": None, "p90": None}
    ordered = sorted(values)
    rank = math.ceil(0.9 * len(ordered)) - 1
    return {
        "count": len(ordered),
        "median": round(statistics.median(ordered), 1),
        "p90": round(ordered[rank], 1),
    }


def _tally(values: Iterable[str], labels: Mapping[str, str]) -> list[dict[str, Any]]:
    counts = Counter(values)
    return [
        {"code": code, "label": labels.get(code, code), "count": count}
        for code, count in sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    ]


def _slot(moment: datetime, zone: ZoneInfo) -> str:
    local = moment.astimezone(zone)
    return f"{local.hour:02d}:{30 if local.minute >= 30 else 0:02d}"


def _by(
    pairs: Iterable[tuple[datetime, float]], zone: ZoneInfo
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Spreads by local hour of day and by weekday, only where there were any."""
    hours: dict[int, list[float]] = defaultdict(list)
    weekdays: dict[int, list[float]] = defaultdict(list)
    for moment, value in pairs:
        local = moment.astimezone(zone)
        hours[local.hour].append(value)
        weekdays[local.weekday()].append(value)
    return (
        [{"hour": f"{h:02d} h", **spread(hours[h])} for h in sorted(hours)],
        [{"weekday": WEEKDAYS_FR[d], **spread(weekdays[d])} for d in sorted(weekdays)],
    )


def _load(visits: Mapping[str, _Visit], zone: ZoneInfo) -> list[dict[str, Any]]:
    """Arrivals per half-hour against agents at work then, both averaged over the days open."""
    arrivals: Counter[str] = Counter()
    busy: dict[tuple[Any, str], set[int]] = defaultdict(set)
    days = set()
    for visit in visits.values():
        days.add(visit.arrived_at.astimezone(zone).date())
        arrivals[_slot(visit.arrived_at, zone)] += 1
        for segment in visit.segments.values():
            begin = segment.started_at
            if segment.agent_id is None or begin is None:
                continue
            end = segment.finished_at or begin
            moment = begin
            while True:
                local = moment.astimezone(zone)
                busy[(local.date(), _slot(moment, zone))].add(segment.agent_id)
                if moment >= end:
                    break
                moment = min(moment + SLOT, end)
    agents: dict[str, int] = Counter()
    for (_, slot), ids in busy.items():
        agents[slot] += len(ids)
    open_days = max(len(days), 1)
    return [
        {
            "slot": slot,
            "arrivals": round(arrivals[slot] / open_days, 1),
            "agents": round(agents[slot] / open_days, 1),
        }
        for slot in sorted(set(arrivals) | set(agents))
    ]


def compute(
    events: Iterable[EventRecord],
    catalogue: Catalogue,
    zone: ZoneInfo,
    itinerant_sites: frozenset[str] = frozenset(),
    presences: int = 0,
    pause: Callable[[], None] = lambda: None,
) -> dict[str, Any]:
    """Every figure of the statistics page, as plain data (tables and charts use the same).
    `pause` is called between the steps (the server hands its event loop over there)."""
    visits = fold(events, pause)
    pause()
    requests = requests_of(visits, catalogue, itinerant_sites)
    pause()
    waits = [
        (v.arrived_at, minutes(v.first_called_at - v.arrived_at))
        for v in visits.values()
        if v.first_called_at is not None and v.source != "agent"  # walk-ins never queued
    ]
    services = [
        (s.started_at, minutes(s.finished_at - s.started_at))
        for v in visits.values()
        for s in v.segments.values()
        if s.finished and s.started_at is not None and s.finished_at is not None
    ]
    pause()
    wait_by_hour, wait_by_weekday = _by(waits, zone)
    service_by_hour, service_by_weekday = _by(services, zone)
    total = len(visits)
    priority = sum(v.priority for v in visits.values())
    itinerant = sum(v.site in itinerant_sites for v in visits.values())
    partner_names = {**catalogue.partner_names, NO_PARTNER: "Sans partenaire (accueil général)"}
    return {
        "visits": total,
        "served_visits": sum(any(s.finished for s in v.segments.values()) for v in visits.values()),
        "requests": len(requests),
        "presences": presences,
        "no_shows": sum(v.last_action == "no-show" for v in visits.values()),
        "cancelled_by_visitor": sum(
            v.last_action == "cancel" and v.last_agent_id is None for v in visits.values()
        ),
        "cancelled_by_agent": sum(
            v.last_action == "cancel" and v.last_agent_id is not None for v in visits.values()
        ),
        # Neither served, absent nor cancelled: gone without a word (perhaps after a transfer), or
        # still in the line. Without it a month's visits did not add up (a sixth of ours).
        "not_served": sum(
            v.last_action not in ("no-show", "cancel")
            and not any(s.finished for s in v.segments.values())
            for v in visits.values()
        ),
        "transfers": sum(max(len(v.segments) - 1, 0) for v in visits.values()),
        "priority_share": round(priority / total, 3) if total else None,
        "itinerant_share": round(itinerant / total, 3) if total else None,
        "wait": spread([w for _, w in waits]),
        "service": spread([s for _, s in services]),
        "wait_by_hour": wait_by_hour,
        "wait_by_weekday": wait_by_weekday,
        "service_by_hour": service_by_hour,
        "service_by_weekday": service_by_weekday,
        "by_partner": _tally((r.partner for r in requests), partner_names),
        "by_theme": _tally((r.theme for r in requests), catalogue.theme_names),
        "by_result": _tally((r.result for r in requests), RESULT_LABELS),
        "by_request_type": _tally((r.request_type for r in requests), REQUEST_TYPE_LABELS),
        "by_channel": _tally(
            (_channel(v, itinerant_sites) for v in visits.values()), CHANNEL_LABELS
        ),
        "languages": _tally(
            (v.language for v in visits.values() if v.source == "kiosk"), LANGUAGE_LABELS
        ),
        "breakdown": _breakdown(requests),
        "load": _load(visits, zone),
    }


def _breakdown(requests: Iterable[Request]) -> list[dict[str, Any]]:
    """Requests by partner × theme × result × channel, the cross table behind the marginals."""
    counts = Counter((r.partner, r.theme, r.result, r.channel) for r in requests)
    return [
        {"partner": p, "theme": t, "result": r, "channel": c, "count": n}
        for (p, t, r, c), n in sorted(counts.items())
    ]
