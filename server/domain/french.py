"""French calendar words, written once for every screen, export and report.

(The printers package keeps its own copy: it is meant to run without the server's code.)
"""

from __future__ import annotations

from datetime import date

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
