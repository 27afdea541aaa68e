"""Read models: the queue snapshot every screen starts from, and one ticket's public status."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import event, select
from sqlalchemy.orm import ORMExecuteState, Session

from server.catalogue import THEMES
from server.domain.lifecycle import Action, Status
from server.domain.ordering import FairnessRule, queue_order
from server.domain.waits import UNKNOWN, LineEstimate, WaitEstimate, naive_wait_minutes
from server.models import Agent, Appointment, Service, Site, Visit
from server.models import Counter as CounterModel
from server.models.queue import VisitEvent
from server.services.clock import Clock
from server.services.errors import NotFound
from server.services.lookup import local_day
from server.services.process_cache import cached
from server.services.site_team import on_duty_at, team_of
from server.services.situation_cache import shared
from server.services.waits import line_estimate

MAX_TOKEN_LENGTH = 64  # tokens are 43 characters; anything longer is not one of ours

RECENT_VISITS = 200
LAST_CALLS = 5
# The snapshot goes to every screen on every change: its list is the head of the line only
# (waiting_count and the per-service counts stay exact), so its size does not grow unbounded.
WAITING_LIST_LIMIT = 100


@dataclass(frozen=True)
class WaitingTicket:
    """The columns of a waiting visit that placing it in the line needs (no ORM objects:
    the line is read on every change, so it must stay cheap with many people waiting)."""

    id: int
    number: str
    service_id: int
    priority: bool
    arrived_at: datetime
    appointment_at: datetime | None
    appointment_id: int | None


@dataclass
class Line:
    """Everything needed to place a ticket in the line and estimate its wait."""

    ordered: list[WaitingTicket]
    services: dict[int, Any]  # rows of (id, code, label, theme, position)
    agents_by_service: dict[int, int]
    competing: dict[int, set[int]]
    durations: list[float]
    waits: LineEstimate
    per_service: Counter[int] = field(default_factory=Counter)

    def __post_init__(self) -> None:
        self.per_service = Counter(t.service_id for t in self.ordered)

    def people_ahead(self, visit_id: int, service_id: int) -> int:
        rivals = self.competing.get(service_id, {service_id})
        count = 0
        for other in self.ordered:
            if other.id == visit_id:
                return count
            if other.service_id in rivals:
                count += 1
        return count

    def waiting_for(self, service_id: int) -> int:
        return self.per_service[service_id]

    def wait_for_new(self, service_id: int) -> WaitEstimate:
        """The wait announced to someone taking a ticket for this service now."""
        if service_id not in self.services:
            return UNKNOWN
        return self.waits.for_new(self.services[service_id].code)

    def wait_for(self, visit_id: int) -> WaitEstimate:
        return self.waits.for_visit(visit_id)

    def naive_for(self, visit_id: int, service_id: int) -> int:
        """What the first formula told this ticket (simulator comparison only)."""
        ahead = self.people_ahead(visit_id, service_id)
        return naive_wait_minutes(ahead, self.durations, self.agents_by_service.get(service_id, 0))

    def naive_for_new(self, service_id: int) -> int:
        """The first formula (people ahead x median / agents), kept for the simulator's
        comparison only: no screen shows it."""
        rivals = self.competing.get(service_id, {service_id})
        ahead = sum(self.per_service[s] for s in rivals)
        return naive_wait_minutes(ahead, self.durations, self.agents_by_service.get(service_id, 0))


LINES = "accueil.lines"


def active_service_rows(session: Session, site: Site | None = None) -> tuple[Any, ...]:
    """(id, code, label, theme, position) of the requests on offer at the site (in its own
    order), read once per process."""
    from server.services.catalogue import offered_here, site_catalogue, site_order

    position = site_order()[0].label("position")
    query = select(Service.id, Service.code, Service.label, Service.theme, position)
    return cached(
        session,
        ("active_services", site.id if site is not None else None),
        lambda: tuple(session.execute(site_catalogue(query, site).where(offered_here()))),
    )


def load_line(session: Session, site: Site, clock: Clock, rule: FairnessRule) -> Line:
    """The waiting line with its wait estimate, computed once per change: a ticket's answer and
    the snapshot broadcast after it read the same line in the same second, so they share it.
    Any write in this session (a flush or an UPDATE/INSERT statement) forgets it."""
    now = clock.now()
    known: dict[tuple[int, FairnessRule, datetime], Line] = session.info.setdefault(LINES, {})
    key = (site.id, rule, now.replace(microsecond=0))
    line = known.get(key)
    if line is None:
        known.clear()
        line = known[key] = _load_line(session, site, now, rule)
    return line


@event.listens_for(Session, "after_flush")
def _forget_lines_after_flush(session: Session, *_: Any) -> None:
    session.info.pop(LINES, None)


@event.listens_for(Session, "do_orm_execute")
def _forget_lines_on_write(state: ORMExecuteState) -> None:
    if not state.is_select:
        state.session.info.pop(LINES, None)


def _load_line(session: Session, site: Site, now: datetime, rule: FairnessRule) -> Line:
    waiting = [
        WaitingTicket(*row)
        for row in session.execute(
            select(
                Visit.id,
                Visit.number,
                Visit.service_id,
                Visit.priority,
                Visit.arrived_at,
                Visit.appointment_at,
                Visit.appointment_id,
            ).where(
                Visit.site_id == site.id,
                Visit.status == Status.WAITING.value,
                Visit.day == local_day(site, now),
            )
        )
    ]
    ordered = queue_order(waiting, now, rule)
    services = {row.id: row for row in active_service_rows(session, site)}
    second = now.replace(microsecond=0)
    agents_by_service, competing, durations = shared(
        session,
        ("staff", site.id, second, tuple(services)),
        lambda: _staff(session, site, services),
    )
    waits = line_estimate(session, site, now, local_day(site, now), ordered, services, rule)
    return Line(ordered, services, agents_by_service, competing, list(durations), waits)


def _staff(
    session: Session, site: Site, services: dict[int, Any]
) -> tuple[dict[int, int], dict[int, set[int]], tuple[float, ...]]:
    """Who may serve each request (agents on duty, else the site's team) and the latest
    service times: what the naive comparison and the people-ahead count need besides the line."""
    agents = list(
        session.scalars(select(Agent).where(on_duty_at(session, site), Agent.paused.is_(False)))
    ) or list(session.scalars(select(Agent).where(team_of(session, site))))
    can_serve: dict[int, set[int]] = {}
    for agent in agents:
        can_serve[agent.id] = set(services) if agent.serves_all else {s.id for s in agent.services}
    agents_by_service = {sid: sum(sid in ids for ids in can_serve.values()) for sid in services}
    competing: dict[int, set[int]] = {}
    for sid in services:
        pool = [ids for ids in can_serve.values() if sid in ids]
        competing[sid] = set().union(*pool) if pool else {sid}
    finished = session.execute(
        select(Visit.started_at, Visit.finished_at)
        .where(
            Visit.site_id == site.id,
            Visit.status == Status.DONE.value,
            Visit.started_at.is_not(None),
        )
        .order_by(Visit.id.desc())
        .limit(RECENT_VISITS)
    )
    durations = tuple(
        (end - start).total_seconds() / 60 for start, end in finished if start and end
    )
    return agents_by_service, competing, durations


def last_calls(session: Session, site: Site, limit: int = LAST_CALLS) -> list[dict[str, Any]]:
    rows = session.execute(
        select(VisitEvent, Visit, CounterModel)
        .join(Visit, VisitEvent.visit_id == Visit.id)
        .outerjoin(CounterModel, VisitEvent.counter_id == CounterModel.id)
        .where(
            VisitEvent.site_id == site.id,
            VisitEvent.action.in_([Action.CALL.value, Action.RECALL.value, Action.TAKE.value]),
            Visit.source != "agent",  # a walk-in is already with the agent: never announced
        )
        .order_by(VisitEvent.id.desc())
        .limit(limit)
    )
    return [
        {
            "number": visit.number,
            "service_label": visit.service.label,
            "counter": counter.code if counter else None,
            "counter_label": counter.label if counter else None,
            "called_at": event.at.isoformat(),
            "recall": event.action == Action.RECALL.value,
            "coming_to_you": event.action == Action.TAKE.value,
            # Still being called (not yet received, finished or sent back): the display's
            # "Appel en cours" shows only these; the others are history ("Derniers appels").
            "active": _still_called(event.action, visit.status),
        }
        for event, visit, counter in rows
    ]


def _still_called(action: str, status: str) -> bool:
    """A call or recall lasts while the ticket is `called`; a floor agent taking a visitor
    ("un conseiller vient vers vous") lasts while that visit is being served."""
    if action == Action.TAKE.value:
        return status == Status.SERVING.value
    return status == Status.CALLED.value


def longer(one: WaitEstimate, other: WaitEstimate) -> WaitEstimate:
    """A theme shows the longest known wait of its services (unknown only if all are)."""
    if one.high is None:
        return other
    if other.high is None:
        return one
    return other if (other.high, other.low or 0) > (one.high, one.low or 0) else one


def queue_snapshot(
    session: Session, site: Site, clock: Clock, rule: FairnessRule
) -> dict[str, Any]:
    """The line as agents see it: counts and waits, the waiting tickets, the last calls
    (`public_snapshot` keeps what public screens may show)."""
    now = clock.now()
    line = load_line(session, site, clock, rule)
    services = []
    themes: dict[str, dict[str, Any]] = defaultdict(lambda: {"waiting": 0, "wait": UNKNOWN})
    for s in sorted(line.services.values(), key=lambda s: (s.position, s.id)):
        wait = line.wait_for_new(s.id)
        services.append(
            {
                "code": s.code,
                "label": s.label,
                "theme": s.theme,
                "waiting": line.waiting_for(s.id),
                "estimated_wait_minutes": wait.minutes,
                "wait": wait.as_dict(),
            }
        )
        theme = themes[s.theme]
        theme["waiting"] += line.waiting_for(s.id)
        theme["wait"] = longer(theme["wait"], wait)
    return {
        "site": site.code,
        "site_name": site.name,
        "generated_at": now.isoformat(),
        "waiting_count": len(line.ordered),
        "services": services,
        "themes": [
            {
                "code": code,
                "label": THEMES.get(code, code),
                "waiting": tally["waiting"],
                "estimated_wait_minutes": tally["wait"].minutes,
                "wait": tally["wait"].as_dict(),
            }
            for code, tally in sorted(themes.items())
        ],
        "waiting": [
            {
                "id": v.id,
                "number": v.number,
                "service": line.services[v.service_id].code,
                "service_label": line.services[v.service_id].label,
                "priority": v.priority,
                "appointment": v.appointment_id is not None,
                # Checked in too late: the appointment no longer gives them a place first.
                "appointment_late": v.appointment_id is not None and v.appointment_at is None,
                "minutes_waited": max(0, int((now - v.arrived_at) / timedelta(minutes=1))),
            }
            for v in line.ordered[:WAITING_LIST_LIMIT]
            if v.service_id in line.services
        ],
        "last_calls": last_calls(session, site),
    }


PUBLIC_CALL_FIELDS = (
    "number",
    "counter",
    "counter_label",
    "called_at",
    "recall",
    "coming_to_you",
    "active",  # still being called: the display's "Appel en cours" shows only these
)


def public_call(call: dict[str, Any]) -> dict[str, Any]:
    """A call as public screens see it: the number and the counter, not what it is about."""
    return {key: call[key] for key in PUBLIC_CALL_FIELDS if key in call}


def public_snapshot(snapshot: dict[str, Any]) -> dict[str, Any]:
    """What anyone on the LAN may see: counts and waits per theme, numbers called and where.

    Nothing per ticket: no request ("MDPH, AAH"), no appointment or priority flag tied to a
    number, no per-request count that a called number could be matched with. Agents get the
    whole snapshot (`queue_snapshot`) on their own socket and API.
    """
    return {
        "site": snapshot["site"],
        "site_name": snapshot["site_name"],
        "generated_at": snapshot["generated_at"],
        "waiting_count": snapshot["waiting_count"],
        "themes": snapshot["themes"],
        "last_calls": [public_call(call) for call in snapshot["last_calls"]],
    }


def ticket_view(
    session: Session, visit: Visit, clock: Clock, rule: FairnessRule, base_url: str
) -> dict[str, Any]:
    """What a visitor may see of their own ticket (no personal data).

    A ticket still waiting from another day is « expired »: no agent will call it (calls take
    today's line), and the phone must not tell its holder they are first in line."""
    expired = visit.status == "waiting" and visit.day < local_day(visit.site, clock.now())
    waiting = visit.status == "waiting" and not expired
    line = load_line(session, visit.site, clock, rule) if waiting else None
    ahead = line.people_ahead(visit.id, visit.service_id) if line else 0
    wait = line.wait_for(visit.id) if line else None
    counter = visit.counter
    return {
        "id": visit.id,
        "number": visit.number,
        "service": visit.service.code,
        "service_label": visit.service.label,
        "status": "expired" if expired else visit.status,
        "priority": visit.priority,
        "people_ahead": ahead,
        "position": ahead + 1 if line else 0,
        "estimated_wait_minutes": wait.minutes if wait else 0,
        "wait": wait.as_dict() if wait else None,
        "counter": counter.code if counter and visit.status != "waiting" else None,
        "counter_label": counter.label if counter and visit.status != "waiting" else None,
        "coming_to_you": visit.coming_to_you,
        "appointment_time": _appointment_time(session, visit),
        "issued_at": visit.issued_at.isoformat(),
        "called_at": visit.called_at.isoformat() if visit.called_at else None,
        "tracking_url": f"{base_url.rstrip('/')}/t/{visit.token}",
        "version": visit.version,
    }


def _appointment_time(session: Session, visit: Visit) -> str | None:
    """The local start ("09:30") of the appointment a ticket was checked in for, if any."""
    if visit.appointment_id is None:
        return None
    appointment = session.get(Appointment, visit.appointment_id)
    if appointment is None:
        return None
    return appointment.starts_at.astimezone(ZoneInfo(visit.site.timezone)).strftime("%H:%M")


def latest_visit_for_token(session: Session, token: str) -> Visit | None:
    """A transfer chain shares one token; the newest ticket is the one that matters.
    A token of the wrong length is no ticket (and costs no query)."""
    if not 0 < len(token) <= MAX_TOKEN_LENGTH:
        return None
    return session.scalar(select(Visit).where(Visit.token == token).order_by(Visit.id.desc()))


def ticket_by_token(session: Session, token: str) -> Visit:
    """The ticket behind a tracking link, or NotFound."""
    visit = latest_visit_for_token(session, token)
    if visit is None:
        raise NotFound("aucun ticket pour ce lien")
    return visit


def agents_view(session: Session, site: Site) -> list[dict[str, Any]]:
    """The other agents' states, for the console."""
    counters = {
        c.held_by_agent_id: c
        for c in session.scalars(
            select(CounterModel).where(
                CounterModel.site_id == site.id, CounterModel.held_by_agent_id.is_not(None)
            )
        )
    }
    # The newest visit of each agent wins (ordered by id): a colleague serving I002 shows
    # "avec I002", not an older ticket of theirs still marked called.
    serving = {
        v.agent_id: v
        for v in session.scalars(
            select(Visit)
            .where(
                Visit.site_id == site.id,
                Visit.status.in_([Status.CALLED.value, Status.SERVING.value]),
            )
            .order_by(Visit.id)
        )
    }
    result = []
    for agent in session.scalars(select(Agent).where(team_of(session, site)).order_by(Agent.name)):
        counter, visit = counters.get(agent.id), serving.get(agent.id)
        result.append(
            {
                "id": agent.id,
                "name": agent.name,
                "posture": agent.posture,
                "on_duty": agent.on_duty,
                "paused": agent.paused,
                "counter": counter.code if counter else None,
                "counter_label": counter.label if counter else None,
                "current_ticket": visit.number if visit else None,
                "current_status": visit.status if visit else None,
            }
        )
    return result


def agent_current_visit(session: Session, agent: Agent) -> Visit | None:
    """The ticket this agent has called or is serving (a reloaded console picks it up)."""
    return session.scalar(
        select(Visit)
        .where(
            Visit.agent_id == agent.id,
            Visit.status.in_([Status.CALLED.value, Status.SERVING.value]),
        )
        .order_by(Visit.id.desc())
    )
