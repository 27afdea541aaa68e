"""Tests aimed at one mechanism each: remove it and one of these goes red.

- the anti-starvation rule, through the real call-next use case and a fake clock;
- the numbering upsert (one atomic statement) on PostgreSQL, under concurrent issuing;
- the row lock on call-next (FOR UPDATE SKIP LOCKED) on PostgreSQL: an agent never waits for,
  nor takes, the ticket a colleague is calling at that instant.
"""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from sqlalchemy import select, text
from sqlalchemy.orm import Session

from server.models import Visit


def call(agent: Any, counter: str = "accueil") -> dict[str, Any]:
    response = agent.post("/api/v1/agent/call-next", json={"counter": counter})
    assert response.status_code == 200, response.json
    ticket = response.json
    outcome = {"request_type": "information", "result": "resolved"}
    started = agent.post(f"/api/v1/tickets/{ticket['id']}/start", json={})
    assert started.status_code == 200
    finished = agent.post(f"/api/v1/tickets/{ticket['id']}/finish", json={"outcome": outcome})
    assert finished.status_code == 200
    return dict(ticket)


def test_after_two_priority_calls_a_normal_ticket_waiting_15_minutes_goes_next(
    login, make_ticket, clock
):
    agent = login("demo1")
    normal = make_ticket()
    clock.advance(minutes=16)
    priority = [make_ticket(priority=True) for _ in range(3)]
    order = [call(agent)["id"] for _ in range(4)]
    assert order == [priority[0]["id"], priority[1]["id"], normal["id"], priority[2]["id"]]


def test_before_15_minutes_of_waiting_priority_tickets_keep_going_first(login, make_ticket, clock):
    agent = login("demo1")
    normal = make_ticket()
    clock.advance(minutes=10)
    priority = [make_ticket(priority=True) for _ in range(3)]
    order = [call(agent)["id"] for _ in range(4)]
    assert order == [*(p["id"] for p in priority), normal["id"]]


pg = pytest.mark.postgres


@pg
def test_tickets_issued_at_once_on_postgresql_get_distinct_numbers(pg_app):
    def take(index: int) -> tuple[int, str]:
        client = pg_app.test_client()
        response = client.post("/api/v1/tickets", json={"service": "caf-rsa"})
        return response.status_code, response.json.get("number", "")

    with ThreadPoolExecutor(max_workers=12) as pool:
        answers = list(pool.map(take, range(120)))
    assert [status for status, _ in answers] == [201] * 120
    assert len({number for _, number in answers}) == 120


@pg
def test_an_agent_never_waits_for_nor_takes_the_ticket_a_colleague_is_calling(pg_app):
    kiosk = pg_app.test_client()
    for _ in range(2):
        assert kiosk.post("/api/v1/tickets", json={"service": "caf-rsa"}).status_code == 201
    with pg_app.app_context():
        from server.extensions import db

        engine = db.engine
        first, second = db.session.scalars(
            select(Visit.id)
            .where(Visit.status == "waiting")
            .order_by(Visit.arrived_at, Visit.id)
            .limit(2)
        ).all()
    agent = pg_app.test_client()
    agent.post("/api/v1/auth/login", json={"login": "demo2", "pin": "1234"})
    answer: list[Any] = []
    with Session(engine) as colleague:
        # A colleague's call-next holds the first ticket's row lock, not yet committed.
        colleague.execute(text("SELECT id FROM visits WHERE id = :id FOR UPDATE"), {"id": first})
        worker = threading.Thread(
            target=lambda: answer.append(
                agent.post("/api/v1/agent/call-next", json={"counter": "bureau-2"})
            )
        )
        worker.start()
        worker.join(20)  # bounded: without SKIP LOCKED it would wait for the colleague's commit
        blocked = worker.is_alive()
        colleague.rollback()
    worker.join(20)
    assert not blocked, "call-next waited for a row a colleague was calling"
    assert answer[0].status_code == 200
    assert answer[0].json["id"] == second  # the next one, not the colleague's
