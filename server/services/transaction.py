"""One unit of work: a use case writes inside `writing(session)`, and nowhere else commits.

    def close_counter(session, ...) -> list[Event]:
        with writing(session):
            counter.open = False
            return [CountersChanged(site.code)]

Leaving the block normally commits once; an exception rolls back and propagates. Routes,
auth helpers and socket handlers never commit: they call a use case.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy.orm import Session

WRITE_OPTION = "accueil_write"  # read by server.database when the transaction begins


@contextmanager
def writing(session: Session) -> Iterator[Session]:
    """A write transaction: commit on success, roll back on any error."""
    if session.in_transaction():
        # End whatever read the request did first (nothing pending: a no-op commit), so the
        # write starts a fresh transaction that takes SQLite's write lock up front.
        session.commit()
    session.connection(execution_options={WRITE_OPTION: True})
    try:
        yield session
    except BaseException:
        session.rollback()
        raise
    session.commit()


@contextmanager
def reading(session: Session) -> Iterator[Session]:
    """A read-only transaction: never takes the write lock, ends with the block."""
    try:
        yield session
    except BaseException:
        session.rollback()
        raise
    if session.in_transaction():
        session.commit()  # nothing pending: ends the snapshot without expiring loaded objects
