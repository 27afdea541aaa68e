"""What a site's wait estimate reads besides its line, read at most once a second.

Every ticket answer and every snapshot places tickets in the line and estimates their waits.
The line itself (who waits) is read each time, but the rest of the situation (who is on duty
and serves what, the visits in progress, the day's completion rate, the service times
learned from history, the appointments still expected, the latest calls) was read again by
every request: eight statements and about half of a ticket's CPU time in a rush, though a
ticket taken at the kiosk changes none of it.

So a site's situation is kept per process and per second, and forgotten at once when this
process writes anything but a new waiting ticket (its visit row, its "issue" event, its
number and its idempotency key), whether through the ORM or a statement, at the flush and
again at the commit. Several processes linked by a message queue tell each other after each
such commit (`SITUATION` on the process cache's Redis channel), and each forgets its own. A
writer that is not linked (a command run beside the server, `accueil …`) is seen within the
second.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any, TypeVar
from weakref import WeakKeyDictionary

from sqlalchemy import event
from sqlalchemy.orm import ORMExecuteState, Session

from server.domain.lifecycle import Action, Status
from server.models import TicketSequence, Visit, VisitEvent
from server.models.kiosk import IdempotencyKey
from server.services import process_cache

T = TypeVar("T")

# Writes a kiosk ticket makes: none of them changes a site's situation.
LINE_ONLY_TABLES = frozenset(
    {
        Visit.__tablename__,
        VisitEvent.__tablename__,
        TicketSequence.__tablename__,
        IdempotencyKey.__tablename__,
    }
)
_DIRTY = "accueil.situation_dirty"
SITUATION = b"situation"  # the message another process gets after such a commit
KEPT = 128  # entries per database: two per site and second, for a department's ~30 sites

_version = [0]
_lock = threading.Lock()
_enabled: WeakKeyDictionary[Any, bool] = WeakKeyDictionary()
_stores: WeakKeyDictionary[Any, dict[Any, Any]] = WeakKeyDictionary()


def enable(engine: Any, shared: bool) -> None:
    """Share situations between this engine's sessions (an app turns it on for its engine)."""
    _enabled[engine] = shared


def version() -> int:
    """Grows with every write in this process that may change a situation."""
    return _version[0]


def _forget() -> None:
    with _lock:
        _version[0] += 1


def shared(session: Session, key: Any, load: Callable[[], T]) -> T:
    """The value for `key` (which must name the site and the second) in this process, loaded
    once until a write that may change it. A session with its own pending change reads
    around the cache."""
    bind = session.get_bind()
    engine = getattr(bind, "engine", bind)
    if not _enabled.get(engine) or session.info.get(_DIRTY) or _changes_situation(session):
        return load()
    full = (key, version())
    with _lock:
        store = _stores.setdefault(engine, {})
        if full in store:
            known: T = store[full]
            return known
    value = load()
    with _lock:
        store = _stores.setdefault(engine, {})
        if len(store) >= KEPT:  # the older half goes (in insertion order: the oldest seconds)
            for old in list(store)[: KEPT // 2]:
                del store[old]
        store[full] = value
    return value


def _line_only(instance: Any, new: bool) -> bool:
    if isinstance(instance, IdempotencyKey | TicketSequence):
        return True
    if new and isinstance(instance, Visit):
        return instance.status == Status.WAITING.value
    if new and isinstance(instance, VisitEvent):
        return instance.action == Action.ISSUE.value
    return False


def _changes_situation(session: Session) -> bool:
    return any(not _line_only(i, True) for i in session.new) or any(
        not _line_only(i, False)
        for i in (*session.dirty, *session.deleted)
        if session.is_modified(i) or i in session.deleted
    )


@event.listens_for(Session, "before_flush")
def _before_flush(session: Session, *_: Any) -> None:
    if _changes_situation(session):
        session.info[_DIRTY] = True
        _forget()


@event.listens_for(Session, "do_orm_execute")
def _on_execute(state: ORMExecuteState) -> None:
    if state.is_select:
        return
    table = getattr(getattr(state.statement, "table", None), "name", None)
    if table not in LINE_ONLY_TABLES or table in (Visit.__tablename__, VisitEvent.__tablename__):
        state.session.info[_DIRTY] = True
        _forget()


@event.listens_for(Session, "after_commit")
def _after_commit(session: Session) -> None:
    if session.info.pop(_DIRTY, None):
        _forget()
        process_cache.tell_other_processes(SITUATION)


process_cache.HANDLERS[SITUATION] = _forget


@event.listens_for(Session, "after_soft_rollback")
def _after_rollback(session: Session, *_: Any) -> None:
    if session.info.pop(_DIRTY, None):
        _forget()
