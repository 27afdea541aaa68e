"""Who holds which counter, and which services a counter and an agent can serve together."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, select, update
from sqlalchemy.orm import Session

from server.models import Agent, Counter, Service, Site
from server.models.catalogue import counter_services
from server.models.people import agent_services
from server.services.errors import Forbidden, ServiceError
from server.services.lookup import counter_by_code
from server.services.transaction import changed_rows


def claim_counter(session: Session, site: Site, agent: Agent, code: str) -> Counter:
    """Take a free counter for this agent (the floor is shared); another agent's one is 403."""
    counter = counter_by_code(session, site, code)
    if not counter.active:
        raise Forbidden(f"{counter.label} est fermé", counter=code)
    if counter.kind == "floor":
        return counter
    if counter.held_by_agent_id not in (None, agent.id):
        raise Forbidden(f"{counter.label} est tenu par un·e collègue", counter=code)
    if counter.held_by_agent_id is None:
        session.execute(
            update(Counter)
            .where(Counter.held_by_agent_id == agent.id, Counter.id != counter.id)
            .values(held_by_agent_id=None)
        )
        # Guarded update: two agents claiming the same free counter at once, only one wins.
        claimed = changed_rows(
            session,
            update(Counter)
            .where(Counter.id == counter.id, Counter.held_by_agent_id.is_(None))
            .values(held_by_agent_id=agent.id),
        )
        if not claimed:
            raise Forbidden(f"{counter.label} est tenu par un·e collègue", counter=code)
        session.refresh(counter)
    return counter


def release_counters(session: Session, agent: Agent) -> None:
    session.execute(
        update(Counter).where(Counter.held_by_agent_id == agent.id).values(held_by_agent_id=None)
    )


FLOOR_LABEL = "Espace d'accueil"


def floor_counter(session: Session, site: Site) -> Counter:
    """The site's shared floor, where agents serve standing (« Va-vers »). The console offers
    that posture at every site, so a site set up without an « Espace » gets one the first time
    an agent serves standing (the caller's transaction). One closed in the back-office stays
    closed: that is said in French, not as a ticket that no longer exists."""
    floors = list(
        session.scalars(select(Counter).where(Counter.site_id == site.id, Counter.kind == "floor"))
    )
    open_floor = next((counter for counter in floors if counter.active), None)
    if open_floor is not None:
        return open_floor
    if floors:
        raise ServiceError(
            "l'espace va-vers est fermé (administration, Guichets) : servez à un guichet",
            field="counter",
        )
    taken = set(session.scalars(select(Counter.code).where(Counter.site_id == site.id)))
    code = next(c for c in ("espace", *(f"espace-{n}" for n in range(2, 100))) if c not in taken)
    counter = Counter(site_id=site.id, code=code, label=FLOOR_LABEL, kind="floor")
    session.add(counter)
    session.flush()
    return counter


def servable_services(counter: Counter | None, agent: Agent) -> Select[int]:
    """The ids of the services this agent may serve at this counter (both must handle them),
    as a subquery: the caller's query filters on it in the same round trip."""
    allowed = select(Service.id).where(Service.active)
    if counter is not None and not counter.serves_all:
        allowed = allowed.where(
            Service.id.in_(
                select(counter_services.c.service_id).where(
                    counter_services.c.counter_id == counter.id
                )
            )
        )
    if not agent.serves_all:
        allowed = allowed.where(
            Service.id.in_(
                select(agent_services.c.service_id).where(agent_services.c.agent_id == agent.id)
            )
        )
    return allowed


def counters_view(session: Session, site: Site, agent: Agent) -> list[dict[str, Any]]:
    """The places an agent can sit (the shared floor is left out), and who holds each."""
    rows = session.execute(
        select(Counter, Agent)
        .outerjoin(Agent, Counter.held_by_agent_id == Agent.id)
        .where(Counter.site_id == site.id, Counter.kind != "floor", Counter.active)
        .order_by(Counter.id)
    )
    return [
        {
            "code": counter.code,
            "label": counter.label,
            "kind": counter.kind,
            "held_by": holder.name if holder else None,
            "mine": holder is not None and holder.id == agent.id,
        }
        for counter, holder in rows
    ]
