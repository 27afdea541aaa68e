"""Request-scoped collaborators: the site, the clock, the fairness rule, the signed-in agent."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from functools import wraps
from typing import Any, TypeVar, cast

from flask import current_app, g, has_request_context, request, session

from server.domain.ordering import FairnessRule
from server.extensions import db
from server.models import Agent, AgentSession, Site
from server.services.clock import Clock
from server.services.errors import Forbidden, PinChangeRequired, ServiceError, Unauthorized
from server.services.lookup import home_site_code, site_by_code
from server.services.sessions import agent_of, session_id
from server.services.transaction import reading

KIOSK_HEADER = "X-Accueil-Kiosk"
SESSION_TOKEN = "agent_session"  # the key in Flask's signed cookie


def clock() -> Clock:
    return cast(Clock, current_app.extensions["accueil.clock"])


def site_policy(site: Site | None, key: str) -> float:
    """A policy value the back-office saved for the site, else the environment's, else default."""
    from server.services.admin_settings import BY_KEY, site_setting

    config = current_app.config
    if site is None:
        try:
            site = (
                current_site() if has_request_context() else site_by_code(db.session, home_site())
            )
        except ServiceError:  # no site yet (first run): the deployment's values
            policy = BY_KEY[key]
            value = config.get(policy.config) if policy.config else None
            return float(value if value is not None else policy.default)
    return site_setting(db.session, site, key, config)


def fairness_rule(site: Site | None = None) -> FairnessRule:
    return FairnessRule(
        max_priority_streak=int(site_policy(site, "max_priority_streak")),
        starvation_minutes=int(site_policy(site, "starvation_minutes")),
        appointment_early_minutes=int(site_policy(site, "appointment_early_minutes")),
    )


def home_site() -> str:
    """This install's site code: ACCUEIL_SITE, or the site created by `accueil init`."""
    configured = current_app.config.get("SITE_CODE")
    if configured:
        return str(configured)
    known = current_app.extensions.get("accueil.home_site")
    if known is None:
        known = current_app.extensions["accueil.home_site"] = home_site_code(db.session, None)
    return str(known)


def requested_site() -> str:
    """The site a request is for.

    An agent's request (an agent session cookie): the site chosen at sign-in; a department
    admin may ask for another (`?site=` or a /s/<site>/ path), anyone else asking for another
    site gets 403. Public requests: the paired screen's site, else the /s/<site>/ path, else
    the home site; never a query parameter a visitor could edit.
    """
    if not has_request_context():
        return home_site()
    from server.screens import bound_site
    from server.site_paths import path_site

    signed_in = signed_in_site()
    if signed_in is not None:
        chosen, department = signed_in
        asked = request.args.get("site") or path_site()
        if asked and asked != chosen and not department:
            raise Forbidden("Vous ne travaillez pas sur ce site.", field="site")
        return asked or chosen
    return bound_site() or path_site() or home_site()


def current_site(code: str | None = None) -> Site:
    """The site by its code (else the requested one), loaded once per request however often
    asked."""
    code = code or requested_site()
    loaded: dict[str, Site] = g.setdefault("accueil_sites", {})
    site = loaded.get(code)
    if site is None or site not in db.session:  # a removed session left it detached
        site = loaded[code] = site_by_code(db.session, code)
    return site


def signed_in_site() -> tuple[str, bool] | None:
    """For a browser with an agent session: (the session's site code, may the agent manage
    every site); None for the public. Read once per request and session token."""
    token = session_token()
    if token is None:
        return None
    cached = g.get("accueil_signed_in_site")
    if cached is not None and cached[0] == token:
        return cast(tuple[str, bool], cached[1])
    from server.services.agents import sites_of

    found: tuple[str, bool] | None = None
    with reading(db.session):
        row = db.session.get(AgentSession, session_id(token))
        agent = db.session.get(Agent, row.agent_id) if row is not None else None
        alive = row is not None and agent is not None and row.revoked_at is None and agent.active
        site = db.session.get(Site, row.site_id) if alive and row and row.site_id else None
    # Held for the request: the session's identity map keeps rows only while something does,
    # and the agent check and the site lookup that follow would read all three again.
    g.accueil_signed_in_rows = (row, agent, site)
    if alive and agent is not None:
        if site is None:  # a session opened before sites: the agent's first site
            mine = sites_of(db.session, agent, home_site_or_none())
            site = mine[0] if mine else None
        found = (site.code if site is not None else home_site(), agent.is_department_admin)
    g.accueil_signed_in_site = (token, found)
    return found


def home_site_or_none() -> str | None:
    """The home site's code, or None on an install without a site yet."""
    try:
        return home_site()
    except ServiceError:
        return None


def opening_setting(site: Site) -> Any:
    """The site's timetable as saved in the back-office, else ACCUEIL_OPENING_HOURS."""
    from server.services.admin_hours import saved_hours

    saved = saved_hours(db.session, site)
    return saved if saved is not None else current_app.config.get("OPENING_HOURS")


SAFE_BASE_URL = "http://127.0.0.1:5000/"


def allowed_hosts() -> set[str]:
    """ACCUEIL_ALLOWED_HOSTS: the names a request's Host header may give links (lower case)."""
    text = str(current_app.config.get("ALLOWED_HOSTS") or "")
    return {name.strip().lower() for name in text.split(",") if name.strip()}


def request_base_url() -> str | None:
    """The address the request used, only if its host is one of the allowed hosts: a forged
    Host header must never end up in a printed QR code or a tracking link."""
    if not has_request_context():
        return None
    host = (request.host or "").lower()
    name = host.rsplit(":", 1)[0] if not host.endswith("]") else host
    if name.strip("[]") in allowed_hosts() or name in allowed_hosts():
        return str(request.host_url)
    return None


def base_url() -> str:
    """Where phones reach this server (tracking links, QR codes): ACCUEIL_PUBLIC_URL, else the
    site's public address (first run, back-office), else the request's own address when its
    Host is in ACCUEIL_ALLOWED_HOSTS, else a harmless local default."""
    configured = current_app.config.get("PUBLIC_URL")
    if configured:
        return str(configured)
    try:
        site_url = site_by_code(db.session, home_site()).public_url
    except ServiceError:
        site_url = ""
    if site_url:  # set at `accueil init` or in the back-office's settings
        return site_url.rstrip("/") + "/"
    return request_base_url() or SAFE_BASE_URL


def kiosk_name(body: Any = None) -> str | None:
    """Which kiosk (or desk) asks: the paired device's name, else a header set by the device,
    else a field of the JSON body."""
    from server.screens import bound_screen

    binding = bound_screen()
    if binding is not None:
        return binding.name
    name = request.headers.get(KIOSK_HEADER) or (body if isinstance(body, dict) else {}).get(
        "kiosk"
    )
    return str(name)[:64] if name else None


def agent_idle() -> timedelta:
    """How long an agent's session lives without a request (the site's idle sign-out)."""
    return timedelta(minutes=site_policy(None, "agent_idle_minutes"))


def session_token() -> str | None:
    """The token of this browser's agent session (in the signed session cookie)."""
    token = session.get(SESSION_TOKEN)
    return token if isinstance(token, str) else None


def current_agent(required: bool = True) -> Agent | None:
    """The agent of this browser's server-side session; an ended or idle session is refused."""
    token = session_token()
    agent, events = agent_of(db.session, token, clock().now(), agent_idle())
    if agent is None and token:
        session.clear()
    if events:
        from server.realtime.broadcasts import publish

        publish(events)  # an idle session's sockets close too
    if agent is None and required:
        raise Unauthorized("connectez-vous d'abord comme agent")
    if agent is not None and required and agent.pin_temporary and not _choosing_pin():
        raise PinChangeRequired(
            "Choisissez d'abord votre propre code PIN (le code reçu n'était que provisoire)."
        )
    return agent


# What an agent signed in with a temporary PIN may do: see who they are, choose their PIN, leave.
PIN_CHANGE_ENDPOINTS = frozenset({"api.whoami", "api.change_pin", "api.logout"})


def _choosing_pin() -> bool:
    return has_request_context() and request.endpoint in PIN_CHANGE_ENDPOINTS


def require_agent() -> Agent:
    agent = current_agent()
    assert agent is not None
    return agent


def require_admin() -> Agent:
    agent = require_agent()
    if not agent.is_admin:
        raise Forbidden("réservé aux administrateurs")
    return agent


def require_department_admin() -> Agent:
    agent = require_admin()
    if not agent.is_department_admin:
        raise Forbidden("réservé aux administrateurs départementaux")
    return agent


View = TypeVar("View", bound=Callable[..., Any])


def admin_only(view: View) -> View:
    """The one gate of the back-office, pages and API alike: 401 anonymous, 403 for agents,
    403 for a site administrator asking for a site that is not theirs (`?site=`)."""

    @wraps(view)
    def guarded(*args: Any, **kwargs: Any) -> Any:
        from server.services.audit import act_as

        act_as(db.session, require_admin(), clock())  # the audit trail says who changed what
        current_site()  # the managed site: the session's, or any for a department admin
        return view(*args, **kwargs)

    return cast(View, guarded)
