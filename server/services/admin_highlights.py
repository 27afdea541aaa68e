"""Back-office use cases for the month's highlights on the waiting-room display.

At most a handful are live in a month (the site setting `highlights_max`, 5 by default), so
the screen stays readable; retiring one (active false) keeps it for the record.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from server.domain.events import Event, SettingChanged
from server.models import Highlight, Site
from server.services.admin_common import change, flag, text
from server.services.admin_settings import site_setting
from server.services.audit import record
from server.services.errors import NotFound, ServiceError

MONTH = re.compile(r"(\d{4})-(\d{2})(?:-\d{2})?")


def highlight_json(item: Highlight) -> dict[str, Any]:
    return {
        "id": item.id,
        "title": item.title,
        "body": item.body,
        "month": item.month.strftime("%Y-%m"),
        "position": item.position,
        "active": item.active,
    }


def list_highlights(session: Session, site: Site) -> list[dict[str, Any]]:
    rows = session.scalars(
        select(Highlight)
        .where(Highlight.site_id == site.id)
        .order_by(Highlight.month.desc(), Highlight.active.desc(), Highlight.position)
    )
    return [highlight_json(item) for item in rows]


def _month(value: Any) -> date:
    found = MONTH.fullmatch(value.strip()) if isinstance(value, str) else None
    try:
        if found:
            return date(int(found.group(1)), int(found.group(2)), 1)
    except ValueError:
        pass
    raise ServiceError("Mois : AAAA-MM, ex. 2026-12", field="month")


def _position(value: Any) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= 99:
        raise ServiceError("Ordre : un nombre entre 0 et 99", field="position")
    return value


def _room_for_one_more(session: Session, site: Site, month: date, except_id: int | None) -> None:
    limit = int(site_setting(session, site, "highlights_max"))
    query = select(func.count(Highlight.id)).where(
        Highlight.site_id == site.id, Highlight.month == month, Highlight.active
    )
    if except_id is not None:
        query = query.where(Highlight.id != except_id)
    if (session.scalar(query) or 0) >= limit:
        raise ServiceError(
            f"au plus {limit} informations à la une le même mois : retirez-en une d'abord "
            "(ou changez la limite dans les réglages)",
            field="active",
        )


def create_highlight(
    session: Session, site: Site, body: dict[str, Any]
) -> tuple[dict[str, Any], list[Event]]:
    title = text(body.get("title"), "title", "Titre", maximum=120)
    content = text(body.get("body"), "body", "Texte", maximum=400, required=False)
    month = _month(body.get("month"))
    position = _position(body.get("position", 0) if body.get("position") is not None else 0)
    with change(session):
        _room_for_one_more(session, site, month, None)
        item = Highlight(
            site_id=site.id,
            title=title,
            body=content,
            month=month,
            position=position,
            active=True,
        )
        session.add(item)
        session.flush()
        view = highlight_json(item)
        record(session, site, "highlight.created", str(item.id), body)
    return view, [SettingChanged(site.code, key="highlights")]


def update_highlight(
    session: Session, site: Site, item_id: int, body: dict[str, Any]
) -> tuple[dict[str, Any], list[Event]]:
    with change(session):
        item = session.get(Highlight, item_id)
        if item is None or item.site_id != site.id:
            raise NotFound("aucune information à la une de ce numéro", field="id")
        if "title" in body:
            item.title = text(body["title"], "title", "Titre", maximum=120)
        if "body" in body:
            item.body = text(body["body"], "body", "Texte", maximum=400, required=False)
        if "month" in body:
            item.month = _month(body["month"])
        if "position" in body:
            item.position = _position(body["position"])
        if "active" in body:
            item.active = flag(body["active"], "active", "À l'écran")
        if item.active:
            _room_for_one_more(session, site, item.month, item.id)
        view = highlight_json(item)
        record(session, site, "highlight.updated", str(item.id), body)
    return view, [SettingChanged(site.code, key="highlights")]
