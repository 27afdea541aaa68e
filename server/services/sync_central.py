"""The central server's side of the itinerant kit: per-site tokens, and receiving a laptop's rows.

A push is one table's rows for one site, applied in one transaction and acknowledged as a whole:
either every row is in the central database when the laptop hears "acknowledged", or none is
and the laptop sends them again. A row sent twice finds its twin through `sync_origins` and
updates it: pushing twice changes nothing.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.models import Setting, Site, SyncToken
from server.services.audit import record
from server.services.clock import Clock
from server.services.errors import Forbidden, NotFound, ServiceError, Unauthorized
from server.services.statistics import ITINERANT_KEY
from server.services.sync_tables import BY_NAME, Resolver, import_values
from server.services.transaction import reading, writing

MAX_ROWS = 1000  # per push; the laptop sends 500
SITE_CODE = re.compile(r"^[a-z0-9][a-z0-9-]{1,63}$")


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True)
class IssuedToken:
    token: str  # shown once, never stored
    token_id: int
    site_code: str
    site_created: bool


def create_sync_token(
    session: Session, site_code: str, clock: Clock, label: str = "", site_name: str | None = None
) -> IssuedToken:
    """A new credential for a laptop running `site_code`; the site is created (itinerant) if the
    central does not know it yet."""
    if not SITE_CODE.match(site_code or ""):
        raise ServiceError(
            "le code du site : lettres minuscules, chiffres et tirets (ex. fs-itinerante)",
            field="site",
        )
    token = secrets.token_urlsafe(32)
    with writing(session):
        site = session.scalar(select(Site).where(Site.code == site_code))
        created = site is None
        if site is None:
            site = Site(code=site_code, name=(site_name or site_code)[:200])
            session.add(site)
            session.flush()
            session.add(Setting(site_id=site.id, key=ITINERANT_KEY, value=True))
        row = SyncToken(
            site_id=site.id, token_hash=token_hash(token), label=label[:100], created_at=clock.now()
        )
        session.add(row)
        session.flush()
        # Department-wide (no site): the journal of whichever site the admin reads shows it.
        record(session, None, "sync_token.created", site.code, {"label": row.label, "id": row.id})
        return IssuedToken(token, row.id, site.code, created)


def revoke_sync_token(session: Session, token_id: int, clock: Clock) -> None:
    with writing(session):
        row = session.get(SyncToken, token_id)
        if row is None:
            raise NotFound("jeton de synchronisation introuvable")
        if row.revoked_at is None:
            row.revoked_at = clock.now()
            record(session, None, "sync_token.revoked", str(token_id), {})


def sync_tokens_view(session: Session) -> list[dict[str, Any]]:
    """Every token (never the secret): its site, label, creation, last use, revocation."""
    with reading(session):
        rows = session.execute(
            select(SyncToken, Site.code, Site.name)
            .join(Site, Site.id == SyncToken.site_id)
            .order_by(SyncToken.id)
        ).all()
        return [
            {
                "id": token.id,
                "site": code,
                "site_name": name,
                "label": token.label,
                "created_at": _iso(token.created_at),
                "last_used_at": _iso(token.last_used_at),
                "revoked_at": _iso(token.revoked_at),
            }
            for token, code, name in rows
        ]


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None


def authenticate(session: Session, authorization: str | None) -> tuple[Site, SyncToken]:
    """The site a bearer token speaks for; 401 when absent, unknown or revoked."""
    scheme, _, token = (authorization or "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Unauthorized("jeton de synchronisation absent (en-tête Authorization: Bearer …)")
    row = session.scalar(select(SyncToken).where(SyncToken.token_hash == token_hash(token.strip())))
    if row is None or row.revoked_at is not None:
        raise Unauthorized("jeton de synchronisation inconnu ou révoqué")
    site = session.get(Site, row.site_id)
    assert site is not None
    return site, row


@dataclass(frozen=True)
class PushResult:
    table: str
    acknowledged: list[int]
    created: int
    updated: int
    unchanged: int


def receive_push(
    session: Session, authorization: str | None, body: Mapping[str, Any], clock: Clock
) -> PushResult:
    """Apply one table's rows from a laptop, all or nothing, for the token's site only."""
    with writing(session):
        site, token = authenticate(session, authorization)
        if body.get("site") != site.code:
            raise Forbidden(
                f"ce jeton n'autorise que le site {site.code}, pas {body.get('site')!r}",
                site=site.code,
            )
        table = BY_NAME.get(str(body.get("table")))
        if table is None:
            raise ServiceError(f"table inconnue : {body.get('table')!r}", field="table")
        rows = body.get("rows")
        if not isinstance(rows, list) or len(rows) > MAX_ROWS:
            raise ServiceError(f"rows : une liste de {MAX_ROWS} lignes au plus", field="rows")
        # Two pushes for one site (the laptop's background task and `accueil sync`) take turns.
        session.execute(
            select(Site.id).where(Site.id == site.id).with_for_update(key_share=True)
        ).all()
        result = _apply(session, site, table.name, rows)
        token.last_used_at = clock.now()
        return result


def _apply(session: Session, site: Site, name: str, rows: Sequence[Any]) -> PushResult:
    table = BY_NAME[name]
    resolver = Resolver(session, site)
    seen: set[int] = set()
    for data in rows:
        if not isinstance(data, dict):
            raise ServiceError(f"{name} : chaque ligne est un objet", field="rows")
        origin_id = data.get("id")
        if isinstance(origin_id, bool) or not isinstance(origin_id, int):
            raise ServiceError(f"{name} : chaque ligne a un id entier", field="id")
        if origin_id in seen:
            raise ServiceError(f"{name} : la ligne n° {origin_id} figure deux fois", field="id")
        seen.add(origin_id)
    _prefetch(session, resolver, table, rows)
    acknowledged: list[int] = []
    created = updated = unchanged = 0
    for data in rows:
        origin_id = data["id"]
        values = import_values(table, resolver, data)
        row_id = resolver.known.get((name, origin_id))
        row = session.get(table.model, row_id) if row_id is not None else None
        if (
            row is not None
            and table.identity
            and getattr(row, table.identity)
            != values.get(table.identity, getattr(row, table.identity))
        ):
            row = None  # the laptop reused the id of a row it deleted: this one is new
        if row is None:  # first time, or the central's own retention removed it since
            row = table.model()
            if hasattr(row, "site_id"):
                row.site_id = site.id
            session.add(row)
            if resolver.known.pop((name, origin_id), None) is not None:
                resolver.replaced.add((name, origin_id))
            resolver.pending[(name, origin_id)] = row
            created += 1
        for key, value in values.items():
            setattr(row, key, value)
        if row not in session.new:
            if session.is_modified(row):
                updated += 1
            else:
                unchanged += 1
        acknowledged.append(origin_id)
    resolver.settle()
    return PushResult(name, acknowledged, created, updated, unchanged)


def _prefetch(session: Session, resolver: Resolver, table: Any, rows: Sequence[Any]) -> None:
    """The twins of the rows and of what they refer to, and the rows themselves: a few queries
    for a whole push instead of several per row."""
    resolver.prefetch(table.name, [data["id"] for data in rows])
    for column, kind in table.refs.items():
        if kind in BY_NAME:
            resolver.prefetch(kind, [data.get(column) for data in rows])
    if table.name == "visit_events":  # a transfer's log entry names the other ticket
        details = [data.get("detail") for data in rows]
        resolver.prefetch(
            "visits",
            [
                d.get(k)
                for d in details
                if isinstance(d, dict)
                for k in ("transferred_from", "transferred_to")
            ],
        )
    ids = [row_id for (name, _), row_id in resolver.known.items() if name == table.name]
    for start in range(0, len(ids), 500):
        session.scalars(
            select(table.model).where(table.model.id.in_(ids[start : start + 500]))
        ).all()


def site_for_pull(session: Session, authorization: str | None) -> Site:
    with reading(session):
        return authenticate(session, authorization)[0]
