"""Loading the things a use case needs by their public codes, with clear errors."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.models import Agent, Counter, Service, Site, Visit
from server.services.errors import NotFound


def site_by_code(session: Session, code: str) -> Site:
    site = session.scalar(select(Site).where(Site.code == code))
    if site is None:
        raise NotFound(f"aucun site n'a le code « {code} »")
    return site


def home_site_code(session: Session, configured: str | None) -> str:
    """The configured site, or else the first one `accueil init` created (one-site installs)."""
    if configured:
        return configured
    code = session.scalar(select(Site.code).order_by(Site.id).limit(1))
    if code is None:
        raise NotFound(
            "pas encore de site : lancez `accueil init` ou ouvrez le lien de première installation"
        )
    return code


def service_by_code(session: Session, code: str, site: Site | None = None) -> Service:
    """A request on offer (at this site, when one is given: a site may have switched it off)."""
    from server.services.catalogue import offered_here, site_catalogue

    offered = site_catalogue(select(Service), site).where(Service.code == code, offered_here())
    service = session.scalar(offered)
    if service is None:
        raise NotFound(f"no service with code {code!r}", field="service")
    return service


def counter_by_code(session: Session, site: Site, code: str) -> Counter:
    counter = session.scalar(
        select(Counter).where(Counter.code == code, Counter.site_id == site.id)
    )
    if counter is None:
        raise NotFound(f"no counter with code {code!r}", field="counter")
    return counter


def visit_by_id(session: Session, visit_id: int) -> Visit:
    visit = session.get(Visit, visit_id)
    if visit is None:
        raise NotFound(f"no ticket with id {visit_id}")
    return visit


def agent_by_id(session: Session, agent_id: int) -> Agent:
    agent = session.get(Agent, agent_id)
    if agent is None:
        raise NotFound(f"no agent with id {agent_id}")
    return agent


def local_day(site: Site, moment: datetime) -> date:
    """The site's calendar day at that moment: numbering restarts at local midnight."""
    return moment.astimezone(ZoneInfo(site.timezone)).date()
