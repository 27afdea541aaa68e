"""The SQL JobStore: print jobs in the database, so a restart or a second process loses none.

Every call opens its own short transaction on the engine: the spooler calls it from background
threads (greenlets under gevent), never inside a request's session.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from printers.jobs import PrintJob
from server.models.printing import PrintJobRecord
from server.services.transaction import changed_rows, reading, writing

UNFINISHED = ("pending", "printing")


def job_ref(kind: str, visit_id: int | None) -> str:
    """The spooler's opaque reference for a job: its kind and, if any, the visit it belongs to."""
    return f"{kind}:{visit_id}" if visit_id is not None else kind


def parse_ref(ticket_ref: str) -> tuple[str, int | None]:
    """Back from job_ref to (kind, visit_id)."""
    kind, _, visit = ticket_ref.partition(":")
    return kind, int(visit) if visit.isdigit() else None


def _job(record: PrintJobRecord) -> PrintJob:
    return PrintJob(
        id=record.id,
        ticket_ref=job_ref(record.kind, record.visit_id),
        payload=record.payload,
        printer_name=record.printer_name,
        created_at=record.created_at,
        attempts=record.attempts,
        status=record.status,  # type: ignore[arg-type]  # only JobStatus values are written
        reason=record.reason,
        owner=record.owner,
        claimed_at=record.claimed_at,
    )


class SqlJobStore:
    """printers.jobs.JobStore on SQLAlchemy (SQLite or PostgreSQL); `claim` is one UPDATE."""

    def __init__(self, engine: Engine, now: Callable[[], datetime] | None = None) -> None:
        self.engine = engine
        self.now = now or (lambda: datetime.now(UTC))

    @contextmanager
    def _transaction(self) -> Iterator[Session]:
        with Session(self.engine, expire_on_commit=False) as session, writing(session):
            yield session

    @contextmanager
    def _reading(self) -> Iterator[Session]:
        with Session(self.engine, expire_on_commit=False) as session, reading(session):
            yield session

    def add(self, job: PrintJob) -> None:
        """Store a new pending job."""
        self._insert(job, status="pending", attempts=job.attempts, reason=job.reason)

    def add_finished(self, job: PrintJob, printed: bool, reason: str | None) -> None:
        """Keep the record of a job sent outside the spooler (a test page), already done."""
        self._insert(
            job,
            status="printed" if printed else "failed",
            attempts=1,
            reason=reason[:300] if reason else None,
            printed_at=self.now() if printed else None,
        )

    def _insert(self, job: PrintJob, **columns: Any) -> None:
        kind, visit_id = parse_ref(job.ticket_ref)
        with self._transaction() as session:
            session.add(
                PrintJobRecord(
                    id=job.id,
                    visit_id=visit_id,
                    kind=kind,
                    payload=job.payload,
                    printer_name=job.printer_name,
                    created_at=job.created_at,
                    **columns,
                )
            )

    def get(self, job_id: str) -> PrintJob | None:
        """The job as stored now, or None."""
        with self._reading() as session:
            record = session.get(PrintJobRecord, job_id)
            return _job(record) if record is not None else None

    def next_pending(self, printer_name: str) -> PrintJob | None:
        """The oldest pending job assigned to this printer, without claiming it."""
        with self._reading() as session:
            record = session.scalar(
                select(PrintJobRecord)
                .where(
                    PrintJobRecord.status == "pending", PrintJobRecord.printer_name == printer_name
                )
                .order_by(PrintJobRecord.created_at, PrintJobRecord.id)
                .limit(1)
            )
            return _job(record) if record is not None else None

    def claim(self, job_id: str, owner: str | None = None, at: datetime | None = None) -> bool:
        """Move a pending job to printing in one conditional UPDATE: one winner across processes,
        which signs it (`owner`) so that only it recovers the job after a crash."""
        with self._transaction() as session:
            claimed = changed_rows(
                session,
                update(PrintJobRecord)
                .where(PrintJobRecord.id == job_id, PrintJobRecord.status == "pending")
                .values(
                    status="printing",
                    attempts=PrintJobRecord.attempts + 1,
                    owner=owner,
                    claimed_at=at or self.now(),
                ),
            )
            return claimed == 1

    def mark_printed(self, job_id: str) -> None:
        """The printer accepted the whole job."""
        self._set(job_id, status="printed", reason=None, printed_at=self.now())

    def mark_failed(self, job_id: str, reason: str) -> None:
        """Give up on the job for good."""
        self._set(job_id, status="failed", reason=reason[:300])

    def reassign(self, job_id: str, printer_name: str, reason: str | None = None) -> None:
        """Put an unfinished job back to pending on this printer, noting why."""
        values: dict[str, Any] = {"status": "pending", "printer_name": printer_name}
        if reason:
            values["reason"] = reason[:300]
        with self._transaction() as session:
            session.execute(
                update(PrintJobRecord)
                .where(PrintJobRecord.id == job_id, PrintJobRecord.status.in_(UNFINISHED))
                .values(**values)
            )

    def cancel(self, job_id: str, reason: str) -> bool:
        """Fail a job still pending in one conditional UPDATE: no worker of any process can
        claim it afterwards, and if one claimed it first, nothing changes (False)."""
        with self._transaction() as session:
            cancelled = changed_rows(
                session,
                update(PrintJobRecord)
                .where(PrintJobRecord.id == job_id, PrintJobRecord.status == "pending")
                .values(status="failed", reason=reason[:300]),
            )
            return cancelled == 1

    def pending(self) -> list[PrintJob]:
        """Unfinished jobs (pending or printing), oldest first: what a restart must look at."""
        with self._reading() as session:
            records = session.scalars(
                select(PrintJobRecord)
                .where(PrintJobRecord.status.in_(UNFINISHED))
                .order_by(PrintJobRecord.created_at, PrintJobRecord.id)
            )
            return [_job(record) for record in records]

    def _set(self, job_id: str, **values: Any) -> None:
        with self._transaction() as session:
            session.execute(
                update(PrintJobRecord).where(PrintJobRecord.id == job_id).values(**values)
            )
