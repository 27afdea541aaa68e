"""Real server processes: gevent (default) and eventlet, restarts, and the migrations."""

import threading
from collections.abc import Callable
from typing import Any

import pytest
import requests
import socketio

from tests.live import LiveServer

pytestmark = pytest.mark.slow


class Listener:
    """A Socket.IO client that records what one namespace receives."""

    def __init__(self, url: str, namespace: str = "/display") -> None:
        self.namespace = namespace
        self.events: list[tuple[str, Any]] = []
        self.changed = threading.Condition()
        self.client = socketio.Client(reconnection_delay=0.2, reconnection_delay_max=1)
        self.client.on("*", self._record, namespace=namespace)
        self.client.connect(url, namespaces=[namespace], wait_timeout=10)

    def _record(self, name: str, data: Any = None) -> None:
        with self.changed:
            self.events.append((name, data))
            self.changed.notify_all()

    def wait_for(
        self, predicate: Callable[[list[tuple[str, Any]]], bool], timeout: float = 10
    ) -> bool:
        with self.changed:
            return self.changed.wait_for(lambda: predicate(self.events), timeout)

    def close(self) -> None:
        self.client.disconnect()


def called_numbers(events):
    return [data["number"] for name, data in events if name == "ticket_called"]


def take_ticket(server: LiveServer, service: str = "caf-rsa") -> dict:
    response = requests.post(f"{server.url}/api/v1/tickets", json={"service": service}, timeout=10)
    assert response.status_code == 201, response.text
    return response.json()


def test_the_default_gevent_server_sets_tcp_nodelay_and_serves_events(tmp_path):
    with LiveServer(tmp_path) as server:
        listener = Listener(server.url)
        try:
            assert listener.wait_for(lambda events: events and events[0][0] == "queue_snapshot")
            ticket = take_ticket(server)
            server.login().post(f"{server.url}/api/v1/agent/call-next", json={"counter": "accueil"})
            assert listener.wait_for(lambda events: ticket["number"] in called_numbers(events))
        finally:
            listener.close()


def test_eventlet_stays_supported_as_an_option(tmp_path):
    pytest.importorskip("eventlet", reason="the eventlet extra is not installed")
    with LiveServer(tmp_path, ACCUEIL_ASYNC_MODE="eventlet") as server:
        listener = Listener(server.url)
        try:
            ticket = take_ticket(server)
            # The public socket says how many wait (nothing per ticket): the new one counts.
            assert listener.wait_for(
                lambda events: any(
                    name == "queue_changed" and data["waiting_count"] >= 1 for name, data in events
                )
            )
            server.login().post(f"{server.url}/api/v1/agent/call-next", json={"counter": "accueil"})
            assert listener.wait_for(lambda events: ticket["number"] in called_numbers(events))
        finally:
            listener.close()
    assert "eventlet" in server.log.read_text()


def test_a_server_restart_loses_nothing_and_screens_resync_by_themselves(tmp_path):
    server = LiveServer(tmp_path).start()
    listener = None
    try:
        first, second = take_ticket(server), take_ticket(server)
        agent = server.login()
        agent.post(f"{server.url}/api/v1/agent/call-next", json={"counter": "bureau-1"})
        before = agent.get(f"{server.url}/api/v1/queue", timeout=5).json()
        listener = Listener(server.url)
        assert listener.wait_for(lambda events: len(events) >= 1)

        server.restart()

        after = agent.get(f"{server.url}/api/v1/queue", timeout=5).json()  # still signed in
        assert after["waiting"] == before["waiting"]
        assert [c["number"] for c in after["last_calls"]] == [first["number"]]
        assert take_ticket(server)["number"] == "C003"  # numbering carries on
        assert listener.wait_for(
            lambda events: [name for name, _ in events].count("queue_snapshot") >= 2, timeout=15
        )
        token = second["tracking_url"].rsplit("/", 1)[1]
        tracked = requests.get(f"{server.url}/api/v1/tickets/by-token/{token}", timeout=5).json()
        assert tracked["status"] == "waiting" and tracked["position"] == 1
        assert agent.get(f"{server.url}/api/v1/auth/me", timeout=5).status_code == 200
    finally:
        if listener:
            listener.close()
        server.stop()


def test_the_migrations_build_exactly_the_schema_of_the_models(tmp_path):
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext
    from flask_migrate import upgrade

    from server import create_app
    from server.config import TestConfig
    from server.extensions import db
    from server.schema import install_migrations

    app = create_app(TestConfig(SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'fresh.db'}"))
    install_migrations(app)
    with app.app_context():
        upgrade()
        with db.engine.connect() as connection:
            differences = compare_metadata(MigrationContext.configure(connection), db.metadata)
        db.engine.dispose()
    assert differences == []
