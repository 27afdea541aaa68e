"""Who works at a site, as SQL conditions on agents.

Agents, counters and lines belong to sites (issue 9): a site's wait estimate must count only the
agents on duty *there*, and its console's colleague panel lists only its own team. An agent on
duty is at the site their open session was opened for (an itinerant agent chooses one at
sign-in); a session from before sites had none, and then the agent's own sites count. An account
listing no site works at the home site (`accueil agent add` without `--site`): ACCUEIL_SITE when
set, else the first site `accueil init` created, as `sites_of()` says at sign-in.
"""

from __future__ import annotations

from typing import Any
from weakref import WeakKeyDictionary

from sqlalchemy import ColumnElement, and_, exists, func, or_, select
from sqlalchemy.orm import Session

from server.models import Agent, AgentSession, Site, agent_sites

_home: WeakKeyDictionary[Any, str] = WeakKeyDictionary()  # engine -> ACCUEIL_SITE


def set_home(engine: Any, code: str | None) -> None:
    """The app's configured home site (ACCUEIL_SITE) for the sessions on this engine."""
    if code:
        _home[engine] = code
    else:
        _home.pop(engine, None)


def _home_site_id(session: Session) -> Any:
    bind = session.get_bind()
    code = _home.get(getattr(bind, "engine", bind))
    if code:
        return select(Site.id).where(Site.code == code).scalar_subquery()
    return select(func.min(Site.id)).scalar_subquery()


def _member(session: Session, site: Site) -> ColumnElement[bool]:
    listed = exists().where(agent_sites.c.agent_id == Agent.id)
    listed_here = exists().where(
        agent_sites.c.agent_id == Agent.id, agent_sites.c.site_id == site.id
    )
    return or_(listed_here, and_(~listed, _home_site_id(session) == site.id))


def _session_here(site: Site) -> ColumnElement[bool]:
    return exists().where(
        AgentSession.agent_id == Agent.id,
        AgentSession.revoked_at.is_(None),
        AgentSession.site_id == site.id,
    )


def on_duty_at(session: Session, site: Site) -> ColumnElement[bool]:
    """Signed in and working at this site now (paused ones included: back soon)."""
    session_elsewhere = exists().where(
        AgentSession.agent_id == Agent.id,
        AgentSession.revoked_at.is_(None),
        AgentSession.site_id.is_not(None),
        AgentSession.site_id != site.id,
    )
    return and_(
        Agent.on_duty.is_(True),
        or_(_session_here(site), and_(~session_elsewhere, _member(session, site))),
    )


def team_of(session: Session, site: Site) -> ColumnElement[bool]:
    """The site's own agents, and anyone (a department admin) signed in there now."""
    return or_(_member(session, site), _session_here(site))
