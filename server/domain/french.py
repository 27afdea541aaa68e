"""French calendar words for every screen, export and report: the CLDR's, written out.

Asking Babel for them loads the whole French locale of the CLDR, about 4 MB of memory in every
process, for nineteen words that do not change (issue 15); tests/unit/test_french_words.py
keeps them equal to Babel's.
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

WEEKDAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
MONTHS = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)


def day_and_month(day: date) -> str:
    """'1er décembre 2026', '2 décembre 2026': the first of the month is an ordinal in French."""
    first = "1er" if day.day == 1 else str(day.day)
    return f"{first} {MONTHS[day.month - 1]} {day.year}"


def long_date(day: date) -> str:
    """'mardi 1er décembre 2026'."""
    return f"{WEEKDAYS[day.weekday()]} {day_and_month(day)}"


def office_time(moment: datetime, timezone: str) -> str:
    """A moment as the office's clock showed it: '30/11/2026 à 09:00' (the Journal, the
    screens and the itinerant laptops' pages of the back-office)."""
    return moment.astimezone(ZoneInfo(timezone)).strftime("%d/%m/%Y à %H:%M")
