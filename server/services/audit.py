"""The back-office's audit trail: each change is recorded in the same transaction as itself.

The acting administrator is put on the session by the back-office's gate (`admin_only`), so
use cases record without taking one more argument; PINs are never written, only "changed".
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.models import Agent, Site
from server.models.audit import AuditEntry
from server.services.clock import Clock, SystemClock

ACTOR = "accueil.actor"  # in session.info: the id of the administrator making the change
SECRET_FIELDS = {"pin", "pin_again"}
PAGE_SIZE = 200


def act_as(session: Session, agent: Agent, clock: Clock) -> None:
    session.info[ACTOR] = (agent.id, clock)


def record(session: Session, site: Site | None, action: str, target: str, body: Any) -> None:
    """One line of the trail: who (the session's admin), when, what and the values given."""
    agent_id, clock = session.info.get(ACTOR, (None, SystemClock()))
    changes = (
        {k: ("(modifié)" if k in SECRET_FIELDS else v) for k, v in body.items()}
        if isinstance(body, dict)
        else {}
    )
    session.add(
        AuditEntry(
            site_id=site.id if site else None,
            agent_id=agent_id,
            at=clock.now(),
            action=action,
            target=str(target)[:120],
            changes=changes,
        )
    )


def audit_view(session: Session, site: Site, limit: int = PAGE_SIZE) -> list[dict[str, Any]]:
    rows = session.execute(
        select(AuditEntry, Agent)
        .outerjoin(Agent, AuditEntry.agent_id == Agent.id)
        .where((AuditEntry.site_id == site.id) | AuditEntry.site_id.is_(None))
        .order_by(AuditEntry.id.desc())
        .limit(limit)
    )
    return [
        {
            "at": entry.at.isoformat(),
            "by": agent.name if agent else "(installation)",
            "action": entry.action,
            "target": entry.target,
            "changes": entry.changes,
        }
        for entry, agent in rows
    ]
