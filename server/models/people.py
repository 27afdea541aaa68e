"""The agents (conseillers France Services) and what they can serve."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, Column, ForeignKey, Integer, String, Table, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from server.extensions import Base
from server.models.catalogue import Service
from server.models.types import AwareDateTime

agent_services = Table(
    "agent_services",
    Base.metadata,
    Column("agent_id", ForeignKey("agents.id", ondelete="CASCADE"), primary_key=True),
    Column("service_id", ForeignKey("services.id", ondelete="CASCADE"), primary_key=True),
)


class Agent(Base):
    __tablename__ = "agents"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    login: Mapped[str] = mapped_column(String(64), unique=True)
    pin_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(16), default="agent")  # agent | admin
    posture: Mapped[str] = mapped_column(String(16), default="desk")  # desk | floor
    serves_all: Mapped[bool] = mapped_column(Boolean, default=True)
    on_duty: Mapped[bool] = mapped_column(Boolean, default=False)
    paused: Mapped[bool] = mapped_column(Boolean, default=False)
    last_seen_at: Mapped[datetime | None] = mapped_column(AwareDateTime())
    active: Mapped[bool] = mapped_column(Boolean, default=True)  # deactivated: cannot sign in
    # Set by an administrator's PIN reset: the agent signs in with it once, then chooses theirs.
    pin_temporary: Mapped[bool] = mapped_column(Boolean, default=False)

    services: Mapped[list[Service]] = relationship(secondary=agent_services)

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"


class SignInAttempts(Base):
    """Wrong PINs counted per login and source (a trusted device, else an address).

    Keyed by the login as typed, known or not, so an unknown login is answered exactly like
    a known one. A row is counted before the PIN is checked (one atomic UPDATE), so parallel
    guesses never get more than `max_failures` checks per lockout.
    """

    __tablename__ = "sign_in_attempts"
    __table_args__ = (UniqueConstraint("login", "source", name="uq_sign_in_attempts_source"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    login: Mapped[str] = mapped_column(String(64), index=True)
    source: Mapped[str] = mapped_column(String(80))  # "device:<id>" or "address:<ip>"
    failures: Mapped[int] = mapped_column(Integer, default=0)  # attempts in this window
    lockouts: Mapped[int] = mapped_column(Integer, default=0)  # each one doubles the next
    locked_until: Mapped[datetime | None] = mapped_column(AwareDateTime())
    updated_at: Mapped[datetime] = mapped_column(AwareDateTime())


class AgentSession(Base):
    """One signed-in browser: the cookie holds a random token, the table only its SHA-256."""

    __tablename__ = "agent_sessions"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)  # sha256 hex of the token
    agent_id: Mapped[int] = mapped_column(ForeignKey("agents.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(AwareDateTime())
    last_seen_at: Mapped[datetime] = mapped_column(AwareDateTime())
    revoked_at: Mapped[datetime | None] = mapped_column(AwareDateTime())
