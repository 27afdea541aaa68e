"""Back-office use cases for agents: accounts, sites, skills, PIN reset, unlock, deactivation.

A site administrator sees and manages the agents of their own sites only, and hands out only
those sites; a department administrator manages every account and every site.
"""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from server.domain.events import AgentsChanged, Event
from server.models import ADMIN_ROLES, Agent, AgentSession, Site
from server.services.admin_common import change, codes, flag, text
from server.services.admin_counters import services_by_codes
from server.services.agents import hash_pin, sites_of
from server.services.audit import record
from server.services.clock import Clock
from server.services.counters import release_counters
from server.services.errors import Forbidden, NotFound, ServiceError
from server.services.lockout import is_locked, unlock
from server.services.sessions import end_agent_sessions, end_sessions

ROLES = {
    "agent": "Agent",
    "admin": "Administrateur du site",
    "department_admin": "Administrateur départemental",
}
ROLE_RANK = {"agent": 0, "admin": 1, "department_admin": 2}
LOGIN_PATTERN = re.compile(r"[A-Za-z0-9._-]{2,64}")


def agent_json(session: Session, agent: Agent, clock: Clock) -> dict[str, Any]:
    return {
        "id": agent.id,
        "login": agent.login,
        "name": agent.name,
        "role": agent.role,
        "sites": [site.code for site in agent.sites],
        "site_names": [site.name for site in agent.sites],
        "services": [] if agent.serves_all else sorted(s.code for s in agent.services),
        "serves_all": agent.serves_all,
        "active": agent.active,
        "pin_temporary": agent.pin_temporary,
        "locked": is_locked(session, agent.login, clock.now()),
        "on_duty": agent.on_duty,
    }


def managed_sites(session: Session, by: Agent, home: str | None) -> list[Site]:
    """The sites an administrator hands out and whose agents they manage."""
    return sites_of(session, by, home)


def _manages(session: Session, by: Agent, agent: Agent, home: str | None) -> bool:
    if by.is_department_admin:
        return True
    if agent.is_department_admin:
        return False  # the install's owners are managed at department level only
    theirs = {site.id for site in sites_of(session, agent, home)}
    return any(site.id in theirs for site in managed_sites(session, by, home))


def list_agents(
    session: Session, clock: Clock, site: Site, by: Agent, home: str | None = None
) -> list[dict[str, Any]]:
    """A department admin sees every account; a site admin the accounts of this site."""
    agents = session.scalars(select(Agent).order_by(Agent.active.desc(), Agent.name))

    def visible(agent: Agent) -> bool:
        if by.is_department_admin:
            return True
        here = any(s.id == site.id for s in sites_of(session, agent, home))
        return here and not agent.is_department_admin

    return [agent_json(session, agent, clock) for agent in agents if visible(agent)]


def _role(value: Any, by: Agent) -> str:
    if value not in ROLES:
        raise ServiceError("Rôle : agent, admin ou department_admin", field="role")
    if value == "department_admin" and not by.is_department_admin:
        raise Forbidden(
            "seul un administrateur départemental nomme un administrateur départemental",
            field="role",
        )
    return str(value)


def _sites(
    session: Session, value: Any, by: Agent, home: str | None, current: list[Site]
) -> list[Site]:
    """The sites an account will have: those asked among the ones `by` manages, plus the
    ones `by` does not manage that the account already had (a site admin leaves them be)."""
    wanted = codes(value, "sites", "Sites")
    managed = {site.code: site for site in managed_sites(session, by, home)}
    unknown = [code for code in wanted if code not in managed]
    if unknown:
        raise Forbidden(f"Sites : vous ne gérez pas {', '.join(unknown)}", field="sites")
    kept = [site for site in current if site.code not in managed]
    chosen = kept + [managed[code] for code in wanted]
    if not chosen:
        raise ServiceError("Sites : cochez au moins un site", field="sites")
    return sorted(chosen, key=lambda site: site.id)


def _pin(value: Any) -> str:
    if not isinstance(value, str) or not value.isdigit() or not 4 <= len(value) <= 12:
        raise ServiceError("Code PIN : 4 à 12 chiffres", field="pin")
    return value


def _agent(session: Session, login: str) -> Agent:
    agent = session.scalar(select(Agent).where(Agent.login == login))
    if agent is None:
        raise NotFound(f"aucun agent {login!r}", field="login")
    return agent


def _managed_agent(session: Session, login: str, by: Agent, home: str | None) -> Agent:
    agent = _agent(session, login)
    if not _manages(session, by, agent, home):
        raise Forbidden(f"{login} ne travaille sur aucun des sites que vous gérez", field="login")
    return agent


def _end_sessions_elsewhere(
    session: Session, agent: Agent, sites: set[int], clock: Clock
) -> list[Event]:
    """An agent taken off a site leaves it at once: the sessions opened there end."""
    if agent.is_department_admin:
        return []
    ids = list(
        session.scalars(
            select(AgentSession.id).where(
                AgentSession.agent_id == agent.id,
                AgentSession.revoked_at.is_(None),
                AgentSession.site_id.is_not(None),
                AgentSession.site_id.not_in(sites),
            )
        )
    )
    return end_sessions(session, ids, clock.now(), site=None)


def _other_active_admins(session: Session, agent: Agent) -> int:
    """Other active accounts that can take over from this one: any administrator for a site
    administrator, another department administrator for a department administrator."""
    roles = ("department_admin",) if agent.is_department_admin else tuple(ADMIN_ROLES)
    return (
        session.scalar(
            select(func.count(Agent.id)).where(
                Agent.role.in_(roles), Agent.active, Agent.id != agent.id
            )
        )
        or 0
    )


LAST_ADMIN = "il faut garder au moins un administrateur"


def create_agent(
    session: Session,
    site: Site,
    clock: Clock,
    body: dict[str, Any],
    by: Agent,
    home: str | None = None,
) -> tuple[dict[str, Any], list[Event]]:
    """A new account that can sign in at once with the PIN given; it works at the sites given
    (`sites`, codes), else at the site being managed."""
    login = text(body.get("login"), "login", "Identifiant", maximum=64)
    if not LOGIN_PATTERN.fullmatch(login):
        raise ServiceError(
            "Identifiant : 2 à 64 lettres, chiffres, points ou tirets", field="login"
        )
    name = text(body.get("name"), "name", "Nom affiché", maximum=100)
    role = _role(body.get("role", "agent"), by)
    pin = _pin(body.get("pin"))
    wanted = codes(body.get("services"), "services", "Démarches")
    with change(session):
        if session.scalar(select(Agent.id).where(Agent.login == login)) is not None:
            raise ServiceError(f"l'identifiant {login!r} est déjà pris", field="login")
        services = services_by_codes(session, wanted)
        where = _sites(session, body.get("sites") or [site.code], by, home, [])
        agent = Agent(
            login=login,
            name=name,
            role=role,
            pin_hash=hash_pin(pin),
            posture="desk",
            serves_all=not services,
            services=services,
            sites=where,
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
    home: str | None = None,
) -> tuple[dict[str, Any], list[Event]]:
    """Rename, change role, sites or skills, reset the PIN, unlock, deactivate or reactivate.

    A new PIN ends every session of the agent (but the one of an admin changing their own,
    `by_session`); deactivating ends them all and frees their counter; so does taking a site
    away (the sessions opened there). The last active department administrator can be neither
    demoted nor deactivated.
    """
    ended: list[Event] = []
    with change(session):
        agent = _managed_agent(session, login, by, home)
        if "name" in body:
            agent.name = text(body["name"], "name", "Nom affiché", maximum=100)
        if "role" in body:
            role = _role(body["role"], by)
            stepping_down = ROLE_RANK[role] < ROLE_RANK[agent.role] and agent.is_admin
            if stepping_down and not _other_active_admins(session, agent):
                raise ServiceError(LAST_ADMIN, field="role")
            agent.role = role
        if "sites" in body:
            before = [site.code for site in agent.sites]
            agent.sites = _sites(session, body["sites"], by, home, list(agent.sites))
            after = {site.id for site in agent.sites}
            if {site.code for site in agent.sites} != set(before):
                ended += _end_sessions_elsewhere(session, agent, after, clock)
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
            if not active and agent.is_admin and not _other_active_admins(session, agent):
                raise ServiceError(LAST_ADMIN, field="active")
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
    session: Session, site: Site, clock: Clock, login: str, by: Agent, home: str | None = None
) -> tuple[dict[str, Any], list[Event]]:
    """Lift every lockout of an agent's login (all devices and addresses): the agent signs in."""
    with change(session):
        agent = _managed_agent(session, login, by, home)
        unlock(session, agent.login)
        view = agent_json(session, agent, clock)
        record(session, site, "agent.unlocked", login, {})
    return view, [AgentsChanged(site.code)]
