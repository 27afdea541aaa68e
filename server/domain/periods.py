"""Reporting periods: a day, a week (Monday to Sunday), a month, or custom dates, inclusive."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from server.domain.french import MONTHS as MONTHS_FR
from server.domain.french import WEEKDAYS as WEEKDAYS_FR
from server.domain.french import day_and_month as _french_date

KINDS = ("day", "week", "month", "custom")
LONGEST_CUSTOM = timedelta(days=400)  # a year and a bit: enough to compare with last year
YEARS = range(2000, 2101)  # beyond, a typo: refused rather than overflowing date arithmetic


class InvalidPeriod(ValueError):
    """Dates that make no period (end before start, a year-long custom range, a bad month)."""


@dataclass(frozen=True)
class Period:
    kind: str
    start: date
    end: date  # inclusive

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def each_day(self) -> list[date]:
        return [self.start + timedelta(days=n) for n in range(self.days)]

    @property
    def label(self) -> str:
        """In French, as a manager would title a page."""
        if self.kind == "day":
            return f"{WEEKDAYS_FR[self.start.weekday()]} {_french_date(self.start)}"
        if self.kind == "month":
            return f"{MONTHS_FR[self.start.month - 1]} {self.start.year}"
        if self.kind == "week":
            return f"semaine du {_french_date(self.start)} au {_french_date(self.end)}"
        return f"du {_french_date(self.start)} au {_french_date(self.end)}"

    def previous(self) -> Period:
        if self.kind == "month":
            return month_of(self.start - timedelta(days=1))
        return Period(self.kind, self.start - timedelta(days=self.days), self.start - timedelta(1))

    def following(self) -> Period:
        if self.kind == "month":
            return month_of(self.end + timedelta(days=1))
        return Period(self.kind, self.end + timedelta(days=1), self.end + timedelta(self.days))


def month_of(day: date) -> Period:
    start = day.replace(day=1)
    following = (start + timedelta(days=32)).replace(day=1)
    return Period("month", start, following - timedelta(days=1))


def parse_month(text: str) -> Period:
    """'2026-11' -> November 2026."""
    try:
        year, month = (int(part) for part in text.split("-"))
        first = date(year, month, 1)
    except (ValueError, TypeError):
        raise InvalidPeriod(f"un mois s'écrit AAAA-MM, pas « {text[:20]} »") from None
    check_year(first)
    return month_of(first)


def check_year(day: date) -> None:
    if day.year not in YEARS:
        raise InvalidPeriod(f"l'année {day.year} est hors limites")


def make_period(
    kind: str, anchor: date, start: date | None = None, end: date | None = None
) -> Period:
    """The period of `kind` that contains `anchor`; custom uses `start` and `end`."""
    for day in (anchor, start, end):
        if day is not None:
            check_year(day)
    if kind == "day":
        return Period("day", anchor, anchor)
    if kind == "week":
        monday = anchor - timedelta(days=anchor.weekday())
        return Period("week", monday, monday + timedelta(days=6))
    if kind == "month":
        return month_of(anchor)
    if kind == "custom":
        if start is None or end is None:
            raise InvalidPeriod("une période libre a une date de début et une date de fin")
        if end < start:
            raise InvalidPeriod("la date de fin est avant la date de début")
        if end - start > LONGEST_CUSTOM:
            raise InvalidPeriod("une période libre dure 400 jours au plus")
        return Period("custom", start, end)
    raise InvalidPeriod("choisissez un jour, une semaine, un mois ou des dates choisies")
