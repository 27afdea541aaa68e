"""What only the back-office changes, read once per process: the catalogue and the sites'
settings.

Every ticket and every snapshot asked the database again for the active requests, their
partners and the site's policy, opening hours and peak mode (five statements of the 27 a
ticket cost), though these change a few times a year. Here they are kept per database engine
and forgotten as soon as a change to a watched table is flushed or committed in this process
(any engine: two apps of one process on one database see each other's changes), and, when a
message queue links several processes, in every other process too (`CHANNEL` on Redis).

A session with a pending change to a watched table reads around the cache, so a use case
always sees its own changes before its commit.
"""

from __future__ import annotations

import copy
import logging
import threading
import time
from collections.abc import Callable
from typing import Any, TypeVar
from weakref import WeakKeyDictionary

from sqlalchemy import event
from sqlalchemy.orm import ORMExecuteState, Session
from sqlalchemy.sql.elements import TextClause

from server.models import Partner, Service, Setting, Site, SiteService

log = logging.getLogger(__name__)

WATCHED = (Service, Partner, Setting, Site, SiteService)
WATCHED_TABLES = frozenset(model.__tablename__ for model in WATCHED)
CHANNEL = "accueil:process-cache"
_PENDING = "accueil.process_cache_pending"

T = TypeVar("T")

_stores: WeakKeyDictionary[Any, dict[Any, Any]] = WeakKeyDictionary()
_lock = threading.Lock()
_notify: dict[str, Callable[[bytes], Any]] = {}  # per message queue: tell the other processes
FORGET = b"forget"
# What a message from another process does here, by its body; a listener that (re)connects
# runs them all, for whatever it missed. server/services/situation_cache.py adds its own.
HANDLERS: dict[bytes, Callable[[], None]] = {}


def cached(session: Session, key: Any, load: Callable[[], T]) -> T:
    """The value under `key` for this session's database, loaded once until a change."""
    if session.info.get(_PENDING) or _touches_watched(session):
        return load()
    bind = session.get_bind()
    engine = getattr(bind, "engine", bind)
    with _lock:
        store = _stores.setdefault(engine, {})
        if key in store:
            known: T = store[key]
            return _copy(known)
    value = load()
    with _lock:
        _stores.setdefault(engine, {})[key] = value
    return _copy(value)


def _copy(value: T) -> T:
    """Callers get their own dicts and lists: a caller that edits one changes no one else's."""
    return copy.deepcopy(value) if isinstance(value, dict | list) else value


def forget(*, tell_others: bool = True) -> None:
    with _lock:
        for store in _stores.values():
            store.clear()
    if tell_others:
        tell_other_processes(FORGET)


def tell_other_processes(message: bytes) -> None:
    """Publish `message` to the processes linked by a message queue (none: nothing to do)."""
    for notify in list(_notify.values()):
        try:
            notify(message)
        except Exception:  # a message queue down must not fail the change that was made
            log.warning("could not tell the other processes about a change")


def received(message: bytes) -> None:
    """A message from another process (unknown ones are ignored)."""
    handler = HANDLERS.get(message)
    if handler is not None:
        handler()


_writes = [0]  # flushes, writing statements and commits seen in this process


def writes_seen() -> int:
    """Grows with every write in this process: what was read before may have changed."""
    return _writes[0]


def _count_write(*_: Any) -> None:
    _writes[0] += 1


event.listen(Session, "after_flush", _count_write)
event.listen(Session, "after_commit", _count_write)


def _touches_watched(session: Session) -> bool:
    return any(
        isinstance(instance, WATCHED)
        for instance in (*session.new, *session.dirty, *session.deleted)
    )


@event.listens_for(Session, "before_flush")
def _before_flush(session: Session, *_: Any) -> None:
    if _touches_watched(session):
        session.info[_PENDING] = True
        forget(tell_others=False)


@event.listens_for(Session, "do_orm_execute")
def _on_execute(state: ORMExecuteState) -> None:
    if state.is_select:
        return
    _count_write()
    statement = state.statement
    table = getattr(statement, "table", None)
    if isinstance(statement, TextClause) or getattr(table, "name", None) in WATCHED_TABLES:
        state.session.info[_PENDING] = True
        forget(tell_others=False)


@event.listens_for(Session, "after_commit")
def _after_commit(session: Session) -> None:
    if session.info.pop(_PENDING, None):
        forget()


@event.listens_for(Session, "after_soft_rollback")
def _after_rollback(session: Session, *_: Any) -> None:
    if session.info.pop(_PENDING, None):
        forget(tell_others=False)


def link_processes(redis_url: str, start: Callable[..., Any]) -> None:
    """Tell the other processes on this message queue to forget, and listen to them.
    `start` runs the listener in the background (the server's async mode)."""
    import redis

    if redis_url in _notify:  # one listener per process and message queue
        return
    client = redis.Redis.from_url(redis_url)
    _notify[redis_url] = lambda message: client.publish(CHANNEL, message)

    def listen() -> None:
        while True:
            try:
                pubsub = redis.Redis.from_url(redis_url).pubsub(  # type: ignore[no-untyped-call]
                    ignore_subscribe_messages=True
                )
                pubsub.subscribe(CHANNEL)
                for handler in list(HANDLERS.values()):
                    handler()  # whatever was missed while not listening
                for message in pubsub.listen():
                    if message.get("type") == "message":
                        received(message.get("data") or b"")
            except Exception:
                log.warning("process cache: message queue lost, listening again")
                time.sleep(1.0)

    start(listen)


HANDLERS[FORGET] = lambda: forget(tell_others=False)

ABSENT = object()


def setting_value(session: Session, site: Site, key: str) -> Any:
    """A site's saved setting (None when the site kept the default)."""

    def load() -> Any:
        row = session.get(Setting, (site.id, key))
        return row.value if row is not None else None

    return cached(session, ("setting", site.id, key), load)
