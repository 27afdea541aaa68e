"""Print jobs and where they are kept, so that no restart or worker loses or repeats one."""

from __future__ import annotations

import threading
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Literal, Protocol

JobStatus = Literal["pending", "printing", "printed", "failed"]


@dataclass(frozen=True)
class PrintJob:
    """One printout on its way to a printer."""

    id: str
    ticket_ref: str
    payload: bytes
    printer_name: str | None
    created_at: datetime
    attempts: int = 0
    status: JobStatus = "pending"
    reason: str | None = None
    owner: str | None = None  # the process sending it, while "printing"
    claimed_at: datetime | None = None


class JobStore(Protocol):
    """Where print jobs live; an SQL implementation must keep `claim` atomic.

    Lifecycle: add → pending; claim → printing; then mark_printed, mark_failed, or reassign
    (back to pending, on the same or another printer). Jobs are returned as immutable copies.
    """

    def add(self, job: PrintJob) -> None:
        """Store a new pending job."""
        ...

    def get(self, job_id: str) -> PrintJob | None:
        """The job as stored now, or None."""
        ...

    def next_pending(self, printer_name: str) -> PrintJob | None:
        """The oldest pending job assigned to this printer, without claiming it."""
        ...

    def claim(self, job_id: str, owner: str | None = None, at: datetime | None = None) -> bool:
        """Atomically move a pending job to printing and count the attempt; False if not pending.

        `owner` names the process sending it, so that after a crash only that process (once
        restarted) declares it interrupted, never a colleague process still sending it."""
        ...

    def mark_printed(self, job_id: str) -> None:
        """The printer accepted the whole job."""
        ...

    def mark_failed(self, job_id: str, reason: str) -> None:
        """Give up on the job for good."""
        ...

    def reassign(self, job_id: str, printer_name: str, reason: str | None = None) -> None:
        """Put the job back to pending on this printer, noting why the last attempt failed."""
        ...

    def cancel(self, job_id: str, reason: str) -> bool:
        """Atomically fail a job that is still pending; False if a worker holds it or it ended."""
        ...

    def pending(self) -> list[PrintJob]:
        """Unfinished jobs (pending or printing), oldest first: what a restart must look at."""
        ...


class MemoryJobStore:
    """The in-process JobStore: a dict behind a lock."""

    def __init__(self) -> None:
        self._jobs: dict[str, PrintJob] = {}
        self._lock = threading.Lock()

    def add(self, job: PrintJob) -> None:
        """Store a new pending job."""
        with self._lock:
            if job.id in self._jobs:
                raise ValueError(f"print job {job.id} already exists")
            self._jobs[job.id] = replace(job, status="pending")

    def get(self, job_id: str) -> PrintJob | None:
        """The job as stored now, or None."""
        with self._lock:
            return self._jobs.get(job_id)

    def all(self) -> list[PrintJob]:
        """Every job ever added, oldest first (for tests and diagnostics)."""
        with self._lock:
            return list(self._jobs.values())

    def next_pending(self, printer_name: str) -> PrintJob | None:
        """The oldest pending job assigned to this printer, without claiming it."""
        with self._lock:
            for job in self._jobs.values():
                if job.status == "pending" and job.printer_name == printer_name:
                    return job
            return None

    def claim(self, job_id: str, owner: str | None = None, at: datetime | None = None) -> bool:
        """Atomically move a pending job to printing and count the attempt; False if not pending."""
        with self._lock:
            job = self._jobs.get(job_id)
            if job is None or job.status != "pending":
                return False
            self._jobs[job_id] = replace(
                job, status="printing", attempts=job.attempts + 1, owner=owner, claimed_at=at
            )
            return True

    def mark_printed(self, job_id: str) -> None:
        """The printer accepted the whole job."""
        self._update(job_id, status="printed", reason=None)

    def mark_failed(self, job_id: str, reason: str) -> None:
        """Give up on the job for good."""
        self._update(job_id, status="failed", reason=reason)

    def reassign(self, job_id: str, printer_name: str, reason: str | None = None) -> None:
        """Put the job back to pending on this printer, noting why the last attempt failed."""
        with self._lock:
            job = self._jobs[job_id]
            if job.status in ("printed", "failed"):
                return
            self._jobs[job_id] = replace(
                job, status="pending", printer_name=printer_name, reason=reason or job.reason
            )

    def cancel(self, job_id: str, reason: str) -> bool:
        """Atomically fail a job that is still pending; False if a worker holds it or it ended."""
        with self._lock:
            job = self._jobs.get(job_id)
            if job is None or job.status != "pending":
                return False
            self._jobs[job_id] = replace(job, status="failed", reason=reason)
            return True

    def pending(self) -> list[PrintJob]:
        """Unfinished jobs (pending or printing), oldest first."""
        with self._lock:
            return [job for job in self._jobs.values() if job.status in ("pending", "printing")]

    def _update(self, job_id: str, status: JobStatus, reason: str | None) -> None:
        with self._lock:
            self._jobs[job_id] = replace(self._jobs[job_id], status=status, reason=reason)
