"""Shared fixtures: factories, not data. Each test gets its own SQLite file and fake clock."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from server import create_app
from server.config import TestConfig
from server.demo import seed_demo
from server.extensions import db, socketio
from server.services.clock import FakeClock
from tests.pins import cheapen_demo_pins
from tests.speedups import cache_werkzeug_url_builders
from tests.workers import isolate_worker

cache_werkzeug_url_builders()


def pytest_configure(config: pytest.Config) -> None:
    isolate_worker()  # under pytest-xdist: this worker's own PostgreSQL and Redis databases


MONDAY_MORNING = datetime(2026, 11, 30, 8, 0, tzinfo=UTC)  # 09:00 in Castelsarrasin


@pytest.fixture(scope="session")
def seeded_database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One database with the demo data, copied for each test (PIN hashing is slow on purpose)."""
    path = tmp_path_factory.mktemp("template") / "accueil.db"
    app = create_app(TestConfig(SQLALCHEMY_DATABASE_URI=f"sqlite:///{path}"))
    with app.app_context():
        db.create_all()
        seed_demo(db.session)
        cheapen_demo_pins(db.session)
        db.session.remove()
        db.engine.dispose()
    return path


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(MONDAY_MORNING)


@pytest.fixture
def database_url(seeded_database: Path, tmp_path: Path) -> str:
    path = tmp_path / "accueil.db"
    shutil.copy(seeded_database, path)
    return f"sqlite:///{path}"


@pytest.fixture
def make_app(database_url: str, clock: FakeClock) -> Iterator[Callable[..., Any]]:
    apps: list[Any] = []

    def factory(**overrides: Any) -> Any:
        overrides.setdefault("SQLALCHEMY_DATABASE_URI", database_url)
        app = create_app(TestConfig(**overrides), clock=clock)
        apps.append(app)
        return app

    yield factory
    for app in apps:
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


@pytest.fixture
def app(make_app: Callable[..., Any]) -> Any:
    return make_app()


@pytest.fixture
def client(app: Any) -> Any:
    return app.test_client()


@pytest.fixture
def login(app: Any) -> Callable[..., Any]:
    """login("demo1") -> a test client signed in as that agent."""

    def sign_in(name: str = "demo1", pin: str = "1234") -> Any:
        agent_client = app.test_client()
        response = agent_client.post("/api/v1/auth/login", json={"login": name, "pin": pin})
        assert response.status_code == 200, response.json
        return agent_client

    return sign_in


@pytest.fixture
def agent_client(login: Callable[..., Any]) -> Any:
    return login("demo1")


@pytest.fixture
def make_ticket(client: Any) -> Callable[..., dict[str, Any]]:
    def factory(**overrides: Any) -> dict[str, Any]:
        body = {"service": "caf-rsa", **overrides}
        response = client.post("/api/v1/tickets", json=body)
        assert response.status_code == 201, response.json
        return dict(response.json)

    return factory


@pytest.fixture
def socket_client(app: Any, client: Any) -> Callable[..., Any]:
    """socket_client("/display") -> a connected Socket.IO test client (cookies of `client`)."""
    connected: list[Any] = []

    def factory(namespace: str, flask_client: Any = None, **kwargs: Any) -> Any:
        sio = socketio.test_client(
            app, namespace=namespace, flask_test_client=flask_client or client, **kwargs
        )
        connected.append((sio, namespace))
        return sio

    yield factory
    for sio, namespace in connected:
        if sio.is_connected(namespace):
            sio.disconnect(namespace=namespace)


@pytest.fixture(scope="module")
def pg_app() -> Iterator[Any]:
    """The app on the test PostgreSQL database (ACCUEIL_TEST_DATABASE_URL), with the demo data;
    one per test module (the PIN hashing of the demo agents is slow on purpose)."""
    import os

    import sqlalchemy as sa

    url = os.environ.get("ACCUEIL_TEST_DATABASE_URL")
    if not url:
        pytest.skip("set ACCUEIL_TEST_DATABASE_URL (PostgreSQL)")
    engine = sa.create_engine(url)
    with engine.begin() as connection:
        connection.execute(sa.text("DROP SCHEMA public CASCADE"))
        connection.execute(sa.text("CREATE SCHEMA public"))
    engine.dispose()
    app = create_app(TestConfig(SQLALCHEMY_DATABASE_URI=url), clock=FakeClock(MONDAY_MORNING))
    with app.app_context():
        db.create_all()
        seed_demo(db.session)
        cheapen_demo_pins(db.session)
        db.session.remove()
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()
