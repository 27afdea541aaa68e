"""The idea wall: anyone posts (rate limited per device), agents moderate, anyone reads the wall."""

from __future__ import annotations

from typing import Any

from apiflask import Schema
from apiflask.fields import Integer, String
from apiflask.validators import Length
from flask import current_app
from flask_limiter.util import get_remote_address

from server.api import api
from server.context import clock, current_site, kiosk_name, require_agent
from server.extensions import db, limiter
from server.realtime.broadcasts import publish
from server.services.ideas import (
    CATEGORIES,
    approve_idea,
    approved_ideas,
    moderation_view,
    post_idea,
    public_view,
    reject_idea,
)


class IdeaIn(Schema):
    text = String(required=True, validate=Length(0, 2000))
    category = String(required=True, validate=Length(1, 16))
    language = String(load_default="fr", validate=Length(0, 8))
    source = String(load_default="phone", validate=Length(0, 16))


class IdeaCreatedOut(Schema):
    id = Integer()
    status = String()


class IdeaOut(Schema):
    id = Integer()
    text = String()
    category = String()
    answer = String(allow_none=True)
    answer_translation = String(
        allow_none=True, metadata={"description": "the answer in the idea's language, if given"}
    )
    language = String()
    direction = String(metadata={"example": "rtl"})
    posted_on = String()


class AnswerIn(Schema):
    answer = String(load_default="", validate=Length(0, 2000))
    answer_translation = String(load_default="", validate=Length(0, 2000))


def _idea_limit() -> str:
    return str(current_app.config["IDEA_RATE_LIMIT"])


def _device() -> str:
    """A kiosk names itself; a phone is its address on the building's network."""
    kiosk = kiosk_name()
    return f"kiosk:{kiosk[:64]}@{get_remote_address()}" if kiosk else get_remote_address()


@api.post("/ideas")
@limiter.limit(_idea_limit, key_func=_device)
@api.input(IdeaIn, arg_name="body")
@api.output(IdeaCreatedOut, status_code=201)
def create_idea(body: dict[str, Any]) -> dict[str, Any]:
    """Post an idea for the wall (public, no account; shown once an agent approves it)."""
    idea, events = post_idea(
        db.session,
        site=current_site(),
        text=body["text"],
        category=body["category"],
        language=body["language"],
        source=body["source"],
        clock=clock(),
    )
    publish(events)
    return {"id": idea.id, "status": idea.status}


@api.get("/ideas")
@api.output(IdeaOut(many=True))
def list_ideas() -> list[dict[str, Any]]:
    """The wall: approved ideas and the team's answers, latest first (nothing else is public)."""
    return approved_ideas(db.session, current_site())


@api.get("/ideas/moderation")
@api.doc(responses={401: "not signed in"})
def ideas_to_moderate() -> dict[str, Any]:
    """Agents: the ideas waiting for a decision (oldest first) and the wall as it stands."""
    require_agent()
    return {**moderation_view(db.session, current_site()), "categories": list(CATEGORIES)}


@api.post("/ideas/<int:idea_id>/approve")
@api.input(AnswerIn, arg_name="body")
@api.output(IdeaOut)
@api.doc(responses={401: "not signed in", 404: "no such idea", 409: "already rejected"})
def approve(idea_id: int, body: dict[str, Any]) -> dict[str, Any]:
    """Agents: put an idea on the wall with the team's answer (again to change the answer)."""
    agent = require_agent()
    idea, events = approve_idea(
        db.session,
        site=current_site(),
        idea_id=idea_id,
        answer=body["answer"],
        answer_translation=body["answer_translation"],
        agent=agent,
        clock=clock(),
    )
    publish(events)
    return public_view(idea)


@api.post("/ideas/<int:idea_id>/reject")
@api.doc(responses={401: "not signed in", 404: "no such idea"})
def reject(idea_id: int) -> dict[str, Any]:
    """Agents: keep an idea off the wall; its text is erased, its category stays counted."""
    agent = require_agent()
    idea, events = reject_idea(
        db.session, site=current_site(), idea_id=idea_id, agent=agent, clock=clock()
    )
    publish(events)
    return {"id": idea.id, "status": idea.status}
