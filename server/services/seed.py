"""The national France Services catalogue, loaded into any database; and creating a site."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.catalogue import GENERAL_SERVICE, PARTNERS
from server.models import Partner, Service, Site
from server.services.transaction import writing


def seed_catalogue(session: Session) -> None:
    """Create the national partners and services if missing; safe to run again."""
    with writing(session):
        _add_missing_catalogue(session)
    from server.services.checklist_library import seed_drafts
    from server.services.clock import SystemClock
    from server.services.itinerant import seed_itinerant

    seed_itinerant(session)  # the workshop's draft tour, into a new database only
    seed_drafts(session, SystemClock())  # checklists « à vérifier », into a new library only


def _add_missing_catalogue(session: Session) -> None:
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


def ensure_site(session: Session, *, code: str, name: str, commune: str = "") -> Site:
    """The site with this code, created if missing (an existing one is left as it is)."""
    with writing(session):
        site = session.scalar(select(Site).where(Site.code == code))
        if site is None:
            site = Site(code=code, name=name, commune=commune)
            session.add(site)
    return site
