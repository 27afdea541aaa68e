"""The itinerant laptop's side: what is still to send, sending it, and the status agents see.

The laptop is a site of its own with its own database; nothing here runs during a visit. Rows
go table by table (PUSHED's order, so a row's references arrive before it), 500 at a time, and
a row enters the ledger only once the central has acknowledged it — a lost answer means the row
goes again, and the central's upsert makes that harmless.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol

from sqlalchemy import and_, delete, or_, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from server.models import Site, SyncLedger, SyncState
from server.services.clock import Clock
from server.services.errors import ServiceError
from server.services.sync_tables import PUSHED, Names, SyncedTable, digest, export_row
from server.services.transaction import changed_rows, reading, writing

BATCH = 500
MAX_BATCHES = 2000  # a bound on one run, whatever happens to the data meanwhile


class SyncFailed(Exception):
    """The central could not be reached or refused: the message is for agents, in French."""

    def __init__(self, message: str, status: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.status = status


class Transport(Protocol):
    """How the laptop talks to the central: HTTP in real life, the central app in tests."""

    def push(self, body: dict[str, Any]) -> dict[str, Any]: ...

    def pull(self, site_code: str) -> dict[str, Any]: ...


@dataclass(frozen=True)
class Outgoing:
    row_id: int
    version: int | None
    digest: str | None
    data: dict[str, Any]


@dataclass
class PushReport:
    sent: dict[str, int] = field(default_factory=dict)  # rows acknowledged per table
    requests: int = 0

    @property
    def total(self) -> int:
        return sum(self.sent.values())


# -- what is still to send ---------------------------------------------------------------------


def _ledger(table: SyncedTable) -> Any:
    return and_(SyncLedger.table_name == table.name, SyncLedger.row_id == table.model.id)


def pending_rows(
    session: Session, site: Site, table: SyncedTable, limit: int, names: Names | None = None
) -> list[Outgoing]:
    """The oldest rows of this site the central has not acknowledged as they are now."""
    names = names or Names.load(session)
    model = table.model
    query = (
        select(model, SyncLedger.digest)
        .outerjoin(SyncLedger, _ledger(table))
        .where(table.site_clause(site.id))
        .order_by(model.id)
    )
    if table.change == "append":
        query = query.where(SyncLedger.row_id.is_(None)).limit(limit)
    elif table.change == "version":
        query = query.where(
            or_(SyncLedger.row_id.is_(None), SyncLedger.version != model.version)
        ).limit(limit)
    found: list[Outgoing] = []
    for row, sent_digest in session.execute(query).all():
        data = export_row(table, row, names)
        if table.change == "digest":
            current = digest(data)
            if current == sent_digest:
                continue
            found.append(Outgoing(row.id, None, current, data))
        else:
            found.append(Outgoing(row.id, getattr(row, "version", None), None, data))
        if len(found) >= limit:
            break
    return found


def pending_counts(session: Session, site: Site) -> dict[str, int]:
    with reading(session):
        names = Names.load(session)
        return {
            table.name: len(pending_rows(session, site, table, 1_000_000, names))
            for table in PUSHED
        }


def forget_deleted_rows(session: Session) -> None:
    """In the transaction that deletes rows (retention): their ledger entries go with them, so
    an id SQLite hands out again is sent as the new row it is."""
    for table in PUSHED:
        session.execute(
            delete(SyncLedger).where(
                SyncLedger.table_name == table.name,
                SyncLedger.row_id.not_in(select(table.model.id)),
            ),
            execution_options={"synchronize_session": False},
        )


def forget_everything_sent(session: Session) -> int:
    """Everything goes again at the next push (after the central was restored from a backup):
    harmless, the central recognises the rows it has."""
    with writing(session):
        return changed_rows(session, delete(SyncLedger))


# -- sending -----------------------------------------------------------------------------------


def _record_acknowledged(
    session: Session, table: SyncedTable, rows: Iterable[Outgoing], now: datetime
) -> None:
    values = [
        {
            "table_name": table.name,
            "row_id": row.row_id,
            "version": row.version,
            "digest": row.digest,
            "synced_at": now,
        }
        for row in rows
    ]
    if not values:
        return
    insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    statement = insert(SyncLedger).values(values)
    session.execute(
        statement.on_conflict_do_update(
            index_elements=[SyncLedger.table_name, SyncLedger.row_id],
            set_={
                "version": statement.excluded.version,
                "digest": statement.excluded.digest,
                "synced_at": statement.excluded.synced_at,
            },
        )
    )


def push(
    session: Session,
    site: Site,
    transport: Transport,
    clock: Clock,
    report: PushReport | None = None,
) -> PushReport:
    """Send everything not yet acknowledged; raise SyncFailed at the first refusal, keeping
    what was acknowledged before it (counted in `report`)."""
    report = report if report is not None else PushReport()
    for table in PUSHED:
        for _ in range(MAX_BATCHES):
            with reading(session):
                rows = pending_rows(session, site, table, BATCH)
            if not rows:
                break
            answer = transport.push(
                {"site": site.code, "table": table.name, "rows": [row.data for row in rows]}
            )
            report.requests += 1
            acknowledged = set(answer.get("acknowledged") or [])
            done = [row for row in rows if row.row_id in acknowledged]
            with writing(session):
                _record_acknowledged(session, table, done, clock.now())
            report.sent[table.name] = report.sent.get(table.name, 0) + len(done)
            if len(done) < len(rows):
                raise SyncFailed(
                    f"le serveur central n'a accusé réception que de {len(done)} ligne(s) "
                    f"{table.name} sur {len(rows)}"
                )
            if len(rows) < BATCH:
                break
    return report


# -- the laptop's settings and status ----------------------------------------------------------


def sync_state(session: Session, site: Site) -> SyncState | None:
    return session.get(SyncState, site.id)


def configure(session: Session, site: Site, central_url: str, token: str) -> None:
    """Where the central is and the laptop's credential (from `accueil init`)."""
    central_url = central_url.strip().rstrip("/")
    if central_url and not central_url.startswith(("http://", "https://")):
        raise ServiceError(
            "l'adresse du serveur central commence par http:// ou https://", field="central_url"
        )
    with writing(session):
        state = session.get(SyncState, site.id)
        if state is None:
            state = SyncState(site_id=site.id, last_error="", rows_sent=0)
            session.add(state)
        state.central_url = central_url
        state.token = token.strip()


def record_attempt(
    session: Session,
    site: Site,
    clock: Clock,
    *,
    error: str | None = None,
    pushed: int = 0,
    pulled: bool = False,
) -> None:
    with writing(session):
        state = session.get(SyncState, site.id)
        if state is None:
            state = SyncState(site_id=site.id, central_url="", token="", last_error="", rows_sent=0)
            session.add(state)
        now = clock.now()
        state.last_attempt_at = now
        state.rows_sent = (state.rows_sent or 0) + pushed
        if pulled:
            state.last_pull_at = now
        if error:
            state.last_error = error[:500]
        else:
            state.last_success_at = now
            state.last_error = ""


# -- what agents see ---------------------------------------------------------------------------


def _ago(seconds: float) -> str:
    minutes = int(seconds // 60)
    if minutes < 1:
        return "à l'instant"
    if minutes < 60:
        return f"il y a {minutes} min"
    hours = minutes // 60
    if hours < 24:
        return f"il y a {hours} h"
    days = hours // 24
    return f"il y a {days} jour{'s' if days > 1 else ''}"


def status_text(
    now: datetime, last_success_at: datetime | None, pending_total: int
) -> tuple[str, str]:
    """The console's words, and a level: ok, waiting (less than a day) or late."""
    if pending_total == 0:
        if last_success_at is None:
            return "Rien à synchroniser", "ok"
        return f"Synchronisé {_ago((now - last_success_at).total_seconds())}", "ok"
    items = f"{pending_total} élément{'s' if pending_total > 1 else ''} en attente"
    if last_success_at is None:
        return f"Jamais synchronisé ({items})", "late"
    age = (now - last_success_at).total_seconds()
    days = int(age // 86400)
    if days >= 1:
        plural = "s" if days > 1 else ""
        return f"{days} jour{plural} non synchronisé{plural} ({items})", "late"
    if age >= 3600:
        return f"Non synchronisé depuis {int(age // 3600)} h ({items})", "waiting"
    return f"Synchronisation en attente ({items})", "waiting"


def sync_status(
    session: Session, site: Site, clock: Clock, central_url: str | None, running: bool = False
) -> dict[str, Any]:
    """What the laptop's console shows: the status line, the last error, what is pending."""
    pending = pending_counts(session, site)
    with reading(session):
        state = sync_state(session, site)
        last_success = state.last_success_at if state else None
        total = sum(pending.values())
        text, level = status_text(clock.now(), last_success, total)
        return {
            "configured": bool(central_url),
            "central_url": central_url or "",
            "running": running,
            "text": text if central_url else "Synchronisation non configurée",
            "level": level if central_url else "off",
            "pending": pending,
            "pending_total": total,
            "last_success_at": last_success.isoformat() if last_success else None,
            "last_attempt_at": (
                state.last_attempt_at.isoformat() if state and state.last_attempt_at else None
            ),
            "last_error": state.last_error if state else "",
            "rows_sent": state.rows_sent if state else 0,
        }
