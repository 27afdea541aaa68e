"""Back-office use cases for the department's sites: list them, create one (department
administrators only; the gate is the caller's: `require_department_admin`)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from server.domain.events import Event
from server.models import Agent, Counter, Site, agent_sites
from server.services.admin_common import change
from server.services.audit import record
from server.services.errors import ServiceError
from server.services.setup import SiteDetails, check_site_details

FIELDS = ("code", "name", "address", "commune", "timezone", "public_url")


def site_json(site: Site, agents: int = 0, counters: int = 0) -> dict[str, Any]:
    return {
        "code": site.code,
        "name": site.name,
        "commune": site.commune,
        "address": site.address,
        "timezone": site.timezone,
        "public_url": site.public_url,
        "agents": agents,
        "counters": counters,
    }


def list_sites(session: Session) -> list[dict[str, Any]]:
    """Every site of the install with how many agents and open counters it has."""
    agents: dict[int, int] = dict(
        session.execute(
            select(agent_sites.c.site_id, func.count(agent_sites.c.agent_id))
            .join(Agent, Agent.id == agent_sites.c.agent_id)
            .where(Agent.active)
            .group_by(agent_sites.c.site_id)
        ).all()
    )
    counters: dict[int, int] = dict(
        session.execute(
            select(Counter.site_id, func.count(Counter.id))
            .where(Counter.active)
            .group_by(Counter.site_id)
        ).all()
    )
    return [
        site_json(site, agents.get(site.id, 0), counters.get(site.id, 0))
        for site in session.scalars(select(Site).order_by(Site.name))
    ]


def create_site(
    session: Session, body: dict[str, Any], by: Agent
) -> tuple[dict[str, Any], list[Event]]:
    """A new site of the department; the department administrator creating it works there."""
    values = {field: body.get(field) or "" for field in FIELDS}
    if not all(isinstance(value, str) for value in values.values()):
        raise ServiceError("les champs d'un site sont du texte", field="code")
    values["timezone"] = values["timezone"] or "Europe/Paris"
    details = check_site_details(SiteDetails(**values))
    with change(session):
        if session.scalar(select(Site.id).where(Site.code == details.code)) is not None:
            raise ServiceError(f"le code {details.code!r} est déjà pris", field="code")
        site = Site(**details.__dict__)
        session.add(site)
        session.flush()
        view = site_json(site)
        record(session, site, "site.created", details.code, details.__dict__)
    return view, []
