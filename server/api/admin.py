"""The back-office API under /api/v1/admin: admins only (401 anonymous, 403 agents).

Bodies are checked by the use cases, which answer a 400 naming the field in French, so the
back-office forms can show the message next to it.
"""

from __future__ import annotations

from typing import Any

from apiflask import Schema
from apiflask.fields import Boolean, Dict, Integer, List, Raw, String
from flask import current_app

from server.api import api
from server.catalogue import PICTOGRAMS, THEMES
from server.context import (
    admin_only,
    clock,
    current_site,
    home_site_or_none,
    require_admin,
    require_department_admin,
    session_token,
)
from server.extensions import db
from server.realtime.broadcasts import publish
from server.services.admin_agents import create_agent, list_agents, unlock_agent, update_agent
from server.services.admin_catalogue import create_local_service, list_services, update_service
from server.services.admin_counters import create_counter, list_counters, update_counter
from server.services.admin_highlights import (
    create_highlight,
    list_highlights,
    remove_highlight_image,
    set_highlight_image,
    update_highlight,
)
from server.services.admin_hours import hours_form, save_hours
from server.services.admin_settings import save_settings, settings_view
from server.services.admin_sites import create_site, list_sites
from server.services.audit import audit_view


class CounterIn(Schema):
    code = String(metadata={"example": "bureau-3"})
    label = String(metadata={"example": "Bureau 3"})
    kind = String(metadata={"enum": ["reception", "office", "video", "floor"]})
    services = List(String(), metadata={"description": "service codes; empty: every service"})
    active = Boolean()


class AgentIn(Schema):
    login = String()
    name = String()
    role = String(metadata={"enum": ["agent", "admin", "department_admin"]})
    pin = String(metadata={"description": "4 to 12 digits; on update, resets the PIN"})
    sites = List(
        String(),
        metadata={"description": "site codes the agent works at; default: the managed site"},
    )
    services = List(String(), metadata={"description": "service codes; empty: every service"})
    active = Boolean()
    unlock = Boolean()


ADMIN_ERRORS = {400: "invalid input", 401: "not signed in", 403: "not an administrator"}


@api.get("/admin/counters")
@admin_only
@api.doc(tags=["Administration"], responses=ADMIN_ERRORS)
def admin_list_counters() -> Any:
    """Every counter of the site, closed ones included."""
    return list_counters(db.session, current_site())


@api.post("/admin/counters")
@admin_only
@api.input(CounterIn, arg_name="body")
@api.doc(tags=["Administration"], responses={**ADMIN_ERRORS, 201: "created"})
def admin_create_counter(body: dict[str, Any]) -> Any:
    """Create a counter: {code, label, kind, services}; consoles see it at once."""
    view, events = create_counter(db.session, current_site(), body)
    publish(events)
    return view, 201


@api.patch("/admin/counters/<code>")
@admin_only
@api.input(CounterIn, arg_name="body")
@api.doc(tags=["Administration"], responses={**ADMIN_ERRORS, 404: "no such counter"})
def admin_update_counter(code: str, body: dict[str, Any]) -> Any:
    """Rename, change kind or services, close (active false) or reopen a counter."""
    view, events = update_counter(db.session, current_site(), code, body)
    publish(events)
    return view


@api.get("/admin/agents")
@admin_only
@api.doc(tags=["Administration"], responses=ADMIN_ERRORS)
def admin_list_agents() -> Any:
    """The accounts of the managed site (every account for a department admin), deactivated
    ones included (never a PIN or its hash)."""
    return list_agents(db.session, clock(), current_site(), require_admin(), home_site_or_none())


@api.post("/admin/agents")
@admin_only
@api.input(AgentIn, arg_name="body")
@api.doc(tags=["Administration"], responses={**ADMIN_ERRORS, 201: "created"})
def admin_create_agent(body: dict[str, Any]) -> Any:
    """Create an account {login, name, role, pin, services}; it can sign in at once."""
    view, events = create_agent(
        db.session, current_site(), clock(), body, require_admin(), home_site_or_none()
    )
    publish(events)
    return view, 201


@api.patch("/admin/agents/<login>")
@admin_only
@api.input(AgentIn, arg_name="body")
@api.doc(tags=["Administration"], responses={**ADMIN_ERRORS, 404: "no such agent"})
def admin_update_agent(login: str, body: dict[str, Any]) -> Any:
    """Rename, role, skills, new PIN, unlock, deactivate (ends their sessions) or reactivate."""
    view, events = update_agent(
        db.session,
        current_site(),
        clock(),
        login,
        body,
        require_admin(),
        session_token(),
        home_site_or_none(),
    )
    publish(events)
    return view


@api.post("/admin/agents/<login>/unlock")
@admin_only
@api.doc(tags=["Administration"], responses={**ADMIN_ERRORS, 404: "no such agent"})
def admin_unlock_agent(login: str) -> Any:
    """Lift the PIN lockout of this login on every device and address (see the README)."""
    view, events = unlock_agent(
        db.session, current_site(), clock(), login, require_admin(), home_site_or_none()
    )
    publish(events)
    return view


class ServiceIn(Schema):
    code = String(metadata={"example": "mission-locale"})
    label = String(metadata={"example": "Mission locale : emploi des 16-25 ans"})
    partner = String(metadata={"example": "Mission locale"})
    theme = String(metadata={"enum": sorted(THEMES)})
    prefix = String(metadata={"example": "L"})
    position = Integer()
    active = Boolean()
    # Raw: the service checks it, so that even a list gets a French message.
    labels = Raw(
        metadata={
            "type": "object",
            "additionalProperties": {"type": "string"},
            "example": {"en": "Youth employment (16-25)", "ar": "التوظيف"},
            "description": "the label per kiosk language (French is `label`); empty removes one",
        },
    )
    pictogram = String(
        allow_none=True, metadata={"enum": sorted(PICTOGRAMS), "description": "empty: none"}
    )


@api.get("/admin/services")
@admin_only
@api.doc(tags=["Administration"], responses=ADMIN_ERRORS)
def admin_list_services() -> Any:
    """The site's catalogue, requests switched off included, in its kiosk's order."""
    return list_services(db.session, current_site())


@api.post("/admin/services")
@admin_only
@api.input(ServiceIn, arg_name="body")
@api.doc(tags=["Administration"], responses={**ADMIN_ERRORS, 201: "created"})
def admin_create_service(body: dict[str, Any]) -> Any:
    """Add a local request {code, label, partner, theme, prefix}; kiosks show it at once."""
    view, events = create_local_service(db.session, current_site(), body)
    publish(events)
    return view, 201


@api.patch("/admin/services/<code>")
@admin_only
@api.input(ServiceIn, arg_name="body")
@api.doc(tags=["Administration"], responses={**ADMIN_ERRORS, 404: "no such request"})
def admin_update_service(code: str, body: dict[str, Any]) -> Any:
    """Switch a request on or off (active), reorder it (position), reword a local one."""
    view, events = update_service(db.session, current_site(), code, body)
    publish(events)
    return view


class HoursIn(Schema):
    week = Dict(
        keys=String(),
        values=Raw(),
        metadata={
            "example": {"lundi": ["09:00-12:30", "13:30-18:00"], "jeudi": ["17:00-20:00 nocturne"]}
        },
    )
    closures = List(Raw(), metadata={"example": [{"date": "2026-12-24", "reason": "Réveillon"}]})
    openings = List(Raw(), metadata={"example": [{"date": "2026-12-27", "hours": ["09:00-12:00"]}]})


@api.get("/admin/hours")
@admin_only
@api.doc(tags=["Administration"], responses=ADMIN_ERRORS)
def admin_get_hours() -> Any:
    """The weekly timetable, closures and openings by date, and the next 14 days."""
    site = current_site()
    return hours_form(db.session, site, current_app.config.get("OPENING_HOURS"), clock())


@api.put("/admin/hours")
@admin_only
@api.input(HoursIn, arg_name="body")
@api.doc(tags=["Administration"], responses=ADMIN_ERRORS)
def admin_put_hours(body: dict[str, Any]) -> Any:
    """Replace the timetable {week, closures, openings}; kiosks and displays follow live."""
    view, events = save_hours(db.session, current_site(), body, clock())
    publish(events)
    return view


class HighlightIn(Schema):
    title = String(metadata={"example": "Nocturne le jeudi"})
    body = String(metadata={"example": "Le jeudi, nous vous accueillons jusqu'à 20 h."})
    month = String(metadata={"example": "2026-12", "description": "shown the whole month"})
    starts_on = String(metadata={"example": "2026-12-01", "description": "first day shown"})
    ends_on = String(metadata={"example": "2026-12-15", "description": "last day shown"})
    position = Integer()
    active = Boolean()
    image_alt = String(metadata={"description": "what the picture shows, for screen readers"})
    second_language = String(
        metadata={"example": "ar", "description": "bg, tr, ar, es, pt, en or empty: no second line"}
    )
    second_title = String(metadata={"description": "the title in the second language"})
    second_body = String(metadata={"description": "the text in the second language"})


class HighlightImageIn(Schema):
    image = String(
        required=True,
        metadata={"description": "a data URL (data:image/jpeg;base64,...), at most 4 MB"},
    )
    alt = String(required=True, metadata={"example": "Le minibus devant la mairie"})


@api.get("/admin/highlights")
@admin_only
@api.doc(tags=["Administration"], responses=ADMIN_ERRORS)
def admin_list_highlights() -> Any:
    """Every highlight of the site, newest month first, retired ones included."""
    return list_highlights(db.session, current_site())


@api.post("/admin/highlights")
@admin_only
@api.input(HighlightIn, arg_name="body")
@api.doc(tags=["Administration"], responses={**ADMIN_ERRORS, 201: "created"})
def admin_create_highlight(body: dict[str, Any]) -> Any:
    """Add a highlight {title, body, month, position}; 400 past the month's limit."""
    view, events = create_highlight(db.session, current_site(), body)
    publish(events)
    return view, 201


@api.patch("/admin/highlights/<int:item_id>")
@admin_only
@api.input(HighlightIn, arg_name="body")
@api.doc(tags=["Administration"], responses={**ADMIN_ERRORS, 404: "no such highlight"})
def admin_update_highlight(item_id: int, body: dict[str, Any]) -> Any:
    """Edit, reorder, retire (active false) or bring back a highlight; displays follow live."""
    view, events = update_highlight(db.session, current_site(), item_id, body)
    publish(events)
    return view


@api.put("/admin/highlights/<int:item_id>/image")
@admin_only
@api.input(HighlightImageIn, arg_name="body")
@api.doc(tags=["Administration"], responses={**ADMIN_ERRORS, 404: "no such highlight"})
def admin_set_highlight_image(item_id: int, body: dict[str, Any]) -> Any:
    """Attach or replace a highlight's picture; the server re-encodes it (WebP, 1280x720 max)."""
    view, events = set_highlight_image(db.session, current_site(), item_id, body)
    publish(events)
    return view


@api.delete("/admin/highlights/<int:item_id>/image")
@admin_only
@api.doc(tags=["Administration"], responses={**ADMIN_ERRORS, 404: "no such highlight"})
def admin_remove_highlight_image(item_id: int) -> Any:
    """Take a highlight's picture off; the text stays."""
    view, events = remove_highlight_image(db.session, current_site(), item_id)
    publish(events)
    return view


class SettingsIn(Schema):
    site = Dict(keys=String(), values=Raw(), metadata={"example": {"name": "France Services"}})
    policy = Dict(keys=String(), values=Raw(), metadata={"example": {"starvation_minutes": 20}})


@api.get("/admin/settings")
@admin_only
@api.doc(tags=["Administration"], responses=ADMIN_ERRORS)
def admin_get_settings() -> Any:
    """The site's details and policy values (fairness, idle sign-out, volume, highlights)."""
    return settings_view(db.session, current_site(), current_app.config)


@api.put("/admin/settings")
@admin_only
@api.input(SettingsIn, arg_name="body")
@api.doc(tags=["Administration"], responses=ADMIN_ERRORS)
def admin_put_settings(body: dict[str, Any]) -> Any:
    """Change the site's details or policy values given; the rest stays as it is."""
    view, events = save_settings(db.session, current_site(), body, current_app.config)
    publish(events)
    return view


@api.get("/admin/audit")
@admin_only
@api.doc(tags=["Administration"], responses=ADMIN_ERRORS)
def admin_audit() -> Any:
    """The latest 200 changes made in the back-office: who, when, what (never a PIN)."""
    return audit_view(db.session, current_site())


class SiteIn(Schema):
    code = String(metadata={"example": "fs-moissac"})
    name = String(metadata={"example": "France Services de Moissac"})
    commune = String(metadata={"example": "Moissac"})
    address = String()
    timezone = String(metadata={"example": "Europe/Paris"})
    public_url = String()


SITE_ERRORS = {**ADMIN_ERRORS, 403: "not a department administrator"}


@api.get("/admin/sites")
@admin_only
@api.doc(tags=["Administration"], responses=SITE_ERRORS)
def admin_list_sites() -> Any:
    """Every site of the department (department administrators only)."""
    require_department_admin()
    return list_sites(db.session)


@api.post("/admin/sites")
@admin_only
@api.input(SiteIn, arg_name="body")
@api.doc(tags=["Administration"], responses={**SITE_ERRORS, 201: "created"})
def admin_create_site(body: dict[str, Any]) -> Any:
    """Create a site {code, name, commune, address, timezone}; manage it with ?site=code."""
    view, events = create_site(db.session, body, require_department_admin())
    publish(events)
    return view, 201
