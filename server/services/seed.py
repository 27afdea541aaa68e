"""First data: the site, the France Services catalogue, the demo counters and agents."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.catalogue import DEMO_COUNTERS, GENERAL_SERVICE, PARTNERS
from server.models import Agent, Counter, Partner, Service, Site
from server.services.agents import add_agent

DEFAULT_SITE = ("mde-castelsarrasin", "Maison de l'État — France Services", "Castelsarrasin")


def seed_catalogue(session: Session, site_code: str = DEFAULT_SITE[0]) -> Site:
    """Create the site, partners and services if missing; safe to run again."""
    site = session.scalar(select(Site).where(Site.code == site_code))
    if site is None:
        name = DEFAULT_SITE[1] if site_code == DEFAULT_SITE[0] else site_code
        site = Site(code=site_code, name=name, commune=DEFAULT_SITE[2])
        session.add(site)
    existing = set(session.scalars(select(Service.code)))
    position = 0
    for partner_code, partner_name, prefix, services in PARTNERS:
        partner = session.scalar(select(Partner).where(Partner.code == partner_code))
        if partner is None:
            partner = Partner(code=partner_code, name=partner_name)
            session.add(partner)
        for code, label, theme in services:
            position += 1
            if code not in existing:
                session.add(
                    Service(
                        code=code,
                        label=label,
                        partner=partner,
                        theme=theme,
                        prefix=prefix,
                        position=position,
                    )
                )
    code, label, theme, prefix = GENERAL_SERVICE
    if code not in existing:
        session.add(Service(code=code, label=label, theme=theme, prefix=prefix, position=0))
    session.commit()
    from server.services.itinerant import seed_itinerant

    seed_itinerant(session, site)
    return site


def seed_demo(session: Session, site_code: str = DEFAULT_SITE[0]) -> Site:
    """The catalogue plus counters and the two demo agents (PIN 1234)."""
    site = seed_catalogue(session, site_code)
    for code, label, kind in DEMO_COUNTERS:
        if session.scalar(select(Counter).where(Counter.code == code)) is None:
            session.add(Counter(site_id=site.id, code=code, label=label, kind=kind))
    session.commit()
    for login, name, role in (
        ("demo1", "Camille (démo)", "admin"),
        ("demo2", "Yanis (démo)", "agent"),
    ):
        if session.scalar(select(Agent).where(Agent.login == login)) is None:
            add_agent(session, name=name, login=login, pin="1234", role=role)
    from server.services.site_info import seed_highlights

    seed_highlights(session, site)
    from server.services.kiosk import seed_demo_appointments

    seed_demo_appointments(session, site)
    from server.services.clock import SystemClock
    from server.services.permanences import seed_demo_permanences

    seed_demo_permanences(session, site, SystemClock())
    return site
