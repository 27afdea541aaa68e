"""The eleven public holidays of mainland France (Code du travail, article L3133-1).

Computed here rather than asked of the `holidays` package: its country lookup imports the
modules of every country it knows, about 10 MB of memory in each server for the first call
that needed the forecast's calendar (issue 15), to learn eleven dates a year.
"""

from __future__ import annotations

from datetime import date, timedelta

# Fixed dates: jour de l'an, fête du Travail, Victoire 1945, fête nationale, Assomption,
# Toussaint, Armistice 1918, Noël.
FIXED = ((1, 1), (5, 1), (5, 8), (7, 14), (8, 15), (11, 1), (11, 11), (12, 25))
# Days after Easter Sunday: lundi de Pâques, Ascension, lundi de Pentecôte.
AFTER_EASTER = (1, 39, 50)


def easter_sunday(year: int) -> date:
    """Easter Sunday of the Gregorian calendar (the anonymous Gregorian computus)."""
    golden = year % 19
    century, in_century = divmod(year, 100)
    leap_centuries, century_rest = divmod(century, 4)
    moon_correction = (century + 8) // 25
    sun_correction = (century - moon_correction + 1) // 3
    epact = (19 * golden + century - leap_centuries - sun_correction + 15) % 30
    quarters, quarter_rest = divmod(in_century, 4)
    weekday = (32 + 2 * century_rest + 2 * quarters - epact - quarter_rest) % 7
    shift = (golden + 11 * epact + 22 * weekday) // 451
    month, day = divmod(epact + weekday - 7 * shift + 114, 31)
    return date(year, month, day + 1)


def french_public_holidays(years: range) -> frozenset[date]:
    """Every public holiday of the given years (the lundi de Pentecôte included: a holiday in
    law, the journée de solidarité is each employer's choice)."""
    days: set[date] = set()
    for year in years:
        days.update(date(year, month, day) for month, day in FIXED)
        easter = easter_sunday(year)
        days.update(easter + timedelta(days=after) for after in AFTER_EASTER)
    return frozenset(days)
