"""Agents sign in with a login and a PIN; the session cookie is HttpOnly and SameSite."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from flask import current_app, session

from server.api import api
from server.api.schemas import AgentOut, LoginIn, LogoutIn, PinIn
from server.context import (
    SESSION_TOKEN,
    clock,
    current_agent,
    current_site,
    home_site_or_none,
    session_token,
)
from server.extensions import db, limiter
from server.realtime.broadcasts import publish
from server.services.agents import choose_pin, leave_this_device, sign_in, sign_out, sites_of
from server.services.lockout import LockoutPolicy
from server.trusted_browsers import remember_sign_in, sign_in_source


def agent_json(agent: Any, site: Any = None) -> dict[str, Any]:
    """Who is signed in, and where: the session's site and every site they may choose."""
    mine = sites_of(db.session, agent, home_site_or_none())
    here = site or current_site()
    return {
        "site": {"code": here.code, "name": here.name},
        "sites": [{"code": s.code, "name": s.name} for s in mine],
        "id": agent.id,
        "name": agent.name,
        "login": agent.login,
        "role": agent.role,
        "is_admin": agent.is_admin,
        "posture": agent.posture,
        "paused": agent.paused,
        "pin_change_required": agent.pin_temporary,
    }


def lockout_policy() -> LockoutPolicy:
    config = current_app.config
    return LockoutPolicy(
        max_failures=int(config["LOGIN_MAX_FAILURES"]),
        first_lockout=timedelta(minutes=float(config["LOGIN_LOCKOUT_MINUTES"])),
    )


@api.post("/auth/login")
@limiter.limit("30 per minute")
@api.input(LoginIn, arg_name="body")
@api.output(AgentOut)
def login(body: dict[str, Any]) -> dict[str, Any]:
    """Check the PIN; 401 when wrong, 423 while this device is locked out (see the README).
    An agent working at several sites gives `site` (else 409 site_required listing them);
    every request of the session then acts on that site, and another site's answers 403.
    `pin_change_required`: the PIN was reset by an administrator; until the agent chooses
    their own (POST /auth/pin), every other agent action answers 403 pin_change_required."""
    signed_in = sign_in(
        db.session,
        login=body["login"],
        pin=body["pin"],
        source=sign_in_source(body["login"]),
        clock=clock(),
        policy=lockout_policy(),
        replacing=session_token(),
        site=body.get("site") or None,  # "" from a form's "my only site"
        home=home_site_or_none(),
        on_duty=body.get("on_duty", True),
    )
    publish(signed_in.events)
    remember_sign_in(signed_in.agent.login)
    session.clear()
    session[SESSION_TOKEN] = signed_in.token
    return agent_json(signed_in.agent, signed_in.site)


@api.post("/auth/logout")
@api.input(LogoutIn, arg_name="body")
@api.output({}, status_code=204)
def logout(body: dict[str, Any]) -> tuple[str, int]:
    """Sign out: this session ends everywhere (its sockets too) and the counter is free.
    `keep_duty` (the back-office's button): only this session ends; the agent's counter and
    duty, held from a console on another device, stay as they are (a full sign-out when no
    other session of theirs is open)."""
    agent = current_agent(required=False)
    if agent is not None:
        token, now = session_token(), clock().now()
        if body.get("keep_duty"):
            publish(leave_this_device(db.session, agent, current_site(), token, now))
        else:
            publish(sign_out(db.session, agent, current_site(), token, now))
    session.clear()
    return "", 204


@api.get("/auth/me")
@api.output(AgentOut)
def whoami() -> dict[str, Any]:
    """The signed-in agent, or 401."""
    agent = current_agent()
    return agent_json(agent)


@api.post("/auth/pin")
@limiter.limit("30 per minute")
@api.input(PinIn, arg_name="body")
@api.output(AgentOut)
def change_pin(body: dict[str, str]) -> dict[str, Any]:
    """The signed-in agent chooses their own PIN, proving the current one (counted like a
    sign-in: 401 when wrong, 423 when locked out)."""
    agent = current_agent()
    assert agent is not None
    choose_pin(
        db.session,
        agent,
        current=body["current"],
        new=body["pin"],
        source=sign_in_source(agent.login),
        clock=clock(),
        policy=lockout_policy(),
    )
    return agent_json(agent)
