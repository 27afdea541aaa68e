"""Expected arrivals per half-hour, learned from a site's history, and the peaks they make.

The model is multiplicative: a weekday × half-hour profile (the mean arrivals of that slot on
ordinary days), times one factor per calendar effect a day has — school holidays of the
site's zone, the start of the month (benefit payments), the tax-declaration season — and zero
on public holidays (closed). Profile and factors are fitted together by a few rounds of
alternating averages; a factor seen on few days is pulled towards 1 (no effect).

Without enough history (fewer than MIN_DAYS open days, or a weekday seen fewer than twice),
a prior profile is used: the typical France Services day below, at the site's average level.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

SLOTS_PER_DAY = 48  # half-hours
MIN_DAYS = 15
ROUNDS = 4
SHRINK_DAYS = 4.0  # a factor seen on 4 days moves halfway from 1 to what those days say
MONTH_START_DAYS = 7  # CAF and pension payments land in the first days of the month
TAX_SEASON = ((4, 10), (6, 10))  # income-tax declaration: mid-April to early June

# The prior: arrivals of an ordinary day spread by time of day (France Services pattern:
# a morning rush, a smaller one after lunch), and a level per weekday (Monday is busiest).
PRIOR_SHAPE = {  # local hour -> relative weight of each of its half-hours
    9: 1.5,
    10: 1.5,
    11: 1.0,
    12: 0.6,
    13: 0.8,
    14: 1.2,
    15: 1.0,
    16: 0.8,
    17: 0.6,
    18: 0.4,
    19: 0.4,
}
PRIOR_WEEKDAY = (1.2, 1.0, 0.9, 1.0, 0.9, 0.6, 0.0)
PRIOR_FACTORS = {"school_holidays": 0.9, "month_start": 1.2, "tax_season": 1.15}
PRIOR_DAILY_ARRIVALS = 40.0  # a site with no history at all

Effect = str
History = Mapping[date, Mapping[int, int]]  # day -> slot index (minutes // 30) -> arrivals


@dataclass(frozen=True)
class Calendar:
    """What a day is: closed (public holiday) and which effects it has."""

    public_holidays: frozenset[date] = frozenset()
    school_holiday: Callable[[date], bool] = lambda day: False

    def closed(self, day: date) -> bool:
        return day in self.public_holidays

    def effects(self, day: date) -> tuple[Effect, ...]:
        found: list[Effect] = []
        if self.school_holiday(day):
            found.append("school_holidays")
        if day.day <= MONTH_START_DAYS:
            found.append("month_start")
        if TAX_SEASON[0] <= (day.month, day.day) <= TAX_SEASON[1]:
            found.append("tax_season")
        return tuple(found)


@dataclass
class Model:
    profile: dict[int, dict[int, float]]  # weekday -> slot -> arrivals on an ordinary day
    factors: dict[Effect, float]
    calendar: Calendar
    learned: bool  # False: the prior profile
    days_seen: int = 0

    def expected(self, day: date) -> dict[int, float]:
        """Expected arrivals per slot of a day (only slots with any)."""
        if self.calendar.closed(day):
            return {}
        level = 1.0
        for effect in self.calendar.effects(day):
            level *= self.factors.get(effect, 1.0)
        return {slot: value * level for slot, value in self.profile.get(day.weekday(), {}).items()}


def _level(factors: Mapping[Effect, float], effects: Iterable[Effect]) -> float:
    level = 1.0
    for effect in effects:
        level *= factors.get(effect, 1.0)
    return level


def fit(history: History, calendar: Calendar) -> Model:
    """Learn the profile and the effects from the open days of `history`."""
    days = [day for day, slots in history.items() if sum(slots.values()) > 0]
    seen_per_weekday: dict[int, int] = defaultdict(int)
    for day in days:
        seen_per_weekday[day.weekday()] += 1
    open_weekdays = [w for w, n in seen_per_weekday.items() if n >= 2]
    if len(days) < MIN_DAYS or not open_weekdays:
        return prior(history, calendar)
    effects = {day: calendar.effects(day) for day in days}
    factors: dict[Effect, float] = {}
    profile: dict[int, dict[int, float]] = {}
    for _ in range(ROUNDS):
        sums: dict[int, dict[int, float]] = defaultdict(lambda: defaultdict(float))
        for day in days:
            level = _level(factors, effects[day])
            for slot, count in history[day].items():
                sums[day.weekday()][slot] += count / level
        profile = {
            weekday: {slot: total / seen_per_weekday[weekday] for slot, total in slots.items()}
            for weekday, slots in sums.items()
            if seen_per_weekday[weekday] >= 2
        }
        totals = {weekday: sum(slots.values()) for weekday, slots in profile.items()}
        for effect in PRIOR_FACTORS:
            observed = expected = 0.0
            count = 0
            for day in days:
                if effect not in effects[day] or day.weekday() not in totals:
                    continue
                others = [e for e in effects[day] if e != effect]
                observed += sum(history[day].values())
                expected += totals[day.weekday()] * _level(factors, others)
                count += 1
            if count and expected > 0:
                weight = count / (count + SHRINK_DAYS)
                factors[effect] = 1.0 + weight * (observed / expected - 1.0)
    return Model(profile, factors, calendar, learned=True, days_seen=len(days))


def prior(history: History, calendar: Calendar) -> Model:
    """The documented typical day, at the level of the site's open days so far (if any)."""
    totals = [sum(slots.values()) for slots in history.values() if sum(slots.values()) > 0]
    daily = sum(totals) / len(totals) if totals else PRIOR_DAILY_ARRIVALS
    weight = sum(PRIOR_SHAPE.values()) * 2
    shape = {hour * 2 + half: w / weight for hour, w in PRIOR_SHAPE.items() for half in (0, 1)}
    profile = {
        weekday: {slot: daily * level * share for slot, share in shape.items()}
        for weekday, level in enumerate(PRIOR_WEEKDAY)
        if level > 0
    }
    return Model(profile, dict(PRIOR_FACTORS), calendar, learned=False, days_seen=len(totals))


def naive_same_weekday(history: History, day: date, last_known: date) -> dict[int, int]:
    """The baseline: the same weekday of the latest week known on `last_known`."""
    earlier = day - timedelta(days=7)
    while earlier > last_known:
        earlier -= timedelta(days=7)
    return dict(history.get(earlier, {}))


def mean_absolute_error(
    actual: History, predicted: Mapping[date, Mapping[int, float]], slots: Sequence[int]
) -> float:
    """Mean over every (day, slot) of |actual − predicted|; slots missing count as zero."""
    errors = [
        abs(actual.get(day, {}).get(slot, 0) - predicted[day].get(slot, 0.0))
        for day in predicted
        for slot in slots
    ]
    return sum(errors) / len(errors) if errors else 0.0


@dataclass(frozen=True)
class Peak:
    day: date
    first_slot: int
    last_slot: int  # inclusive
    expected: float  # the highest half-hour

    @property
    def hours(self) -> str:
        """'9 h – 11 h', '14 h 30 – 16 h'."""
        return f"{_clock(self.first_slot)} – {_clock(self.last_slot + 1)}"


def _clock(slot: int) -> str:
    hour, half = divmod(slot, 2)
    return f"{hour} h 30" if half else f"{hour} h"


@dataclass(frozen=True)
class DayForecast:
    day: date
    slots: dict[int, float] = field(default_factory=dict)
    closed: bool = False


def peaks(forecast: Iterable[DayForecast], threshold: float) -> list[Peak]:
    """Runs of consecutive half-hours whose expected arrivals reach the threshold."""
    found: list[Peak] = []
    for day in forecast:
        run: list[int] = []
        for slot in range(SLOTS_PER_DAY + 1):
            if slot < SLOTS_PER_DAY and day.slots.get(slot, 0.0) >= threshold:
                run.append(slot)
                continue
            if run:
                top = max(day.slots[s] for s in run)
                found.append(Peak(day.day, run[0], run[-1], round(top, 1)))
                run = []
    return found


def forecast_days(model: Model, first: date, days: int) -> list[DayForecast]:
    return [
        DayForecast(
            day,
            {slot: round(v, 2) for slot, v in model.expected(day).items()},
            model.calendar.closed(day),
        )
        for day in (first + timedelta(days=n) for n in range(days))
    ]
