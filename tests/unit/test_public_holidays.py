"""The French public holidays the opening hours, the tour and the forecast close on."""

from __future__ import annotations

from datetime import date

import holidays

from server.domain.public_holidays import french_public_holidays


def test_the_eleven_holidays_of_2026() -> None:
    assert sorted(french_public_holidays(range(2026, 2027))) == [
        date(2026, 1, 1),
        date(2026, 4, 6),  # lundi de Pâques
        date(2026, 5, 1),
        date(2026, 5, 8),
        date(2026, 5, 14),  # Ascension
        date(2026, 5, 25),  # lundi de Pentecôte
        date(2026, 7, 14),
        date(2026, 8, 15),
        date(2026, 11, 1),
        date(2026, 11, 11),
        date(2026, 12, 25),
    ]


def test_the_same_days_as_the_holidays_package_every_year_it_knows() -> None:
    """The `holidays` package (a test dependency only: the server does not load it) is the
    reference, from 2008 (the lundi de Pentecôte a holiday again) to its last year, 2100."""
    for year in range(2008, 2101):
        expected = frozenset(holidays.country_holidays("FR", years=[year]))
        assert french_public_holidays(range(year, year + 1)) == expected, year
