"""Partners' permanences: recurring slots ("CAF en visio, mardi 14 h – 17 h, semaines paires").

A permanence repeats on one weekday, on every week or on some of them:
- "all": every week;
- "even" / "odd": ISO week numbers (what French calendars print as "semaine 49");
- "1-3" / "2-4": weeks 1 and 3 (or 2 and 4) of the month, counted as the itinerant tour counts
  them (server.domain.itinerant.week_of_month), so both follow the same calendar.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, time, timedelta

from server.domain.itinerant import week_of_month

WEEK_RULES = ("all", "even", "odd", "1-3", "2-4")
WEEK_RULE_LABELS = {
    "all": "chaque semaine",
    "even": "semaines paires",
    "odd": "semaines impaires",
    "1-3": "1re et 3e semaines du mois",
    "2-4": "2e et 4e semaines du mois",
}


@dataclass(frozen=True)
class Recurrence:
    weekday: int  # 0 = Monday
    opens: time
    closes: time
    weeks: str = "all"
    starts_on: date | None = None
    ends_on: date | None = None

    def __post_init__(self) -> None:
        if not 0 <= self.weekday <= 6:
            raise ValueError("le jour va de 0 (lundi) à 6 (dimanche)")
        if self.weeks not in WEEK_RULES:
            raise ValueError(f"les semaines : l'une de {', '.join(WEEK_RULES)}")
        if self.closes <= self.opens:
            raise ValueError("une permanence finit après son début")


def occurs_on(rule: Recurrence, day: date) -> bool:
    """Whether the permanence is held on `day`."""
    if day.weekday() != rule.weekday:
        return False
    if rule.starts_on and day < rule.starts_on:
        return False
    if rule.ends_on and day > rule.ends_on:
        return False
    if rule.weeks == "all":
        return True
    if rule.weeks in ("even", "odd"):
        return (day.isocalendar().week % 2 == 0) == (rule.weeks == "even")
    return week_of_month(day) in ((1, 3) if rule.weeks == "1-3" else (2, 4))


def occurrences(rule: Recurrence, first: date, days: int) -> Iterator[date]:
    for offset in range(days):
        day = first + timedelta(days=offset)
        if occurs_on(rule, day):
            yield day


def dates_of(rules: Iterable[Recurrence], first: date, days: int) -> list[tuple[int, date]]:
    """(index of the rule, date) for every occurrence in the window, in date order."""
    found = [(n, day) for n, rule in enumerate(rules) for day in occurrences(rule, first, days)]
    return sorted(found, key=lambda pair: (pair[1], pair[0]))
