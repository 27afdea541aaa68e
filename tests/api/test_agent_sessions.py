"""Agents' sessions live on the server: signing out, a new PIN, a deactivation and the idle
timeout end them everywhere, open sockets included; each sign-in gets a new session id."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from server.extensions import db
from server.models import AgentSession
from server.realtime.agent_sockets import sweep

COOKIE = "accueil_session"
ME = "/api/v1/auth/me"


def cookie_of(client: Any) -> str:
    return str(client.get_cookie(COOKIE).value)


def browser_with(app: Any, cookie: str) -> Any:
    """Another browser holding a copy of a session cookie (a stolen or old one)."""
    other = app.test_client()
    other.set_cookie(COOKIE, cookie)
    return other


def test_an_old_cookie_is_refused_after_signing_out(app: Any, login: Any) -> None:
    agent = login("demo2")
    copied = cookie_of(agent)
    assert browser_with(app, copied).get(ME).status_code == 200
    assert agent.post("/api/v1/auth/logout").status_code == 204
    assert browser_with(app, copied).get(ME).status_code == 401


def test_each_sign_in_gets_a_new_session_and_ends_the_one_before(app: Any, login: Any) -> None:
    agent = login("demo2")
    before = cookie_of(agent)
    assert (
        agent.post("/api/v1/auth/login", json={"login": "demo2", "pin": "1234"}).status_code == 200
    )
    assert cookie_of(agent) != before
    assert browser_with(app, before).get(ME).status_code == 401
    assert agent.get(ME).status_code == 200


def test_the_database_keeps_only_a_hash_of_the_session_token(app: Any, login: Any) -> None:
    agent = login("demo2")
    with app.app_context():
        ids = db.session.scalars(select(AgentSession.id)).all()
    assert ids and all(len(found) == 64 for found in ids)
    with agent.session_transaction() as flask_session:
        token = flask_session["agent_session"]
    assert token not in ids


def test_a_new_pin_ends_the_agents_sessions_but_not_the_admins_own(app: Any, login: Any) -> None:
    agent, admin = login("demo2"), login("demo1")
    assert admin.patch("/api/v1/admin/agents/demo2", json={"pin": "4321"}).status_code == 200
    assert agent.get(ME).status_code == 401
    assert admin.patch("/api/v1/admin/agents/demo1", json={"pin": "8642"}).status_code == 200
    assert admin.get(ME).status_code == 200  # the admin who typed it stays signed in


def test_deactivating_an_agent_ends_their_sessions(login: Any) -> None:
    agent, admin = login("demo2"), login("demo1")
    admin.patch("/api/v1/admin/agents/demo2", json={"active": False})
    assert agent.get(ME).status_code == 401
    admin.patch("/api/v1/admin/agents/demo2", json={"active": True})
    assert agent.get(ME).status_code == 401  # reactivated: signs in again


def test_an_idle_session_ends_and_stays_ended(login: Any, clock: Any) -> None:
    agent = login("demo2")
    clock.advance(minutes=29)
    assert agent.get(ME).status_code == 200  # a request keeps it alive
    clock.advance(minutes=29)
    assert agent.get(ME).status_code == 200
    clock.advance(minutes=31)
    assert agent.get(ME).status_code == 401
    clock.advance(minutes=-31)
    assert agent.get(ME).status_code == 401


def test_an_agent_socket_is_closed_when_its_session_signs_out(
    app: Any, login: Any, socket_client: Any
) -> None:
    agent, colleague = login("demo2"), login("demo1")
    copied = cookie_of(agent)
    console = socket_client("/agent", flask_client=agent)
    other = socket_client("/agent", flask_client=colleague)
    assert console.is_connected("/agent")
    agent.post("/api/v1/auth/logout")
    assert not console.is_connected("/agent")
    assert other.is_connected("/agent")  # a colleague's session goes on
    old_cookie = socket_client("/agent", flask_client=browser_with(app, copied))
    assert not old_cookie.is_connected("/agent")


def test_an_agent_socket_is_closed_by_a_pin_reset(login: Any, socket_client: Any) -> None:
    agent, admin = login("demo2"), login("demo1")
    console = socket_client("/agent", flask_client=agent)
    admin.patch("/api/v1/admin/agents/demo2", json={"pin": "4321"})
    assert not console.is_connected("/agent")


def test_an_agent_socket_is_closed_when_the_session_goes_idle(
    app: Any, login: Any, socket_client: Any, clock: Any
) -> None:
    agent = login("demo2")
    console = socket_client("/agent", flask_client=agent)
    clock.advance(minutes=10)
    assert sweep(app) == []
    assert console.is_connected("/agent")
    clock.advance(minutes=21)
    assert len(sweep(app)) == 1
    assert not console.is_connected("/agent")
    assert agent.get(ME).status_code == 401


def test_a_session_ended_by_another_process_closes_its_socket_at_the_next_sweep(
    app: Any, login: Any, socket_client: Any
) -> None:
    agent = login("demo2")
    console = socket_client("/agent", flask_client=agent)
    with app.app_context():  # as another process would: only the database knows
        row = db.session.scalars(select(AgentSession)).one()
        row.revoked_at = row.created_at
        db.session.commit()
    assert console.is_connected("/agent")
    sweep(app)
    assert not console.is_connected("/agent")


def test_an_agent_request_reads_its_session_agent_and_site_once(app: Any, login: Any) -> None:
    """Every console request checks the session (revoked? idle?) and finds its site: once, in
    one read, not again by each helper that asks (a call waited for the repeats)."""
    from tests.sql_spy import statements_sent

    agent = login("demo1")
    assert agent.get("/api/v1/agents").status_code == 200  # the first request's own work
    with app.app_context():
        engine = db.engine
    with statements_sent(engine) as seen:
        assert agent.get("/api/v1/agents").status_code == 200
    assert sum(s.startswith("SELECT agent_sessions.") for s in seen) == 1
    assert sum(s.startswith("SELECT sites.") for s in seen) == 1
