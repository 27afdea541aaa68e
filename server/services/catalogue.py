"""The catalogue as the screens and the API show it: active services, in display order."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.catalogue import THEMES
from server.models import Service


def active_services(session: Session) -> list[dict[str, Any]]:
    """Each request a visitor can choose, with its partner, theme and ticket prefix."""
    services = session.scalars(
        select(Service).where(Service.active).order_by(Service.position, Service.id)
    )
    return [
        {
            "code": s.code,
            "label": s.label,
            "partner": s.partner.name if s.partner else None,
            "partner_code": s.partner.code if s.partner else None,
            "theme": s.theme,
            "theme_label": THEMES.get(s.theme, s.theme),
            "prefix": s.prefix,
        }
        for s in services
    ]
