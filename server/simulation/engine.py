"""A discrete-event simulation of one day, driving the real use cases with a simulated clock.

Tickets are issued by `issue_ticket`, appointments checked in by `check_in`, visitors called
by `call_next` (the real fairness rule, skills and counters), served, cancelled and marked
absent by `act_on_ticket`, met on the floor by `record_walk_in`, and agents pause with
`set_duty`: the same functions the API calls, on a private in-memory SQLite database. The
waits announced are the ones a screen would show (`load_line`), read at each arrival and every
ten minutes, so they can be compared with the waits that really followed.
"""

from __future__ import annotations

import heapq
import itertools
import math
import random
import secrets
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import create_engine, func, select
from sqlalchemy.orm import Session
from sqlalchemy.pool import StaticPool

from server.database import configure_engine
from server.domain.lifecycle import Action, Status
from server.domain.ordering import FairnessRule
from server.domain.waits import WaitEstimate
from server.extensions import Base
from server.models import Agent, Appointment, Counter, Service, Visit, VisitEvent
from server.services.agents import set_duty
from server.services.calling import call_next
from server.services.clock import FakeClock
from server.services.kiosk import check_in
from server.services.queue_view import load_line
from server.services.seed import ensure_site, seed_catalogue
from server.services.tickets import act_on_ticket, issue_ticket, record_walk_in
from server.simulation.profile import (
    QUICK_SERVICES,
    AgentPlan,
    Arrival,
    DayPlan,
    draw_request,
)

SITE_CODE = "simulation"
TIMEZONE = "Europe/Paris"
WALK_TO_COUNTER_MINUTES = 1.0
NO_ANSWER_MINUTES = 2.0
SAMPLE_EVERY_MINUTES = 10.0


@dataclass
class VisitRecord:
    """One visitor of the day: what the screens announced, and what happened."""

    number: str
    service: str
    priority: bool
    appointment: bool
    arrived: float  # minutes after midnight
    announced: WaitEstimate
    naive_minutes: int
    called: float | None = None
    outcome: str = "waiting"
    left: bool = False  # gave up without telling (then called in vain)
    moments: list[tuple[float, WaitEstimate, int]] = field(default_factory=list)

    @property
    def actual(self) -> float | None:
        return None if self.called is None else self.called - self.arrived

    def as_row(self) -> dict[str, Any]:
        return {
            "number": self.number,
            "service": self.service,
            "priority": self.priority,
            "appointment": self.appointment,
            "arrived": clock_text(self.arrived),
            "announced": self.announced.text,
            "announced_low": self.announced.low,
            "announced_high": self.announced.high,
            "estimate_minutes": self.announced.minutes,
            "naive_minutes": self.naive_minutes,
            "actual_minutes": None if self.actual is None else round(self.actual, 1),
            "outcome": self.outcome,
            "later": [
                {
                    "at": clock_text(at),
                    "announced": estimate.text,
                    "estimate_minutes": estimate.minutes,
                    "naive_minutes": naive,
                    "actual_minutes": None if self.called is None else round(self.called - at, 1),
                }
                for at, estimate, naive in self.moments
            ],
        }


@dataclass
class DayResult:
    plan: DayPlan
    agents: int
    visits: list[VisitRecord]
    walk_ins: int
    conservation: dict[str, int]


def clock_text(minutes: float) -> str:
    whole = round(minutes)
    return f"{whole // 60:02d}:{whole % 60:02d}"


@dataclass
class _Desk:
    plan: AgentPlan
    model: Agent
    counter: str
    signed_in: bool = False
    busy: bool = False
    paused: bool = False
    pauses: list[tuple[float, float]] = field(default_factory=list)


class DaySimulation:
    """One simulated day over a fresh in-memory database."""

    def __init__(
        self,
        plan: DayPlan,
        *,
        history_days: int = 5,
        history_visits: int = 60,
        seed: int = 0,
        rule: FairnessRule | None = None,
        sample: bool = True,
        past: Sequence[tuple[str, datetime, float]] | None = None,
    ) -> None:
        self.plan = plan
        self.rule = rule or FairnessRule()
        self.sample = sample
        self.zone = ZoneInfo(TIMEZONE)
        self.midnight = datetime.combine(plan.day, time(0), tzinfo=self.zone)
        self.clock = FakeClock(self.midnight)
        engine = create_engine("sqlite://", poolclass=StaticPool)
        configure_engine(engine)
        Base.metadata.create_all(engine)
        self.session = Session(engine, expire_on_commit=False)
        seed_catalogue(self.session)
        self.site = ensure_site(self.session, code=SITE_CODE, name="Simulation")
        self.site.timezone = TIMEZONE
        self.session.commit()
        self.services = {s.code: s for s in self.session.scalars(select(Service))}
        if past is None:
            past = self._draw_history(history_days, history_visits, seed)
        self._add_history(past)
        self.desks = [self._add_agent(i, p) for i, p in enumerate(plan.agents)]
        self.appointments = self._add_appointments()
        self.events: list[tuple[float, int, Callable[..., None], tuple[Any, ...]]] = []
        self.sequence = itertools.count()
        self.records: dict[int, VisitRecord] = {}
        self.arrivals: dict[int, Arrival] = {}
        self.walk_ins = 0
        self.now = 0.0

    # --- set-up ---------------------------------------------------------------------------

    def _at(self, minutes: float) -> datetime:
        return self.midnight + timedelta(minutes=minutes)

    def _draw_history(
        self, days: int, per_day: int, seed: int
    ) -> list[tuple[str, datetime, float]]:
        """Earlier days' served visits, drawn from the same profile."""
        rng = random.Random(seed * 104729 + 17)
        past = []
        for back in range(days, 0, -1):
            start = datetime.combine(self.plan.day - timedelta(days=back), time(9), self.zone)
            for _ in range(per_day):
                service, minutes = draw_request(rng)
                past.append((service, start + timedelta(minutes=rng.uniform(0, 420)), minutes))
        return past

    def _add_history(self, past: Sequence[tuple[str, datetime, float]]) -> None:
        """Served visits of earlier days: what the estimate (and the naive formula) learn
        service times from."""
        numbers: dict[Any, int] = {}
        for service, began, minutes in past:
            if service not in self.services:
                continue
            day = began.astimezone(self.zone).date()
            numbers[day] = numbers.get(day, 0) + 1
            self.session.add(
                Visit(
                    site_id=self.site.id,
                    service_id=self.services[service].id,
                    day=day,
                    number=f"H{numbers[day]:03d}",
                    token=secrets.token_urlsafe(8),
                    status=Status.DONE.value,
                    issued_at=began,
                    arrived_at=began,
                    called_at=began - timedelta(minutes=WALK_TO_COUNTER_MINUTES),
                    started_at=began,
                    finished_at=began + timedelta(minutes=minutes),
                )
            )
        self.session.commit()

    def _add_agent(self, index: int, plan: AgentPlan) -> _Desk:
        agent = Agent(
            name=plan.name,
            login=f"sim-{index + 1}",
            pin_hash="!",  # never signs in with a PIN
            posture=plan.posture,
            serves_all=not plan.quick_only,
        )
        if plan.quick_only:
            agent.services = [
                self.services[c] for c in sorted(QUICK_SERVICES | {"accueil-general"})
            ]
        floor = plan.posture == "floor"
        code = "sim-espace" if floor else f"sim-bureau-{index + 1}"
        mine = select(Counter).where(Counter.site_id == self.site.id, Counter.code == code)
        if self.session.scalar(mine) is None:
            self.session.add(
                Counter(
                    site_id=self.site.id,
                    code=code,
                    label="Espace d'accueil" if floor else f"Bureau {index + 1}",
                    kind="floor" if floor else "office",
                )
            )
        self.session.add(agent)
        self.session.commit()
        return _Desk(plan, agent, code, pauses=sorted(plan.pauses))

    def _add_appointments(self) -> dict[float, Appointment]:
        booked = {}
        for i, arrival in enumerate(a for a in self.plan.arrivals if a.appointment_at is not None):
            assert arrival.appointment_at is not None
            appointment = Appointment(
                site_id=self.site.id,
                service_id=self.services[arrival.service].id,
                starts_at=self._at(arrival.appointment_at),
                ends_at=self._at(arrival.appointment_at + 30),
                checkin_code=f"RDV-S{i + 1:03d}",
            )
            self.session.add(appointment)
            booked[arrival.appointment_at] = appointment
        self.session.commit()
        return booked

    # --- the event loop -------------------------------------------------------------------

    def schedule(self, at: float, action: Callable[..., None], *args: Any) -> None:
        heapq.heappush(self.events, (at, next(self.sequence), action, args))

    def run(self) -> DayResult:
        for desk in self.desks:
            self.schedule(desk.plan.starts, self.sign_in, desk)
            for start, _ in desk.pauses:
                self.schedule(start, self.want_pause, desk)
        for arrival in self.plan.arrivals:
            if math.isfinite(arrival.at):
                self.schedule(arrival.at, self.arrive, arrival)
        if self.sample:
            first, last = self.plan.opening[0][0], self.plan.opening[-1][1]
            for k in range(int((last - first) // SAMPLE_EVERY_MINUTES) + 1):
                self.schedule(first + k * SAMPLE_EVERY_MINUTES + 0.5, self.observe)
        while self.events:
            at, _, action, args = heapq.heappop(self.events)
            self.now = at
            self.clock.current = self._at(at)
            action(*args)
        return DayResult(
            self.plan, len(self.desks), list(self.records.values()), self.walk_ins, self.conserve()
        )

    # --- visitors -------------------------------------------------------------------------

    def arrive(self, arrival: Arrival) -> None:
        if arrival.walk_in and self._walk_in(arrival):
            return
        if arrival.appointment_at is not None:
            visit, _ = check_in(
                self.session, self.site, self.clock, self.appointments[arrival.appointment_at]
            )
        else:
            visit, _ = issue_ticket(
                self.session,
                site=self.site,
                service_code=arrival.service,
                clock=self.clock,
                priority=arrival.priority,
            )
        line = load_line(self.session, self.site, self.clock, self.rule)
        self.arrivals[visit.id] = arrival
        self.records[visit.id] = VisitRecord(
            number=visit.number,
            service=arrival.service,
            priority=arrival.priority,
            appointment=arrival.appointment_at is not None,
            arrived=self.now,
            announced=line.wait_for(visit.id),
            naive_minutes=line.naive_for(visit.id, visit.service_id),
        )
        if math.isfinite(arrival.patience):
            self.schedule(self.now + arrival.patience, self.give_up, visit.id)
        self.wake()

    def _walk_in(self, arrival: Arrival) -> bool:
        """A quick request met on the floor by the standing agent, if free: never queues."""
        for desk in self.desks:
            if (
                desk.plan.posture == "floor"
                and desk.signed_in
                and not desk.busy
                and not desk.paused
            ):
                visit, _ = record_walk_in(
                    self.session,
                    site=self.site,
                    service_code=arrival.service,
                    agent=desk.model,
                    clock=self.clock,
                )
                desk.busy = True
                self.walk_ins += 1
                self.schedule(self.now + arrival.minutes, self.finish, desk, visit.id)
                return True
        return False

    def give_up(self, visit_id: int) -> None:
        visit = self.session.get(Visit, visit_id)
        if visit is None or visit.status != Status.WAITING.value:
            return
        record = self.records[visit_id]
        if self.arrivals[visit_id].cancels_from_phone:
            act_on_ticket(
                self.session,
                site=self.site,
                visit_id=visit_id,
                action=Action.CANCEL,
                agent=None,
                clock=self.clock,
            )
            record.outcome = "cancelled"
            self.wake()
        else:
            record.left = True  # the ticket stays in line until someone calls it in vain

    def observe(self) -> None:
        """What the screens would say now to everyone still waiting."""
        waiting = [
            r for r in self.records.items() if r[1].outcome == "waiting" and r[1].called is None
        ]
        if not waiting:
            return
        line = load_line(self.session, self.site, self.clock, self.rule)
        for visit_id, record in waiting:
            visit = self.session.get(Visit, visit_id)
            if visit is None or visit.status != Status.WAITING.value:
                continue
            record.moments.append(
                (self.now, line.wait_for(visit_id), line.naive_for(visit_id, visit.service_id))
            )

    # --- agents ---------------------------------------------------------------------------

    def sign_in(self, desk: _Desk) -> None:
        desk.signed_in = True
        if desk.plan.posture == "floor":
            set_duty(self.session, desk.model, self.site, posture="floor")
        else:
            set_duty(self.session, desk.model, self.site, posture="desk", counter_code=desk.counter)
        self.try_call(desk)

    def want_pause(self, desk: _Desk) -> None:
        if desk.signed_in and not desk.busy and not desk.paused:
            self.pause(desk)
        # else: the pause starts when the current visit ends (see try_call)

    def pause(self, desk: _Desk) -> None:
        desk.paused = True
        minutes = desk.pauses.pop(0)[1]
        set_duty(self.session, desk.model, self.site, paused=True)
        self.schedule(self.now + minutes, self.resume, desk)

    def resume(self, desk: _Desk) -> None:
        desk.paused = False
        set_duty(self.session, desk.model, self.site, paused=False)
        self.try_call(desk)

    def wake(self) -> None:
        for desk in self.desks:
            if desk.signed_in and not desk.busy and not desk.paused:
                self.try_call(desk)

    def try_call(self, desk: _Desk) -> None:
        if not desk.signed_in or desk.busy or desk.paused:
            return
        if desk.pauses and desk.pauses[0][0] <= self.now:
            self.pause(desk)
            return
        visit, _ = call_next(
            self.session,
            site=self.site,
            agent=desk.model,
            counter_code=desk.counter,
            clock=self.clock,
            rule=self.rule,
        )
        if visit is None:
            return
        desk.busy = True
        record = self.records[visit.id]
        record.called = self.now
        arrival = self.arrivals[visit.id]
        if record.left or not arrival.answers_call:
            self.schedule(self.now + NO_ANSWER_MINUTES, self.no_show, desk, visit.id)
            return
        self.schedule(self.now + WALK_TO_COUNTER_MINUTES, self.start, desk, visit.id)

    def start(self, desk: _Desk, visit_id: int) -> None:
        self._act(visit_id, Action.START, desk)
        self.records[visit_id].outcome = "served"
        self.schedule(self.now + self.arrivals[visit_id].minutes, self.finish, desk, visit_id)

    def finish(self, desk: _Desk, visit_id: int) -> None:
        self._act(visit_id, Action.FINISH, desk)
        desk.busy = False
        self.try_call(desk)
        self.wake()

    def no_show(self, desk: _Desk, visit_id: int) -> None:
        self._act(visit_id, Action.NO_SHOW, desk)
        record = self.records[visit_id]
        record.outcome = "gave_up" if record.left else "no_show"
        desk.busy = False
        self.try_call(desk)

    def _act(self, visit_id: int, action: Action, desk: _Desk) -> None:
        act_on_ticket(
            self.session,
            site=self.site,
            visit_id=visit_id,
            action=action,
            agent=desk.model,
            clock=self.clock,
        )

    # --- checks ---------------------------------------------------------------------------

    def conserve(self) -> dict[str, int]:
        """Every arrival is served, gone or still waiting; no ticket was called twice."""
        today = self.plan.day
        statuses = dict(
            self.session.execute(
                select(Visit.status, func.count())
                .where(Visit.site_id == self.site.id, Visit.day == today)
                .group_by(Visit.status)
            ).all()
        )
        calls = self.session.execute(
            select(VisitEvent.visit_id, func.count())
            .where(VisitEvent.action.in_([Action.CALL.value, Action.TAKE.value]))
            .group_by(VisitEvent.visit_id)
            .having(func.count() > 1)
        ).all()
        numbers = self.session.execute(
            select(func.count(), func.count(func.distinct(Visit.number))).where(
                Visit.site_id == self.site.id, Visit.day == today
            )
        ).one()
        arrived = sum(1 for a in self.plan.arrivals if math.isfinite(a.at))
        return {
            "arrived": arrived,
            "tickets": len(self.records) + self.walk_ins,
            "served": statuses.get(Status.DONE.value, 0),
            "gone": statuses.get(Status.CANCELLED.value, 0) + statuses.get(Status.NO_SHOW.value, 0),
            "waiting": sum(
                statuses.get(s.value, 0) for s in (Status.WAITING, Status.CALLED, Status.SERVING)
            ),
            "called_twice": len(calls),
            "duplicate_numbers": numbers[0] - numbers[1],
        }
