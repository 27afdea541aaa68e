"""Retention: old visit details become monthly aggregates, the reports stay exact, and the purge
runs inside the server on its own."""

from __future__ import annotations

import logging
import time
from datetime import UTC, date, datetime
from typing import Any

import pytest
from sqlalchemy import func, select

from server.domain.periods import month_of
from server.extensions import db
from server.models import CallbackRequest, Setting, Site, Visit, VisitEvent
from server.retention_runtime import EXTENSION
from server.services.report import monthly_report, to_csv
from server.services.retention import apply_retention, cutoff
from server.services.statistics import period_statistics
from tests.stats.scenario import seed_day

OLD_DAY = date(2025, 10, 6)  # more than 12 months before Monday 30 November 2026
NOW = datetime(2026, 11, 30, 17, 0, tzinfo=UTC)


def test_the_cutoff_keeps_whole_months() -> None:
    assert cutoff(date(2026, 11, 30), 12) == date(2025, 11, 1)
    assert cutoff(date(2026, 1, 15), 1) == date(2025, 12, 1)
    assert cutoff(date(2026, 1, 1), 13) == date(2024, 12, 1)


def _seed(clock: Any) -> dict[str, int]:
    old = seed_day(clock, OLD_DAY)
    seed_day(clock)
    db.session.add(
        CallbackRequest(
            visit_id=old["A"], phone="0600000000", consent_at=clock.now(), due_on=OLD_DAY
        )
    )
    db.session.commit()
    clock.current = NOW
    return old


def _count(model: Any, *where: Any) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(*where)) or 0


def test_details_past_retention_go_and_the_reports_stay_exact(
    app: Any, clock: Any, caplog: pytest.LogCaptureFixture
) -> None:
    with app.app_context():
        _seed(clock)
        site = db.session.scalar(select(Site))
        october = month_of(OLD_DAY)
        report_before = to_csv(monthly_report(db.session(), [site], october, NOW))
        figures_before = period_statistics(db.session(), [site], october)
        with caplog.at_level(logging.INFO, logger="accueil.retention"):
            counts = apply_retention(db.session(), clock)
        assert counts == {"months": 1, "visits": 7, "events": 26}
        assert _count(Visit, Visit.day < date(2025, 11, 1)) == 0
        assert _count(Visit) == 7  # today's visits stay
        assert _count(VisitEvent) == 26
        assert _count(CallbackRequest) == 0
        assert to_csv(monthly_report(db.session(), [site], october, NOW)) == report_before
        figures_after = period_statistics(db.session(), [site], october)
        assert figures_after["visits"] == figures_before["visits"] == 6
        assert figures_after["by_partner"] == figures_before["by_partner"]
        assert figures_after["archived"] is True
        assert apply_retention(db.session(), clock) == {"months": 0, "visits": 0, "events": 0}
    assert "7 visit(s)" in caplog.text and "0600000000" not in caplog.text


def test_the_retention_period_is_a_site_setting(app: Any, clock: Any) -> None:
    with app.app_context():
        _seed(clock)
        site = db.session.scalar(select(Site))
        db.session.add(Setting(site_id=site.id, key="retention_months", value=24))
        db.session.commit()
        assert apply_retention(db.session(), clock)["visits"] == 0
        assert _count(Visit) == 14


def test_the_manager_sets_the_retention_period_in_reglages(
    app: Any, clock: Any, login: Any
) -> None:
    """The README promised a site setting `retention_months`, but no screen nor command set
    it: a site that must keep two years of detail had every visit past 12 months deleted."""
    with app.app_context():
        _seed(clock)
    admin = login("demo1")
    fields = admin.get("/api/v1/admin/settings").json["fields"]
    assert "retention_months" in [field["key"] for field in fields]
    saved = admin.put("/api/v1/admin/settings", json={"policy": {"retention_months": 24}})
    assert saved.status_code == 200 and saved.json["policy"]["retention_months"] == 24
    refused = admin.put("/api/v1/admin/settings", json={"policy": {"retention_months": 0}})
    assert refused.status_code == 400
    with app.app_context():
        assert apply_retention(db.session(), clock)["visits"] == 0
        assert _count(Visit) == 14


def test_the_purge_runs_inside_the_server_without_anyone_asking(make_app: Any, clock: Any) -> None:
    app = make_app(RETENTION_AUTOSTART=True, RETENTION_INTERVAL_HOURS=24)
    with app.app_context():
        _seed(clock)
    app.test_client().get("/healthz")  # the server's first request starts the schedule
    try:
        deadline = time.monotonic() + 30
        remaining = 14
        while remaining != 7 and time.monotonic() < deadline:
            time.sleep(0.1)
            with app.app_context():
                remaining = _count(Visit)
                db.session.remove()
        assert remaining == 7
    finally:
        app.extensions[EXTENSION].stop()


def test_accueil_purge_does_the_same_from_the_command_line(
    app: Any, clock: Any, database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from click.testing import CliRunner

    from server.cli import cli

    with app.app_context():
        _seed(clock)
    monkeypatch.setenv("ACCUEIL_DATABASE_URL", database_url)
    result = CliRunner().invoke(cli, ["purge"])
    assert result.exit_code == 0, result.output
    assert "visit(s) past retention" in result.output  # the command runs on the real date
    with app.app_context():
        assert _count(Visit, Visit.day == OLD_DAY) == 0
        assert _count(CallbackRequest) == 0  # it belonged to an old visit
