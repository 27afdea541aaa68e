"""The itinerant France Services schedule: which pattern runs which week, which stops are public."""

from datetime import date

import pytest

from server.domain.itinerant import (
    Pattern,
    itinerant_schedule,
    itinerant_week,
    pattern_for,
    week_of_month,
)


@pytest.mark.parametrize(
    ("day", "week"),
    [
        (date(2026, 12, 7), 1),  # Monday the 7th
        (date(2026, 12, 13), 1),  # its Sunday
        (date(2026, 12, 14), 2),
        (date(2026, 12, 21), 3),
        (date(2026, 12, 28), 4),
        (date(2026, 11, 30), 5),  # Monday the 30th
        (date(2026, 12, 3), 5),  # a Thursday in December, but its week started on 30 November
        (date(2027, 3, 1), 1),
    ],
)
def test_the_week_of_the_month_is_set_by_the_monday_that_starts_it(day, week):
    assert week_of_month(day) == week


def test_pattern_a_runs_on_weeks_one_and_three_and_pattern_b_on_weeks_two_and_four():
    assert [pattern_for(date(2026, 12, d)) for d in (7, 14, 21, 28)] == [
        Pattern.A,
        Pattern.B,
        Pattern.A,
        Pattern.B,
    ]


@pytest.mark.parametrize(
    ("setting", "expected"), [("none", None), ("A", Pattern.A), ("B", Pattern.B)]
)
def test_the_fifth_week_follows_the_setting(setting, expected):
    assert pattern_for(date(2026, 11, 30), setting) == expected


def test_an_unknown_fifth_week_setting_is_refused():
    with pytest.raises(ValueError, match="cinquième semaine"):
        pattern_for(date(2026, 11, 30), "C")


def test_a_fifth_week_without_a_tour_has_no_stops():
    week = itinerant_week(date(2026, 12, 2))
    assert week.pattern is None
    assert week.stops == ()


def test_pattern_a_starts_the_week_in_saint_agnan_and_skips_the_team_meeting():
    week = itinerant_week(date(2026, 12, 7))
    communes = [(s.day.isoformat(), s.slot.half_day.value, s.slot.commune) for s in week.stops]
    assert communes[0] == ("2026-12-07", "morning", "Saint-Agnan")
    assert not any(
        s.day == date(2026, 12, 10) and s.slot.half_day.value == "morning" for s in week.stops
    )  # Thursday morning: team meeting, not a public stop
    assert all(stop.slot.public for stop in week.stops)
    assert len(week.stops) == 7


def test_pattern_b_has_no_public_stop_on_monday_afternoon():
    week = itinerant_week(date(2026, 12, 14))
    monday = [s.slot for s in week.stops if s.day == date(2026, 12, 14)]
    assert [(slot.commune, slot.half_day.value) for slot in monday] == [("Boudou", "morning")]
    assert monday[0].to_confirm  # "Boudou ?" in the workshop's table


def test_places_marked_with_a_question_mark_are_to_be_confirmed():
    week = itinerant_week(date(2026, 12, 7))
    confirmed = {s.slot.commune: s.slot.to_confirm for s in week.stops if s.day.weekday() < 3}
    assert confirmed == {
        "Saint-Agnan": False,
        "Fajolles": True,
        "Moissac": False,
        "Caumont": False,
        "Garganvillar": True,
    }


def test_a_public_holiday_cancels_that_days_stops_and_says_so():
    christmas = date(2026, 12, 25)  # a Friday of week 4 (pattern B)
    week = itinerant_week(christmas, closed_dates={christmas})
    assert all(stop.day != christmas for stop in week.stops)
    assert week.closed_days == (christmas,)


def test_the_schedule_lists_this_week_then_the_next_ones():
    weeks = itinerant_schedule(date(2026, 12, 9), weeks=2)
    assert [(w.monday.isoformat(), w.pattern) for w in weeks] == [
        ("2026-12-07", Pattern.A),
        ("2026-12-14", Pattern.B),
    ]
    assert all(weeks[0].monday <= s.day for s in weeks[0].stops)
