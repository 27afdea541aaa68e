"""The spooler with fake printers: retries, failover, results, restart and expiry."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest

from printers.model import PrinterState
from printers.spooler import MemoryJobStore, PrintJob, RetryPolicy, Spooler
from printers.transport import MemoryTransport

FAST = RetryPolicy(
    tries_per_printer=2,
    backoff_seconds=0.02,
    idle_poll_seconds=0.05,
    status_max_age_seconds=0.05,
)


def wait_until(condition: Callable[[], bool], timeout: float = 3.0) -> bool:
    """Poll until the condition holds; False on timeout."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.01)
    return condition()


def all_printed(store: MemoryJobStore) -> Callable[[], bool]:
    return lambda: all(job.status == "printed" for job in store.all())


def all_printed_but(cancelled: str, store: MemoryJobStore) -> Callable[[], bool]:
    return lambda: all(
        job.status == "printed" for job in store.all() if job.ticket_ref != cancelled
    )


class Outcomes:
    """Records on_result calls from worker threads."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, bool, str | None, str]] = []
        self._lock = threading.Lock()

    def __call__(self, job: PrintJob, printed: bool, printer_name: str | None) -> None:
        with self._lock:
            self.calls.append((job.ticket_ref, printed, printer_name, job.status))

    def for_ticket(self, ticket_ref: str) -> list[tuple[bool, str | None]]:
        with self._lock:
            return [(printed, name) for ref, printed, name, _ in self.calls if ref == ticket_ref]


def test_a_job_on_a_ready_printer_is_printed_once_and_reported() -> None:
    printer = MemoryTransport("accueil")
    outcomes = Outcomes()
    with Spooler(MemoryJobStore(), {"accueil": printer}, retry=FAST, on_result=outcomes) as spooler:
        result = spooler.submit_and_wait("A-001", b"ticket", "accueil", timeout=2.0)

    assert (result.printed, result.printer_name, result.reason) == (True, "accueil", None)
    assert printer.jobs == [b"ticket"]
    assert outcomes.for_ticket("A-001") == [(True, "accueil")]


def test_a_passing_failure_is_retried_on_the_same_printer() -> None:
    printer, spare = MemoryTransport("accueil"), MemoryTransport("spare")
    printer.fail_next(1)
    store = MemoryJobStore()
    with Spooler(store, {"accueil": printer, "spare": spare}, retry=FAST) as spooler:
        result = spooler.submit_and_wait("A-001", b"ticket", "accueil")

    assert result.printer_name == "accueil"
    assert printer.jobs == [b"ticket"]
    assert spare.jobs == []
    assert store.all()[0].attempts == 1


def test_a_printer_failing_every_try_hands_the_job_to_one_that_can_print() -> None:
    printer, spare = MemoryTransport("accueil"), MemoryTransport("spare")
    printer.fail_next(2)
    with Spooler(MemoryJobStore(), {"accueil": printer, "spare": spare}, retry=FAST) as spooler:
        result = spooler.submit_and_wait("A-001", b"ticket", "accueil")

    assert (result.printed, result.printer_name) == (True, "spare")
    assert (printer.jobs, spare.jobs) == ([], [b"ticket"])


def test_a_printer_out_of_paper_is_not_sent_anything() -> None:
    printer = MemoryTransport("accueil", PrinterState.paper_out)
    spare = MemoryTransport("spare")
    with Spooler(MemoryJobStore(), {"accueil": printer, "spare": spare}, retry=FAST) as spooler:
        result = spooler.submit_and_wait("A-001", b"ticket", "accueil")

    assert result.printer_name == "spare"
    assert printer.jobs == []


def test_with_no_printer_able_the_kiosk_hears_no_at_once_and_that_ticket_never_prints() -> None:
    printer = MemoryTransport("accueil", PrinterState.cover_open)
    outcomes = Outcomes()
    store = MemoryJobStore()
    with Spooler(store, {"accueil": printer}, retry=FAST, on_result=outcomes) as spooler:
        result = spooler.submit_and_wait("A-001", b"ticket", "accueil", timeout=30.0)
        printer.state = PrinterState.ready
        spooler.refresh_state("accueil")
        queued = spooler.submit("A-002", b"queued", "accueil")  # no kiosk waiting for this one
        assert wait_until(all_printed_but("A-001", store))

    # Answered from the printer's state (not after the 30 s wait: the reason says why)...
    assert not result.printed
    assert result.reason is not None and "cover_open" in result.reason
    # ...and final: the visitor was told to use the screen, so that ticket never comes out.
    assert outcomes.for_ticket("A-001") == [(False, None)]
    assert store.get(queued.id).status == "printed"  # type: ignore[union-attr]
    assert printer.jobs == [b"queued"]


def test_without_any_configured_printer_the_job_is_kept_and_reported_unprinted() -> None:
    with Spooler(MemoryJobStore(), {}, retry=FAST) as spooler:
        result = spooler.submit_and_wait("A-001", b"ticket", timeout=0.5)

    assert not result.printed
    assert result.reason == "aucune imprimante configurée"


def test_a_new_spooler_on_the_same_store_prints_pending_jobs_once() -> None:
    store = MemoryJobStore()
    absent = MemoryTransport("accueil", PrinterState.absent)
    first = Spooler(store, {"accueil": absent}, retry=FAST).start()
    for number in range(3):
        first.submit(f"A-{number}", f"ticket {number}".encode(), "accueil")
    assert wait_until(lambda: any(job.attempts >= 1 for job in store.all()))
    first.stop()

    printer = MemoryTransport("accueil")
    with Spooler(store, {"accueil": printer}, retry=FAST):
        assert wait_until(all_printed(store))

    assert sorted(printer.jobs) == [b"ticket 0", b"ticket 1", b"ticket 2"]


def test_a_job_interrupted_mid_print_by_a_crash_is_failed_not_printed_again() -> None:
    store = MemoryJobStore()
    job = PrintJob("job-1", "A-001", b"ticket", "accueil", datetime.now(UTC))
    store.add(job)
    assert store.claim(job.id)
    printer, outcomes = MemoryTransport("accueil"), Outcomes()

    with Spooler(store, {"accueil": printer}, retry=FAST, on_result=outcomes):
        time.sleep(0.2)

    assert printer.jobs == []
    assert store.all()[0].status == "failed"
    assert outcomes.for_ticket("A-001") == [(False, None)]


def test_pending_jobs_for_a_printer_removed_from_configuration_move_to_another() -> None:
    store = MemoryJobStore()
    store.add(PrintJob("job-1", "A-001", b"ticket", "old-printer", datetime.now(UTC)))
    printer = MemoryTransport("accueil")

    with Spooler(store, {"accueil": printer}, retry=FAST):
        assert wait_until(all_printed(store))

    assert printer.jobs == [b"ticket"]


def test_a_job_nobody_could_print_in_time_is_failed_and_reported() -> None:
    now = [datetime(2026, 11, 30, 9, 0, tzinfo=UTC)]
    store, outcomes = MemoryJobStore(), Outcomes()
    printer = MemoryTransport("accueil", PrinterState.paper_out)
    retry = RetryPolicy(idle_poll_seconds=0.05, give_up_after=timedelta(minutes=5))
    with Spooler(store, {"accueil": printer}, lambda: now[0], retry, outcomes) as spooler:
        spooler.submit("A-001", b"ticket", "accueil")
        assert wait_until(lambda: len(outcomes.calls) == 1)
        now[0] += timedelta(minutes=6)
        assert wait_until(lambda: store.all()[0].status == "failed")

    assert [call[1:] for call in outcomes.calls] == [
        (False, None, "pending"),
        (False, None, "failed"),
    ]


def test_two_spoolers_sharing_a_store_never_print_a_job_twice() -> None:
    store = MemoryJobStore()
    printer = MemoryTransport("accueil")
    spoolers = [Spooler(store, {"accueil": printer}, retry=FAST) for _ in range(2)]
    for number in range(30):
        spoolers[number % 2].submit(f"A-{number}", f"ticket {number}".encode(), "accueil")
    for spooler in spoolers:
        spooler.start()
    try:
        assert wait_until(all_printed(store))
    finally:
        for spooler in spoolers:
            spooler.stop()

    assert len(printer.jobs) == 30
    assert len(set(printer.jobs)) == 30


def test_a_failing_result_callback_does_not_stop_printing() -> None:
    def broken(job: PrintJob, printed: bool, printer_name: str | None) -> None:
        raise RuntimeError("kiosk gone")

    printer = MemoryTransport("accueil")
    store = MemoryJobStore()
    with Spooler(store, {"accueil": printer}, retry=FAST, on_result=broken) as spooler:
        spooler.submit("A-001", b"one", "accueil")
        spooler.submit("A-002", b"two", "accueil")
        assert wait_until(all_printed(store))

    assert printer.jobs == [b"one", b"two"]


def test_claim_is_refused_for_a_job_already_claimed() -> None:
    store = MemoryJobStore()
    store.add(PrintJob("job-1", "A-001", b"ticket", "accueil", datetime.now(UTC)))

    assert store.claim("job-1")
    assert not store.claim("job-1")
    with pytest.raises(ValueError):
        store.add(PrintJob("job-1", "A-001", b"ticket", "accueil", datetime.now(UTC)))


def test_a_job_never_moves_to_a_printer_that_would_read_its_bytes_differently():
    """Bytes rendered for one printer's code page and QR method stay off a printer with others."""
    from printers.jobs import MemoryJobStore
    from printers.model import PrinterState
    from printers.spooler import RetryPolicy, Spooler
    from printers.transport import MemoryTransport

    broken = MemoryTransport("a", state=PrinterState.paper_out)
    other_profile = MemoryTransport("b", state=PrinterState.ready)
    same_profile = MemoryTransport("c", state=PrinterState.ready)
    printers = {"a": broken, "b": other_profile, "c": same_profile}
    profile = {"a": "cp16-native", "b": "cp19-image", "c": "cp16-native"}
    spooler = Spooler(
        MemoryJobStore(),
        printers,
        retry=RetryPolicy(tries_per_printer=1, backoff_seconds=0.01, idle_poll_seconds=0.05),
        interchangeable=lambda first, second: profile[first] == profile[second],
    )
    with spooler:
        result = spooler.submit_and_wait("ticket:1", b"\x1b@ticket", "a", timeout=5)
    assert result.printed and result.printer_name == "c"
    assert other_profile.jobs == [] and same_profile.jobs == [b"\x1b@ticket"]
