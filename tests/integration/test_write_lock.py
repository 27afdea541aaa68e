"""SQLite's write lock is taken by use cases that write, never by reads (issue 15 §1).

The guarantees that need the lock (numbering, call next) are proven in test_concurrency.py on
SQLite and in test_postgres_redis.py on PostgreSQL.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import event

from server.extensions import db


@pytest.fixture
def begins(app: Any) -> Iterator[list[str]]:
    """Every BEGIN statement the application sends to SQLite, in order."""
    seen: list[str] = []
    with app.app_context():
        engine = db.engine

    def record(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        if statement.startswith("BEGIN"):
            seen.append(statement)

    event.listen(engine, "before_cursor_execute", record)
    yield seen
    event.remove(engine, "before_cursor_execute", record)


def test_reads_begin_deferred_and_only_writes_take_the_write_lock(
    client, agent_client, begins, make_ticket
):
    begins.clear()
    assert client.get("/api/v1/queue").status_code == 200
    assert client.get("/api/v1/services").status_code == 200
    assert agent_client.get("/api/v1/agents").status_code == 200
    assert begins and set(begins) == {"BEGIN"}

    begins.clear()
    make_ticket()
    assert "BEGIN IMMEDIATE" in begins

    begins.clear()
    response = agent_client.post("/api/v1/agent/call-next", json={"counter": "bureau-1"})
    assert response.status_code == 200
    assert "BEGIN IMMEDIATE" in begins


def test_a_read_answers_while_another_process_holds_the_write_lock(
    client, make_ticket, database_url
):
    make_ticket()
    writer = sqlite3.connect(database_url.removeprefix("sqlite:///"), isolation_level=None)
    try:
        writer.execute("BEGIN IMMEDIATE")  # a long write elsewhere (a migration, a purge)
        writer.execute("UPDATE visits SET priority = 1")
        queue = client.get("/api/v1/queue")
        assert queue.status_code == 200
        assert queue.json["waiting_count"] == 1
        ticket = client.get("/api/v1/tickets/by-token/" + "x" * 10)
        assert ticket.status_code == 404  # answered, not queued behind the writer
    finally:
        writer.execute("ROLLBACK")
        writer.close()
