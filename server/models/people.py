"""The agents (conseillers France Services) and what they can serve."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, Column, ForeignKey, Integer, String, Table, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from server.extensions import Base
from server.models.catalogue import Service, Site
from server.models.types import AwareDateTime

agent_services = Table(
    "agent_services",
    Base.metadata,
    Column("agent_id", ForeignKey("agents.id", ondelete="CASCADE"), primary_key=True),
    Column("service_id", ForeignKey("services.id", ondelete="CASCADE"), primary_key=True),
)

# Where an agent works: one site for most, several for the itinerant team. A department
# administrator manages every site whatever is listed here.
agent_sites = Table(
    "agent_sites",
    Base.metadata,
    Column("agent_id", ForeignKey("agents.id", ondelete="CASCADE"), primary_key=True),
    Column("site_id", ForeignKey("sites.id", ondelete="CASCADE"), primary_key=True),
)

ADMIN_ROLES = frozenset({"admin", "department_admin"})


class Agent(Base):
    __tablename__ = "agents"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    login: Mapped[str] = mapped_column(String(64), unique=True)
    pin_hash: Mapped[str] = mapped_column(String(255))
    # agent | admin (a site admin: their sites only) | department_admin (every site)
    role: Mapped[str] = mapped_column(String(16), default="agent")
    posture: Mapped[str] = mapped_column(String(16), default="desk")  # desk | floor
    serves_all: Mapped[bool] = mapped_column(Boolean, default=True)
    on_duty: Mapped[bool] = mapped_column(Boolean, default=False)
    paused: Mapped[bool] = mapped_column(Boolean, default=False)
    last_seen_at: Mapped[datetime | None] = mapped_column(AwareDateTime())
    active: Mapped[bool] = mapped_column(Boolean, default=True)  # deactivated: cannot sign in
    # Set by an administrator's PIN reset: the agent signs in with it once, then chooses theirs.
    pin_temporary: Mapped[bool] = mapped_column(Boolean, default=False)

    services: Mapped[list[Service]] = relationship(secondary=agent_services)
    sites: Mapped[list[Site]] = relationship(secondary=agent_sites, order_by=Site.id)

    @property
    def is_admin(self) -> bool:
        return self.role in ADMIN_ROLES

    @property
    def is_department_admin(self) -> bool:
        return self.role == "department_admin"


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
    # The site chosen at sign-in: what every request and socket of this session acts on.
    site_id: Mapped[int | None] = mapped_column(ForeignKey("sites.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = mapped_column(AwareDateTime())
    last_seen_at: Mapped[datetime] = mapped_column(AwareDateTime())
    revoked_at: Mapped[datetime | None] = mapped_column(AwareDateTime())
