from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from server.domain.hours import DEFAULT_WEEK, OpeningHours, parse_week

PARIS = ZoneInfo("Europe/Paris")
HOURS = OpeningHours(parse_week(DEFAULT_WEEK))


def test_open_on_a_monday_morning_and_closed_at_lunch():
    assert HOURS.is_open(datetime(2026, 11, 30, 10, 0, tzinfo=PARIS))
    assert not HOURS.is_open(datetime(2026, 11, 30, 13, 0, tzinfo=PARIS))


def test_after_closing_on_saturday_the_next_opening_is_monday_morning():
    saturday_noon = datetime(2026, 12, 5, 12, 30, tzinfo=PARIS)
    assert HOURS.next_opening(saturday_noon) == datetime(2026, 12, 7, 9, 0, tzinfo=PARIS)


def test_the_late_evening_is_marked_and_open_at_seven_pm_on_thursday():
    thursday = datetime(2026, 12, 3, 19, 0, tzinfo=PARIS)
    assert HOURS.is_open(thursday)
    assert any(i.late for i in HOURS.intervals_on(thursday.date()))


def test_a_closed_date_such_as_christmas_is_skipped():
    hours = OpeningHours(parse_week(DEFAULT_WEEK), frozenset({date(2026, 12, 25)}))
    christmas_eve_evening = datetime(2026, 12, 24, 18, 30, tzinfo=PARIS)
    assert hours.next_opening(christmas_eve_evening) == datetime(2026, 12, 26, 9, 0, tzinfo=PARIS)


@pytest.mark.parametrize("spec", [{"funday": ["09:00-10:00"]}, {"lundi": ["12:00-09:00"]}])
def test_bad_timetables_are_refused_with_a_reason(spec):
    with pytest.raises(ValueError):
        parse_week(spec)
