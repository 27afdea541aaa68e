"""A call whose answer was lost (the agent's process or tablet died, the agent left) does not
leave the visitor waiting for nothing: the ticket returns to the line at its place, announced."""

from __future__ import annotations

from typing import Any

from server.calls_runtime import unanswered_calls_runtime
from server.extensions import db
from server.models import Agent, Visit


def called_by(login: Any, make_ticket: Any, who: str = "demo2") -> tuple[Any, dict[str, Any]]:
    agent = login(who)
    first = make_ticket()
    make_ticket()  # someone behind: the returned ticket must come back before them
    called = agent.post("/api/v1/agent/call-next", json={"counter": "bureau-1"})
    assert called.status_code == 200 and called.json["id"] == first["id"]
    return agent, called.json


def status_of(app: Any, ticket_id: int) -> str:
    with app.app_context():
        return db.session.get(Visit, ticket_id).status


def test_a_call_whose_agent_signed_out_returns_to_the_line_first_and_announced(
    app, login, make_ticket, clock, socket_client
):
    agent, ticket = called_by(login, make_ticket)
    colleague = socket_client("/agent", login("demo1"))
    colleague.get_received("/agent")
    assert agent.post("/api/v1/auth/logout", json={}).status_code in (200, 204)
    clock.advance(minutes=2)
    assert unanswered_calls_runtime(app).run_once() == 0  # too early: it may still be answered
    clock.advance(minutes=2)
    assert unanswered_calls_runtime(app).run_once() == 1
    assert status_of(app, ticket["id"]) == "waiting"
    heard = [
        p["args"][0] for p in colleague.get_received("/agent") if p["name"] == "ticket_changed"
    ]
    assert [(h["number"], h["action"], h["unanswered"]) for h in heard] == [
        (ticket["number"], "return", True)
    ]
    assert "revient dans la file" in heard[0]["text"]
    again = login("demo1").post("/api/v1/agent/call-next", json={"counter": "accueil"})
    assert again.json["id"] == ticket["id"]  # its place in line was kept


def test_a_call_stays_on_the_console_of_an_agent_still_there(app, login, make_ticket, clock):
    agent, ticket = called_by(login, make_ticket)
    for _ in range(4):  # twenty minutes with the visitor, the console in use
        clock.advance(minutes=5)
        assert agent.get("/api/v1/agent/current").json["id"] == ticket["id"]
        assert unanswered_calls_runtime(app).run_once() == 0
    assert status_of(app, ticket["id"]) == "called"


def test_a_call_of_an_agent_silent_past_the_idle_time_returns(app, login, make_ticket, clock):
    _, ticket = called_by(login, make_ticket)
    clock.advance(minutes=31)  # the tablet died: no request for longer than the idle time
    assert unanswered_calls_runtime(app).run_once() == 1
    assert status_of(app, ticket["id"]) == "waiting"


def test_a_deactivated_agents_call_returns(app, login, make_ticket, clock):
    _, ticket = called_by(login, make_ticket)
    with app.app_context():
        agent = db.session.query(Agent).filter_by(login="demo2").one()
        agent.active = False
        db.session.commit()
    clock.advance(minutes=4)
    assert unanswered_calls_runtime(app).run_once() == 1
    assert status_of(app, ticket["id"]) == "waiting"
