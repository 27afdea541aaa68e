"""The forecast of arrivals: what it learns, when it falls back on the prior, what it tells."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import select, update

from bench.forecast import ORIGIN_WEEKS, evaluate, generate
from server.domain.forecast import Calendar, fit, forecast_days, naive_same_weekday, peaks
from server.extensions import db
from server.models import Site, Visit
from server.services.forecast import site_calendar
from server.services.tickets import issue_ticket

MONDAY = date(2026, 9, 7)  # no school holiday, not a month start, not the tax season


def steady_history(weeks: int, monday_rush: int = 10) -> dict[date, dict[int, int]]:
    """Weekdays with 2 arrivals a half-hour from 9:00 to 12:00, and a Monday 9:00 rush."""
    history = {}
    for n in range(weeks * 7):
        day = MONDAY - timedelta(weeks=weeks) + timedelta(days=n)
        if day.weekday() >= 5:
            continue
        slots = dict.fromkeys(range(18, 24), 2)
        if day.weekday() == 0:
            slots[18] = monday_rush
        history[day] = slots
    return history


def test_the_profile_is_learned_by_weekday_and_half_hour() -> None:
    model = fit(steady_history(6), Calendar())
    assert model.learned
    monday = model.expected(MONDAY)
    assert round(monday[18], 1) == 10.0
    assert round(monday[19], 1) == 2.0
    assert 17 not in monday and 30 not in monday
    assert round(model.expected(MONDAY + timedelta(days=1))[18], 1) == 2.0


def test_a_public_holiday_is_closed() -> None:
    model = fit(steady_history(6), Calendar(public_holidays=frozenset({MONDAY})))
    assert model.expected(MONDAY) == {}
    assert forecast_days(model, MONDAY, 1)[0].closed


def test_school_holidays_and_month_starts_are_learned_as_factors() -> None:
    history = steady_history(10)
    holidays = {day for day in history if day.month == 8 and day.day >= 10}
    for day in history:
        if day in holidays:
            history[day] = {slot: count * 2 for slot, count in history[day].items()}
    model = fit(history, Calendar(school_holiday=lambda day: day in holidays))
    assert model.factors["school_holidays"] > 1.6  # twice as busy, pulled a little towards 1
    assert 0.9 < model.factors.get("month_start", 1.0) < 1.1  # no such effect in this history


def test_without_enough_history_the_prior_profile_is_used() -> None:
    model = fit(steady_history(2), Calendar())  # 10 open days
    assert not model.learned
    monday = model.expected(MONDAY)
    assert monday[18] > monday[24]  # the typical morning rush
    assert model.expected(MONDAY + timedelta(days=6)) == {}  # closed on Sundays


def test_peaks_are_runs_of_busy_half_hours_in_plain_french() -> None:
    model = fit(steady_history(6, monday_rush=10), Calendar())
    found = peaks(forecast_days(model, MONDAY, 7), threshold=5)
    assert [(p.day, p.hours) for p in found] == [(MONDAY, "9 h – 9 h 30")]


def test_the_baseline_is_the_same_weekday_of_the_last_known_week() -> None:
    history = steady_history(3)
    last_known = MONDAY - timedelta(days=1)
    assert (
        naive_same_weekday(history, MONDAY + timedelta(days=8), last_known)
        == history[MONDAY - timedelta(days=6)]
    )


def test_the_forecast_beats_the_naive_baseline_on_a_generated_history() -> None:
    history, calendar = generate(seed=3)
    rows = evaluate(history, calendar, ORIGIN_WEEKS[:3])
    model_error = sum(row[2] for row in rows)
    baseline_error = sum(row[3] for row in rows)
    assert model_error < 0.75 * baseline_error


def _seed_history(clock: Any) -> None:
    """Four weeks of weekdays before Monday 30 November: one arrival at 14:00, five at 9:00
    on Mondays."""
    site = db.session.scalar(select(Site))
    for n in range(1, 29):
        day = date(2026, 11, 30) - timedelta(days=n)
        if day.weekday() >= 5:
            continue
        moments = [(13, 0)] + ([(8, m) for m in (0, 5, 10, 15, 20)] if day.weekday() == 0 else [])
        for hour, minute in moments:  # UTC: local is one hour later
            clock.current = datetime(day.year, day.month, day.day, hour, minute, tzinfo=UTC)
            issue_ticket(db.session, site=site, service_code="caf-rsa", clock=clock)
    db.session.execute(update(Visit).values(status="done"))  # past days: nobody waits now
    db.session.commit()


def test_agents_hear_of_the_next_peaks_and_when_to_bring_the_printers_out(
    make_app: Any, clock: Any
) -> None:
    app = make_app(PEAK_FORECAST_ARRIVALS_PER_30_MIN=3)
    with app.app_context():
        _seed_history(clock)
    clock.current = datetime(2026, 11, 30, 7, 35, tzinfo=UTC)  # Monday 8:35 local
    agent = app.test_client()
    agent.post("/api/v1/auth/login", json={"login": "demo2", "pin": "1234"})
    forecast = agent.get("/stats/forecast.json").json
    assert forecast["learned"] is True
    assert forecast["peaks"][0]["message"] == "aujourd'hui 9 h – 9 h 30 : forte affluence prévue"
    # The month between the day's number and the hour's (it read « lundi 7 9 h – … »).
    assert forecast["peaks"][1]["message"].startswith("lundi 7 décembre, 9 h")
    today = agent.get("/stats/today").text
    assert "aujourd&#39;hui 9 h – 9 h 30 : forte affluence prévue" in today
    peak = agent.get("/api/v1/peak").json
    assert peak["suggested"] is True
    assert peak["reason"] == "affluence prévue dans 30 min : sortez les imprimantes"


def test_the_forecast_needs_a_signed_in_agent(client: Any) -> None:
    assert client.get("/stats/forecast.json").status_code == 401


def test_a_site_calendar_knows_its_zone_s_school_holidays_from_the_offline_data() -> None:
    """Toussaint 2026: every zone from 17 October, back at school on 2 November (the offline
    data of vacances-scolaires-france); past its last year, no school holiday is assumed."""
    calendar = site_calendar("C", range(2026, 2028))
    assert calendar.school_holiday(date(2026, 10, 20))
    assert not calendar.school_holiday(MONDAY)
    assert not site_calendar("C", range(2099, 2100)).school_holiday(date(2099, 10, 20))
    assert calendar.closed(date(2026, 11, 11))
