"""Agents: creating them, signing in with a PIN (slow hash, lockout), duty and pause."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache

from sqlalchemy import select
from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash, generate_password_hash

from server.domain.events import AgentsChanged, Event
from server.models import Agent, AgentSession, Site
from server.services import cooperation
from server.services.clock import Clock
from server.services.counters import claim_counter, release_counters
from server.services.errors import Conflict, Forbidden, ServiceError, SiteChoiceRequired
from server.services.lockout import (
    LockoutPolicy,
    attempt_failed,
    attempt_succeeded,
    count_attempt,
)
from server.services.sessions import end_sessions, open_session, session_id
from server.services.site_team import on_duty_at
from server.services.transaction import reading, writing

ROLES = ("agent", "admin", "department_admin")
PIN_HASH_METHOD = "scrypt"  # deliberately slow: a 4-digit PIN must not be brute-forced offline


@dataclass(frozen=True)
class SignedIn:
    agent: Agent
    token: str  # the new session's, for the cookie
    events: list[Event]
    site: Site | None = None  # where the session works


@cache
def _dummy_hash() -> str:
    """Compared against when the login is unknown, so timing does not reveal which logins
    exist; computed at the first sign-in, not at import (scrypt is slow on purpose)."""
    return cooperation.off_loop(generate_password_hash, "0000", PIN_HASH_METHOD)


def hash_pin(pin: str) -> str:
    if not pin.isdigit() or not 4 <= len(pin) <= 12:
        raise ServiceError("le code PIN compte 4 à 12 chiffres", field="pin")
    return cooperation.off_loop(generate_password_hash, pin, PIN_HASH_METHOD)


def pin_matches(pin_hash: str, pin: str) -> bool:
    """The slow comparison, off the server's event loop (server/services/cooperation.py)."""
    return cooperation.off_loop(check_password_hash, pin_hash, pin)


def add_agent(
    session: Session,
    *,
    name: str,
    login: str,
    pin: str,
    role: str = "agent",
    posture: str = "desk",
    sites: list[Site] | None = None,
) -> Agent:
    if role not in ROLES:
        raise ServiceError("rôle : « agent », « admin » ou « department_admin »", field="role")
    with writing(session):
        if session.scalar(select(Agent).where(Agent.login == login)):
            raise Conflict(f"l'identifiant « {login} » est déjà pris", field="login")
        agent = Agent(name=name, login=login, pin_hash=hash_pin(pin), role=role, posture=posture)
        agent.sites = list(sites or [])
        session.add(agent)
    return agent


def sites_of(session: Session, agent: Agent, home: str | None) -> list[Site]:
    """Where an agent may work: every site for a department admin, else the sites listed for
    them; an account listing none (`accueil agent add`, a laptop's copy) works at the home site."""
    with reading(session):
        if agent.is_department_admin:
            return list(session.scalars(select(Site).order_by(Site.id)))
        if agent.sites:
            return list(agent.sites)
        found = session.scalar(select(Site).where(Site.code == home)) if home else None
        return [found] if found is not None else []


def works_at(session: Session, agent: Agent, site: Site, home: str | None) -> bool:
    return any(mine.id == site.id for mine in sites_of(session, agent, home))


def choose_site(choices: list[Site], wanted: str | None) -> Site | None:
    """The site of a new session: the one asked for, which must be one of the agent's; the
    only one when there is one; else the agent is asked to choose (409 site_required)."""
    if wanted:
        for site in choices:
            if site.code == wanted:
                return site
        raise Forbidden("Vous ne travaillez pas sur ce site.", field="site")
    if len(choices) > 1:
        raise SiteChoiceRequired(
            "Choisissez le site où vous travaillez aujourd'hui.",
            sites=[{"code": site.code, "name": site.name} for site in choices],
        )
    return choices[0] if choices else None


def sign_in(
    session: Session,
    *,
    login: str,
    pin: str,
    source: str,
    clock: Clock,
    policy: LockoutPolicy,
    replacing: str | None = None,
    site: str | None = None,
    home: str | None = None,
    on_duty: bool = True,
) -> SignedIn:
    """Check a PIN, counted first against this login and source (see services/lockout.py).

    The session is opened at `site` (a code), which must be one of the agent's sites; an agent
    with several sites who gives none is asked to choose (`SiteChoiceRequired`, after the PIN
    was found right, so the list of sites is never shown to someone without the PIN).

    An unknown or deactivated login gets exactly the answers a known one gets (same counts,
    same lockouts, a hash compared all the same), so nobody learns which logins exist. The
    session this browser had before (`replacing`'s token) ends: the id rotates.

    `on_duty=False` is the back-office's sign-in: an administrator setting the site up from a
    laptop is not serving visitors, so the waits (which count agents on duty) and the
    colleagues' panel leave them as they were.
    """
    now = clock.now()
    dummy = _dummy_hash()  # computed at the first sign-in of all, known login or not
    number = count_attempt(session, login, source, now, policy)
    with reading(session):  # the slow hash is checked outside any write lock
        agent = session.scalar(select(Agent).where(Agent.login == login))
        known = agent is not None and agent.active
        pin_hash = agent.pin_hash if agent is not None and known else dummy
    if not (pin_matches(pin_hash, pin) and known):
        raise attempt_failed(session, login, source, number, now, policy)
    assert agent is not None
    with writing(session):
        attempt_succeeded(session, login, source)
    chosen = choose_site(sites_of(session, agent, home), site)
    with writing(session):
        if on_duty:
            agent.on_duty = True
            agent.paused = False
        agent.last_seen_at = now
        # A new session id at every sign-in, tied to the site chosen.
        token = open_session(session, agent, now, chosen.id if chosen else None)
        ended = end_sessions(session, [session_id(replacing)], now, None) if replacing else []
    return SignedIn(agent, token, ended, chosen)


def choose_pin(
    session: Session,
    agent: Agent,
    *,
    current: str,
    new: str,
    source: str,
    clock: Clock,
    policy: LockoutPolicy,
) -> None:
    """The agent sets their own PIN, proving the current one (counted like a sign-in, so this
    is no way around the lockout). A temporary PIN given by an administrator ends here."""
    if not new.isdigit() or not 4 <= len(new) <= 12:
        raise ServiceError("Nouveau code : 4 à 12 chiffres", field="pin")
    if new == current:
        raise ServiceError("Nouveau code : choisissez-en un autre que l'actuel", field="pin")
    now = clock.now()
    number = count_attempt(session, agent.login, source, now, policy)
    if not pin_matches(agent.pin_hash, current):
        raise attempt_failed(session, agent.login, source, number, now, policy)
    with writing(session):
        attempt_succeeded(session, agent.login, source)
        agent.pin_hash = hash_pin(new)
        agent.pin_temporary = False


def sign_out(
    session: Session, agent: Agent, site: Site, token: str | None, now: datetime
) -> list[Event]:
    """The agent leaves: this session ends (its sockets close) and their counter is free."""
    with writing(session):
        release_counters(session, agent)
        agent.on_duty = False
        ended = end_sessions(session, [session_id(token)], now, site.code) if token else []
    return [AgentsChanged(site.code), *ended]


def take_gone_agents_off_duty(
    session: Session, site: Site, now: datetime, idle: timedelta
) -> list[Event]:
    """Agents on duty here but silent past the idle time are off duty, their counter free.

    A tablet switched off, an agent gone home without « Se déconnecter »: left on duty, they
    made the kiosk promise waits nobody served, and held « Bureau 1 » against the colleague who
    came the next morning. Signing in again puts them back on duty, as it always does. An agent
    never seen (no sign-in yet) is left as they are.
    """
    with writing(session):
        gone = session.scalars(
            select(Agent).where(
                on_duty_at(session, site),
                Agent.last_seen_at.is_not(None),
                Agent.last_seen_at < now - idle,
            )
        ).all()
        for agent in gone:
            release_counters(session, agent)
            agent.on_duty = False
            agent.paused = False
    return [AgentsChanged(site.code)] if gone else []


def leave_this_device(
    session: Session, agent: Agent, site: Site, token: str | None, now: datetime
) -> list[Event]:
    """The back-office's sign-out: this browser's session ends; the agent's counter and duty
    stay when another of their sessions is open (the console on a tablet), else it is a full
    sign-out, so nobody is left on duty without a screen."""
    mine = session_id(token) if token else ""
    with reading(session):
        elsewhere = session.scalar(
            select(AgentSession.id)
            .where(
                AgentSession.agent_id == agent.id,
                AgentSession.revoked_at.is_(None),
                AgentSession.id != mine,
            )
            .limit(1)
        )
    if elsewhere is None:
        return sign_out(session, agent, site, token, now)
    return end_sessions(session, [mine] if token else [], now, site.code)


def set_duty(
    session: Session,
    agent: Agent,
    site: Site,
    *,
    paused: bool | None = None,
    posture: str | None = None,
    counter_code: str | None = None,
) -> list[Event]:
    """Pause/resume availability, switch posture (desk or floor), or sit at a counter, which
    colleagues then see as taken (403 if one of them already holds it)."""
    with writing(session):
        if posture is not None:
            if posture not in ("desk", "floor"):
                raise ServiceError(
                    "poste : « desk » (assis) ou « floor » (va-vers)", field="posture"
                )
            agent.posture = posture
            if posture == "floor":
                release_counters(session, agent)
        if counter_code is not None:
            claim_counter(session, site, agent, counter_code)
        if paused is not None:
            agent.paused = paused
        agent.on_duty = True
    return [AgentsChanged(site.code)]
