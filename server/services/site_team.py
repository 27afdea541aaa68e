"""Who works at a site, as SQL conditions on agents.

Agents, counters and lines belong to sites (issue 9): a site's wait estimate must count only the
agents on duty *there*, and its console's colleague panel lists only its own team. An agent on
duty is at the site their open session was opened for (an itinerant agent chooses one at
sign-in); a session from before sites had none, and then the agent's own sites count. An account
listing no site works at the install's first site (`accueil agent add` without `--site`).
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, and_, exists, func, or_, select

from server.models import Agent, AgentSession, Site, agent_sites


def _member(site: Site) -> ColumnElement[bool]:
    listed = exists().where(agent_sites.c.agent_id == Agent.id)
    listed_here = exists().where(
        agent_sites.c.agent_id == Agent.id, agent_sites.c.site_id == site.id
    )
    first_site = select(func.min(Site.id)).scalar_subquery()
    return or_(listed_here, and_(~listed, first_site == site.id))


def _session_here(site: Site) -> ColumnElement[bool]:
    return exists().where(
        AgentSession.agent_id == Agent.id,
        AgentSession.revoked_at.is_(None),
        AgentSession.site_id == site.id,
    )


def on_duty_at(site: Site) -> ColumnElement[bool]:
    """Signed in and working at this site now (paused ones included: back soon)."""
    session_elsewhere = exists().where(
        AgentSession.agent_id == Agent.id,
        AgentSession.revoked_at.is_(None),
        AgentSession.site_id.is_not(None),
        AgentSession.site_id != site.id,
    )
    return and_(
        Agent.on_duty.is_(True),
        or_(_session_here(site), and_(~session_elsewhere, _member(site))),
    )


def team_of(site: Site) -> ColumnElement[bool]:
    """The site's own agents, and anyone (a department admin) signed in there now."""
    return or_(_member(site), _session_here(site))
