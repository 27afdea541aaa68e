"""Inside the server, every UNANSWERED_CHECK_SECONDS: calls left without an answer return to
the line (server/services/unanswered.py), announced to agents and phones."""

from __future__ import annotations

import logging
import threading
from datetime import timedelta
from typing import Any

from sqlalchemy import select

from server.extensions import db, socketio

EXTENSION = "accueil.unanswered_calls"
log = logging.getLogger("accueil.calls")


class UnansweredCallsRuntime:
    def __init__(self, app: Any) -> None:
        self.app = app
        self._lock = threading.Lock()
        self._task: Any = None
        self._stopping = threading.Event()

    def autostart(self) -> None:
        """before_request hook: the check starts with the server's first request."""
        if self._task is None and self.app.config.get("UNANSWERED_AUTOSTART"):
            with self._lock:
                if self._task is None:
                    self._stopping.clear()
                    self._task = socketio.start_background_task(self._loop)

    def run_once(self) -> int:
        """One pass over every site; returns how many tickets went back to the line."""
        from server.context import site_policy
        from server.models import Site
        from server.realtime.broadcasts import publish
        from server.services.unanswered import return_unanswered_calls

        clock = self.app.extensions["accueil.clock"]
        after = timedelta(minutes=float(self.app.config["UNANSWERED_CALL_MINUTES"]))
        returned = 0
        with self.app.app_context():
            try:
                for site in db.session.scalars(select(Site)).all():
                    idle = timedelta(minutes=site_policy(site, "agent_idle_minutes"))
                    events = return_unanswered_calls(
                        db.session, site, clock, after=after, idle=idle
                    )
                    returned += sum(1 for e in events if getattr(e, "action", "") == "return")
                    publish(events)
            finally:
                db.session.remove()
        if returned:
            log.info("%d unanswered call(s) returned to the line", returned)
        return returned

    def _loop(self) -> None:
        interval = float(self.app.config["UNANSWERED_CHECK_SECONDS"])
        while not self._stopping.is_set():
            try:
                self.run_once()
            except Exception:  # logged, tried again at the next interval
                log.exception("unanswered calls check failed")
            socketio.sleep(interval)

    def stop(self) -> None:
        self._stopping.set()


def unanswered_calls_runtime(app: Any) -> UnansweredCallsRuntime:
    runtime: UnansweredCallsRuntime = app.extensions[EXTENSION]
    return runtime


def install(app: Any) -> None:
    runtime = UnansweredCallsRuntime(app)
    app.extensions[EXTENSION] = runtime
    app.before_request(runtime.autostart)
