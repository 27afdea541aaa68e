"""The checklist library for agents: read, write (a new version each time), see the history."""

from __future__ import annotations

from typing import Any

from apiflask import Schema
from apiflask.fields import Boolean, Dict, Integer, List, Raw, String
from apiflask.validators import Length

from server.api import api
from server.context import clock, require_agent
from server.extensions import db
from server.services.checklist_library import KIND_LABELS, library, library_entry, save_template


class TemplateIn(Schema):
    title = String(required=True, validate=Length(0, 400))
    steps = List(Dict(), required=True, validate=Length(0, 40))
    translations = Raw(load_default=dict)
    to_check = Boolean(load_default=False)
    version = Integer(load_default=None, allow_none=True)


@api.get("/checklist-library")
@api.doc(responses={401: "not signed in"})
def checklist_library() -> dict[str, Any]:
    """Agents: every request and the state of its checklist (none, to check, checked)."""
    require_agent()
    return {"requests": library(db.session), "kinds": KIND_LABELS}


@api.get("/checklist-library/<service>")
@api.doc(responses={401: "not signed in", 404: "no checklist for this request yet"})
def checklist_entry(service: str) -> dict[str, Any]:
    """Agents: one request's checklist, its translations and its history (latest first)."""
    require_agent()
    return library_entry(db.session, service)


@api.put("/checklist-library/<service>")
@api.input(TemplateIn, arg_name="body")
@api.doc(responses={400: "empty or too long", 404: "no such request", 409: "saved meanwhile"})
def save_checklist(service: str, body: dict[str, Any]) -> dict[str, Any]:
    """Agents: write a request's checklist; the previous version stays in the history."""
    agent = require_agent()
    return save_template(
        db.session,
        service_code=service,
        title=body["title"],
        steps=body["steps"],
        translations=body["translations"],
        to_check=body["to_check"],
        expected_version=body["version"],
        agent=agent,
        clock=clock(),
    )
