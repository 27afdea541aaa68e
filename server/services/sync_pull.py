"""What flows the other way: the central's catalogue, agents, highlights and checklist library,
to the laptop.

The central answers one JSON object, one key per part (PULLED); the laptop applies each part in
one transaction and tells its screens what changed. A new part is one line in PULLED.
Agents travel with their PIN's slow hash, so they sign in on the laptop with their usual PIN
without a network; agents created on the laptop itself are left alone.
"""

from __future__ import annotations

import base64
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from server.domain.events import AgentsChanged, Event, SettingChanged
from server.models import Agent, ChecklistTemplate, Highlight, Partner, Service, Setting, Site
from server.services.errors import ServiceError
from server.services.lookup import home_site_code
from server.services.statistics import ITINERANT_KEY
from server.services.transaction import reading, writing


@dataclass(frozen=True)
class PulledPart:
    name: str
    export: Callable[[Session, Site], Any]  # central: the part as JSON
    apply: Callable[[Session, Site, Any], list[Event]]  # laptop: in the caller's transaction


def _text(item: dict[str, Any], key: str, limit: int, default: str | None = None) -> str:
    value = item.get(key, default)
    if not isinstance(value, str) or len(value) > limit:
        raise ServiceError(f"donnée reçue invalide : {key}", field=key)
    return value


def _flag(item: dict[str, Any], key: str) -> bool:
    value = item.get(key)
    if not isinstance(value, bool):
        raise ServiceError(f"donnée reçue invalide : {key}", field=key)
    return value


def _number(item: dict[str, Any], key: str) -> int:
    value = item.get(key, 0)
    if isinstance(value, bool) or not isinstance(value, int):
        raise ServiceError(f"donnée reçue invalide : {key}", field=key)
    return value


def _items(data: Any, name: str) -> list[dict[str, Any]]:
    if not isinstance(data, list) or not all(isinstance(item, dict) for item in data):
        raise ServiceError(f"donnée reçue invalide : {name}", field=name)
    return data


# -- the site's own settings -------------------------------------------------------------------


def _export_site(session: Session, site: Site) -> dict[str, Any]:
    setting = session.get(Setting, (site.id, ITINERANT_KEY))
    return {"itinerant": bool(setting.value) if setting else False}


def _apply_site(session: Session, site: Site, data: Any) -> list[Event]:
    if not isinstance(data, dict):
        raise ServiceError("donnée reçue invalide : site_settings", field="site_settings")
    itinerant = _flag(data, "itinerant")
    setting = session.get(Setting, (site.id, ITINERANT_KEY))
    if setting is None:
        session.add(Setting(site_id=site.id, key=ITINERANT_KEY, value=itinerant))
    elif setting.value != itinerant:
        setting.value = itinerant
    return []


# -- the catalogue -----------------------------------------------------------------------------


def _export_catalogue(session: Session, site: Site) -> dict[str, Any]:
    return {
        "partners": [{"code": p.code, "name": p.name} for p in session.scalars(select(Partner))],
        "services": [
            {
                "code": s.code,
                "label": s.label,
                "partner": s.partner.code if s.partner else None,
                "theme": s.theme,
                "prefix": s.prefix,
                "position": s.position,
                "active": s.active,
            }
            for s in session.scalars(select(Service).order_by(Service.id))
        ],
    }


def _apply_catalogue(session: Session, site: Site, data: Any) -> list[Event]:
    if not isinstance(data, dict):
        raise ServiceError("donnée reçue invalide : catalogue", field="catalogue")
    partners = {p.code: p for p in session.scalars(select(Partner))}
    changed = False
    for item in _items(data.get("partners"), "partners"):
        code, name = _text(item, "code", 64), _text(item, "name", 200)
        partner = partners.get(code)
        if partner is None:
            partner = partners[code] = Partner(code=code, name=name)
            session.add(partner)
            changed = True
        elif partner.name != name:
            partner.name = name
            changed = True
    session.flush()
    services = {s.code: s for s in session.scalars(select(Service))}
    known: set[str] = set()
    for item in _items(data.get("services"), "services"):
        code = _text(item, "code", 64)
        known.add(code)
        partner_code = item.get("partner")
        values = {
            "label": _text(item, "label", 200),
            "theme": _text(item, "theme", 32),
            "prefix": _text(item, "prefix", 3),
            "position": _number(item, "position"),
            "active": _flag(item, "active"),
            "partner_id": partners[partner_code].id if partner_code in partners else None,
        }
        service = services.get(code)
        if service is None:
            session.add(Service(code=code, **values))
            changed = True
            continue
        for key, value in values.items():
            if getattr(service, key) != value:
                setattr(service, key, value)
                changed = True
    for code, service in services.items():  # the catalogue is the central's: no local extras
        if code not in known and service.active:
            service.active = False
            changed = True
    return [SettingChanged(site.code, key="catalogue")] if changed else []


# -- agents ------------------------------------------------------------------------------------


def _export_agents(session: Session, site: Site) -> list[dict[str, Any]]:
    return [
        {
            "login": a.login,
            "name": a.name,
            "pin_hash": a.pin_hash,
            "role": a.role,
            "serves_all": a.serves_all,
            "active": a.active,
            "services": sorted(s.code for s in a.services),
        }
        for a in session.scalars(select(Agent).order_by(Agent.id))
    ]


def _apply_agents(session: Session, site: Site, data: Any) -> list[Event]:
    agents = {a.login: a for a in session.scalars(select(Agent))}
    services = {s.code: s for s in session.scalars(select(Service))}
    changed = False
    for item in _items(data, "agents"):
        login = _text(item, "login", 64)
        role = _text(item, "role", 16)
        if role not in ("agent", "admin", "department_admin"):
            raise ServiceError("donnée reçue invalide : role", field="role")
        values = {
            "name": _text(item, "name", 100),
            "pin_hash": _text(item, "pin_hash", 255),
            "role": role,
            "serves_all": _flag(item, "serves_all"),
            "active": _flag(item, "active"),
        }
        wanted = [services[c] for c in item.get("services") or [] if c in services]
        agent = agents.get(login)
        if agent is None:
            agent = Agent(login=login, **values)
            session.add(agent)
            agent.services = wanted
            changed = True
            continue
        for key, value in values.items():
            if getattr(agent, key) != value:
                setattr(agent, key, value)
                changed = True
        if sorted(s.code for s in agent.services) != sorted(s.code for s in wanted):
            agent.services = wanted
            changed = True
    return [AgentsChanged(site.code)] if changed else []


# -- highlights --------------------------------------------------------------------------------


HIGHLIGHT_FIELDS = (
    *("title", "body", "month", "starts_on", "ends_on", "position", "active"),
    *("second_language", "second_title", "second_body"),
)


def _export_highlights(session: Session, site: Site) -> list[dict[str, Any]]:
    """The site's own highlights if the central has some for it, else the central site's."""
    rows = list(session.scalars(select(Highlight).where(Highlight.site_id == site.id)))
    if not rows:
        home = session.scalar(select(Site).where(Site.code == home_site_code(session, None)))
        if home is not None:
            rows = list(session.scalars(select(Highlight).where(Highlight.site_id == home.id)))
    exported = []
    for h in sorted(rows, key=lambda h: (h.month, h.position, h.id)):
        item: dict[str, Any] = {key: getattr(h, key) for key in HIGHLIGHT_FIELDS}
        for key in ("month", "starts_on", "ends_on"):
            item[key] = item[key].isoformat() if item[key] else None
        item["image"] = base64.b64encode(h.image).decode() if h.image else None
        item["image_alt"] = h.image_alt
        exported.append(item)
    return exported


def _day(item: dict[str, Any], key: str, required: bool) -> date | None:
    value = item.get(key)
    if value is None and not required:
        return None
    try:
        return date.fromisoformat(_text(item, key, 10))
    except ValueError:
        raise ServiceError(f"donnée reçue invalide : {key}", field=key) from None


def _highlight(item: dict[str, Any]) -> dict[str, Any]:
    image = item.get("image")
    try:
        picture = base64.b64decode(image, validate=True) if isinstance(image, str) else None
    except ValueError:
        raise ServiceError("donnée reçue invalide : image", field="image") from None
    return {
        "title": _text(item, "title", 120),
        "body": _text(item, "body", 10_000),
        "month": _day(item, "month", True),
        "starts_on": _day(item, "starts_on", False),
        "ends_on": _day(item, "ends_on", False),
        "position": _number(item, "position"),
        "active": _flag(item, "active"),
        "image": picture,
        "image_alt": _text(item, "image_alt", 200, ""),
        # A central from before the second-language line sends none.
        "second_language": _text(item, "second_language", 8, ""),
        "second_title": _text(item, "second_title", 120, ""),
        "second_body": _text(item, "second_body", 10_000, ""),
    }


def _apply_highlights(session: Session, site: Site, data: Any) -> list[Event]:
    wanted = [_highlight(item) for item in _items(data, "highlights")]
    rows = list(
        session.scalars(
            select(Highlight)
            .where(Highlight.site_id == site.id)
            .order_by(Highlight.month, Highlight.position, Highlight.id)
        )
    )
    keys = (*HIGHLIGHT_FIELDS, "image", "image_alt")
    if [{key: getattr(h, key) for key in keys} for h in rows] == wanted:
        return []
    session.execute(delete(Highlight).where(Highlight.site_id == site.id))
    for values in wanted:
        session.add(Highlight(site_id=site.id, image_version=1 if values["image"] else 0, **values))
    return [SettingChanged(site.code, key="highlights")]


# -- the checklist library -----------------------------------------------------------------------


def _export_checklists(session: Session, site: Site) -> list[dict[str, Any]]:
    return [
        {
            "uid": t.uid,
            "service": code,
            "title": t.title,
            "steps": t.steps,
            "translations": t.translations,
            "to_check": t.to_check,
            "version": t.version,
            "updated_at": t.updated_at.isoformat(),
        }
        for t, code in session.execute(
            select(ChecklistTemplate, Service.code).join(
                Service, Service.id == ChecklistTemplate.service_id
            )
        ).all()
    ]


def _apply_checklists(session: Session, site: Site, data: Any) -> list[Event]:
    """The central's library, by uid (or by request, one checklist each); the laptop keeps the
    current text, not the history. A request the laptop does not offer is skipped."""
    services = dict(session.execute(select(Service.code, Service.id)).all())
    by_uid = {t.uid: t for t in session.scalars(select(ChecklistTemplate))}
    by_service = {t.service_id: t for t in by_uid.values()}
    for item in _items(data, "checklists"):
        service_id = services.get(_text(item, "service", 64))
        if service_id is None:
            continue
        steps, translations = item.get("steps"), item.get("translations")
        if not isinstance(steps, list) or not isinstance(translations, dict):
            raise ServiceError("donnée reçue invalide : checklists", field="checklists")
        try:
            updated_at = datetime.fromisoformat(_text(item, "updated_at", 40))
        except ValueError:
            raise ServiceError("donnée reçue invalide : updated_at", field="updated_at") from None
        uid = _text(item, "uid", 32)
        values = {
            "uid": uid,
            "service_id": service_id,
            "title": _text(item, "title", 200),
            "steps": steps,
            "translations": translations,
            "to_check": _flag(item, "to_check"),
            "version": _number(item, "version"),
            "updated_at": updated_at,
        }
        template = by_uid.get(uid) or by_service.get(service_id)
        if template is None:
            template = ChecklistTemplate(**values)
            session.add(template)
            by_service[service_id] = template
            continue
        for key, value in values.items():
            if getattr(template, key) != value:
                setattr(template, key, value)
    return []


PULLED: tuple[PulledPart, ...] = (
    PulledPart("site_settings", _export_site, _apply_site),
    PulledPart("catalogue", _export_catalogue, _apply_catalogue),
    PulledPart("agents", _export_agents, _apply_agents),
    PulledPart("highlights", _export_highlights, _apply_highlights),
    PulledPart("checklists", _export_checklists, _apply_checklists),
)


def pull_payload(session: Session, site: Site) -> dict[str, Any]:
    """Central: everything a laptop of `site` takes from here."""
    with reading(session):
        return {"site": site.code, **{part.name: part.export(session, site) for part in PULLED}}


def apply_pull(session: Session, site: Site, payload: dict[str, Any]) -> list[Event]:
    """Laptop: take the central's parts, all in one transaction; the events to publish."""
    if payload.get("site") != site.code:
        raise ServiceError(
            f"le serveur central a répondu pour le site {payload.get('site')!r}, pas {site.code}"
        )
    events: list[Event] = []
    with writing(session):
        for part in PULLED:
            if part.name in payload:
                events.extend(part.apply(session, site, payload[part.name]))
                session.flush()
    return events
