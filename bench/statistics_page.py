"""The statistics page for a month of a busy site: how long the figures take, for how much data.

A November of ~3,000 visits (about 140 a working day, Monday to Saturday morning) is written
straight into a fresh SQLite database, each visit with the events the queue writes (issue,
call, start, finish; some transfers, returns, no-shows, cancellations). Then the month's figures
are computed by the same service the page uses, and the page itself is fetched as the admin.
Run with `python -m bench statistics_page`.
"""

from __future__ import annotations

import os
import random
import secrets
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from bench.stats import percentile, table
from server import create_app
from server.config import TestConfig
from server.demo import seed_demo
from server.domain.periods import month_of
from server.extensions import db
from server.models import Agent, Service, Site, Visit, VisitEvent
from server.services.statistics import period_statistics

MONTH = date(2026, 11, 1)
PER_DAY = 140
RUNS = 5
ZONE = ZoneInfo("Europe/Paris")


def _events(rng: random.Random, visit: Visit, agent: int, services: list[Service]) -> list[dict]:
    at = visit.arrived_at
    rows = [dict(action="issue", from_status=None, to_status="waiting", at=at)]
    fate = rng.random()
    at += timedelta(minutes=rng.randint(1, 40))
    if fate < 0.04:
        return [*rows, dict(action="cancel", from_status="waiting", to_status="cancelled", at=at)]
    rows.append(
        dict(action="call", from_status="waiting", to_status="called", at=at, agent_id=agent)
    )
    if fate < 0.10:
        at += timedelta(minutes=3)
        return [*rows, dict(action="no-show", from_status="called", to_status="no_show", at=at)]
    at += timedelta(minutes=1)
    rows.append(
        dict(action="start", from_status="called", to_status="serving", at=at, agent_id=agent)
    )
    at += timedelta(minutes=rng.randint(5, 35))
    outcome = {
        "service": rng.choice(services).code,
        "request_type": rng.choice(["information", "procedure", "referral"]),
        "result": rng.choice(["resolved", "resolved", "referred", "escalated"]),
    }
    rows.append(
        dict(
            action="finish",
            from_status="serving",
            to_status="done",
            at=at,
            agent_id=agent,
            detail={"outcome": outcome},
        )
    )
    return rows


def write_month(
    session: Any, site: Site, services: list[Service], agents: list[int], rng: random.Random
) -> tuple[int, int]:
    """Write November's visits of a busy site with their events; returns (visits, events)."""
    visits = events = 0
    for day in month_of(MONTH).each_day():
        if day.weekday() == 6:
            continue
        count = PER_DAY if day.weekday() < 5 else PER_DAY // 3
        for n in range(count):
            local = datetime(day.year, day.month, day.day, 9, tzinfo=ZONE) + timedelta(
                minutes=rng.randint(0, 8 * 60)
            )
            arrived = local.astimezone(UTC)
            visit = Visit(
                site_id=site.id,
                service_id=rng.choice(services).id,
                day=day,
                number=f"B{n:03d}",
                token=secrets.token_urlsafe(32),
                status="done",
                language=rng.choice(["fr"] * 8 + ["bg", "ar"]),
                source="kiosk",
                issued_at=arrived,
                arrived_at=arrived,
                priority=rng.random() < 0.1,
            )
            session.add(visit)
            session.flush()
            for row in _events(rng, visit, rng.choice(agents), services):
                session.add(VisitEvent(visit_id=visit.id, site_id=site.id, **row))
                events += 1
            visits += 1
        session.commit()
    return visits, events


def build(path: Path) -> tuple[int, int]:
    """Write the month into a fresh database; returns (visits, events)."""
    app = create_app(TestConfig(SQLALCHEMY_DATABASE_URI=f"sqlite:///{path}"))
    with app.app_context():
        db.create_all()
        seed_demo(db.session)
        site = db.session.query(Site).one()
        services = list(db.session.query(Service))
        agents = [a.id for a in db.session.query(Agent)]
        return write_month(db.session, site, services, agents, random.Random(11))


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "month.db"
        visits, events = build(path)
        app = create_app(TestConfig(SQLALCHEMY_DATABASE_URI=f"sqlite:///{path}"))
        service_ms, service_cpu_ms, page_ms = [], [], []
        with app.app_context():
            site = db.session.query(Site).one()
            for _ in range(RUNS):
                started, cpu = time.perf_counter(), time.process_time()
                figures = period_statistics(db.session(), [site], month_of(MONTH))
                service_ms.append((time.perf_counter() - started) * 1000)
                service_cpu_ms.append((time.process_time() - cpu) * 1000)
        client = app.test_client()
        client.post("/api/v1/auth/login", json={"login": "demo1", "pin": "1234"})
        for _ in range(RUNS):
            started = time.perf_counter()
            response = client.get("/admin/stats?period=month&date=2026-11-15")
            page_ms.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200
    print("\n== Statistics page, a month of a busy site ==")
    print(f"load average before: {os.getloadavg()[0]:.1f} (the machine is shared)")
    print(
        f"data: {visits} visits, {events} events in November 2026 ({figures['requests']} requests)"
    )
    print(
        table(
            ["what", "p50 ms", "max ms"],
            [
                ["figures (service)", round(percentile(service_ms, 0.5)), round(max(service_ms))],
                [
                    "figures, CPU time only",
                    round(percentile(service_cpu_ms, 0.5)),
                    round(max(service_cpu_ms)),
                ],
                ["whole page (HTML)", round(percentile(page_ms, 0.5)), round(max(page_ms))],
            ],
        )
    )


if __name__ == "__main__":
    main()
