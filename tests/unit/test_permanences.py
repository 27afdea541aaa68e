"""The recurrence of partners' permanences: weekday, even/odd ISO weeks, weeks 1-3 / 2-4."""

from datetime import date, time

import pytest

from server.domain.permanences import Recurrence, dates_of, occurs_on

TUESDAY_2PM = (1, time(14), time(17))


def test_even_weeks_follow_the_iso_week_number():
    rule = Recurrence(*TUESDAY_2PM, weeks="even")
    # 2026-12-01 is a Tuesday of ISO week 49 (odd), 2026-12-08 of week 50 (even).
    assert not occurs_on(rule, date(2026, 12, 1))
    assert occurs_on(rule, date(2026, 12, 8))
    assert not occurs_on(rule, date(2026, 12, 9))  # a Wednesday
    odd = Recurrence(*TUESDAY_2PM, weeks="odd")
    assert occurs_on(odd, date(2026, 12, 1))


def test_weeks_of_the_month_match_the_itinerant_calendar():
    rule = Recurrence(*TUESDAY_2PM, weeks="1-3")
    # Mondays of December 2026: 7 (week 1), 14 (2), 21 (3), 28 (4); Nov 30 starts week 5 of Nov.
    held = [d for _, d in dates_of([rule], date(2026, 12, 1), 31)]
    assert held == [date(2026, 12, 8), date(2026, 12, 22)]
    other = Recurrence(*TUESDAY_2PM, weeks="2-4")
    assert [d for _, d in dates_of([other], date(2026, 12, 1), 31)] == [
        date(2026, 12, 15),
        date(2026, 12, 29),
    ]


def test_first_and_last_dates_bound_the_series():
    rule = Recurrence(
        *TUESDAY_2PM, starts_on=date(2026, 12, 8), ends_on=date(2026, 12, 22), weeks="all"
    )
    held = [d for _, d in dates_of([rule], date(2026, 11, 1), 90)]
    assert held == [date(2026, 12, 8), date(2026, 12, 15), date(2026, 12, 22)]


@pytest.mark.parametrize(
    "kwargs",
    [
        {"weekday": 7, "opens": time(9), "closes": time(10)},
        {"weekday": 1, "opens": time(10), "closes": time(9)},
        {"weekday": 1, "opens": time(9), "closes": time(10), "weeks": "third"},
    ],
)
def test_impossible_rules_are_refused(kwargs):
    with pytest.raises(ValueError):
        Recurrence(**kwargs)
