"""Jobs the server runs by itself, every so often, from its first request on (no cron needed):
the privacy purge (retention_runtime.py) and the return of unanswered calls (calls_runtime.py).

A failed run is logged and tried again at the next interval; `stop()` ends the loop.
"""

from __future__ import annotations

import logging
import threading
from typing import Any

from server.extensions import socketio


class PeriodicJob:
    """Subclasses name their AUTOSTART setting, their log, their interval and one run."""

    AUTOSTART = ""  # the config key that lets the job start with the server's first request
    FAILURE = "background job failed"
    log = logging.getLogger("accueil")

    def __init__(self, app: Any) -> None:
        self.app = app
        self._lock = threading.Lock()
        self._task: Any = None
        self._stopping = threading.Event()

    def interval_seconds(self) -> float:
        raise NotImplementedError

    def run_once(self) -> Any:
        raise NotImplementedError

    def autostart(self) -> None:
        """before_request hook: the schedule starts with the server's first request."""
        if self._task is None and self.app.config.get(self.AUTOSTART):
            with self._lock:
                if self._task is None:
                    self._stopping.clear()
                    self._task = socketio.start_background_task(self._loop)

    def _loop(self) -> None:
        interval = self.interval_seconds()
        while not self._stopping.is_set():
            try:
                self.run_once()
            except Exception:  # logged, tried again at the next interval
                self.log.exception(self.FAILURE)
            socketio.sleep(interval)

    def stop(self) -> None:
        self._stopping.set()


def install_job(app: Any, extension: str, job: PeriodicJob) -> None:
    app.extensions[extension] = job
    app.before_request(job.autostart)
