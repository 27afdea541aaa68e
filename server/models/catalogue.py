"""Where and what: sites, partners, the services they offer, the counters that serve them."""

from __future__ import annotations

from typing import Any

from sqlalchemy import JSON, Boolean, Column, ForeignKey, Integer, String, Table, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from server.extensions import Base

counter_services = Table(
    "counter_services",
    Base.metadata,
    Column("counter_id", ForeignKey("counters.id", ondelete="CASCADE"), primary_key=True),
    Column("service_id", ForeignKey("services.id", ondelete="CASCADE"), primary_key=True),
)


class Site(Base):
    __tablename__ = "sites"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    commune: Mapped[str] = mapped_column(String(100), default="")
    timezone: Mapped[str] = mapped_column(String(64), default="Europe/Paris")
    address: Mapped[str] = mapped_column(String(300), default="")
    public_url: Mapped[str] = mapped_column(String(300), default="")  # where phones reach us


class Partner(Base):
    __tablename__ = "partners"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(200))


class Service(Base):
    """A request a visitor can come for (a partner's procedure), with its ticket prefix."""

    __tablename__ = "services"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(64), unique=True)
    label: Mapped[str] = mapped_column(String(200))
    partner_id: Mapped[int | None] = mapped_column(ForeignKey("partners.id"))
    theme: Mapped[str] = mapped_column(String(32))
    prefix: Mapped[str] = mapped_column(String(3))
    position: Mapped[int] = mapped_column(Integer, default=0)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # The label in other kiosk languages ({"en": "..."}); French is `label`, gaps fall back.
    labels: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    # The site that added a local request: only it rewords it (national and older ones: None).
    site_id: Mapped[int | None] = mapped_column(ForeignKey("sites.id"))

    partner: Mapped[Partner | None] = relationship(lazy="joined")


class SiteService(Base):
    """A site's own choice about a request: offered or not on its kiosk, and where in the list.
    No row: the install's default (`Service.active`, `Service.position`)."""

    __tablename__ = "site_services"

    site_id: Mapped[int] = mapped_column(
        ForeignKey("sites.id", ondelete="CASCADE"), primary_key=True
    )
    service_id: Mapped[int] = mapped_column(
        ForeignKey("services.id", ondelete="CASCADE"), primary_key=True
    )
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    position: Mapped[int | None] = mapped_column(Integer)
    pictogram: Mapped[str | None] = mapped_column(String(32))  # a kiosk icon (PICTOGRAMS)


class Counter(Base):
    """A place where visitors are served: reception point, closed office, video room, the floor."""

    __tablename__ = "counters"
    # "bureau-1" exists at every site: a code is unique within its site only.
    __table_args__ = (UniqueConstraint("site_id", "code", name="uq_counters_site_code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"))
    code: Mapped[str] = mapped_column(String(64))
    label: Mapped[str] = mapped_column(String(100))
    kind: Mapped[str] = mapped_column(String(16), default="office")  # reception|office|video|floor
    held_by_agent_id: Mapped[int | None] = mapped_column(ForeignKey("agents.id"))
    serves_all: Mapped[bool] = mapped_column(Boolean, default=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)  # retired counters stay in history

    services: Mapped[list[Service]] = relationship(secondary=counter_services)
    site: Mapped[Site] = relationship(lazy="joined")
