"""French calendar words for every screen, export and report, from the CLDR (Babel)."""

from __future__ import annotations

from datetime import date

from babel.dates import get_day_names, get_month_names

WEEKDAYS = tuple(get_day_names("wide", locale="fr")[day] for day in range(7))  # Monday first
MONTHS = tuple(get_month_names("wide", locale="fr")[month] for month in range(1, 13))


def day_and_month(day: date) -> str:
    """'1er décembre 2026', '2 décembre 2026': the first of the month is an ordinal in French."""
    first = "1er" if day.day == 1 else str(day.day)
    return f"{first} {MONTHS[day.month - 1]} {day.year}"


def long_date(day: date) -> str:
    """'mardi 1er décembre 2026'."""
    return f"{WEEKDAYS[day.weekday()]} {day_and_month(day)}"
