"""Opening hours: a weekly timetable, closed dates (public holidays), and "when do we open next"."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from itertools import pairwise

from server.domain.french import WEEKDAYS

WEEKDAYS_FR = WEEKDAYS


@dataclass(frozen=True)
class Interval:
    opens: time
    closes: time
    late: bool = False  # the weekly late evening ("nocturne")


@dataclass(frozen=True)
class OpeningHours:
    """`week[0]` is Monday. Times are local wall-clock times of the site."""

    week: Mapping[int, Sequence[Interval]]
    closed_dates: frozenset[date] = field(default_factory=frozenset)
    # Exceptional hours on a date (an opening on a holiday, a shorter day): they win over both.
    special_days: Mapping[date, Sequence[Interval]] = field(default_factory=dict)

    def intervals_on(self, day: date) -> Sequence[Interval]:
        if day in self.special_days:
            return self.special_days[day]
        if day in self.closed_dates:
            return ()
        return self.week.get(day.weekday(), ())

    def is_open(self, now: datetime) -> bool:
        return any(i.opens <= now.time() < i.closes for i in self.intervals_on(now.date()))

    def next_opening(self, now: datetime, horizon_days: int = 21) -> datetime | None:
        """The next moment the doors open after `now` (None if closed for the whole horizon)."""
        for offset in range(horizon_days + 1):
            day = now.date() + timedelta(days=offset)
            for interval in self.intervals_on(day):
                start = datetime.combine(day, interval.opens, tzinfo=now.tzinfo)
                if start > now:
                    return start
        return None

    def closes_at(self, now: datetime) -> datetime | None:
        """When the current opening ends, if open."""
        for i in self.intervals_on(now.date()):
            if i.opens <= now.time() < i.closes:
                return datetime.combine(now.date(), i.closes, tzinfo=now.tzinfo)
        return None


def _t(text: str) -> time:
    hours, minutes = text.split(":")
    return time(int(hours), int(minutes))


def parse_ranges(name: str, ranges: Iterable[str]) -> list[Interval]:
    """["09:00-12:30", "17:00-20:00 nocturne"] -> sorted intervals that do not overlap."""
    intervals = []
    for text in ranges:
        span, _, flag = text.strip().partition(" ")
        opens, _, closes = span.partition("-")
        if flag.strip() not in ("", "nocturne"):
            raise ValueError(f"{name} : « {text} » : seul « nocturne » peut suivre une plage")
        interval = Interval(_t(opens), _t(closes), late=flag.strip() == "nocturne")
        if interval.closes <= interval.opens:
            raise ValueError(f"{name} : « {text} » ferme avant d'ouvrir")
        intervals.append(interval)
    intervals.sort(key=lambda i: i.opens)
    for before, after in pairwise(intervals):
        if after.opens < before.closes:
            raise ValueError(f"{name} : deux plages se chevauchent")
    return intervals


def parse_week(spec: Mapping[str, Iterable[str]]) -> dict[int, list[Interval]]:
    """{"lundi": ["09:00-12:30", "13:30-18:00"], "jeudi": ["17:00-20:00 nocturne"]} -> week."""
    week: dict[int, list[Interval]] = {}
    for name, ranges in spec.items():
        if name not in WEEKDAYS_FR:
            raise ValueError(f"jour inconnu « {name} » ({', '.join(WEEKDAYS_FR)})")
        intervals = parse_ranges(name, ranges)
        if intervals:
            week[WEEKDAYS_FR.index(name)] = intervals
    return week


# The workshop asked for late afternoons after school, Wednesday afternoon, Saturday morning
# and one late evening a week; this default follows it until an administrator edits it.
DEFAULT_WEEK = {
    "lundi": ["09:00-12:30", "13:30-18:00"],
    "mardi": ["09:00-12:30", "13:30-18:00"],
    "mercredi": ["09:00-12:30", "13:30-18:00"],
    "jeudi": ["09:00-12:30", "13:30-20:00 nocturne"],
    "vendredi": ["09:00-12:30", "13:30-18:00"],
    "samedi": ["09:00-12:00"],
}
