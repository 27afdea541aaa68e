"""The catalogue as the screens and the API show it: active services, in display order."""

from __future__ import annotations

from typing import Any, TypeVar

from sqlalchemy import Select, and_, false, func, select
from sqlalchemy.orm import Session

from server.catalogue import THEMES
from server.models import Service, Site, SiteService

Query = TypeVar("Query", bound=Select[*tuple[Any, ...]])


def site_catalogue(query: Query, site: Site | None) -> Query:
    """The query with this site's own choice about each request joined (SiteService columns
    are NULL where the site made none)."""
    if site is None:
        return query.outerjoin(SiteService, false())
    return query.outerjoin(
        SiteService, and_(SiteService.service_id == Service.id, SiteService.site_id == site.id)
    )


def offered_here() -> Any:
    """The condition for a request on offer at the joined site: the install's switch, then the
    site's (no row: on)."""
    return and_(Service.active, func.coalesce(SiteService.active, True))


def site_order() -> tuple[Any, ...]:
    return (func.coalesce(SiteService.position, Service.position), Service.id)


def active_services(session: Session, site: Site | None = None) -> list[dict[str, Any]]:
    """Each request a visitor can choose at this site, with its partner, theme, prefix, labels in
    the kiosk's other languages and pictogram, in the site's order."""
    query = (
        site_catalogue(select(Service, SiteService.pictogram), site)
        .where(offered_here())
        .order_by(*site_order())
    )
    rows = session.execute(query)
    return [
        {
            "code": s.code,
            "label": s.label,
            "partner": s.partner.name if s.partner else None,
            "partner_code": s.partner.code if s.partner else None,
            "theme": s.theme,
            "theme_label": THEMES.get(s.theme, s.theme),
            "prefix": s.prefix,
            "labels": dict(s.labels or {}),  # {language: label}; French is `label`
            "pictogram": pictogram,  # a kiosk icon's name, or None
        }
        for s, pictogram in rows
    ]
