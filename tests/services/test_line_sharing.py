"""The line and its wait estimate are computed once per change and shared within a request,
and any write forgets them, so nobody ever reads a line that misses a ticket."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import event, update

from server.domain.ordering import FairnessRule
from server.extensions import db
from server.models import Visit
from server.services.lookup import site_by_code
from server.services.queue_view import load_line, queue_snapshot
from server.services.tickets import issue_ticket

RULE = FairnessRule()


@pytest.fixture
def site(app: Any) -> Any:
    with app.app_context():
        yield site_by_code(db.session, "mde-castelsarrasin")


def statements(run: Any) -> int:
    seen: list[str] = []

    def spy(*_: Any) -> None:
        seen.append("x")

    event.listen(db.engine, "before_cursor_execute", spy)
    try:
        run()
    finally:
        event.remove(db.engine, "before_cursor_execute", spy)
    return len(seen)


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
