"""Back-office use cases for counters: list, create, edit, close and reopen (never delete)."""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.domain.events import AgentsChanged, Event, SettingChanged
from server.models import Agent, Counter, Service, Site
from server.services.admin_common import change, codes, flag, text
from server.services.audit import record
from server.services.errors import NotFound, ServiceError

KINDS = {
    "reception": "Accueil",
    # Not "Bureau fermé": beside the "fermé" badge of a closed counter it read as closed.
    "office": "Bureau confidentiel",
    "video": "Salle visio",
    "floor": "Espace (itinérance dans la salle)",
}
CODE_PATTERN = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?")


def counter_json(counter: Counter, holder: Agent | None = None) -> dict[str, Any]:
    return {
        "code": counter.code,
        "label": counter.label,
        "kind": counter.kind,
        "kind_label": KINDS.get(counter.kind, counter.kind),
        "services": [] if counter.serves_all else sorted(s.code for s in counter.services),
        "serves_all": counter.serves_all,
        "active": counter.active,
        "held_by": holder.name if holder else None,
    }


def list_counters(session: Session, site: Site) -> list[dict[str, Any]]:
    rows = session.execute(
        select(Counter, Agent)
        .outerjoin(Agent, Counter.held_by_agent_id == Agent.id)
        .where(Counter.site_id == site.id)
        .order_by(Counter.active.desc(), Counter.id)
    )
    return [counter_json(counter, holder) for counter, holder in rows]


def services_by_codes(
    session: Session, wanted: list[str], field: str = "services"
) -> list[Service]:
    """The services named, or a 400 listing the unknown codes."""
    if not wanted:
        return []
    found = list(session.scalars(select(Service).where(Service.code.in_(wanted))))
    unknown = sorted(set(wanted) - {s.code for s in found})
    if unknown:
        raise ServiceError(f"démarche inconnue : {', '.join(unknown)}", field=field)
    return found


def _kind(value: Any) -> str:
    if value not in KINDS:
        raise ServiceError(f"type de guichet : {', '.join(KINDS)}", field="kind")
    return str(value)


def _counter(session: Session, site: Site, code: str) -> Counter:
    counter = session.scalar(
        select(Counter).where(Counter.site_id == site.id, Counter.code == code)
    )
    if counter is None:
        raise NotFound(f"aucun guichet {code!r} sur ce site", field="code")
    return counter


def create_counter(
    session: Session, site: Site, body: dict[str, Any]
) -> tuple[dict[str, Any], list[Event]]:
    code = text(body.get("code"), "code", "Code", maximum=64)
    if not CODE_PATTERN.fullmatch(code):
        raise ServiceError("Code : minuscules, chiffres et tirets, ex. bureau-3", field="code")
    label = text(body.get("label"), "label", "Nom affiché", maximum=100)
    kind = _kind(body.get("kind", "office"))
    wanted = codes(body.get("services"), "services", "Démarches")
    with change(session):
        taken = select(Counter.id).where(Counter.site_id == site.id, Counter.code == code)
        if session.scalar(taken) is not None:
            raise ServiceError(f"le code {code!r} est déjà pris par un guichet", field="code")
        services = services_by_codes(session, wanted)
        counter = Counter(
            site_id=site.id,
            code=code,
            label=label,
            kind=kind,
            serves_all=not services,
            services=services,
            active=True,
        )
        session.add(counter)
        session.flush()
        view = counter_json(counter)
        record(session, site, "counter.created", code, body)
    return view, [SettingChanged(site.code, key="counters"), AgentsChanged(site.code)]


def update_counter(
    session: Session, site: Site, code: str, body: dict[str, Any]
) -> tuple[dict[str, Any], list[Event]]:
    """Rename, change kind or services, close (retire) or reopen; closing frees the desk."""
    with change(session):
        counter = _counter(session, site, code)
        if "label" in body:
            counter.label = text(body["label"], "label", "Nom affiché", maximum=100)
        if "kind" in body:
            counter.kind = _kind(body["kind"])
        if "services" in body:
            services = services_by_codes(session, codes(body["services"], "services", "Démarches"))
            counter.services = services
            counter.serves_all = not services
        if "active" in body:
            counter.active = flag(body["active"], "active", "Ouvert")
            if not counter.active:
                counter.held_by_agent_id = None
        holder = session.get(Agent, counter.held_by_agent_id) if counter.held_by_agent_id else None
        view = counter_json(counter, holder)
        record(session, site, "counter.updated", code, body)
    return view, [SettingChanged(site.code, key="counters"), AgentsChanged(site.code)]
