"""Two applications in one process, each with its own database: the central server (the demo
site) and an itinerant laptop (site `fs-itinerante`), joined by a transport that goes through
the central's real /api/v1/sync routes."""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from server import create_app
from server.config import TestConfig
from server.extensions import db
from server.services.clock import FakeClock
from server.services.sync_central import create_sync_token
from server.services.sync_laptop import SyncFailed

LAPTOP_SITE = "fs-itinerante"


class CentralTransport:
    """The laptop's HTTP calls, made on the central app's test client instead of a socket."""

    def __init__(self, central: Any, token: str) -> None:
        self.central = central
        self.token = token
        self.pushes = 0

    def _answer(self, response: Any) -> dict[str, Any]:
        if response.status_code != 200:
            message = (response.json or {}).get("error", {}).get("message", "")
            raise SyncFailed(
                f"refus du serveur central ({response.status_code}) : {message}",
                response.status_code,
            )
        return dict(response.json)

    def push(self, body: dict[str, Any]) -> dict[str, Any]:
        self.pushes += 1
        client = self.central.test_client()
        headers = {"Authorization": f"Bearer {self.token}"}
        return self._answer(client.post("/api/v1/sync/push", json=body, headers=headers))

    def pull(self, site_code: str) -> dict[str, Any]:
        client = self.central.test_client()
        headers = {"Authorization": f"Bearer {self.token}"}
        return self._answer(client.get(f"/api/v1/sync/pull?site={site_code}", headers=headers))


def _copy(seeded: Path, target: Path, site_code: str | None = None) -> str:
    shutil.copy(seeded, target)
    if site_code:
        with sqlite3.connect(target) as connection:
            connection.execute("UPDATE sites SET code = ?, name = ?", (site_code, "Itinérante"))
    return f"sqlite:///{target}"


@pytest.fixture
def apps(seeded_database: Path, tmp_path: Path, clock: FakeClock) -> Iterator[dict[str, Any]]:
    central = create_app(
        TestConfig(SQLALCHEMY_DATABASE_URI=_copy(seeded_database, tmp_path / "central.db")),
        clock=clock,
    )
    laptop = create_app(
        TestConfig(
            SQLALCHEMY_DATABASE_URI=_copy(seeded_database, tmp_path / "laptop.db", LAPTOP_SITE),
            CENTRAL_URL="http://central.invalid",
        ),
        clock=clock,
    )
    with central.app_context():
        issued = create_sync_token(db.session, LAPTOP_SITE, clock, "portable 1")
        db.session.remove()
    transport = CentralTransport(central, issued.token)
    laptop.config["SYNC_TOKEN"] = issued.token
    laptop.extensions["accueil.sync_transport"] = lambda settings: transport
    yield {"central": central, "laptop": laptop, "token": issued.token, "transport": transport}
    for app in (central, laptop):
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


@pytest.fixture
def laptop_day(apps: dict[str, Any], clock: FakeClock) -> Callable[..., dict[str, int]]:
    """record_day on the laptop through its own API (kiosk client and a signed-in agent)."""
    from tests.sync.day import record_day

    laptop = apps["laptop"]

    def post(client: Any) -> Callable[[str, dict[str, Any]], tuple[int, Any]]:
        def send(path: str, body: dict[str, Any]) -> tuple[int, Any]:
            response = client.post(path, json=body)
            return response.status_code, response.get_json(silent=True)

        return send

    def play(visits: int = 12) -> dict[str, int]:
        kiosk, agent = laptop.test_client(), laptop.test_client()
        signed_in = agent.post("/api/v1/auth/login", json={"login": "demo2", "pin": "1234"})
        assert signed_in.status_code == 200
        return record_day(
            post(kiosk), post(agent), lambda minutes: clock.advance(minutes=minutes), visits
        )

    return play
