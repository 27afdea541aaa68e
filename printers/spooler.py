"""Send print jobs in the background: retry, fail over to another printer, never block a ticket.

One worker thread per printer: a silent or unplugged printer then only delays its own jobs
(each status query can take the full network timeout), and two printers print in parallel
during a rush. Workers share the JobStore, whose atomic `claim` guarantees no job prints twice.
"""

from __future__ import annotations

import logging
import threading
import time
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from types import TracebackType

from printers.jobs import JobStatus, JobStore, MemoryJobStore, PrintJob
from printers.model import PrinterState, can_print
from printers.transport import PrinterUnavailable, Transport

__all__ = [
    "JobStatus",
    "JobStore",
    "MemoryJobStore",
    "PrintJob",
    "PrintResult",
    "RetryPolicy",
    "Spooler",
]

logger = logging.getLogger(__name__)

Printers = Mapping[str, Transport] | Callable[[], Mapping[str, Transport]]
ResultCallback = Callable[[PrintJob, bool, str | None], None]
# interchangeable(a, b): may a job rendered for printer a be printed by printer b?
Interchangeable = Callable[[str, str], bool]


def _any_printer(first: str, second: str) -> bool:
    return True


Clock = Callable[[], datetime]

# States in which a printer told us it cannot print; "unknown" is not among them, because
# device files and silent printers never tell, yet they print.
_REFUSING_STATES = frozenset(
    {PrinterState.paper_out, PrinterState.cover_open, PrinterState.offline, PrinterState.absent}
)


@dataclass(frozen=True)
class RetryPolicy:
    """How hard to try before moving a job elsewhere, and when to give up on it."""

    tries_per_printer: int = 2
    backoff_seconds: float = 0.3
    idle_poll_seconds: float = 1.0
    status_max_age_seconds: float = 1.0
    give_up_after: timedelta = timedelta(minutes=10)
    # A job the kiosk waited for and that a worker is sending right then: how long to wait for
    # that send to end (each try is bounded by the transport's timeout) before answering.
    settle_seconds: float = 20.0


@dataclass(frozen=True)
class PrintResult:
    """What the kiosk can tell the visitor about their paper ticket."""

    printed: bool
    printer_name: str | None
    reason: str | None


def _utc_now() -> datetime:
    return datetime.now(UTC)


class _Waiter:
    """Lets submit_and_wait learn the first outcome of its job."""

    def __init__(self) -> None:
        self.done = threading.Event()
        self.result = PrintResult(False, None, "toujours en file d'impression")


class Spooler:
    """Background printing with retries and failover; results go to `on_result`."""

    def __init__(
        self,
        store: JobStore,
        printers: Printers,
        clock: Clock = _utc_now,
        retry: RetryPolicy | None = None,
        on_result: ResultCallback | None = None,
        interchangeable: Interchangeable | None = None,
        owner: str | None = None,
    ) -> None:
        self.store = store
        # Who this spooler is, stable across a restart of the same server process: it signs the
        # jobs it sends, and after a crash recovers those only.
        self.owner = owner
        # The bytes are rendered for one printer: they may only move to a printer that reads
        # them the same way (code page, QR method, paper width) and stands at the same site.
        self._interchangeable = interchangeable or _any_printer
        self.clock = clock
        self.retry = retry or RetryPolicy()
        self.on_result = on_result
        self._printers = printers
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._started = False
        self._workers: dict[str, threading.Thread] = {}
        self._wakeups: dict[str, threading.Event] = {}
        self._states: dict[str, PrinterState] = {}
        self._checked_at: dict[str, float] = {}
        self._waiters: dict[str, _Waiter] = {}
        self._reported_unprinted: set[str] = set()

    # -- lifecycle -------------------------------------------------------------------------

    def start(self) -> Spooler:
        """Resume what the store left unfinished, then start one worker per printer."""
        names = self.printer_names()
        for job in self.store.pending():
            if job.status == "printing":
                if not self._interrupted(job):
                    continue  # another process is sending it right now
                # Interrupted mid-send by a crash: it may be on paper already, so never resend;
                # agents are told (on_result) and reprint it in one tap if it is not.
                reason = "interrompu pendant l'impression (redémarrage)"
                self.store.mark_failed(job.id, reason)
                self._report(job.id, printed=False, printer_name=None, reason=reason)
            elif job.printer_name not in names and names:
                self.store.reassign(job.id, self._choose_printer(job.printer_name) or names[0])
        with self._lock:
            self._started = True
            self._stopping.clear()
        self._ensure_workers()
        return self

    def _interrupted(self, job: PrintJob) -> bool:
        """A job left "printing": ours (this process died sending it), unsigned (older
        versions), or signed by a process silent for longer than any send may last."""
        if job.owner is None or job.owner == self.owner:
            return True
        claimed = job.claimed_at or job.created_at
        return self.clock() - claimed > self.retry.give_up_after

    def stop(self, timeout: float = 5.0) -> None:
        """Let workers finish the job in hand, then stop them."""
        with self._lock:
            self._started = False
            self._stopping.set()
            workers = list(self._workers.values())
            self._workers.clear()
            for wakeup in self._wakeups.values():
                wakeup.set()
        deadline = time.monotonic() + timeout
        for worker in workers:
            worker.join(max(0.0, deadline - time.monotonic()))

    def __enter__(self) -> Spooler:
        return self.start()

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()

    # -- submitting ------------------------------------------------------------------------

    def submit(
        self, ticket_ref: str, payload: bytes, preferred_printer: str | None = None
    ) -> PrintJob:
        """Queue a printout and return at once; the outcome goes to `on_result`."""
        return self._submit(ticket_ref, payload, preferred_printer, waiter=None)

    def submit_and_wait(
        self,
        ticket_ref: str,
        payload: bytes,
        preferred_printer: str | None = None,
        timeout: float = 2.0,
    ) -> PrintResult:
        """Queue a printout and wait at most `timeout` seconds for its first outcome.

        The answer is final: "printed" is true, and "not printed" means the job is cancelled
        (it will never come out later on another printer, after the visitor was told to use
        the screen's QR code). A job a worker is sending at that moment is waited for."""
        waiter = _Waiter()
        job = self._submit(ticket_ref, payload, preferred_printer, waiter)
        waiter.done.wait(timeout)
        with self._lock:
            self._waiters.pop(job.id, None)
        if waiter.result.printed:
            return waiter.result
        return self._settle(job.id, waiter.result)

    def _settle(self, job_id: str, told: PrintResult) -> PrintResult:
        """Make a "not printed" answer true: cancel the job, or learn how its send ended."""
        reason = told.reason or "non imprimé"
        deadline = time.monotonic() + self.retry.settle_seconds
        while True:
            if self.store.cancel(job_id, f"annulé : la borne a affiché le ticket ({reason})"):
                with self._lock:
                    self._reported_unprinted.discard(job_id)
                return PrintResult(False, None, reason)
            stored = self.store.get(job_id)
            if stored is None or stored.status == "failed":
                return PrintResult(False, None, (stored.reason if stored else None) or reason)
            if stored.status == "printed":
                return PrintResult(True, stored.printer_name, None)
            if time.monotonic() > deadline:  # a send that outlived every timeout
                logger.warning("print job %s still sending after %ss", job_id, deadline)
                return PrintResult(False, None, reason)
            self._stopping.wait(0.02)  # "printing" right now, or back to pending in a moment

    def _submit(
        self,
        ticket_ref: str,
        payload: bytes,
        preferred_printer: str | None,
        waiter: _Waiter | None,
    ) -> PrintJob:
        printer_name = self._choose_printer(preferred_printer)
        # Judged before the job is visible to workers, whose own attempt may change the state.
        nobody_can_print = printer_name is not None and (
            self._known_state(printer_name) in _REFUSING_STATES
        )
        job = PrintJob(
            id=uuid.uuid4().hex,
            ticket_ref=ticket_ref,
            payload=payload,
            printer_name=printer_name,
            created_at=self.clock(),
        )
        if waiter is not None:
            with self._lock:
                self._waiters[job.id] = waiter
        self.store.add(job)
        if printer_name is None:
            self._report(job.id, False, None, "aucune imprimante configurée")
            return job
        if nobody_can_print:
            # Every printer is known to be unable: say so now, keep the job for when one recovers.
            self._report(job.id, False, None, f"aucune imprimante disponible ({printer_name})")
        self._ensure_workers()
        self._wake(printer_name)
        return job

    # -- printers and their states ---------------------------------------------------------

    def printer_names(self) -> list[str]:
        """The configured printers, as the provider lists them now."""
        return list(self._current_printers())

    def _current_printers(self) -> Mapping[str, Transport]:
        return self._printers() if callable(self._printers) else self._printers

    def printer_states(self) -> dict[str, PrinterState]:
        """The last state seen for each printer (unknown if never asked)."""
        with self._lock:
            return {
                name: self._states.get(name, PrinterState.unknown) for name in self.printer_names()
            }

    def refresh_state(self, printer_name: str) -> PrinterState:
        """Ask the printer now and remember the answer."""
        transport = self._current_printers().get(printer_name)
        state = PrinterState.absent if transport is None else transport.status()
        self._remember(printer_name, state)
        return state

    def _remember(self, printer_name: str, state: PrinterState) -> None:
        with self._lock:
            self._states[printer_name] = state
            self._checked_at[printer_name] = time.monotonic()

    def _known_state(self, printer_name: str) -> PrinterState:
        with self._lock:
            return self._states.get(printer_name, PrinterState.unknown)

    def _recent_state(self, printer_name: str) -> PrinterState:
        """The remembered state if fresh enough, otherwise ask again."""
        with self._lock:
            checked_at = self._checked_at.get(printer_name)
            state = self._states.get(printer_name, PrinterState.unknown)
        if (
            checked_at is not None
            and time.monotonic() - checked_at < self.retry.status_max_age_seconds
        ):
            return state
        return self.refresh_state(printer_name)

    def _choose_printer(self, preferred: str | None) -> str | None:
        """The preferred printer unless it is known to refuse and another one can print."""
        names = self.printer_names()
        if not names:
            return None
        first_choice = preferred if preferred in names else names[0]
        if self._known_state(first_choice) not in _REFUSING_STATES:
            return first_choice
        for name in names:
            if self._interchangeable(first_choice, name) and can_print(self._known_state(name)):
                return name
        return first_choice

    def _alternative(self, failed_printer: str) -> str | None:
        """Another printer whose recent state says it can print."""
        for name in self.printer_names():
            if (
                name != failed_printer
                and self._interchangeable(failed_printer, name)
                and can_print(self._recent_state(name))
            ):
                return name
        return None

    # -- workers ---------------------------------------------------------------------------

    def _ensure_workers(self) -> None:
        """One worker per configured printer, started lazily when printers appear."""
        with self._lock:
            if not self._started:
                return
            for name in self.printer_names():
                self._wakeups.setdefault(name, threading.Event())
                worker = self._workers.get(name)
                if worker is None or not worker.is_alive():
                    worker = threading.Thread(
                        target=self._work, args=(name,), name=f"spooler-{name}", daemon=True
                    )
                    self._workers[name] = worker
                    worker.start()

    def _wake(self, printer_name: str) -> None:
        with self._lock:
            wakeup = self._wakeups.get(printer_name)
        if wakeup is not None:
            wakeup.set()

    def _work(self, printer_name: str) -> None:
        """Claim this printer's jobs one at a time until the spooler stops."""
        with self._lock:
            wakeup = self._wakeups[printer_name]
        while not self._stopping.is_set():
            wakeup.clear()
            job = self.store.next_pending(printer_name)
            if job is None:
                if self._known_state(printer_name) in _REFUSING_STATES:
                    # Notice a printer coming back even while it has no job of its own.
                    self.refresh_state(printer_name)
                wakeup.wait(self.retry.idle_poll_seconds)
                continue
            try:
                stuck = self._handle(printer_name, job)
            except Exception:  # a broken store or callback must not silently kill printing
                logger.exception("print job %s on %s", job.id, printer_name)
                stuck = True
            if stuck:
                self._stopping.wait(self.retry.idle_poll_seconds)

    def _handle(self, printer_name: str, job: PrintJob) -> bool:
        """Print one job or move it; True when it is stuck here and the worker should pause."""
        if self.clock() - job.created_at > self.retry.give_up_after:
            expired = "abandonné : aucune imprimante n'a pu l'imprimer à temps"
            self.store.mark_failed(job.id, expired)
            self._report(job.id, False, None, expired)
            return False
        if not self.store.claim(job.id, self.owner, self.clock()):
            return False  # another worker or process took it first
        reason = self._print(printer_name, job.payload)
        if reason is None:
            self.store.mark_printed(job.id)
            self._report(job.id, True, printer_name, None)
            return False
        alternative = self._alternative(printer_name)
        if alternative is not None:
            logger.info("job %s moves from %s to %s: %s", job.id, printer_name, alternative, reason)
            self.store.reassign(job.id, alternative, reason)
            self._wake(alternative)
            return False
        self.store.reassign(job.id, printer_name, reason)
        self._report(job.id, False, None, reason)
        return True

    def _print(self, printer_name: str, payload: bytes) -> str | None:
        """Check the printer, then send with retries; None when printed, else the reason."""
        transport = self._current_printers().get(printer_name)
        if transport is None:
            return f"imprimante {printer_name} retirée de la configuration"
        state = self.refresh_state(printer_name)
        if state in _REFUSING_STATES:
            return f"imprimante {printer_name} : {state.value}"
        reason = f"imprimante {printer_name} : échec d'envoi"
        for attempt in range(self.retry.tries_per_printer):
            if attempt:
                self._stopping.wait(self.retry.backoff_seconds)
            try:
                transport.send(payload)
            except PrinterUnavailable as unavailable:
                self._remember(printer_name, unavailable.state)
                reason = f"imprimante {printer_name} : {unavailable}"
                continue
            self._remember(printer_name, state)  # a retry succeeded: forget the failed try
            return None
        return reason

    # -- results ---------------------------------------------------------------------------

    def _report(
        self, job_id: str, printed: bool, printer_name: str | None, reason: str | None
    ) -> None:
        """Tell the waiter and `on_result`: unprinted is said once, and once more on failure."""
        job = self.store.get(job_id)
        if job is None:
            return
        with self._lock:
            if not printed and job.status != "failed":
                if job_id in self._reported_unprinted:
                    return
                self._reported_unprinted.add(job_id)
            if printed or job.status == "failed":
                self._reported_unprinted.discard(job_id)
            waiter = self._waiters.pop(job_id, None)
        if waiter is not None:
            waiter.result = PrintResult(printed, printer_name, reason)
            waiter.done.set()
        if self.on_result is not None:
            try:
                self.on_result(job, printed, printer_name)
            except Exception:
                logger.exception("on_result callback failed for print job %s", job_id)
