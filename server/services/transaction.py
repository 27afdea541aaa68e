"""One unit of work: a use case writes inside `writing(session)`, and nowhere else commits.

    def close_counter(session, ...) -> list[Event]:
        with writing(session):
            counter.open = False
            return [CountersChanged(site.code)]

Leaving the outermost block normally commits once; an exception rolls back and propagates.
A use case that calls another joins its transaction: the inner `writing` neither commits nor
rolls back, so both land together or not at all. Routes, auth helpers and socket handlers
never commit: they call a use case and publish the events it returns.

On SQLite a writing transaction starts with BEGIN IMMEDIATE (the write lock, taken up front,
serialises numbering and call-next); everything else begins deferred, so reads never queue
behind a write (WAL readers do not block). PostgreSQL is unchanged: row locks do that work.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, cast

from sqlalchemy import CursorResult, Executable
from sqlalchemy.orm import Session, scoped_session

WRITE_OPTION = "accueil_write"  # read by server.database when the transaction begins
_DEPTH = "accueil_writing_depth"  # in session.info: how many writing blocks are open


def in_writing(session: Session) -> bool:
    """Whether a use case's write transaction is open on this session."""
    return bool(session.info.get(_DEPTH))


def _actual(session: Session) -> Session:
    """The request's own session behind Flask-SQLAlchemy's scoped proxy (`db.session`)."""
    return session() if isinstance(session, scoped_session) else session


@contextmanager
def writing(session: Session) -> Iterator[Session]:
    """A write transaction: commit on success, roll back on any error; joins an outer one."""
    session = _actual(session)
    if in_writing(session):
        session.info[_DEPTH] += 1
        try:
            yield session
        finally:
            session.info[_DEPTH] -= 1
        return
    if session.in_transaction():
        # End whatever read the request did first (nothing pending: a no-op commit), so the
        # write starts a fresh transaction that takes SQLite's write lock up front.
        session.commit()
    # What the request read before was read outside the lock: reload it on first use, so
    # every decision of the use case rests on what the database holds under the lock.
    session.expire_all()
    session.connection(execution_options={WRITE_OPTION: True})
    session.info[_DEPTH] = 1
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.info[_DEPTH] = 0


def changed_rows(session: Session, statement: Executable) -> int:
    """Run an UPDATE or DELETE in the current transaction: how many rows it changed."""
    return int(cast(CursorResult[Any], session.execute(statement)).rowcount)


@contextmanager
def reading(session: Session) -> Iterator[Session]:
    """A read-only transaction: never takes the write lock, ends with the block."""
    session = _actual(session)
    if in_writing(session):  # inside a use case's write: read in its transaction
        yield session
        return
    try:
        yield session
    except BaseException:
        session.rollback()
        raise
    if session.in_transaction():
        session.commit()  # nothing pending: ends the snapshot without expiring loaded objects
