def test_opening_hours_say_open_on_a_monday_morning_with_the_late_evening_marked(client):
    hours = client.get("/api/v1/opening-hours").json
    assert hours["open_now"] is True
    assert hours["closes_at"].startswith("2026-11-30T12:30")
    thursday = next(d for d in hours["week"] if d["day"] == "jeudi")
    assert any(i["late"] for i in thursday["intervals"])


def test_on_a_public_holiday_the_next_opening_is_the_day_after(make_app, clock):
    from datetime import UTC, datetime

    clock.current = datetime(2026, 12, 25, 9, 0, tzinfo=UTC)  # Christmas, a Friday
    hours = make_app().test_client().get("/api/v1/opening-hours").json
    assert hours["open_now"] is False
    assert hours["next_opening"].startswith("2026-12-26T09:00")


def test_always_open_mode_for_demos_and_events(make_app):
    hours = make_app(OPENING_HOURS="always").test_client().get("/api/v1/opening-hours").json
    assert hours == {
        "always_open": True,
        "open_now": True,
        "closes_at": None,
        "next_opening": None,
        "week": [],
    }
