"""Promises kept when something fails half-way: nothing is left half-written."""

from __future__ import annotations

import contextlib
import uuid
from concurrent.futures import ThreadPoolExecutor
from threading import Barrier, BrokenBarrierError
from typing import Any

import pytest
from sqlalchemy import func, select

from server.extensions import db
from server.models import Visit
from server.models.kiosk import IdempotencyKey
from server.services.kiosk import issue_ticket_once
from server.services.lookup import site_by_code
from server.services.tickets import issue_ticket


class CrashAfterTheTicket(Exception):
    """The process 'dies' after the ticket row is written, before the key is completed."""


def test_a_crash_between_the_ticket_and_its_key_leaves_neither_and_the_retry_succeeds(
    app: Any, clock: Any
) -> None:
    with app.app_context():
        site = site_by_code(db.session, "mde-castelsarrasin")
        before = db.session.scalar(select(func.count(Visit.id)))

        def issue_then_crash() -> Any:
            issue_ticket(db.session, site=site, service_code="caf-rsa", clock=clock)
            db.session.flush()  # the ticket row is in the transaction
            raise CrashAfterTheTicket

        with pytest.raises(CrashAfterTheTicket):
            issue_ticket_once(db.session, key="kiosk-1-tap-42", clock=clock, issue=issue_then_crash)
        assert db.session.scalar(select(func.count(Visit.id))) == before
        assert db.session.get(IdempotencyKey, "kiosk-1-tap-42") is None

        def issue() -> Any:
            return issue_ticket(db.session, site=site, service_code="caf-rsa", clock=clock)

        visit, _, replayed = issue_ticket_once(
            db.session, key="kiosk-1-tap-42", clock=clock, issue=issue
        )
        assert not replayed
        again, _, replayed = issue_ticket_once(
            db.session, key="kiosk-1-tap-42", clock=clock, issue=issue
        )
        assert replayed and again.id == visit.id
        assert db.session.scalar(select(func.count(Visit.id))) == before + 1


@pytest.mark.postgres
def test_two_agents_saving_one_call_back_at_once_get_one_201_and_one_clear_409(
    pg_app: Any, monkeypatch: pytest.MonkeyPatch
):
    """Both requests find no call-back yet, then both insert one: the loser gets a clear 409.
    The race is forced, not hoped for: each request waits, right after finding none, until the
    other has found none too (a real double tap lands there once in a while)."""
    gate = [Barrier(2)]
    real_uuid4 = uuid.uuid4

    class RacingUuid:
        @staticmethod
        def uuid4() -> uuid.UUID:
            with contextlib.suppress(BrokenBarrierError):
                gate[0].wait(timeout=5)
            return real_uuid4()

    monkeypatch.setattr("server.services.followup.uuid", RacingUuid)
    agents = [pg_app.test_client() for _ in range(2)]
    for agent in agents:
        assert (
            agent.post("/api/v1/auth/login", json={"login": "demo1", "pin": "1234"}).status_code
            == 200
        )
    kiosk = pg_app.test_client()
    for _ in range(3):  # each round forces the race once more
        assert kiosk.post("/api/v1/tickets", json={"service": "caf-rsa"}).status_code == 201
        called = agents[0].post("/api/v1/agent/call-next", json={"counter": "accueil"}).json
        started = (
            agents[0]
            .post(f"/api/v1/tickets/{called['id']}/start", json={"version": called["version"]})
            .json
        )
        outcome = {"request_type": "information", "result": "resolved"}
        finished = agents[0].post(
            f"/api/v1/tickets/{called['id']}/finish",
            json={"outcome": outcome, "version": started["version"]},
        )
        assert finished.status_code == 200, finished.json
        gate[0] = Barrier(2)

        def save(index: int, ticket_id: int = called["id"]) -> Any:
            return agents[index].post(
                f"/api/v1/tickets/{ticket_id}/callback",
                json={"phone": f"061234567{index}", "consent": True},
            )

        with ThreadPoolExecutor(max_workers=2) as pool:
            answers = list(pool.map(save, range(2)))
        codes = sorted(answer.status_code for answer in answers)
        assert codes == [201, 409], [a.json for a in answers]
        refused = next(answer for answer in answers if answer.status_code == 409)
        assert "rappel" in refused.json["error"]["message"]


def test_a_ticket_whose_printing_a_crash_cut_is_announced_to_the_agents(
    app: Any, login: Any, socket_client: Any, make_ticket: Any
) -> None:
    from datetime import UTC, datetime

    from printers.jobs import PrintJob
    from server.printing_runtime import printing_runtime
    from server.services.print_jobs import SqlJobStore, job_ref

    ticket = make_ticket()
    runtime = printing_runtime(app)
    with app.app_context():
        store = SqlJobStore(db.engine)
    job = PrintJob(
        id="a" * 32,
        ticket_ref=job_ref("ticket", ticket["id"]),
        payload=b"...",
        printer_name="entree",
        created_at=datetime.now(UTC),
    )
    store.add(job)
    assert store.claim(job.id, runtime.owner)  # this process was sending it, then died
    agent = socket_client("/agent", login("demo1"))
    agent.get_received("/agent")
    try:
        runtime.ensure_started()  # the restart
    finally:
        runtime.stop()
    told = [p["args"][0] for p in agent.get_received("/agent") if p["name"] == "print_interrupted"]
    assert [(t["id"], t["number"]) for t in told] == [(ticket["id"], ticket["number"])]
    assert "réimprimez" in told[0]["text"]
