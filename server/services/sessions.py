"""Agents' sessions, kept on the server so that they can be ended.

The cookie holds a random token; the table keeps only its SHA-256, the agent, when it was
opened and last used, and when it ended. Signing out, a PIN reset, a deactivation and the
idle timeout end sessions; the `SessionsEnded` event then closes their open sockets.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable
from datetime import datetime, timedelta

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from server.domain.events import Event, SessionsEnded
from server.models import Agent, AgentSession
from server.services.transaction import changed_rows, reading, writing

SEEN_GRANULARITY = timedelta(seconds=30)
KEEP_ENDED = timedelta(days=1)


def session_id(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def open_session(session: Session, agent: Agent, now: datetime, site_id: int | None = None) -> str:
    """A new session (a new token at every sign-in) at the site chosen; joins the caller's
    transaction."""
    token = secrets.token_urlsafe(32)
    with writing(session):
        session.add(
            AgentSession(
                id=session_id(token),
                agent_id=agent.id,
                site_id=site_id,
                created_at=now,
                last_seen_at=now,
            )
        )
    return token


def _ended(row: AgentSession, agent: Agent, now: datetime, idle: timedelta) -> bool:
    return row.revoked_at is not None or not agent.active or now - row.last_seen_at > idle


def agent_of(
    session: Session, token: str | None, now: datetime, idle: timedelta
) -> tuple[Agent | None, list[Event]]:
    """The agent of a live session token, or None; a session found idle is ended there."""
    if not token:
        return None, []
    with reading(session):
        row = session.get(AgentSession, session_id(token))
        agent = session.get(Agent, row.agent_id) if row is not None else None
    if row is None or agent is None:
        return None, []
    if not _ended(row, agent, now, idle):
        mark_seen(session, row, agent, now)
        return agent, []
    return None, end_sessions(session, [row.id], now, site=None)


def mark_seen(session: Session, row: AgentSession, agent: Agent, now: datetime) -> None:
    """The session (and the agent) are still in use: a write per half-minute at most."""
    if now - row.last_seen_at <= SEEN_GRANULARITY:
        return
    with writing(session):
        row.last_seen_at = now
        agent.last_seen_at = now


def end_sessions(
    session: Session, ids: Iterable[str], now: datetime, site: str | None
) -> list[Event]:
    """End these sessions (if still open); their sockets are closed by the event."""
    wanted = list(ids)
    if not wanted:
        return []
    with writing(session):
        changed_rows(
            session,
            update(AgentSession)
            .where(AgentSession.id.in_(wanted), AgentSession.revoked_at.is_(None))
            .values(revoked_at=now),
        )
    return [SessionsEnded(site or "", tuple(wanted))]


def end_agent_sessions(
    session: Session, agent: Agent, now: datetime, *, keep: str | None = None
) -> list[Event]:
    """Every open session of an agent ends (PIN reset, deactivation), but `keep`'s token."""
    kept = session_id(keep) if keep else None
    with writing(session):
        ids = [
            found
            for found in session.scalars(
                select(AgentSession.id).where(
                    AgentSession.agent_id == agent.id, AgentSession.revoked_at.is_(None)
                )
            )
            if found != kept
        ]
        return end_sessions(session, ids, now, site=None)


def ended_among(session: Session, ids: Iterable[str], now: datetime, idle: timedelta) -> list[str]:
    """Which of these sessions are over (ended, idle, agent deactivated): the socket sweep."""
    wanted = set(ids)
    if not wanted:
        return []
    with reading(session):
        rows = session.execute(
            select(AgentSession, Agent)
            .join(Agent, Agent.id == AgentSession.agent_id)
            .where(AgentSession.id.in_(wanted))
        ).all()
    alive = {row.id for row, agent in rows if not _ended(row, agent, now, idle)}
    return sorted(wanted - alive)


def forget_ended(session: Session, now: datetime, idle: timedelta) -> int:
    """Delete sessions ended or idle for a day (the purge): the table stays small."""
    limit = now - KEEP_ENDED
    with writing(session):
        return changed_rows(
            session,
            delete(AgentSession).where(
                (AgentSession.revoked_at < limit) | (AgentSession.last_seen_at < limit - idle)
            ),
        )
