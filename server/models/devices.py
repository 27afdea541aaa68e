"""Public screens paired to a site: kiosks and waiting-room displays, and the pairings pending."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from server.extensions import Base
from server.models.catalogue import Site
from server.models.types import AwareDateTime


class Device(Base):
    """A kiosk or a display bound to a site under a name (its printer is the one beside that
    name). The screen holds a random token in an HttpOnly cookie; only its hash is kept here.
    Revoked, never deleted (the audit trail names it)."""

    __tablename__ = "devices"

    id: Mapped[int] = mapped_column(primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"), index=True)
    kind: Mapped[str] = mapped_column(String(16))  # kiosk | display
    name: Mapped[str] = mapped_column(String(64))
    token_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    paired_at: Mapped[datetime] = mapped_column(AwareDateTime())
    last_seen_at: Mapped[datetime | None] = mapped_column(AwareDateTime())
    revoked_at: Mapped[datetime | None] = mapped_column(AwareDateTime())

    site: Mapped[Site] = relationship(lazy="joined")


class DevicePairing(Base):
    """A screen asking to be paired: the short code it shows, and the hash of a secret only
    that browser holds, so the binding reaches that screen and no other. Short-lived."""

    __tablename__ = "device_pairings"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(8), unique=True)
    secret_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(AwareDateTime())
    expires_at: Mapped[datetime] = mapped_column(AwareDateTime(), index=True)
    # The site its address named (/s/<site>/…), shown to the admin as a hint.
    asked_site: Mapped[str | None] = mapped_column(String(64))
    # Set when an admin entered the code: the screen picks its token up at its next poll.
    device_id: Mapped[int | None] = mapped_column(ForeignKey("devices.id"))
