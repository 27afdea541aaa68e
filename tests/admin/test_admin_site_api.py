"""Back-office: opening hours, highlights and policy settings become the site's own data."""

from __future__ import annotations

from typing import Any

import pytest

from server.context import fairness_rule
from server.extensions import db

WEEK = {
    "lundi": ["09:00-12:00"],
    "mardi": "09:00-12:00, 13:30-17:00",
    "jeudi": ["13:30-20:00 nocturne"],
}


@pytest.mark.parametrize(
    "path", ["/api/v1/admin/hours", "/api/v1/admin/highlights", "/api/v1/admin/settings"]
)
def test_site_pages_of_the_api_are_for_admins_only(client: Any, login: Any, path: str) -> None:
    assert client.get(path).status_code == 401
    assert login("demo2").get(path).status_code == 403


def test_hours_saved_in_the_back_office_replace_the_environment_and_screens_hear_it(
    agent_client: Any, client: Any, socket_client: Any
) -> None:
    display = socket_client("/display")
    display.get_received("/display")
    saved = agent_client.put(
        "/api/v1/admin/hours",
        json={"week": WEEK, "closures": ["2026-12-01 Formation de l'équipe"], "openings": []},
    )
    assert saved.status_code == 200, saved.json
    assert saved.json["week"]["mardi"] == ["09:00-12:00", "13:30-17:00"]
    preview = {day["date"]: day for day in saved.json["preview"]}
    assert preview["2026-11-30"]["hours"] == ["09:00–12:00"]  # the fake clock's Monday
    assert preview["2026-12-01"]["hours"] == [] and "Formation" in preview["2026-12-01"]["note"]
    week = {d["day"]: d["intervals"] for d in client.get("/api/v1/opening-hours").json["week"]}
    assert week["jeudi"] == [{"opens": "13:30", "closes": "20:00", "late": True}]
    assert week["mercredi"] == []
    keys = [
        m["args"][0]["key"]
        for m in display.get_received("/display")
        if m["name"] == "setting_changed"
    ]
    assert keys == ["hours"]


def test_a_closed_day_in_the_back_office_refuses_tickets(agent_client: Any, client: Any) -> None:
    # The fake clock is Monday 30 November 2026, 09:00 in Castelsarrasin.
    assert client.post("/api/v1/tickets", json={"service": "caf-rsa"}).status_code == 201
    agent_client.put("/api/v1/admin/hours", json={"week": WEEK, "closures": ["2026-11-30 Grève"]})
    refused = client.post("/api/v1/tickets", json={"service": "caf-rsa"})
    assert refused.status_code == 409 and refused.json["error"]["code"] == "closed"


def test_an_exceptional_opening_opens_a_public_holiday(agent_client: Any) -> None:
    body = {"week": WEEK, "openings": ["2026-12-25 10:00-12:00"]}
    saved = agent_client.put("/api/v1/admin/hours", json=body)
    assert saved.status_code == 200
    assert saved.json["openings"] == [{"date": "2026-12-25", "hours": ["10:00-12:00"]}]


def test_the_week_takes_times_as_written_on_a_french_door(agent_client: Any) -> None:
    """« 9h-12h30, 13h30 - 18h » was refused: only 09:00-12:30 was understood."""
    week = {"lundi": "9h-12h30, 13h30 - 18h", "jeudi": "9:00-12:30, 13 h 30 – 20 h nocturne"}
    body = {"week": week, "openings": ["27/12/2026 10h-12h"]}
    saved = agent_client.put("/api/v1/admin/hours", json=body)
    assert saved.status_code == 200, saved.json
    assert saved.json["week"]["lundi"] == ["09:00-12:30", "13:30-18:00"]
    assert saved.json["week"]["jeudi"] == ["09:00-12:30", "13:30-20:00 nocturne"]
    assert saved.json["openings"] == [{"date": "2026-12-27", "hours": ["10:00-12:00"]}]


def test_closures_and_openings_take_dates_as_a_french_manager_writes_them(
    agent_client: Any, client: Any
) -> None:
    """The back-office's textareas: « 24/12/2026 Réveillon » was refused (only 2026-12-24)."""
    body = {
        "week": WEEK,
        "closures": ["24/12/2026 Réveillon", "2026-12-31 Saint-Sylvestre"],
        "openings": ["27/12/2026 10:00-12:00", "3/1/2027 09:00-11:00"],
    }
    saved = agent_client.put("/api/v1/admin/hours", json=body)
    assert saved.status_code == 200, saved.json
    assert saved.json["closures"] == [
        {"date": "2026-12-24", "reason": "Réveillon"},
        {"date": "2026-12-31", "reason": "Saint-Sylvestre"},
    ]
    assert [o["date"] for o in saved.json["openings"]] == ["2026-12-27", "2027-01-03"]
    # The page shows them back the same way.
    page = agent_client.get("/admin/horaires").get_data(as_text=True)
    assert "24/12/2026 Réveillon" in page and "27/12/2026 10:00-12:00" in page
    refused = agent_client.put("/api/v1/admin/hours", json={"closures": ["31/02/2026 x"]})
    assert refused.status_code == 400 and "JJ/MM/AAAA" in refused.json["error"]["message"]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"week": {"lundi": ["12:00-09:00"]}}, "week.lundi"),
        ({"week": {"lundi": ["09:00-12:00", "11:00-13:00"]}}, "week.lundi"),
        ({"week": {"lundi": ["9 heures-midi"]}}, "week.lundi"),
        ({"week": {"lundi": ["25h-26h"]}}, "week.lundi"),
        ({"week": {"funday": ["09:00-12:00"]}}, "week"),
        ({"week": {}, "closures": ["demain"]}, "closures"),
        ({"week": {}, "closures": ["2026-02-30 x"]}, "closures"),
        ({"week": {}, "openings": ["2026-12-25"]}, "openings"),
        (
            {"week": {}, "closures": ["2026-12-25"], "openings": ["2026-12-25 09:00-10:00"]},
            "openings",
        ),
        ({"week": {"lundi": [1, 2]}}, "week.lundi"),
    ],
)
def test_bad_hours_are_a_clear_400(agent_client: Any, body: dict[str, Any], field: str) -> None:
    response = agent_client.put("/api/v1/admin/hours", json=body)
    assert response.status_code == 400, response.json
    assert response.json["error"]["details"]["field"] == field


def highlight(client: Any, title: str, month: str = "2026-11") -> Any:
    return client.post(
        "/api/v1/admin/highlights", json={"title": title, "body": "…", "month": month}
    )


def test_highlights_are_limited_per_month_with_a_clear_message(
    agent_client: Any, client: Any
) -> None:
    live = len(client.get("/api/v1/highlights").json)
    for n in range(5 - live):
        assert highlight(agent_client, f"Info {n}").status_code == 201
    refused = highlight(agent_client, "Une de trop")
    assert refused.status_code == 400 and "au plus 5" in refused.json["error"]["message"]
    assert highlight(agent_client, "Le mois prochain", "2026-12").status_code == 201
    raised = agent_client.put("/api/v1/admin/settings", json={"policy": {"highlights_max": 6}})
    assert raised.status_code == 200 and raised.json["policy"]["highlights_max"] == 6
    assert highlight(agent_client, "Une de plus").status_code == 201


def test_an_edited_highlight_reaches_the_display(
    agent_client: Any, client: Any, socket_client: Any
) -> None:
    display = socket_client("/display")
    display.get_received("/display")
    first = highlight(agent_client, "Nocturne le jeudi").json
    display.get_received("/display")
    edited = agent_client.patch(
        f"/api/v1/admin/highlights/{first['id']}", json={"title": "Nocturne le mardi"}
    )
    assert edited.status_code == 200
    assert client.get("/api/v1/highlights").json[0]["title"] == "Nocturne le mardi"
    retired = agent_client.patch(f"/api/v1/admin/highlights/{first['id']}", json={"active": False})
    assert retired.status_code == 200
    assert first["id"] not in [h["id"] for h in client.get("/api/v1/highlights").json]
    names = [m["name"] for m in display.get_received("/display")]
    assert names.count("setting_changed") == 2


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"title": "", "month": "2026-11"}, "title"),
        ({"title": "x" * 121, "month": "2026-11"}, "title"),
        ({"title": "ok", "month": "novembre"}, "month"),
        ({"title": "ok", "month": "2026-13"}, "month"),
        ({"title": "ok", "month": "2026-11", "position": -1}, "position"),
    ],
)
def test_bad_highlights_are_a_clear_400(
    agent_client: Any, body: dict[str, Any], field: str
) -> None:
    response = agent_client.post("/api/v1/admin/highlights", json=body)
    assert response.status_code == 400
    assert response.json["error"]["details"]["field"] == field


def test_policy_settings_replace_the_environment_for_this_site(agent_client: Any, app: Any) -> None:
    saved = agent_client.put(
        "/api/v1/admin/settings",
        json={"policy": {"starvation_minutes": 25, "display_volume": 0.3}},
    )
    assert saved.status_code == 200, saved.json
    with app.test_request_context("/"):
        assert fairness_rule().starvation_minutes == 25
        db.session.remove()
    page = agent_client.get("/display").get_data(as_text=True)
    assert '"volume": 0.3' in page


def test_site_details_are_edited_with_the_same_checks_as_init(agent_client: Any) -> None:
    renamed = agent_client.put("/api/v1/admin/settings", json={"site": {"commune": "Moissac"}})
    assert renamed.status_code == 200 and renamed.json["site"]["commune"] == "Moissac"
    bad = agent_client.put("/api/v1/admin/settings", json={"site": {"timezone": "Lune/Base"}})
    assert bad.status_code == 400 and bad.json["error"]["details"]["field"] == "timezone"


def test_the_school_zone_of_the_forecast_is_set_in_reglages(
    agent_client: Any, app: Any, clock: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The README made the forecast's school-holiday zone « the site setting school_zone », but
    nothing could set it: a site in zone A or B had its peaks forecast on zone C's holidays."""
    from server.models import Site
    from server.services import forecast

    zones: list[str] = []
    calendar = forecast.site_calendar
    monkeypatch.setattr(
        forecast, "site_calendar", lambda zone, years: zones.append(zone) or calendar(zone, years)
    )
    assert agent_client.get("/api/v1/admin/settings").json["site"]["school_zone"] == "C"
    page = agent_client.get("/admin/reglages").get_data(as_text=True)
    assert 'name="site.school_zone"' in page
    with app.app_context():
        forecast.site_forecast(db.session, db.session.scalar(db.select(Site)), clock)
        db.session.remove()
    saved = agent_client.put("/api/v1/admin/settings", json={"site": {"school_zone": "a"}})
    assert saved.status_code == 200 and saved.json["site"]["school_zone"] == "A"
    with app.app_context():
        forecast.site_forecast(db.session, db.session.scalar(db.select(Site)), clock)
        db.session.remove()
    assert zones == ["C", "A"]  # the cached forecast was recomputed with the new zone
    bad = agent_client.put("/api/v1/admin/settings", json={"site": {"school_zone": "D"}})
    assert bad.status_code == 400 and bad.json["error"]["details"]["field"] == "school_zone"


@pytest.mark.parametrize(
    "policy",
    [
        {"starvation_minutes": 0},
        {"starvation_minutes": 1.5},
        {"display_volume": 2},
        {"nope": 1},
        {"agent_idle_minutes": "30"},
        {"highlights_max": True},
    ],
)
def test_bad_policy_values_are_400(agent_client: Any, policy: dict[str, Any]) -> None:
    response = agent_client.put("/api/v1/admin/settings", json={"policy": policy})
    assert response.status_code == 400


@pytest.mark.parametrize("path", ["/admin/horaires", "/admin/a-la-une", "/admin/reglages"])
def test_site_pages_render_for_an_admin(agent_client: Any, login: Any, path: str) -> None:
    assert agent_client.get(path).status_code == 200
    assert login("demo2").get(path).status_code == 403


def test_the_hours_preview_and_the_forecast_say_their_days_in_french(agent_client: Any) -> None:
    """« Lundi 30 novembre 2026 », not « Lundi 2026-11-30 » (the fake clock's Monday)."""
    hours = agent_client.get("/admin/horaires").get_data(as_text=True)
    assert '<th scope="row">Lundi 30 novembre 2026</th>' in hours
    assert "2026-11-30</th>" not in hours
    stats = agent_client.get("/admin/stats").get_data(as_text=True)
    assert '<th scope="row">lundi 30 novembre 2026</th>' in stats
