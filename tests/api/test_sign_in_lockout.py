"""PIN lockout: counted per login and device, doubling, unlockable, silent about logins."""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from threading import Barrier, Lock
from typing import Any

import pytest
import sqlalchemy as sa
from click.testing import CliRunner

import server.services.agents as agents_service
from server.demo import seed_demo
from server.extensions import db
from server.trusted_browsers import DEVICE_COOKIE

LOGIN = "/api/v1/auth/login"


def attempt(client: Any, login: str = "demo2", pin: str = "0000") -> Any:
    return client.post(LOGIN, json={"login": login, "pin": pin})


def lock_out(client: Any, login: str = "demo2") -> Any:
    for _ in range(4):
        assert attempt(client, login).status_code == 401
    locked = attempt(client, login)
    assert locked.status_code == 423
    return locked


def test_an_unknown_login_gets_exactly_the_answers_a_known_one_gets(app: Any) -> None:
    known, unknown = app.test_client(), app.test_client()
    for _ in range(7):
        a, b = attempt(known, "demo2"), attempt(unknown, "nobody")
        assert (a.status_code, a.json) == (b.status_code, b.json)
    assert a.status_code == 423


def test_a_deactivated_login_answers_like_an_unknown_one_even_with_its_right_pin(
    agent_client: Any, client: Any
) -> None:
    agent_client.patch("/api/v1/admin/agents/demo2", json={"active": False})
    right = attempt(client, "demo2", "1234")
    unknown = attempt(client, "nobody", "1234")
    assert right.status_code == unknown.status_code == 401
    assert right.json == unknown.json


def test_a_stranger_typing_wrong_pins_cannot_lock_the_agent_out_of_their_usual_tablet(
    app: Any,
) -> None:
    tablet = app.test_client()
    assert attempt(tablet, "demo2", "1234").status_code == 200  # the tablet is now trusted
    tablet.post("/api/v1/auth/logout")
    stranger = app.test_client()
    lock_out(stranger)
    assert attempt(stranger, "demo2", "1234").status_code == 423  # even the right PIN waits
    assert attempt(tablet, "demo2", "1234").status_code == 200


def test_a_new_or_forged_device_cookie_earns_no_fresh_guesses(app: Any) -> None:
    lock_out(app.test_client())  # from this address, without a trusted device
    newcomer = app.test_client()
    newcomer.set_cookie(DEVICE_COOKIE, "forged-value", path="/api/v1/auth")
    assert attempt(newcomer).status_code == 423


def test_a_trusted_device_of_another_login_is_not_trusted_for_this_one(app: Any) -> None:
    tablet = app.test_client()
    assert attempt(tablet, "demo1", "1234").status_code == 200
    lock_out(app.test_client(), "demo2")  # demo2 locked out from this address
    assert attempt(tablet, "demo2", "1234").status_code == 423


def test_each_lockout_of_a_device_lasts_twice_the_one_before(client: Any, clock: Any) -> None:
    assert lock_out(client).json["error"]["details"]["retry_after_seconds"] == 60
    clock.advance(minutes=1, seconds=1)
    assert lock_out(client).json["error"]["details"]["retry_after_seconds"] == 120
    clock.advance(minutes=2, seconds=1)
    assert lock_out(client).json["error"]["details"]["retry_after_seconds"] == 240
    clock.advance(minutes=4, seconds=1)
    assert attempt(client, pin="1234").status_code == 200
    assert lock_out(client).json["error"]["details"]["retry_after_seconds"] == 60  # reset


def test_a_quiet_day_forgets_earlier_wrong_pins(client: Any, clock: Any) -> None:
    for _ in range(4):
        assert attempt(client).status_code == 401
    clock.advance(hours=25)
    assert attempt(client).json["error"]["details"]["attempts_left"] == 4


def test_an_administrator_unlocks_an_agent_on_every_device(
    app: Any, client: Any, login: Any
) -> None:
    lock_out(client)
    url = "/api/v1/admin/agents/demo2/unlock"
    assert app.test_client().post(url).status_code == 401
    admin = login("demo1")
    listed = {a["login"]: a for a in admin.get("/api/v1/admin/agents").json}
    assert listed["demo2"]["locked"] is True
    assert "/api/v1/admin/agents/demo2/unlock" in admin.get("/admin/agents").text
    response = admin.post(url)
    assert response.status_code == 200
    assert response.json["locked"] is False
    assert attempt(client, pin="1234").status_code == 200


def test_an_agent_cannot_unlock_anybody(app: Any, login: Any) -> None:
    lock_out(app.test_client(), "demo1")
    agent = login("demo2")
    assert agent.post("/api/v1/admin/agents/demo1/unlock").status_code == 403
    assert agent.post("/api/v1/admin/agents/demo2/unlock").status_code == 403


def test_accueil_agent_unlock_lifts_the_lockout_from_the_command_line(
    app: Any, client: Any, database_url: str, monkeypatch: Any, tmp_path: Any
) -> None:
    from server.cli import cli

    lock_out(client)
    monkeypatch.setenv("ACCUEIL_DATABASE_URL", database_url)
    monkeypatch.setenv("ACCUEIL_INSTANCE_DIR", str(tmp_path))
    result = CliRunner().invoke(cli, ["agent", "unlock", "demo2"])
    assert result.exit_code == 0, result.output
    assert "débloqué" in result.output
    assert attempt(client, pin="1234").status_code == 200
    unknown = CliRunner().invoke(cli, ["agent", "unlock", "nobody"])
    assert unknown.exit_code != 0


def parallel_wrong_pins(app: Any, monkeypatch: Any, guesses: int) -> tuple[list[int], int]:
    """`guesses` wrong PINs for demo2 at the same instant: the statuses and the PINs checked."""
    checked = 0
    guard = Lock()
    real_check = agents_service.check_password_hash

    def counting_check(pin_hash: str, pin: str) -> bool:
        nonlocal checked
        with guard:
            checked += 1
        return real_check(pin_hash, pin)

    monkeypatch.setattr(agents_service, "check_password_hash", counting_check)
    barrier = Barrier(guesses)

    def guess(index: int) -> int:
        client = app.test_client()
        barrier.wait()
        return int(attempt(client, "demo2", str(5000 + index)).status_code)

    with ThreadPoolExecutor(max_workers=guesses) as pool:
        statuses = list(pool.map(guess, range(guesses)))
    return statuses, checked


def test_parallel_wrong_pins_get_five_checks_per_lockout_on_sqlite(
    app: Any, monkeypatch: Any
) -> None:
    statuses, checked = parallel_wrong_pins(app, monkeypatch, 12)
    assert checked == 5
    assert sorted(statuses) == [401] * 4 + [423] * 8


POSTGRES_URL = os.environ.get("ACCUEIL_TEST_DATABASE_URL")


@pytest.fixture
def postgres_app(make_app: Any) -> Any:
    assert POSTGRES_URL
    engine = sa.create_engine(POSTGRES_URL)
    with engine.begin() as connection:
        connection.execute(sa.text("DROP SCHEMA public CASCADE"))
        connection.execute(sa.text("CREATE SCHEMA public"))
    engine.dispose()
    app = make_app(
        SQLALCHEMY_DATABASE_URI=POSTGRES_URL,
        SQLALCHEMY_ENGINE_OPTIONS={"pool_size": 16, "max_overflow": 0, "hide_parameters": True},
    )
    with app.app_context():
        db.create_all()
        seed_demo(db.session)
        db.session.remove()
    return app


@pytest.mark.postgres
@pytest.mark.skipif(not POSTGRES_URL, reason="set ACCUEIL_TEST_DATABASE_URL")
def test_parallel_wrong_pins_get_five_checks_per_lockout_on_postgresql(
    postgres_app: Any, monkeypatch: Any
) -> None:
    statuses, checked = parallel_wrong_pins(postgres_app, monkeypatch, 12)
    assert checked == 5
    assert sorted(statuses) == [401] * 4 + [423] * 8


def test_the_purge_forgets_counts_a_day_old_with_their_addresses(app: Any, clock: Any) -> None:
    from server.models import SignInAttempts
    from server.retention_runtime import RetentionRuntime

    attempt(app.test_client())
    clock.advance(hours=25)
    RetentionRuntime(app).run_once()
    with app.app_context():
        assert db.session.scalars(sa.select(SignInAttempts)).all() == []
