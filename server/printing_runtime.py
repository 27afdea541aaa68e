"""The printing machinery inside the app: one spooler and one printer monitor per process.

Started lazily (first request when PRINTING_AUTOSTART, or the first printout), stopped by
`stop()`. The monitor polls every deployed printer, always, not only in peak mode: agents
should learn that paper is out before they turn peak mode on. The spooler keeps its own
threads (greenlets under gevent's monkey-patching); the monitor is a Socket.IO background task.
"""

from __future__ import annotations

import logging
import socket
import threading
import time
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from printers.jobs import PrintJob
from printers.model import PrinterState
from printers.spooler import PrintResult, RetryPolicy, Spooler
from printers.transport import PrinterUnavailable, Transport, allowed_transport
from server.extensions import db, socketio
from server.metrics import count_print_outcome
from server.models import Visit
from server.models.printing import Printer
from server.realtime.broadcasts import publish_print_interrupted, publish_printer_state
from server.services.print_jobs import SqlJobStore, job_ref, parse_ref

logger = logging.getLogger(__name__)

EXTENSION = "accueil.printing"
MONITOR_SLICE_SECONDS = 0.1  # how quickly the monitor notices `stop()` between polls
REFUSING_STATES = frozenset(
    {PrinterState.paper_out, PrinterState.cover_open, PrinterState.offline, PrinterState.absent}
)


def _utc_now() -> datetime:
    # Print jobs live in device time: a test's fake clock must not make them expire or linger.
    return datetime.now(UTC)


@dataclass(frozen=True)
class _Entry:
    site_code: str
    url: str
    transport: Transport
    rendering: tuple[int, str, int] = (16, "native", 80)  # code page slot, QR mode, paper mm


class PrintingRuntime:
    """The spooler and the monitor of one app, with the deployed printers they know."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self._lock = threading.Lock()
        self._entries: dict[str, _Entry] = {}
        self._announced: dict[str, PrinterState] = {}
        self._stopping = threading.Event()
        self._monitor: Any = None
        self.store: SqlJobStore | None = None
        self.spooler: Spooler | None = None

    # -- lifecycle -------------------------------------------------------------------------

    @property
    def running(self) -> bool:
        return self.spooler is not None

    def ensure_started(self) -> PrintingRuntime:
        """Start the spooler and the monitor once; later calls return at once."""
        with self._lock:
            if self.spooler is not None:
                return self
            with self.app.app_context():
                engine = db.engine
            self.store = SqlJobStore(engine)
            self._stopping.clear()
            config = self.app.config
            retry = RetryPolicy(give_up_after=timedelta(seconds=config["PRINT_GIVE_UP_SECONDS"]))
            spooler = Spooler(
                self.store,
                self.transports,
                clock=_utc_now,
                retry=retry,
                interchangeable=self.interchangeable,
                on_result=self._counted,
                owner=self.owner,
            )
            self.spooler = spooler
        self.reload()
        spooler.start()
        self._monitor = socketio.start_background_task(self._monitor_loop)
        return self

    @property
    def owner(self) -> str:
        """This process, as its print jobs are signed: ACCUEIL_PROCESS_NAME, else the machine
        and the instance folder (two processes sharing a folder each need a PROCESS_NAME)."""
        named = self.app.config.get("PROCESS_NAME")
        return str(named) if named else f"{socket.gethostname()}:{self.app.instance_path}"

    def _counted(self, job: PrintJob, printed: bool, printer_name: str | None) -> None:
        """Every outcome the spooler reports: counted for /metrics; a ticket whose printing was
        cut by a crash is announced to the agents, who reprint it in one tap if need be."""
        count_print_outcome(self.app, printed, final=printed or job.status == "failed")
        kind, visit_id = parse_ref(job.ticket_ref)
        if printed or kind != "ticket" or visit_id is None or job.status != "failed":
            return
        if not (job.reason or "").startswith("interrompu") or self.store is None:
            return
        with Session(self.store.engine) as session:
            visit = session.get(Visit, visit_id)
            if visit is None:
                return
            site_code, number = visit.site.code, visit.number
        publish_print_interrupted(site_code, visit_id, number)

    def autostart(self) -> None:
        """before_request hook: printing runs with the server, not only after a first ticket."""
        if not self.running and self.app.config.get("PRINTING_AUTOSTART"):
            self.ensure_started()

    def stop(self) -> None:
        """Stop the monitor and let the spooler finish the job in hand."""
        with self._lock:
            spooler, self.spooler = self.spooler, None
            monitor, self._monitor = self._monitor, None
            self._stopping.set()
        if monitor is not None:
            monitor.join(timeout=5)
        if spooler is not None:
            spooler.stop()

    # -- the deployed printers -------------------------------------------------------------

    @property
    def file_root(self) -> Path:
        """The only folder a file:// printer (development) may write into."""
        return Path(self.app.instance_path)

    def interchangeable(self, first: str, second: str) -> bool:
        """A job may move between printers of one site that read the same bytes the same way."""
        with self._lock:
            a, b = self._entries.get(first), self._entries.get(second)
        return (
            a is not None
            and b is not None
            and (a.site_code, a.rendering) == (b.site_code, b.rendering)
        )

    def reload(self) -> None:
        """Read the deployed printers again (after a change here, or by another process)."""
        if self.store is None:
            return
        with Session(self.store.engine) as session:
            rows = [
                (p.name, p.site.code, p.url, (p.codepage_slot, p.qr_mode, p.paper_width_mm))
                for p in session.scalars(
                    select(Printer).where(Printer.deployed).order_by(Printer.name)
                )
            ]
        with self._lock:
            entries = {}
            for name, site_code, url, rendering in rows:
                known = self._entries.get(name)
                if known is not None and known.url == url and known.rendering == rendering:
                    entries[name] = known  # keep the transport: it may hold state (memory://)
                    continue
                try:
                    transport = allowed_transport(url, self.file_root)
                except ValueError:  # saved before the rule, or written in the database by hand
                    logger.warning("printer %s: address refused, not opened", name)
                    continue
                entries[name] = _Entry(site_code, url, transport, rendering)
            self._entries = entries

    def transports(self) -> dict[str, Transport]:
        """The spooler's printers: deployed ones only, so a stored printer gets no ticket."""
        with self._lock:
            return {name: entry.transport for name, entry in self._entries.items()}

    def states(self) -> dict[str, PrinterState]:
        """The last state seen for each deployed printer (unknown before the first poll)."""
        spooler = self.spooler
        return spooler.printer_states() if spooler is not None else {}

    # -- printing --------------------------------------------------------------------------

    def print_and_wait(
        self, kind: str, visit_id: int | None, payload: bytes, preferred: str, timeout: float
    ) -> tuple[PrintResult, PrinterState]:
        """Queue a printout and wait at most `timeout` s; also the state of the printer asked."""
        spooler = self.ensure_started().spooler
        assert spooler is not None
        result = spooler.submit_and_wait(job_ref(kind, visit_id), payload, preferred, timeout)
        state = spooler.printer_states().get(preferred, PrinterState.unknown)
        return result, state

    def print_directly(self, name: str, url: str, payload: bytes) -> PrintResult:
        """Send a test page to this very printer now, without failover: it tests *that* one."""
        self.ensure_started()
        assert self.store is not None
        with self._lock:
            entry = self._entries.get(name)
        if entry and entry.url == url:
            transport = entry.transport
        else:
            try:
                transport = allowed_transport(url, self.file_root)
            except ValueError as refused:
                return PrintResult(False, None, str(refused))
        job = PrintJob(
            id=uuid.uuid4().hex,
            ticket_ref=job_ref("test", None),
            payload=payload,
            printer_name=name,
            created_at=_utc_now(),
        )
        state = transport.status()
        reason = None
        if state in REFUSING_STATES:
            reason = f"imprimante {name} : {state.value}"
        else:
            try:
                transport.send(payload)
            except PrinterUnavailable as unavailable:
                state, reason = unavailable.state, f"imprimante {name} : {unavailable}"
        self.store.add_finished(job, printed=reason is None, reason=reason)
        self._announce(name, state)
        return PrintResult(reason is None, name if reason is None else None, reason)

    # -- the monitor -----------------------------------------------------------------------

    def poll_once(self) -> None:
        """Ask every deployed printer how it is; tell agents about each change."""
        self.reload()
        spooler = self.spooler
        if spooler is None:
            return
        for name in list(self.transports()):
            if self._stopping.is_set():
                return
            self._announce(name, spooler.refresh_state(name))

    def _announce(self, name: str, state: PrinterState) -> None:
        with self._lock:
            entry = self._entries.get(name)
            if entry is None or self._announced.get(name) == state:
                return
            self._announced[name] = state
        publish_printer_state(entry.site_code, name, state.value)

    def _monitor_loop(self) -> None:
        """The background task: poll, then sleep in short slices so stop() is prompt."""
        while not self._stopping.is_set():
            try:
                self.poll_once()
            except Exception:  # a database hiccup must not end monitoring for good
                logger.exception("printer monitor")
            deadline = time.monotonic() + float(self.app.config["PRINTER_POLL_SECONDS"])
            while not self._stopping.is_set() and time.monotonic() < deadline:
                socketio.sleep(MONITOR_SLICE_SECONDS)


def printing_runtime(app: Any) -> PrintingRuntime:
    """The app's printing runtime (created by install)."""
    runtime: PrintingRuntime = app.extensions[EXTENSION]
    return runtime


def install(app: Any) -> None:
    """Attach the runtime to the app, started lazily (the demo's printer: server.cli_printers)."""
    runtime = PrintingRuntime(app)
    app.extensions[EXTENSION] = runtime
    app.before_request(runtime.autostart)
