"""The SQL JobStore: one winner per claim, nothing lost or repeated across a restart."""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest

from printers.jobs import PrintJob
from printers.spooler import RetryPolicy, Spooler
from printers.transport import MemoryTransport
from server.extensions import db
from server.services.print_jobs import SqlJobStore, job_ref, parse_ref

FAST = RetryPolicy(backoff_seconds=0.01, idle_poll_seconds=0.05, status_max_age_seconds=0.05)


@pytest.fixture
def engine(app: Any) -> Any:
    with app.app_context():
        return db.engine


def new_job(printer: str = "entree", payload: bytes = b"ticket") -> PrintJob:
    return PrintJob(
        id=uuid.uuid4().hex,
        ticket_ref=job_ref("test", None),
        payload=payload,
        printer_name=printer,
        created_at=datetime.now(UTC),
    )


def wait_until(condition: Callable[[], bool], timeout: float = 5.0) -> bool:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.01)
    return True


def test_a_job_reference_keeps_its_kind_and_visit():
    assert parse_ref(job_ref("ticket", 42)) == ("ticket", 42)
    assert parse_ref(job_ref("test", None)) == ("test", None)


def test_a_stored_job_reads_back_as_it_was_added(engine):
    store = SqlJobStore(engine)
    job = new_job(payload=bytes(range(256)))
    store.add(job)
    stored = store.get(job.id)
    assert stored is not None
    assert (stored.payload, stored.status) == (job.payload, "pending")
    assert store.next_pending("entree") == stored
    assert store.next_pending("salle") is None


def test_many_threads_claiming_one_job_make_exactly_one_winner(engine):
    store = SqlJobStore(engine)
    job = new_job()
    store.add(job)
    start = threading.Barrier(8)
    wins: list[bool] = []

    def claim() -> None:
        start.wait()
        wins.append(store.claim(job.id))

    threads = [threading.Thread(target=claim) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(wins) == [False] * 7 + [True]
    claimed = store.get(job.id)
    assert claimed is not None
    assert (claimed.status, claimed.attempts) == ("printing", 1)


def test_a_finished_job_is_never_put_back_in_the_queue(engine):
    store = SqlJobStore(engine)
    job = new_job()
    store.add(job)
    assert store.claim(job.id)
    store.mark_printed(job.id)
    store.reassign(job.id, "salle", "trop tard")
    assert store.get(job.id).status == "printed"  # type: ignore[union-attr]
    assert store.pending() == []


def test_after_a_restart_pending_jobs_print_once_and_interrupted_ones_never_again(engine):
    before = SqlJobStore(engine)
    waiting = [new_job(payload=f"ticket {n}".encode()) for n in range(3)]
    for job in waiting:
        before.add(job)
    interrupted = new_job(payload=b"was on its way")
    before.add(interrupted)
    assert before.claim(interrupted.id)  # the server died while sending this one

    printer = MemoryTransport("entree")
    with Spooler(SqlJobStore(engine), {"entree": printer}, retry=FAST) as after:
        assert wait_until(lambda: len(printer.jobs) == 3)
        assert wait_until(lambda: after.store.pending() == [])  # marked printed just after
    assert printer.jobs == [b"ticket 0", b"ticket 1", b"ticket 2"]
    failed = SqlJobStore(engine).get(interrupted.id)
    assert failed is not None
    assert failed.status == "failed"


def test_two_server_processes_sharing_the_database_print_each_job_once(engine):
    store = SqlJobStore(engine)
    jobs = [new_job(payload=f"ticket {n}".encode()) for n in range(20)]
    for job in jobs:
        store.add(job)
    printer = MemoryTransport("entree")
    first = Spooler(SqlJobStore(engine), {"entree": printer}, retry=FAST)
    second = Spooler(SqlJobStore(engine), {"entree": printer}, retry=FAST)
    with first, second:
        assert wait_until(lambda: len(printer.jobs) >= 20)
        assert wait_until(lambda: store.pending() == [])
    assert sorted(printer.jobs) == sorted(job.payload for job in jobs)


def test_a_restarted_process_recovers_only_its_own_interrupted_jobs(engine):
    """Process A dies sending a ticket; process B, restarted meanwhile for another reason, must
    not declare A's job interrupted while A may still be sending it; A, back, does."""
    store = SqlJobStore(engine)
    on_its_way = new_job(payload=b"A was sending this")
    store.add(on_its_way)
    assert store.claim(on_its_way.id, "process-a", datetime.now(UTC))
    printer = MemoryTransport("entree")
    reported: list[tuple[str, bool]] = []

    def told(job: PrintJob, printed: bool, name: str | None) -> None:
        reported.append((job.id, printed))

    with Spooler(SqlJobStore(engine), {"entree": printer}, retry=FAST, owner="process-b"):
        pass
    assert store.get(on_its_way.id).status == "printing"  # type: ignore[union-attr]
    assert reported == []

    with Spooler(
        SqlJobStore(engine), {"entree": printer}, retry=FAST, owner="process-a", on_result=told
    ):
        pass
    recovered = store.get(on_its_way.id)
    assert recovered is not None and recovered.status == "failed"
    assert recovered.reason is not None and recovered.reason.startswith("interrompu")
    assert reported == [(on_its_way.id, False)]  # agents are told: reprint in one tap
    assert printer.jobs == []  # never resent blindly: it may be on paper already


def test_a_job_left_printing_by_a_process_that_never_came_back_is_recovered_by_another(engine):
    store = SqlJobStore(engine)
    abandoned = new_job(payload=b"old")
    store.add(abandoned)
    long_ago = datetime.now(UTC) - FAST.give_up_after * 2
    assert store.claim(abandoned.id, "process-gone", long_ago)
    with Spooler(SqlJobStore(engine), {"entree": MemoryTransport("entree")}, retry=FAST, owner="b"):
        pass
    assert store.get(abandoned.id).status == "failed"  # type: ignore[union-attr]


def test_the_printing_runtime_signs_jobs_with_its_process_name(make_app):
    from server.printing_runtime import printing_runtime

    named = printing_runtime(make_app(PROCESS_NAME="accueil@2"))
    assert named.owner == "accueil@2"
    default = printing_runtime(make_app())
    assert default.owner.endswith(default.app.instance_path)
