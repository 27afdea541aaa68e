"""The privacy purge runs inside the server: call-back numbers, old checklists, and visit
details past retention, at start and then every RETENTION_INTERVAL_HOURS, each run logged."""

from __future__ import annotations

import logging
import threading
from typing import Any

from server.extensions import db, socketio

EXTENSION = "accueil.retention"
log = logging.getLogger("accueil.retention")


class RetentionRuntime:
    def __init__(self, app: Any) -> None:
        self.app = app
        self._lock = threading.Lock()
        self._task: Any = None
        self._stopping = threading.Event()

    def autostart(self) -> None:
        """before_request hook: the schedule starts with the server's first request."""
        if self._task is None and self.app.config.get("RETENTION_AUTOSTART"):
            with self._lock:
                if self._task is None:
                    self._stopping.clear()
                    self._task = socketio.start_background_task(self._loop)

    def run_once(self) -> dict[str, int]:
        """One purge: the follow-up data first, then the visit details past retention."""
        from server.context import agent_idle
        from server.services.followup import purge_expired
        from server.services.lockout import forget_stale
        from server.services.retention import apply_retention
        from server.services.sessions import forget_ended

        clock = self.app.extensions["accueil.clock"]
        with self.app.app_context():
            try:
                counts = purge_expired(db.session, clock)
                counts.update(apply_retention(db.session(), clock))
                counts["sign_in_counts"] = forget_stale(db.session, clock.now())
                counts["agent_sessions"] = forget_ended(db.session, clock.now(), agent_idle())
            finally:
                db.session.remove()
        log.info(
            "purge: %d call-back number(s), %d checklist(s), %d visit(s) past retention",
            counts["callbacks"],
            counts["checklists"],
            counts["visits"],
        )
        return counts

    def _loop(self) -> None:
        interval = float(self.app.config["RETENTION_INTERVAL_HOURS"]) * 3600
        while not self._stopping.is_set():
            try:
                self.run_once()
            except Exception:  # a failed run is logged and tried again at the next interval
                log.exception("purge failed")
            socketio.sleep(interval)

    def stop(self) -> None:
        self._stopping.set()


def install(app: Any) -> None:
    runtime = RetentionRuntime(app)
    app.extensions[EXTENSION] = runtime
    app.before_request(runtime.autostart)
