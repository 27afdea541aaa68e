"""How long until a visitor is called: a short look-ahead of the real line, announced as a range.

The naive formula (people ahead x median service time / agents) is wrong in the ways a visitor
notices. This estimate instead replays the next hour of the line in expectation:

- each agent really on duty and not paused, with the requests they serve (skills, posture);
- the time still needed by the visits in progress (a visit that already ran long is expected
  to run on, not to end at once);
- service times learned per request, then per partner, then for the whole site (and per half
  day when there is enough history), fitted as a log-normal with a robust median and spread,
  so the expected duration is the mean, not the median of a skewed distribution;
- the fairness rule itself (due appointments first, priority, anti-starvation), and the
  appointments booked later today that will go ahead of a walk-in once due;
- the share of tickets that end up served (people give up or do not answer a call).

The result is a point (the expected wait) and a spread, turned into a range a person reads
("10 à 20 min"), wide enough that about 8 actual waits in 10 fall inside it. Without any
history the range is wider; without anyone to serve the request there is no number at all.
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from statistics import median

from server.domain.ordering import FairnessRule, choose_next

MIN_SAMPLES = 8  # fewer finished visits than this and the next broader group is used
PRIOR_MEDIAN_MINUTES = 12.0  # before any history: a typical France Services visit...
PRIOR_SIGMA = 0.6  # ...with a wide spread (log scale), so the announced range is wide too
MIN_RESIDUAL_MINUTES = 2.0  # a visit in progress always needs at least a little more time
NO_SHOW_MINUTES = 2.0  # an agent calls, waits, calls again, then moves on
APPOINTMENT_SHOW_RATE = 0.85  # booked visitors who come
PAUSE_REMAINING_MINUTES = 10.0  # a paused agent is back in about this long (pauses: ~15 min)
PAUSE_SPREAD_MINUTES = 6.0
PAUSE_SHARE = 0.0  # capacity lost to pauses not yet taken; measured: paused agents counted as back
# soon already cover it (a share of 0.07 made the busy days worse), kept as a setting
DEFAULT_COMPLETION = 0.9  # share of waiting tickets that end up served, before any history

# Calibration of the announced range, measured with `accueil simulate` (README, "Attente"):
# the spread of the sum of service times ahead, plus a share of the point for what the look-ahead
# cannot know (a priority visitor arriving later, someone ahead giving up).
RELATIVE_ERROR = 0.22
ABSOLUTE_ERROR_MINUTES = 2.0
Z_LOW = 1.0
Z_HIGH = 1.2
UNCERTAIN_WIDENING = 1.3  # no history yet: the range is this much wider
SOON_MINUTES = 5
STEP_MINUTES = 5


# --- service times -------------------------------------------------------------------------


@dataclass(frozen=True)
class Durations:
    """A log-normal fit of service times (minutes): median e^mu, spread sigma on the log scale."""

    mu: float
    sigma: float
    samples: int = 0

    @property
    def median(self) -> float:
        return math.exp(self.mu)

    @property
    def mean(self) -> float:
        return math.exp(self.mu + self.sigma**2 / 2)

    @property
    def variance(self) -> float:
        return (math.exp(self.sigma**2) - 1) * self.mean**2

    def remaining(self, elapsed: float) -> float:
        """Expected minutes still needed by a visit that has lasted `elapsed` minutes so far:
        E[D - e | D > e] for the log-normal, never below MIN_RESIDUAL_MINUTES."""
        if elapsed <= 0:
            return self.mean
        log_e = math.log(elapsed)
        survive = _normal_tail((log_e - self.mu) / self.sigma)
        if survive < 1e-9:
            return MIN_RESIDUAL_MINUTES
        beyond = self.mean * _normal_tail((log_e - self.mu - self.sigma**2) / self.sigma)
        return max(beyond / survive - elapsed, MIN_RESIDUAL_MINUTES)


PRIOR = Durations(math.log(PRIOR_MEDIAN_MINUTES), PRIOR_SIGMA, 0)


def _normal_tail(z: float) -> float:
    return 0.5 * math.erfc(z / math.sqrt(2))


def fit_durations(minutes: Iterable[float]) -> Durations | None:
    """A robust fit: the median and the median absolute deviation of the logs, so one visit
    forgotten open all afternoon (or closed by mistake in 10 seconds) barely moves it."""
    logs = sorted(math.log(m) for m in minutes if m > 0.2)
    if len(logs) < MIN_SAMPLES:
        return None
    mu = median(logs)
    mad = median(abs(x - mu) for x in logs)
    sigma = min(max(1.4826 * mad, 0.15), 1.5)
    return Durations(mu, sigma, len(logs))


@dataclass(frozen=True)
class FinishedVisit:
    """One served visit of the history: what was asked, when it started, how long it took."""

    service: str
    partner: str | None
    afternoon: bool
    minutes: float


@dataclass
class ServiceTimes:
    """Service-time fits from the most specific group that has enough history."""

    by_key: dict[tuple[str, ...], Durations] = field(default_factory=dict)
    learned: bool = False  # False: nothing learned yet, every figure is the prior

    def for_request(self, service: str, partner: str | None, afternoon: bool) -> Durations:
        half = "pm" if afternoon else "am"
        for key in (
            ("service", service, half),
            ("service", service),
            ("partner", partner or service, half),
            ("partner", partner or service),
            ("site", half),
            ("site",),
        ):
            if key in self.by_key:
                return self.by_key[key]
        return PRIOR


def learn_service_times(history: Iterable[FinishedVisit]) -> ServiceTimes:
    groups: dict[tuple[str, ...], list[float]] = {}
    for visit in history:
        half = "pm" if visit.afternoon else "am"
        partner = visit.partner or visit.service
        for key in (
            ("service", visit.service, half),
            ("service", visit.service),
            ("partner", partner, half),
            ("partner", partner),
            ("site", half),
            ("site",),
        ):
            groups.setdefault(key, []).append(visit.minutes)
    fits = {key: fit for key, values in groups.items() if (fit := fit_durations(values))}
    return ServiceTimes(fits, learned=bool(fits))


# --- the situation ---------------------------------------------------------------------------


@dataclass(frozen=True)
class AgentOnDuty:
    """An agent signed in: `services` is None when they serve every request. `busy_*` describe
    the visit they are in, if any; a paused agent is expected back after a short while."""

    id: int
    services: frozenset[str] | None = None
    busy_service: str | None = None
    busy_partner: str | None = None
    busy_minutes: float = 0.0
    paused: bool = False

    def serves(self, service: str) -> bool:
        return self.services is None or service in self.services


@dataclass(frozen=True, slots=True)
class WaitingVisit:
    id: int
    service: str
    partner: str | None
    arrived_at: datetime
    priority: bool = False
    appointment_at: datetime | None = None


@dataclass(frozen=True)
class ExpectedAppointment:
    """A booked slot today whose visitor has not checked in yet."""

    id: int
    service: str
    partner: str | None
    starts_at: datetime


@dataclass(frozen=True)
class Situation:
    now: datetime
    afternoon: bool
    waiting: Sequence[WaitingVisit]
    agents: Sequence[AgentOnDuty]
    appointments: Sequence[ExpectedAppointment] = ()
    recent_calls_priority: Sequence[bool] = ()
    completion: float = DEFAULT_COMPLETION
    pause_share: float = PAUSE_SHARE
    rule: FairnessRule = field(default_factory=FairnessRule)


# --- the announcement ------------------------------------------------------------------------


@dataclass(frozen=True)
class WaitEstimate:
    """What every screen says. kind: soon (under 5 min), upto (under `high`), range, unknown."""

    kind: str
    low: int | None
    high: int | None
    minutes: int | None  # the expected wait, for statistics; screens show the range

    @property
    def text(self) -> str:
        return wait_text(self)

    def contains(self, actual_minutes: float) -> bool:
        if self.low is None or self.high is None:
            return False
        return self.low <= actual_minutes <= self.high

    def as_dict(self) -> dict[str, object]:
        return {
            "kind": self.kind,
            "low": self.low,
            "high": self.high,
            "minutes": self.minutes,
            "text": self.text,
        }


UNKNOWN = WaitEstimate("unknown", None, None, None)

# The one place where the French words of a wait are written (kiosk catalogues mirror them,
# and a test checks that they say the same).
WAIT_TEXTS = {
    "soon": "moins de 5 min",
    "upto": "moins de {high} min",
    "range": "{low} à {high} min",
    "unknown": "inconnue",
}


def wait_text(estimate: WaitEstimate) -> str:
    return WAIT_TEXTS[estimate.kind].format(low=estimate.low, high=estimate.high)


def announce(expected: float, spread: float, learned: bool = True) -> WaitEstimate:
    """Turn an expected wait and its spread (minutes) into a range rounded to 5 minutes."""
    spread = math.sqrt(spread**2 + (RELATIVE_ERROR * expected) ** 2 + ABSOLUTE_ERROR_MINUTES**2)
    if not learned:
        spread *= UNCERTAIN_WIDENING
    low = max(expected - Z_LOW * spread, 0.0)
    high = expected + Z_HIGH * spread
    step = STEP_MINUTES if high <= 60 else 2 * STEP_MINUTES
    low_r = int(math.floor(low / step) * step)
    high_r = max(int(math.ceil(high / step) * step), low_r + step)
    point = round(expected)
    if high_r <= SOON_MINUTES:
        return WaitEstimate("soon", 0, SOON_MINUTES, point)
    if low_r < SOON_MINUTES:
        return WaitEstimate("upto", 0, high_r, point)
    return WaitEstimate("range", low_r, high_r, point)


# --- the look-ahead --------------------------------------------------------------------------

NEW_TICKET_ID = 2**62  # after every real ticket arrived at the same instant
STAND_IN_AGENT = -1


@dataclass(slots=True)
class _Item:
    id: int
    service: str
    available_at: float  # minutes from now
    candidate: WaitingVisit  # what the fairness rule reads of it (a `Waiting`)
    mean: float
    variance: float


@dataclass(slots=True)
class _Desk:
    agent: AgentOnDuty
    free_at: float
    variance: float


@dataclass
class LineEstimate:
    """The expected start of each waiting ticket, and of a new ticket per group of agents.

    When nobody on duty can serve a request the announcement is "unknown", and `minutes` is
    what one agent serving everything would take (kept for the API's numeric field only)."""

    situation: Situation
    times: ServiceTimes
    starts: dict[int, tuple[float, float]]  # visit id -> (expected minutes, variance)
    _new: dict[frozenset[int], WaitEstimate] = field(default_factory=dict)
    _stand_in: LineEstimate | None = None

    def _announce(self, start: tuple[float, float]) -> WaitEstimate:
        return announce(start[0], math.sqrt(start[1]), self.times.learned)

    def stand_in(self) -> LineEstimate:
        """The same line served by one agent who serves everything."""
        if self._stand_in is None:
            alone = replace(self.situation, agents=[AgentOnDuty(STAND_IN_AGENT)])
            self._stand_in = estimate_line(alone, self.times)
        return self._stand_in

    def for_visit(self, visit_id: int) -> WaitEstimate:
        if visit_id in self.starts:
            return self._announce(self.starts[visit_id])
        if self.situation.agents and self.situation.agents[0].id == STAND_IN_AGENT:
            return UNKNOWN
        return _unknown(self.stand_in().for_visit(visit_id))

    def for_new(self, service: str, partner: str | None = None) -> WaitEstimate:
        """The wait of a ticket taken now for this request (not priority, no appointment)."""
        group = frozenset(a.id for a in self.situation.agents if a.serves(service))
        if not group:
            if not self.situation.agents or self.situation.agents[0].id == STAND_IN_AGENT:
                return UNKNOWN
            return _unknown(self.stand_in().for_new(service, partner))
        if group not in self._new:
            newcomer = WaitingVisit(NEW_TICKET_ID, service, partner, self.situation.now)
            starts = _look_ahead(self.situation, self.times, [newcomer], stop_at=NEW_TICKET_ID)
            self._new[group] = (
                self._announce(starts[NEW_TICKET_ID]) if NEW_TICKET_ID in starts else UNKNOWN
            )
        return self._new[group]


def _unknown(estimate: WaitEstimate) -> WaitEstimate:
    return WaitEstimate("unknown", None, None, estimate.minutes)


def estimate_line(situation: Situation, times: ServiceTimes) -> LineEstimate:
    return LineEstimate(situation, times, _look_ahead(situation, times, []))


def _moments(
    situation: Situation, times: ServiceTimes, service: str, partner: str | None, weight: float
) -> tuple[float, float]:
    """The expected time a ticket takes an agent (no-shows included) and its variance."""
    fit = times.for_request(service, partner, situation.afternoon)
    served = situation.completion * weight
    mean = (served * fit.mean + (1 - served) * NO_SHOW_MINUTES * weight) / (
        1 - situation.pause_share
    )
    variance = served * fit.variance + served * (1 - served) * fit.mean**2
    return mean, variance


def _item(
    situation: Situation,
    times: ServiceTimes,
    visit: WaitingVisit,
    available_at: float,
    weight: float,
    known: dict[tuple[str, str | None, float], tuple[float, float]] | None = None,
) -> _Item:
    """`known` remembers the moments per request: a long line asks for few distinct ones."""
    key = (visit.service, visit.partner, weight)
    moments = known.get(key) if known is not None else None
    if moments is None:
        moments = _moments(situation, times, visit.service, visit.partner, weight)
        if known is not None:
            known[key] = moments
    return _Item(
        visit.id,
        visit.service,
        available_at,
        visit,
        *moments,
    )


class _DeskLine:
    """The tickets one desk may serve, kept so that choosing the next costs O(log n).

    Plain tickets (no appointment, in the line now) keep a static fairness key, so only the
    head of the priority ones and the head of the others can be chosen: they and the few
    tickets with an appointment are all `choose_next` needs to see to pick as it would among
    the whole line (the earliest normal ticket is also the one anti-starvation would pick).
    Tickets another desk served are skipped lazily (`served`)."""

    def __init__(self, items: Sequence[_Item]) -> None:
        self.special = {
            i.id: i for i in items if i.candidate.appointment_at is not None or i.available_at > 0
        }
        self.heads: tuple[list[tuple[datetime, int, _Item]], ...] = ([], [])
        for i in items:
            if i.id not in self.special:
                self.heads[0 if i.candidate.priority else 1].append(
                    (i.candidate.arrived_at, i.id, i)
                )
        for heap in self.heads:
            heapq.heapify(heap)

    def _head(self, heap: list[tuple[datetime, int, _Item]], served: set[int]) -> _Item | None:
        while heap and heap[0][1] in served:
            heapq.heappop(heap)
        return heap[0][2] if heap else None

    def _specials(self, served: set[int]) -> list[_Item]:
        for gone in [k for k in self.special if k in served]:
            del self.special[gone]
        return list(self.special.values())

    def has_any(self, served: set[int]) -> bool:
        return any(self._head(h, served) for h in self.heads) or any(
            k not in served for k in self.special
        )

    def ready(self, free_at: float, served: set[int]) -> list[_Item]:
        ready = [i for i in self._specials(served) if i.available_at <= free_at]
        return ready + [h for heap in self.heads if (h := self._head(heap, served))]

    def next_available(self, served: set[int]) -> float:
        return min(i.available_at for i in self._specials(served))


def _look_ahead(
    situation: Situation,
    times: ServiceTimes,
    extra: Sequence[WaitingVisit],
    stop_at: int | None = None,
) -> dict[int, tuple[float, float]]:
    """Serve the line in expectation: the agent free first calls whom the fairness rule picks
    among the tickets they may serve. Returns each ticket's expected start and its variance."""
    if not situation.agents:  # nobody to serve: no start for anyone (the stand-in says)
        return {}
    now, rule = situation.now, situation.rule
    known: dict[tuple[str, str | None, float], tuple[float, float]] = {}
    pending = [_item(situation, times, v, 0.0, 1.0, known) for v in (*situation.waiting, *extra)]
    early = timedelta(minutes=rule.appointment_early_minutes)
    for booked in situation.appointments:
        due = max((booked.starts_at - early - now).total_seconds() / 60, 0.0)
        visit = WaitingVisit(
            -1000 - booked.id,
            booked.service,
            booked.partner,
            booked.starts_at,
            appointment_at=booked.starts_at,
        )
        pending.append(_item(situation, times, visit, due, APPOINTMENT_SHOW_RATE, known))
    desks = []
    for agent in situation.agents:
        free_at, variance = 0.0, 0.0
        if agent.busy_service is not None:
            fit = times.for_request(agent.busy_service, agent.busy_partner, situation.afternoon)
            free_at = fit.remaining(agent.busy_minutes)
            variance = (math.exp(fit.sigma**2) - 1) * free_at**2
        if agent.paused and free_at < PAUSE_REMAINING_MINUTES:
            free_at, variance = PAUSE_REMAINING_MINUTES, PAUSE_SPREAD_MINUTES**2
        desks.append(_Desk(agent, free_at, variance))
    streak = max(rule.max_priority_streak, 1)  # only the latest calls matter to the rule
    recent = list(situation.recent_calls_priority)[:streak]
    starts: dict[int, tuple[float, float]] = {}
    served: set[int] = set()
    lines = {id(d): _DeskLine([i for i in pending if d.agent.serves(i.service)]) for d in desks}
    able_for: dict[str, int] = {}
    while desks:
        busy = [d for d in desks if lines[id(d)].has_any(served)]
        if not busy:
            break
        desk = min(busy, key=lambda d: (d.free_at, d.agent.id))
        line = lines[id(desk)]
        ready = line.ready(desk.free_at, served)
        if not ready:
            desk.free_at = line.next_available(served)
            continue
        at = now + timedelta(minutes=desk.free_at)
        chosen = choose_next([i.candidate for i in ready], recent, at, rule)
        assert chosen is not None
        item = next(i for i in ready if i.id == chosen.id)
        # The first of several agents to be free is less uncertain than any one of them.
        if item.service not in able_for:
            able_for[item.service] = sum(1 for d in desks if d.agent.serves(item.service))
        able = able_for[item.service]
        starts[item.id] = (desk.free_at, desk.variance / max(able, 1))
        if item.id == stop_at:
            break
        served.add(item.id)
        desk.free_at += item.mean
        desk.variance += item.variance
        recent.insert(0, chosen.priority)
        del recent[streak:]
    return starts


# --- the naive formula, kept to measure against -------------------------------------------


def naive_wait_minutes(
    people_ahead: int, recent_durations_minutes: Sequence[float], agents_on_duty: int
) -> int:
    """The first estimate, kept only so the simulator can show what it got wrong: people ahead
    x the median of recent service times / agents, rounded up."""
    if people_ahead <= 0:
        return 0
    durations = [d for d in recent_durations_minutes if d > 0]
    per_visit = float(median(durations)) if len(durations) >= 3 else 10.0
    return math.ceil(people_ahead * per_visit / max(agents_on_duty, 1))
