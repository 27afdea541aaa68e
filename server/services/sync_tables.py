"""What the itinerant laptop pushes to the central server, table by table, and how a row travels.

A row travels as its columns, by name, with its laptop id as "id". Foreign keys travel as
something both databases agree on: a service by its code, an agent by their login, another
pushed row by its laptop id (the central finds its twin through `sync_origins`). A new table is
one line in PUSHED, its foreign keys named in `refs`, in the order rows can refer back.

How the laptop knows a row still has to go (`change`):
- "append": written once, never changed (the event log, presences): sent until acknowledged;
- "version": the row's `version` column moves on every change (visits);
- "digest": small tables that change in place: a hash of what was sent is compared.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Boolean, Date, Integer, String, inspect, select
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from server.models import (
    Agent,
    CallbackRequest,
    Counter,
    Idea,
    Presence,
    Service,
    Site,
    SyncOrigin,
    Visit,
    VisitEvent,
)
from server.models.types import AwareDateTime
from server.services.errors import ServiceError

AGENT = "agent"  # a foreign key to agents travels as the login
SERVICE = "service"  # a foreign key to services travels as the code
LOCAL = "local"  # a foreign key to something only the laptop has: not sent, empty centrally

Adjust = Callable[["Resolver", dict[str, Any]], None]


@dataclass(frozen=True)
class SyncedTable:
    name: str
    model: type[Any]
    change: str  # append | version | digest
    refs: Mapping[str, str] = field(default_factory=dict)  # column -> AGENT|SERVICE|LOCAL|table
    skip: frozenset[str] = frozenset()  # columns that stay on the laptop
    adjust: Adjust | None = None  # central side: what the generic copy cannot do
    of_site: Callable[[int], ColumnElement[bool]] | None = None  # default: model.site_id
    # A column that never changes once written: a laptop id the laptop reused after deleting
    # the old row (SQLite may, once the newest rows are gone) is a new row, not its twin.
    identity: str | None = None

    def site_clause(self, site_id: int) -> ColumnElement[bool]:
        if self.of_site is not None:
            return self.of_site(site_id)
        return self.model.site_id == site_id  # type: ignore[no-any-return]

    def columns(self) -> list[tuple[str, Any]]:
        """The columns that travel: (attribute, column), without the id and the site."""
        mapper = inspect(self.model)
        return [
            (attr.key, attr.columns[0])
            for attr in mapper.column_attrs
            if attr.key not in ("id", "site_id") and attr.key not in self.skip
        ]


class Resolver:
    """Central side: turns what travelled back into this database's ids, for one site."""

    def __init__(self, session: Session, site: Site) -> None:
        self.session = session
        self.site = site
        self._agents: dict[str, int] | None = None
        self._services: dict[str, int] | None = None
        self.known: dict[tuple[str, int], int] = {}  # (table, laptop id) -> row id here
        self.pending: dict[tuple[str, int], Any] = {}  # rows added in this push, not flushed
        self.replaced: set[tuple[str, int]] = set()  # laptop ids whose twin is a new row

    def agent(self, login: Any) -> int | None:
        if self._agents is None:
            self._agents = dict(self.session.execute(select(Agent.login, Agent.id)).all())
        return self._agents.get(str(login))  # someone the central does not know: no agent

    def service(self, code: Any) -> int:
        if self._services is None:
            self._services = dict(self.session.execute(select(Service.code, Service.id)).all())
        found = self._services.get(str(code))
        if found is None:
            raise ServiceError(
                f"démarche inconnue du serveur central : {code} (ajoutez-la au catalogue central)",
                field="service",
            )
        return found

    def prefetch(self, table: str, origin_ids: Any) -> None:
        """One query for the twins of many laptop ids (a push refers to hundreds)."""
        wanted = sorted({i for i in origin_ids if isinstance(i, int) and not isinstance(i, bool)})
        for start in range(0, len(wanted), 500):
            for origin_id, row_id in self.session.execute(
                select(SyncOrigin.origin_id, SyncOrigin.row_id).where(
                    SyncOrigin.site_id == self.site.id,
                    SyncOrigin.table_name == table,
                    SyncOrigin.origin_id.in_(wanted[start : start + 500]),
                )
            ).all():
                self.known[(table, origin_id)] = row_id

    def settle(self) -> None:
        """Give this push's new rows their ids and their twins' entries."""
        if not self.pending:
            return
        self.session.flush()
        for (table, origin_id), row in self.pending.items():
            origin = SyncOrigin(
                site_id=self.site.id, table_name=table, origin_id=origin_id, row_id=row.id
            )
            if (table, origin_id) in self.replaced:
                self.session.merge(origin)
            else:
                self.session.add(origin)
            self.known[(table, origin_id)] = row.id
        self.pending.clear()
        self.session.flush()

    def row(self, table: str, origin_id: Any, required: bool = True) -> int | None:
        key = (table, _integer(origin_id, table))
        if key in self.pending:  # a row of this very push (a transfer's first ticket)
            self.settle()
        if key in self.known:
            return self.known[key]
        origin = self.session.get(SyncOrigin, (self.site.id, *key))
        if origin is None:
            if required:
                raise ServiceError(
                    f"la ligne {table} n° {origin_id} n'a pas encore été reçue", table=table
                )
            return None
        self.known[key] = origin.row_id
        return origin.row_id

    def resolve(self, kind: str, value: Any) -> int | None:
        if value is None:
            return None
        if kind == AGENT:
            return self.agent(value)
        if kind == SERVICE:
            return self.service(value)
        return self.row(kind, value)


def _integer(value: Any, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ServiceError(f"{name} : un nombre entier est attendu", field=name)
    return value


def _event_detail(resolver: Resolver, data: dict[str, Any]) -> None:
    """A transfer's log entry names the other ticket: its central id, not the laptop's."""
    detail = data.get("detail")
    if isinstance(detail, dict):
        for key in ("transferred_from", "transferred_to"):
            if key in detail and detail[key] is not None:
                detail = {**detail, key: resolver.row("visits", detail[key], required=False)}
        data["detail"] = detail


def _visit_of_site(site_id: int) -> ColumnElement[bool]:
    return CallbackRequest.visit_id.in_(select(Visit.id).where(Visit.site_id == site_id))


PUSHED: tuple[SyncedTable, ...] = (
    SyncedTable("counters", Counter, "digest", {"held_by_agent_id": LOCAL}),
    SyncedTable(
        "visits",
        Visit,
        "version",
        {
            "service_id": SERVICE,
            "counter_id": "counters",
            "agent_id": AGENT,
            "target_counter_id": "counters",
            "transferred_from_id": "visits",
            "appointment_id": LOCAL,
        },
        skip=frozenset({"version"}),
        identity="issued_at",
    ),
    SyncedTable(
        "visit_events",
        VisitEvent,
        "append",
        {"visit_id": "visits", "agent_id": AGENT, "counter_id": "counters"},
        adjust=_event_detail,
        identity="at",
    ),
    SyncedTable("presences", Presence, "append", identity="at"),
    SyncedTable(
        "callback_requests",
        CallbackRequest,
        "digest",
        {"visit_id": "visits"},
        of_site=_visit_of_site,
        identity="visit_id",  # one call back per visit: another visit's is another row
    ),
    SyncedTable("ideas", Idea, "digest", {"moderated_by_agent_id": AGENT}, identity="uid"),
)
BY_NAME = {table.name: table for table in PUSHED}


# -- on the laptop: a row as it travels ---------------------------------------------------------


@dataclass
class Names:
    """Laptop side: agents' logins and services' codes by id, read once per push."""

    agents: dict[int, str]
    services: dict[int, str]

    @classmethod
    def load(cls, session: Session) -> Names:
        return cls(
            agents=dict(session.execute(select(Agent.id, Agent.login)).all()),
            services=dict(session.execute(select(Service.id, Service.code)).all()),
        )


def export_row(table: SyncedTable, row: Any, names: Names) -> dict[str, Any]:
    data: dict[str, Any] = {"id": row.id}
    for key, _column in table.columns():
        value = getattr(row, key)
        kind = table.refs.get(key)
        if kind == LOCAL:
            continue
        if kind == AGENT:
            value = names.agents.get(value) if value is not None else None
        elif kind == SERVICE:
            value = names.services.get(value) if value is not None else None
        elif isinstance(value, datetime | date):
            value = value.isoformat()
        data[key] = value
    return data


def digest(data: Mapping[str, Any]) -> str:
    text = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


# -- on the central: a row as it arrives -------------------------------------------------------


def _decode(table: SyncedTable, key: str, column: Any, value: Any) -> Any:
    name = f"{table.name}.{key}"
    if value is None:
        if not column.nullable and column.default is None:
            raise ServiceError(f"{name} : valeur obligatoire", field=name)
        return None
    try:
        if isinstance(column.type, AwareDateTime):
            moment = datetime.fromisoformat(value)
            if moment.tzinfo is None:
                raise ValueError
            return moment
        if isinstance(column.type, Date):
            return date.fromisoformat(value)
    except (TypeError, ValueError):
        raise ServiceError(f"{name} : date ou heure invalide", field=name) from None
    if isinstance(column.type, Boolean):
        if not isinstance(value, bool):
            raise ServiceError(f"{name} : vrai ou faux attendu", field=name)
        return value
    if isinstance(column.type, Integer):
        return _integer(value, name)
    if isinstance(column.type, String):
        if not isinstance(value, str):
            raise ServiceError(f"{name} : texte attendu", field=name)
        if column.type.length and len(value) > column.type.length:
            raise ServiceError(f"{name} : texte trop long", field=name)
        return value
    if isinstance(column.type, JSON):
        return value
    raise ServiceError(f"{name} : type non pris en charge", field=name)  # pragma: no cover


def import_values(
    table: SyncedTable, resolver: Resolver, data: Mapping[str, Any]
) -> dict[str, Any]:
    """The row's attributes in this database, checked and with its references resolved."""
    values: dict[str, Any] = {}
    for key, column in table.columns():
        kind = table.refs.get(key)
        if kind == LOCAL:
            values[key] = None
            continue
        raw = data.get(key)
        if kind is not None:
            values[key] = resolver.resolve(kind, raw)
            if values[key] is None and raw is not None and not column.nullable:
                raise ServiceError(f"{table.name}.{key} : référence inconnue", field=key)
            continue
        if key not in data:
            if column.default is not None or column.nullable:
                continue  # an older laptop without this column: the default applies
            raise ServiceError(f"{table.name}.{key} : valeur manquante", field=key)
        values[key] = _decode(table, key, column, raw)
    if table.adjust is not None:
        table.adjust(resolver, values)
    return values
