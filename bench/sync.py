"""The itinerant laptop's sync: how long the central takes to receive days recorded offline.

Two applications in this process, each with its own SQLite file: a laptop site with DAYS days of
VISITS visits each, played through its real API (kiosk ticket, call, start, finish with an
outcome, a few presences), and a central server. The laptop then pushes through the central's
real /api/v1/sync routes (a test client stands in for the network), twice: the second push must
send nothing. Run with `python -m bench sync`.
"""

from __future__ import annotations

import sqlite3
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from server import create_app
from server.config import TestConfig
from server.demo import seed_demo
from server.extensions import db
from server.services.clock import FakeClock
from server.services.sync_central import create_sync_token
from server.services.sync_laptop import SyncFailed
from server.sync_runtime import EXTENSION

DAYS = 3
VISITS = 60
SITE = "fs-itinerante"
SERVICES = ("caf-rsa", "carte-grise", "impots-declaration", "cpam-css", "justice-casier")


class Central:
    def __init__(self, app: Any, token: str) -> None:
        self.client = app.test_client()
        self.headers = {"Authorization": f"Bearer {token}"}

    def _answer(self, response: Any) -> dict[str, Any]:
        if response.status_code != 200:
            raise SyncFailed(str(response.json))
        return dict(response.json)

    def push(self, body: dict[str, Any]) -> dict[str, Any]:
        return self._answer(self.client.post("/api/v1/sync/push", json=body, headers=self.headers))

    def pull(self, site_code: str) -> dict[str, Any]:
        return self._answer(
            self.client.get(f"/api/v1/sync/pull?site={site_code}", headers=self.headers)
        )


def _database(folder: Path, name: str, site: str | None = None) -> str:
    path = folder / f"{name}.db"
    app = create_app(TestConfig(SQLALCHEMY_DATABASE_URI=f"sqlite:///{path}"))
    with app.app_context():
        db.create_all()
        seed_demo(db.session)
        db.session.remove()
        db.engine.dispose()
    if site:
        with sqlite3.connect(path) as connection:
            connection.execute("UPDATE sites SET code = ?", (site,))
    return f"sqlite:///{path}"


def _play_days(laptop: Any, clock: FakeClock) -> int:
    visits = 0
    for day in range(DAYS):
        clock.current = datetime(2026, 11, 30, 8, 0, tzinfo=UTC) + timedelta(days=day)
        kiosk, agent = laptop.test_client(), laptop.test_client()
        agent.post("/api/v1/auth/login", json={"login": "demo2", "pin": "1234"})
        for index in range(VISITS):
            kiosk.post("/api/v1/tickets", json={"service": SERVICES[index % len(SERVICES)]})
            if index % 10 == 0:
                kiosk.post("/api/v1/presences", json={"kind": "reading"})
        while True:
            called = agent.post("/api/v1/agent/call-next", json={"counter": "accueil"})
            if called.status_code != 200:
                break
            ticket = called.json
            clock.advance(minutes=2)
            agent.post(f"/api/v1/tickets/{ticket['id']}/start", json={})
            clock.advance(minutes=3)
            outcome = {
                "service": ticket["service"],
                "request_type": "procedure",
                "result": "resolved",
            }
            agent.post(f"/api/v1/tickets/{ticket['id']}/finish", json={"outcome": outcome})
            visits += 1
    return visits


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        clock = FakeClock(datetime(2026, 11, 30, 8, 0, tzinfo=UTC))
        central = create_app(
            TestConfig(SQLALCHEMY_DATABASE_URI=_database(Path(folder), "central")), clock=clock
        )
        laptop = create_app(
            TestConfig(
                SQLALCHEMY_DATABASE_URI=_database(Path(folder), "laptop", SITE),
                CENTRAL_URL="http://central.invalid",
            ),
            clock=clock,
        )
        with central.app_context():
            token = create_sync_token(db.session, SITE, clock).token
            db.session.remove()
        laptop.config["SYNC_TOKEN"] = token
        laptop.extensions["accueil.sync_transport"] = lambda settings: Central(central, token)
        served = _play_days(laptop, clock)
        runtime = laptop.extensions[EXTENSION]
        started = time.perf_counter()
        first = runtime.run_once()
        first_seconds = time.perf_counter() - started
        started = time.perf_counter()
        second = runtime.run_once()
        second_seconds = time.perf_counter() - started
    print(f"\nsync: {DAYS} days offline, {served} visits served on the laptop")
    print(
        f"  first push   {first.total} rows ({dict(first.sent)}) in {first.requests} requests, "
        f"{first_seconds:.2f} s (with the pull)"
    )
    print(f"  second push  {second.total} rows, {second_seconds:.2f} s (nothing left to send)")
