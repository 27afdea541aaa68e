"""The documented day profile of a rural / small-town France Services, and how a day is drawn.

Every figure here is an assumption written down so it can be argued with (README, "Attente"):

- Visits: 30 to 90 a day. Arrivals by half-hour follow ARRIVAL_WEIGHTS: a morning peak around
  10:00-11:00, an early-afternoon peak 13:30-14:30, a quieter end of day, and on Thursdays a
  late-evening slot (nocturne) until 19:00.
- Request mix: the national shares of the five largest operators (France Titres 19%, CAF 16%,
  CPAM 16%, DGFiP 15%, CNAV 10%), then MSA, France Travail, La Poste, Justice, MDPH and the
  general desk. At the start of the month CAF (quarterly declarations, RSA) doubles.
- Service times: log-normal per request (SERVICE_TIMES: median minutes, spread on the log
  scale): a quick question a few minutes, a pension claim 30-45 minutes.
- 8% of visitors ask for priority. A few appointments a day for long procedures: 70% on time
  (+-5 min), 15% early (5-15 min), 8% late (5-15 min), 7% missed.
- Patience: log-normal, median 70 minutes; someone past their patience leaves (half of them
  cancel from their phone, half just go and are then called in vain). 3% cancel earlier anyway.
- 4% of the people called do not answer (no-show after two minutes).
- Agents: the first sits at the reception point and serves everything; the second stands on
  the floor ("aller-vers"): quick requests from the line and walk-ins met on the spot; any
  further agent serves everything from an office. Each takes a 15-minute pause in the morning
  and in the afternoon; on a "late agent" day the last agent arrives 75 minutes late.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field
from datetime import date, time

# (service code, partner share % spread over its services, median minutes, log-spread)
SERVICE_TIMES: dict[str, tuple[float, float]] = {
    "carte-grise": (12, 0.45),
    "identite-passeport": (10, 0.4),
    "permis-conduire": (12, 0.45),
    "caf-rsa": (18, 0.45),
    "caf-prime-activite": (12, 0.45),
    "caf-logement": (15, 0.45),
    "caf-declaration": (8, 0.4),
    "caf-identifiants": (5, 0.4),
    "cpam-css": (18, 0.45),
    "cpam-ameli": (7, 0.5),
    "cpam-carte-vitale": (6, 0.4),
    "retraite-demande": (36, 0.2),
    "retraite-compte": (10, 0.45),
    "retraite-reversion": (30, 0.3),
    "msa-sante": (10, 0.45),
    "msa-famille": (12, 0.45),
    "msa-retraite": (20, 0.4),
    "impots-declaration": (12, 0.45),
    "impots-deces": (25, 0.35),
    "impots-espace": (7, 0.45),
    "emploi-inscription": (12, 0.4),
    "emploi-cv": (25, 0.4),
    "poste-email": (8, 0.4),
    "poste-courrier": (4, 0.4),
    "justice-aide": (20, 0.4),
    "justice-casier": (5, 0.35),
    "justice-conciliateur": (8, 0.45),
    "mdph-aah": (25, 0.4),
    "accueil-general": (4, 0.5),
}

# Partner shares (%) and the weight of each of their requests.
MIX: dict[str, tuple[float, dict[str, float]]] = {
    "france-titres": (
        19,
        {"carte-grise": 4, "identite-passeport": 3, "permis-conduire": 2},
    ),
    "caf": (
        16,
        {
            "caf-rsa": 3,
            "caf-prime-activite": 2,
            "caf-logement": 2,
            "caf-declaration": 3,
            "caf-identifiants": 2,
        },
    ),
    "cpam": (16, {"cpam-css": 2, "cpam-ameli": 4, "cpam-carte-vitale": 2}),
    "dgfip": (15, {"impots-declaration": 4, "impots-deces": 1, "impots-espace": 3}),
    "retraite": (10, {"retraite-demande": 3, "retraite-compte": 3, "retraite-reversion": 1}),
    "msa": (6, {"msa-sante": 2, "msa-famille": 1, "msa-retraite": 1}),
    "france-travail": (7, {"emploi-inscription": 3, "emploi-cv": 1}),
    "la-poste": (4, {"poste-email": 2, "poste-courrier": 1}),
    "justice": (3, {"justice-aide": 1, "justice-casier": 2, "justice-conciliateur": 1}),
    "mdph": (2, {"mdph-aah": 1}),
    "general": (2, {"accueil-general": 1}),
}

QUICK_MINUTES = 12  # requests whose median is this short are the standing agent's
QUICK_SERVICES = frozenset(code for code, (m, _) in SERVICE_TIMES.items() if m <= QUICK_MINUTES)
APPOINTMENT_SERVICES = ("retraite-demande", "impots-deces", "mdph-aah", "caf-rsa", "cpam-css")

# Relative arrivals per half-hour, from the opening of each half-day (local time).
MORNING = (time(9, 0), [0.8, 1.0, 1.3, 1.4, 1.2, 1.0, 0.7])  # 09:00 -> 12:30
AFTERNOON = (time(13, 30), [1.2, 1.3, 1.1, 0.9, 0.8, 0.7, 0.6])  # 13:30 -> 17:00
NOCTURNE = (time(17, 0), [0.7, 0.6, 0.5, 0.4])  # Thursdays until 19:00

PRIORITY_SHARE = 0.08
NO_SHOW_SHARE = 0.04
EARLY_CANCEL_SHARE = 0.03
PATIENCE_MEDIAN_MINUTES = 70
PATIENCE_SIGMA = 0.5
WALK_IN_SHARE = 0.3  # of quick requests, met on the floor when the standing agent is free
PAUSE_MINUTES = 15
LATE_AGENT_MINUTES = 75


@dataclass(frozen=True)
class DayProfile:
    name: str
    description: str
    day: date
    visits: float  # expected arrivals with a ticket or a walk-in (not the appointments)
    agents: int
    appointments: int = 4
    half_days: tuple[str, ...] = ("morning", "afternoon")
    caf_factor: float = 1.0
    late_agent: bool = False


PROFILES: dict[str, DayProfile] = {
    p.name: p
    for p in (
        DayProfile("quiet", "a quiet Wednesday in mid-month", date(2026, 11, 18), 38, 2, 3),
        DayProfile(
            "busy-monday", "a Monday after a weekend, busy all day", date(2026, 11, 16), 75, 3, 5
        ),
        DayProfile(
            "month-start",
            "the 2nd of the month: CAF declarations and RSA double",
            date(2026, 12, 2),
            80,
            3,
            5,
            caf_factor=2.0,
        ),
        DayProfile(
            "late-agent",
            "a Thursday with a nocturne until 19:00, the standing agent 75 minutes late",
            date(2026, 11, 19),
            70,
            3,
            4,
            half_days=("morning", "afternoon", "nocturne"),
            late_agent=True,
        ),
        DayProfile(
            "itinerant",
            "an itinerant half-day in a village hall: one agent, one morning",
            date(2026, 11, 17),
            14,
            1,
            2,
            half_days=("morning",),
        ),
    )
}


@dataclass(frozen=True)
class Arrival:
    """Someone who comes in, and everything about them the day will reveal."""

    at: float  # minutes after midnight, local time
    service: str
    minutes: float  # how long their visit will take once served
    priority: bool = False
    patience: float = math.inf  # minutes they are ready to wait
    cancels_from_phone: bool = False  # when they give up: cancel (True) or just leave
    answers_call: bool = True
    walk_in: bool = False  # a quick request met on the floor, if the standing agent is free
    appointment_at: float | None = None  # the booked slot (minutes after midnight)


@dataclass(frozen=True)
class AgentPlan:
    name: str
    posture: str  # desk | floor
    starts: float  # minutes after midnight when they sign in
    pauses: tuple[tuple[float, float], ...]  # (start, minutes)
    quick_only: bool = False


@dataclass
class DayPlan:
    day: date
    opening: list[tuple[float, float]]  # half-days (start, end), minutes after midnight
    arrivals: list[Arrival]
    agents: list[AgentPlan] = field(default_factory=list)


def _minutes(moment: time) -> float:
    return moment.hour * 60 + moment.minute


def _pick(rng: random.Random, weights: dict[str, float]) -> str:
    keys = list(weights)
    return rng.choices(keys, weights=[weights[k] for k in keys])[0]


def draw_request(rng: random.Random, caf_factor: float = 1.0) -> tuple[str, float]:
    partners = {p: share * (caf_factor if p == "caf" else 1.0) for p, (share, _) in MIX.items()}
    service = _pick(rng, MIX[_pick(rng, partners)][1])
    median, sigma = SERVICE_TIMES[service]
    return service, rng.lognormvariate(math.log(median), sigma)


def _poisson(rng: random.Random, mean: float) -> int:
    count, total = 0, rng.expovariate(1.0)
    while total < mean:
        count += 1
        total += rng.expovariate(1.0)
    return count


def _visitor(rng: random.Random, at: float, profile: DayProfile) -> Arrival:
    service, minutes = draw_request(rng, profile.caf_factor)
    patience = rng.lognormvariate(math.log(PATIENCE_MEDIAN_MINUTES), PATIENCE_SIGMA)
    if rng.random() < EARLY_CANCEL_SHARE:
        patience = rng.uniform(5, 40)
    return Arrival(
        at=at,
        service=service,
        minutes=minutes,
        priority=rng.random() < PRIORITY_SHARE,
        patience=patience,
        cancels_from_phone=rng.random() < 0.5,
        answers_call=rng.random() >= NO_SHOW_SHARE,
        walk_in=service in QUICK_SERVICES and rng.random() < WALK_IN_SHARE,
    )


def agent_plans(
    count: int, opening: list[tuple[float, float]], rng: random.Random, late: bool
) -> list[AgentPlan]:
    first, last = opening[0][0], opening[-1][1]
    plans = []
    for i in range(count):
        pauses = [(rng.uniform(first + 75, first + 150), PAUSE_MINUTES)]
        if last - first > 300:
            pauses.append((rng.uniform(14 * 60 + 30, 16 * 60), PAUSE_MINUTES))
        floor = i == 1
        starts = first - 5 + (LATE_AGENT_MINUTES if late and i == count - 1 else 0)
        plans.append(
            AgentPlan(
                name=f"Agent {i + 1}",
                posture="floor" if floor else "desk",
                starts=starts,
                pauses=tuple(pauses),
                quick_only=floor,
            )
        )
    return plans


def draw_day(profile: DayProfile, seed: int, agents: int | None = None) -> DayPlan:
    """A reproducible day: the same seed gives the same visitors, whatever the agent count."""
    rng = random.Random(seed)
    slots = {"morning": MORNING, "afternoon": AFTERNOON, "nocturne": NOCTURNE}
    opening: list[tuple[float, float]] = []
    weights: list[tuple[float, float]] = []
    for name in profile.half_days:
        start, shape = slots[name]
        begin = _minutes(start)
        opening.append((begin, begin + 30 * len(shape)))
        weights += [(begin + 30 * i, w) for i, w in enumerate(shape)]
    total = sum(w for _, w in weights)
    arrivals = []
    for begin, weight in weights:
        for _ in range(_poisson(rng, profile.visits * weight / total)):
            arrivals.append(_visitor(rng, begin + rng.uniform(0, 30), profile))
    arrivals += _appointments(rng, profile, opening)
    arrivals.sort(key=lambda a: a.at)
    # The agents' own draws come from another stream, so the visitors stay the same
    # whatever the number of agents.
    staff = agent_plans(
        agents if agents is not None else profile.agents,
        opening,
        random.Random(seed * 7919 + 1),
        profile.late_agent,
    )
    return DayPlan(profile.day, opening, arrivals, staff)


def _appointments(
    rng: random.Random, profile: DayProfile, opening: list[tuple[float, float]]
) -> list[Arrival]:
    slots = [
        begin + 30 * k for begin, end in opening for k in range(1, int((end - begin) // 30) - 1)
    ]
    booked = rng.sample(slots, min(profile.appointments, len(slots)))
    result = []
    for slot in booked:
        service = rng.choice(APPOINTMENT_SERVICES)
        median, sigma = SERVICE_TIMES[service]
        punctuality = rng.random()
        if punctuality < 0.07:
            continue  # missed: booked, never comes
        if punctuality < 0.77:
            offset = rng.uniform(-5, 5)
        elif punctuality < 0.92:
            offset = -rng.uniform(5, 15)
        else:
            offset = rng.uniform(5, 15)
        result.append(
            Arrival(
                at=slot + offset,
                service=service,
                minutes=rng.lognormvariate(math.log(median), sigma),
                patience=math.inf,
                appointment_at=slot,
            )
        )
    # Missed appointments still exist in the agenda: the estimate does not know who will come.
    missed = [s for s in booked if s not in {a.appointment_at for a in result}]
    result += [
        Arrival(at=math.inf, service=rng.choice(APPOINTMENT_SERVICES), minutes=0, appointment_at=s)
        for s in missed
    ]
    return result
