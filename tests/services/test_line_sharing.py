"""The line and its wait estimate are computed once per change and shared within a request,
and any write forgets them, so nobody ever reads a line that misses a ticket."""

from __future__ import annotations

import sqlite3
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import select, update

from server.domain.ordering import FairnessRule
from server.extensions import db
from server.models import Agent, Visit
from server.services import process_cache, situation_cache
from server.services.lookup import site_by_code
from server.services.queue_view import load_line, queue_snapshot
from server.services.tickets import issue_ticket
from server.services.transaction import writing
from tests.sql_spy import statements_sent

RULE = FairnessRule()


@pytest.fixture
def site(app: Any) -> Any:
    with app.app_context():
        yield site_by_code(db.session, "mde-castelsarrasin")


def statements(run: Any) -> int:
    return len(statement_texts(run))


def test_the_answer_and_the_broadcast_of_one_change_share_one_line(site: Any, clock: Any) -> None:
    issue_ticket(db.session, site=site, service_code="caf-rsa", clock=clock)
    first = statements(lambda: load_line(db.session, site, clock, RULE))
    again = statements(lambda: queue_snapshot(db.session, site, clock, RULE))
    assert first > 5
    assert again < first  # the snapshot reuses the line; only its own extras are read


def test_a_new_ticket_is_never_missed_by_a_line_read_before_it(site: Any, clock: Any) -> None:
    before = load_line(db.session, site, clock, RULE)
    issue_ticket(db.session, site=site, service_code="caf-rsa", clock=clock)
    after = load_line(db.session, site, clock, RULE)
    assert len(after.ordered) == len(before.ordered) + 1


def test_a_statement_that_writes_forgets_the_line_too(site: Any, clock: Any) -> None:
    issue_ticket(db.session, site=site, service_code="caf-rsa", clock=clock)
    before = load_line(db.session, site, clock, RULE)
    db.session.execute(update(Visit).where(Visit.status == "waiting").values(status="cancelled"))
    assert load_line(db.session, site, clock, RULE).ordered == []
    assert before.ordered  # what was read before the write is left as it was
    db.session.rollback()


def test_time_passing_recomputes_the_line(site: Any, clock: Any) -> None:
    issue_ticket(db.session, site=site, service_code="caf-rsa", clock=clock)
    now = load_line(db.session, site, clock, RULE)
    clock.current += timedelta(minutes=20)
    later = load_line(db.session, site, clock, RULE)
    assert later is not now


# --- the site's situation (agents, appointments, history), shared by the process ------------


def statement_texts(run: Any) -> list[str]:
    with statements_sent(db.engine) as seen:
        run()
    return seen


def situation_reads(texts: list[str]) -> list[str]:
    return [t for t in texts if "FROM agents" in t or "FROM appointments" in t]


def on_duty(clock: Any) -> list[tuple[int, bool]]:
    """The agents the next request's wait estimate counts (a request has its own session)."""
    site = site_by_code(db.session, "mde-castelsarrasin")
    line = load_line(db.session, site, clock, RULE)
    db.session.remove()
    return [(agent.id, agent.paused) for agent in line.waits.situation.agents]


def test_tickets_taken_in_one_second_read_the_agents_once(site: Any, clock: Any) -> None:
    """A rush at the kiosk changes only the line: the agents, their visits, the appointments
    and the history are read by the first answer of the second, not by every one."""
    first = statement_texts(lambda: load_line(db.session, site, clock, RULE))
    db.session.commit()
    assert situation_reads(first)
    waiting = len(load_line(db.session, site, clock, RULE).ordered)
    issue_ticket(db.session, site=site, service_code="caf-rsa", clock=clock)
    lines: list[Any] = []
    after = statement_texts(lambda: lines.append(load_line(db.session, site, clock, RULE)))
    assert len(lines[0].ordered) == waiting + 1  # the line itself is read again
    assert situation_reads(after) == []


@pytest.mark.usefixtures("site")  # in the app's context
def test_any_other_write_is_seen_by_the_next_answer_in_the_same_second(clock: Any) -> None:
    """An agent going on duty or pausing (through the ORM or a plain UPDATE) moves every wait:
    the next answer reads it, even within the second."""
    assert on_duty(clock) == []
    with writing(db.session):
        agent = db.session.scalar(select(Agent).where(Agent.login == "demo1"))
        agent.on_duty = True
        agent_id = agent.id
    assert on_duty(clock) == [(agent_id, False)]
    with writing(db.session):
        db.session.execute(update(Agent).where(Agent.id == agent_id).values(paused=True))
    assert on_duty(clock) == [(agent_id, True)]


def put_demo1_on_duty_elsewhere(database_url: str) -> None:
    """Another process (or `accueil …` beside the server) writes, on its own connection."""
    raw = sqlite3.connect(database_url.removeprefix("sqlite:///"))
    raw.execute("UPDATE agents SET on_duty = 1 WHERE login = 'demo1'")
    raw.commit()
    raw.close()


@pytest.mark.usefixtures("site")
def test_one_process_sees_another_writer_within_the_second(clock: Any, database_url: str) -> None:
    assert on_duty(clock) == []
    put_demo1_on_duty_elsewhere(database_url)
    assert on_duty(clock) == []  # shared within this second
    clock.current += timedelta(seconds=1)
    assert len(on_duty(clock)) == 1


@pytest.mark.usefixtures("site")
def test_another_linked_process_s_write_is_seen_as_soon_as_it_says_so(
    clock: Any, database_url: str
) -> None:
    """Processes behind a message queue tell each other each commit that changes a situation:
    the message (as the Redis listener hands it over) makes the next answer read again."""
    assert on_duty(clock) == []
    put_demo1_on_duty_elsewhere(database_url)
    assert on_duty(clock) == []  # not told yet
    process_cache.received(situation_cache.SITUATION)
    assert len(on_duty(clock)) == 1


def test_a_commit_that_changes_a_situation_tells_the_other_processes(
    monkeypatch: pytest.MonkeyPatch, site: Any, clock: Any
) -> None:
    told: list[bytes] = []
    monkeypatch.setattr(process_cache, "_notify", {"redis://queue": told.append})
    issue_ticket(db.session, site=site, service_code="caf-rsa", clock=clock)
    assert told == []  # a kiosk ticket changes no situation
    with writing(db.session):
        db.session.execute(update(Agent).where(Agent.login == "demo1").values(paused=True))
    assert told == [situation_cache.SITUATION]


def test_a_full_cache_lets_its_oldest_entries_go_not_the_newest(site: Any) -> None:
    """A department's sites fill the cache every second or so: the entries of this second must
    survive the eviction, or every site would read its situation again each time."""
    for n in range(situation_cache.KEPT + 5):
        situation_cache.shared(db.session, ("test", n), lambda n=n: n)
    just_before = situation_cache.KEPT - 1  # stored right before the cache was full
    assert situation_cache.shared(db.session, ("test", just_before), lambda: -1) == just_before
    assert situation_cache.shared(db.session, ("test", 0), lambda: -1) == -1  # evicted
