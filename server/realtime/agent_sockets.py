"""The open /agent sockets of this process and the session each belongs to.

When a session ends (sign-out, PIN reset, deactivation, idle), `close_sessions` disconnects
its sockets here and tells consoles connected to other processes (`session_ended` to the
session's room). A sweep, every AGENT_SOCKET_SWEEP_SECONDS, also closes the sockets of sessions
that ended elsewhere or went idle while the console only listened.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterable
from typing import Any

from server.extensions import db, socketio

NAMESPACE = "/agent"
log = logging.getLogger(__name__)

_sockets: dict[str, str] = {}  # socket id -> agent session id
_lock = threading.Lock()
_sweeping: set[int] = set()  # the apps whose sweep runs in this process


def session_room(session_id: str) -> str:
    return f"session:{session_id}"


def register(sid: str, session_id: str) -> None:
    with _lock:
        _sockets[sid] = session_id


def forget(sid: str) -> None:
    with _lock:
        _sockets.pop(sid, None)


def open_sessions() -> set[str]:
    with _lock:
        return set(_sockets.values())


def close_sessions(session_ids: Iterable[str]) -> None:
    """Disconnect the sockets of these ended sessions (told everywhere, closed here)."""
    ended = set(session_ids)
    for session_id in ended:
        socketio.emit("session_ended", {}, namespace=NAMESPACE, to=session_room(session_id))
    with _lock:
        sids = [sid for sid, session_id in _sockets.items() if session_id in ended]
    for sid in sids:
        socketio.server.disconnect(sid, namespace=NAMESPACE)
        forget(sid)


def sweep(app: Any) -> list[str]:
    """Close the sockets whose session is over; the sessions found idle are ended too."""
    from server.context import agent_idle, clock
    from server.services.sessions import end_sessions, ended_among

    with app.app_context():
        try:
            now = clock().now()
            ended = ended_among(db.session, open_sessions(), now, agent_idle())
            end_sessions(db.session, ended, now, site=None)
        finally:
            db.session.remove()
    close_sessions(ended)
    return ended


def start_sweep(app: Any) -> None:
    """Once per app and process, at the first agent socket (never in tests: they sweep)."""
    seconds = float(app.config.get("AGENT_SOCKET_SWEEP_SECONDS") or 0)
    if seconds <= 0:
        return
    with _lock:
        if id(app) in _sweeping:
            return
        _sweeping.add(id(app))
    socketio.start_background_task(_sweep_forever, app, seconds)


def _sweep_forever(app: Any, seconds: float) -> None:
    while True:
        socketio.sleep(seconds)
        try:
            sweep(app)
        except Exception:  # a database hiccup: the next sweep tries again
            log.exception("agent socket sweep failed")
