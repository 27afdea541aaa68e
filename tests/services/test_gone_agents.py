"""An agent gone without « Se déconnecter » (tablet switched off, home at noon) is taken off
duty once silent past the idle time: the kiosk stops promising waits on them, and their counter
is free for the colleague who comes next."""

from __future__ import annotations

from typing import Any

from server.calls_runtime import unanswered_calls_runtime
from server.extensions import db
from server.models import Agent, Counter
from tests.api.test_waits_api import theme_wait


def seated(login: Any, who: str = "demo2", counter: str = "bureau-1") -> Any:
    agent = login(who)
    assert agent.post("/api/v1/agent/duty", json={"counter": counter}).status_code == 200
    return agent


def duty_of(app: Any, login: str) -> tuple[bool, str | None]:
    with app.app_context():
        agent = db.session.query(Agent).filter_by(login=login).one()
        held = db.session.query(Counter).filter_by(held_by_agent_id=agent.id).first()
        return agent.on_duty, held.code if held else None


def test_an_agent_silent_past_the_idle_time_is_off_duty_and_frees_the_counter(
    app: Any, client: Any, login: Any, make_ticket: Any, clock: Any
) -> None:
    seated(login)
    make_ticket()
    assert theme_wait(client)["kind"] != "unknown"  # one agent serves: a wait is announced
    clock.advance(minutes=29)
    unanswered_calls_runtime(app).run_once()
    assert duty_of(app, "demo2") == (True, "bureau-1")  # not yet: maybe a long visit
    clock.advance(minutes=2)
    unanswered_calls_runtime(app).run_once()
    assert duty_of(app, "demo2") == (False, None)
    assert theme_wait(client)["kind"] == "unknown"  # no promise on an agent who is gone
    # The colleague of the next shift takes « Bureau 1 » (it was « tenu par un·e collègue »).
    seated(login, "demo1")
    assert duty_of(app, "demo1") == (True, "bureau-1")


def test_an_agent_whose_console_is_in_use_stays_on_duty(app: Any, login: Any, clock: Any) -> None:
    agent = seated(login)
    for _ in range(4):  # two hours at the counter, the console in use
        clock.advance(minutes=25)
        assert agent.get("/api/v1/agent/current").status_code in (200, 204)
        unanswered_calls_runtime(app).run_once()
    assert duty_of(app, "demo2") == (True, "bureau-1")


def test_signing_in_again_puts_the_agent_back_on_duty(app: Any, login: Any, clock: Any) -> None:
    seated(login)
    clock.advance(minutes=45)
    unanswered_calls_runtime(app).run_once()
    assert duty_of(app, "demo2") == (False, None)
    seated(login)
    assert duty_of(app, "demo2") == (True, "bureau-1")
