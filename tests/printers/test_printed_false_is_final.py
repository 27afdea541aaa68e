"""A ticket the kiosk announced as not printed never prints later, on any printer.

Before: the visitor was told "not printed" (paper out, or still queued after 2 s) and left with
the QR code on the screen; the job stayed pending and came out minutes later on the next
printer that could print it — a second ticket nobody took, or someone else's number taken.
"""

from __future__ import annotations

from printers.model import PrinterState
from printers.spooler import MemoryJobStore, RetryPolicy, Spooler
from printers.transport import MemoryTransport

FAST = RetryPolicy(
    tries_per_printer=1, backoff_seconds=0.01, idle_poll_seconds=0.02, status_max_age_seconds=0.0
)


def test_a_ticket_told_unprinted_while_paper_was_out_does_not_print_when_paper_is_back():
    store = MemoryJobStore()
    printer = MemoryTransport("entree", state=PrinterState.paper_out)
    with Spooler(store, {"entree": printer}, retry=FAST) as spooler:
        told = spooler.submit_and_wait("ticket:1", b"C001", "entree", timeout=2.0)
        assert told.printed is False
        assert [job.status for job in store.all()] == ["failed"]  # cancelled, for good

        printer.state = PrinterState.ready  # paper back: the next ticket prints...
        spooler.refresh_state("entree")  # (what the printer monitor does every few seconds)
        assert spooler.submit_and_wait("ticket:2", b"C002", "entree", timeout=2.0).printed
    assert printer.jobs == [b"C002"]  # ...and only it: the worker takes the oldest job first


def test_a_ticket_still_queued_when_the_kiosk_stops_waiting_never_prints_later():
    store = MemoryJobStore()
    printer = MemoryTransport("entree")
    spooler = Spooler(store, {"entree": printer}, retry=FAST)  # not started: nothing prints
    told = spooler.submit_and_wait("ticket:1", b"C001", "entree", timeout=0.0)
    assert told.printed is False
    with spooler:
        assert spooler.submit_and_wait("ticket:2", b"C002", "entree", timeout=2.0).printed
    assert printer.jobs == [b"C002"]


def test_another_printer_does_not_print_it_either():
    store = MemoryJobStore()
    broken = MemoryTransport("entree", state=PrinterState.paper_out)
    spare = MemoryTransport("salle", state=PrinterState.absent)
    printers = {"entree": broken, "salle": spare}
    with Spooler(store, printers, retry=FAST) as spooler:
        assert spooler.submit_and_wait("ticket:1", b"C001", "entree", timeout=2.0).printed is False
        assert [job.status for job in store.all()] == ["failed"]  # no printer may claim it
        spare.state = PrinterState.ready  # a colleague plugs the spare printer in
        spooler.refresh_state("salle")
        assert spooler.submit_and_wait("ticket:2", b"C002", "salle", timeout=2.0).printed
    assert spare.jobs == [b"C002"] and broken.jobs == []
