"""Who sees the statistics pages, and that no input makes them fail."""

from __future__ import annotations

from typing import Any

import pytest

from tests.stats.scenario import seed_day


@pytest.fixture
def seeded(app: Any, clock: Any) -> None:
    with app.app_context():
        seed_day(clock)


def test_the_statistics_page_asks_to_sign_in_first(client: Any) -> None:
    response = client.get("/admin/stats")
    assert response.status_code == 401
    assert "Connectez-vous" in response.text


def test_an_agent_who_is_not_admin_cannot_see_the_site_statistics(login: Any) -> None:
    agent = login("demo2")
    assert agent.get("/admin/stats").status_code == 403
    assert agent.get("/admin/stats/data.json").status_code == 403


def test_the_admin_sees_the_month_with_charts_and_tables(seeded: None, login: Any) -> None:
    admin = login("demo1")
    response = admin.get("/admin/stats?period=month&date=2026-11-30")
    assert response.status_code == 200
    page = response.text
    assert "Activité — novembre 2026" in page
    assert 'id="figure-visits">6<' in page
    assert 'id="partners-table"' in page and "vendor/chart.umd.min.js" in page
    assert "Camille" not in page and "Yanis" not in page  # nobody is ranked or named


def test_a_period_without_activity_says_so_once_and_draws_no_empty_charts(
    seeded: None, login: Any
) -> None:
    """A Sunday: one calm sentence, the tables' « Aucune donnée », and no twelve empty axes."""
    admin = login("demo1")
    sunday = admin.get("/admin/stats?period=day&date=2026-11-29").text
    assert 'id="no-activity"' in sunday and "rien à compter" in sunday
    for chart in ("partners", "themes", "results", "waits", "services", "load", "ideas"):
        assert f'id="{chart}-chart"' not in sunday, chart
    assert "Aucune donnée sur la période." in sunday
    monday = admin.get("/admin/stats?period=day&date=2026-11-30").text
    assert 'id="no-activity"' not in monday
    assert 'id="partners-chart"' in monday and 'id="load-chart"' in monday


def test_the_forecast_threshold_is_written_the_french_way(
    seeded: None, login: Any, app: Any, monkeypatch: Any
) -> None:
    """« à partir de 8 arrivées » (it said « 8.0 »), and « 7,5 » for a half."""
    admin = login("demo1")
    assert "pointe à partir de 8 arrivées prévues" in admin.get("/admin/stats").text
    monkeypatch.setitem(app.config, "PEAK_FORECAST_ARRIVALS_PER_30_MIN", 7.5)
    assert "pointe à partir de 7,5 arrivées prévues" in admin.get("/admin/stats").text


def test_the_period_picker_reads_day_week_and_custom(seeded: None, login: Any) -> None:
    admin = login("demo1")
    day = admin.get("/admin/stats/data.json?period=day&date=2026-11-30").json
    assert (day["period"]["start"], day["visits"]) == ("2026-11-30", 6)
    week = admin.get("/admin/stats/data.json?period=week&date=2026-12-02").json
    assert (week["period"]["start"], week["period"]["end"]) == ("2026-11-30", "2026-12-06")
    custom = admin.get("/admin/stats/data.json?period=custom&start=2026-12-01&end=2026-12-31").json
    assert custom["visits"] == 0
    every = admin.get("/admin/stats/data.json?period=day&date=2026-11-30&site=all").json
    assert every["visits"] == 6 and every["sites"] == ["mde-castelsarrasin"]


@pytest.mark.parametrize(
    "query",
    [
        "period=year",
        "period=day&date=2026-13-45",
        "period=custom&start=2026-12-01",
        "period=custom&start=2026-12-31&end=2026-12-01",
        "period=custom&start=2020-01-01&end=2026-12-01",
        "date=%00%FF",
        "period=day&date=9999-12-31",
        "period=month&date=0001-01-01",
        "period=custom&start=0001-01-01&end=0001-01-02",
        "site=nowhere",
    ],
)
def test_no_input_makes_the_page_fail(login: Any, query: str) -> None:
    response = login("demo1").get(f"/admin/stats?{query}")
    assert response.status_code in (400, 404)
    if "%00" in query:  # refused by the input guard before any page or database sees it
        assert response.json["error"]["code"] == "unstorable_text"
    else:
        assert "<h1>Statistiques</h1>" in response.text


@pytest.mark.parametrize(
    ("query", "said"),
    [
        ("period=year", "choisissez un jour, une semaine, un mois ou des dates choisies"),
        ("period=custom&start=2026-12-31&end=2026-12-01", "la date de fin est avant"),
        ("period=day&date=26/11/2026", "n&#39;est pas valide (AAAA-MM-JJ)"),
    ],
)
def test_a_mistyped_period_is_said_in_french_with_the_way_back_to_the_statistics(
    login: Any, query: str, said: str
) -> None:
    """The manager reads French words (not « day, week, month, custom ») and returns to the
    statistics, not to the agents' console."""
    page = login("demo1").get(f"/admin/stats?{query}").text
    assert said in page
    for code in ("day", "week", "month", "custom"):
        assert code not in page.split("<main", 1)[1].split("</main>", 1)[0]
    assert 'href="/admin/stats">Revenir aux statistiques</a>' in page
    assert "console des agents" not in page


def test_an_agent_sees_the_team_day_and_only_their_own_figures(
    seeded: None, login: Any, clock: Any
) -> None:
    from tests.stats.scenario import at

    clock.current = at(12, 0)
    page = login("demo2").get("/stats/today").text
    assert 'id="team-visits">6<' in page
    assert 'id="mine-requests">2<' in page  # E and F were theirs; A and B were demo1's
    assert "Camille" not in page


def test_the_day_view_needs_a_signed_in_agent(client: Any) -> None:
    assert client.get("/stats/today").status_code == 401


def test_the_statistics_page_leads_back_to_the_back_office(login: Any) -> None:
    """Opened from the back-office's menu, the page had only a link to the public home page."""
    page = login("demo1").get("/admin/stats").get_data(as_text=True)
    assert '<a href="/admin">Administration</a> › Statistiques' in page
