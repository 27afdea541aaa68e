"""The itinerant kit's synchronisation: the central's per-site tokens and what it received, the
laptop's ledger of acknowledged rows and its status."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from server.extensions import Base
from server.models.types import AwareDateTime


class SyncToken(Base):
    """Central: a laptop's credential for one site. Only its SHA-256 is stored."""

    __tablename__ = "sync_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    label: Mapped[str] = mapped_column(String(100), default="")
    created_at: Mapped[datetime] = mapped_column(AwareDateTime())
    last_used_at: Mapped[datetime | None] = mapped_column(AwareDateTime())
    revoked_at: Mapped[datetime | None] = mapped_column(AwareDateTime())


class SyncOrigin(Base):
    """Central: the row a laptop's row became. The global id is (site, table, the laptop's id):
    a row pushed again updates its twin instead of adding one."""

    __tablename__ = "sync_origins"

    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"), primary_key=True)
    table_name: Mapped[str] = mapped_column(String(40), primary_key=True)
    origin_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    row_id: Mapped[int] = mapped_column(Integer)


class SyncLedger(Base):
    """Laptop: a row the central acknowledged, as it was sent (its version or its digest).
    Written only after the acknowledgement: a row without an entry, or changed since, is sent."""

    __tablename__ = "sync_ledger"

    table_name: Mapped[str] = mapped_column(String(40), primary_key=True)
    row_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    version: Mapped[int | None] = mapped_column(Integer)
    digest: Mapped[str | None] = mapped_column(String(64))
    synced_at: Mapped[datetime] = mapped_column(AwareDateTime())


class SyncState(Base):
    """Laptop: where the central is, the credential, and how the last attempts went."""

    __tablename__ = "sync_state"

    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"), primary_key=True)
    central_url: Mapped[str] = mapped_column(String(300), default="")
    token: Mapped[str] = mapped_column(String(100), default="")
    last_attempt_at: Mapped[datetime | None] = mapped_column(AwareDateTime())
    last_success_at: Mapped[datetime | None] = mapped_column(AwareDateTime())
    last_pull_at: Mapped[datetime | None] = mapped_column(AwareDateTime())
    last_error: Mapped[str] = mapped_column(String(500), default="")
    rows_sent: Mapped[int] = mapped_column(Integer, default=0)
