"""Loading the things a use case needs by their public codes, with clear errors."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.models import Agent, Counter, Service, Site, Visit
from server.services.errors import NotFound
from server.services.process_cache import cached


def site_by_code(session: Session, code: str) -> Site:
    """The site by its code. Which id a code names is kept per process until a site changes
    (server/services/process_cache.py); the row itself comes from the session, without a
    query when the request already holds it. A code unknown to the cache, or naming another
    site now, is looked up again: `accueil init` or `accueil sync token` may have run beside
    the server."""
    site_id = cached(
        session, ("site_id", code), lambda: session.scalar(select(Site.id).where(Site.code == code))
    )
    site = session.get(Site, site_id) if site_id is not None else None
    if site is None or site.code != code:  # created or renamed by a command beside the server
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

    offered = cached(  # code -> id of the requests on offer here, until the catalogue changes
        session,
        ("offered_ids", site.id if site is not None else None),
        lambda: tuple(
            session.execute(
                site_catalogue(select(Service.code, Service.id), site).where(offered_here())
            )
        ),
    )
    service_id = dict(offered).get(code)
    service = session.get(Service, service_id) if service_id is not None else None
    if service is None or service.code != code:
        service = session.scalar(
            site_catalogue(select(Service), site).where(Service.code == code, offered_here())
        )
    if service is None:
        raise NotFound(f"aucune démarche n'a le code « {code} »", field="service")
    return service


def counter_by_code(session: Session, site: Site, code: str) -> Counter:
    counter = session.scalar(
        select(Counter).where(Counter.code == code, Counter.site_id == site.id)
    )
    if counter is None:
        raise NotFound(f"aucun guichet n'a le code « {code} »", field="counter")
    return counter


def visit_by_id(session: Session, visit_id: int) -> Visit:
    visit = session.get(Visit, visit_id)
    if visit is None:
        raise NotFound(f"ticket introuvable (n° {visit_id})")
    return visit


def agent_by_id(session: Session, agent_id: int) -> Agent:
    agent = session.get(Agent, agent_id)
    if agent is None:
        raise NotFound(f"agent introuvable (n° {agent_id})")
    return agent


def local_day(site: Site, moment: datetime) -> date:
    """The site's calendar day at that moment: numbering restarts at local midnight."""
    return moment.astimezone(ZoneInfo(site.timezone)).date()
