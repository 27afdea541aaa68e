"""Back-office use cases for agents: accounts, skills, PIN reset, unlock, deactivation."""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from server.domain.events import AgentsChanged, Event
from server.models import Agent, Site
from server.services.admin_common import change, codes, flag, text
from server.services.admin_counters import services_by_codes
from server.services.agents import hash_pin
from server.services.audit import record
from server.services.clock import Clock
from server.services.counters import release_counters
from server.services.errors import NotFound, ServiceError
from server.services.lockout import is_locked, unlock
from server.services.sessions import end_agent_sessions

ROLES = {"agent": "Agent", "admin": "Administrateur"}
LOGIN_PATTERN = re.compile(r"[A-Za-z0-9._-]{2,64}")


def agent_json(session: Session, agent: Agent, clock: Clock) -> dict[str, Any]:
    return {
        "id": agent.id,
        "login": agent.login,
        "name": agent.name,
        "role": agent.role,
        "services": [] if agent.serves_all else sorted(s.code for s in agent.services),
        "serves_all": agent.serves_all,
        "active": agent.active,
        "pin_temporary": agent.pin_temporary,
        "locked": is_locked(session, agent.login, clock.now()),
        "on_duty": agent.on_duty,
    }


def list_agents(session: Session, clock: Clock) -> list[dict[str, Any]]:
    agents = session.scalars(select(Agent).order_by(Agent.active.desc(), Agent.name))
    return [agent_json(session, agent, clock) for agent in agents]


def _role(value: Any) -> str:
    if value not in ROLES:
        raise ServiceError("Rôle : agent ou admin", field="role")
    return str(value)


def _pin(value: Any) -> str:
    if not isinstance(value, str) or not value.isdigit() or not 4 <= len(value) <= 12:
        raise ServiceError("Code PIN : 4 à 12 chiffres", field="pin")
    return value


def _agent(session: Session, login: str) -> Agent:
    agent = session.scalar(select(Agent).where(Agent.login == login))
    if agent is None:
        raise NotFound(f"aucun agent {login!r}", field="login")
    return agent


def _other_active_admins(session: Session, agent: Agent) -> int:
    return (
        session.scalar(
            select(func.count(Agent.id)).where(
                Agent.role == "admin", Agent.active, Agent.id != agent.id
            )
        )
        or 0
    )


def create_agent(
    session: Session, site: Site, clock: Clock, body: dict[str, Any]
) -> tuple[dict[str, Any], list[Event]]:
    """A new account that can sign in at once with the PIN given."""
    login = text(body.get("login"), "login", "Identifiant", maximum=64)
    if not LOGIN_PATTERN.fullmatch(login):
        raise ServiceError(
            "Identifiant : 2 à 64 lettres, chiffres, points ou tirets", field="login"
        )
    name = text(body.get("name"), "name", "Nom affiché", maximum=100)
    role = _role(body.get("role", "agent"))
    pin = _pin(body.get("pin"))
    wanted = codes(body.get("services"), "services", "Démarches")
    with change(session):
        if session.scalar(select(Agent.id).where(Agent.login == login)) is not None:
            raise ServiceError(f"l'identifiant {login!r} est déjà pris", field="login")
        services = services_by_codes(session, wanted)
        agent = Agent(
            login=login,
            name=name,
            role=role,
            pin_hash=hash_pin(pin),
            posture="desk",
            serves_all=not services,
            services=services,
            active=True,
        )
        session.add(agent)
        session.flush()
        view = agent_json(session, agent, clock)
        record(session, site, "agent.created", login, body)
    return view, [AgentsChanged(site.code)]


def update_agent(
    session: Session,
    site: Site,
    clock: Clock,
    login: str,
    body: dict[str, Any],
    by: Agent,
    by_session: str | None = None,
) -> tuple[dict[str, Any], list[Event]]:
    """Rename, change role or skills, reset the PIN, unlock, deactivate or reactivate.

    A new PIN ends every session of the agent (but the one of an admin changing their own,
    `by_session`); deactivating ends them all and frees their counter. The last active
    administrator can be neither demoted nor deactivated.
    """
    ended: list[Event] = []
    with change(session):
        agent = _agent(session, login)
        if "name" in body:
            agent.name = text(body["name"], "name", "Nom affiché", maximum=100)
        if "role" in body:
            role = _role(body["role"])
            if (
                role != "admin"
                and agent.role == "admin"
                and not _other_active_admins(session, agent)
            ):
                raise ServiceError("il faut garder au moins un administrateur", field="role")
            agent.role = role
        if "services" in body:
            services = services_by_codes(session, codes(body["services"], "services", "Démarches"))
            agent.services = services
            agent.serves_all = not services
        if body.get("pin") not in (None, ""):
            agent.pin_hash = hash_pin(_pin(body["pin"]))
            # A PIN someone else typed is only a way in: the agent chooses theirs next time.
            agent.pin_temporary = agent.id != by.id
            unlock(session, agent.login)
            keep = by_session if agent.id == by.id else None
            ended += end_agent_sessions(session, agent, clock.now(), keep=keep)
        if "unlock" in body and flag(body["unlock"], "unlock", "Débloquer"):
            unlock(session, agent.login)
        if "active" in body:
            active = flag(body["active"], "active", "Actif")
            if not active and agent.role == "admin" and not _other_active_admins(session, agent):
                raise ServiceError("il faut garder au moins un administrateur", field="active")
            if not active and agent.id == by.id:
                raise ServiceError(
                    "vous ne pouvez pas désactiver votre propre compte", field="active"
                )
            agent.active = active
            if not active:
                release_counters(session, agent)
                agent.on_duty = False
                ended += end_agent_sessions(session, agent, clock.now())
        view = agent_json(session, agent, clock)
        record(session, site, "agent.updated", login, body)
    return view, [AgentsChanged(site.code), *ended]


def unlock_agent(
    session: Session, site: Site, clock: Clock, login: str
) -> tuple[dict[str, Any], list[Event]]:
    """Lift every lockout of an agent's login (all devices and addresses): the agent signs in."""
    with change(session):
        agent = _agent(session, login)
        unlock(session, agent.login)
        view = agent_json(session, agent, clock)
        record(session, site, "agent.unlocked", login, {})
    return view, [AgentsChanged(site.code)]
