"""The idea wall: a visitor posts, an agent approves (with the team's answer) or rejects, the
room and the phones show what was approved. Nothing personal is asked or kept."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kiosk.i18n import language as visitor_language
from server.domain.events import Event, SettingChanged
from server.domain.text import looks_personal, plain_text
from server.models import Agent, Idea, Site
from server.services.clock import Clock
from server.services.errors import Conflict, NotFound, ServiceError
from server.services.transaction import writing

CATEGORIES = ("place", "services", "other")
CATEGORY_LABELS = {"place": "Le lieu", "services": "Les services", "other": "Autre"}
SOURCES = ("kiosk", "phone")
MIN_LENGTH = 3
MAX_LENGTH = 280
MAX_ANSWER = 500
PUBLIC_LIMIT = 30
LANGUAGES = ("fr", "falc", "bg", "tr", "ar", "es", "pt", "en")
FRENCH = ("fr", "falc")  # an idea in these needs no translated answer


def _changed(site: Site) -> list[Event]:
    """Consoles (pending count) and the waiting-room screen (the wall) re-read the ideas."""
    return [SettingChanged(site.code, "ideas")]


def post_idea(
    session: Session,
    *,
    site: Site,
    text: str,
    category: str,
    clock: Clock,
    language: str = "fr",
    source: str = "phone",
) -> tuple[Idea, list[Event]]:
    """Keep a visitor's idea for moderation: plain text only, and no phone number or address."""
    cleaned = plain_text(text)
    if category not in CATEGORIES:
        raise ServiceError(
            "sujet attendu : place (le lieu), services ou other (autre)", field="category"
        ).translatable("error.idea_category")
    if len(cleaned) < MIN_LENGTH:
        raise ServiceError(f"écrivez au moins {MIN_LENGTH} caractères", field="text").translatable(
            "error.idea_short"
        )
    if len(cleaned) > MAX_LENGTH:
        raise ServiceError(f"{MAX_LENGTH} caractères au plus", field="text").translatable(
            "error.idea_long"
        )
    personal = looks_personal(cleaned)
    if personal is not None:
        raise ServiceError(
            "pas de numéro de téléphone ni d'adresse e-mail sur le mur (il est public)",
            field="text",
            personal=personal,
        ).translatable("error.idea_personal")
    with writing(session):
        idea = Idea(
            uid=uuid.uuid4().hex,
            site_id=site.id,
            text=cleaned,
            category=category,
            language=language if language in LANGUAGES else "fr",
            source=source if source in SOURCES else "phone",
            status="pending",
            answer="",
            created_at=clock.now(),
        )
        session.add(idea)
    return idea, _changed(site)


def _idea(session: Session, site: Site, idea_id: int) -> Idea:
    idea = session.get(Idea, idea_id)
    if idea is None or idea.site_id != site.id:
        raise NotFound("idée introuvable")
    return idea


def approve_idea(
    session: Session,
    *,
    site: Site,
    idea_id: int,
    answer: str,
    agent: Agent,
    clock: Clock,
    answer_translation: str = "",
) -> tuple[Idea, list[Event]]:
    """Show an idea on the wall, with the team's answer (given now or edited later), and that
    answer in the idea's own language too when the team can write it."""
    reply = plain_text(answer, multiline=True)
    if len(reply) > MAX_ANSWER:
        raise ServiceError(f"une réponse de {MAX_ANSWER} caractères au plus", field="answer")
    translated = plain_text(answer_translation, multiline=True)
    if len(translated) > MAX_ANSWER:
        raise ServiceError(
            f"une réponse traduite de {MAX_ANSWER} caractères au plus", field="answer_translation"
        )
    if translated and not reply:
        raise ServiceError(
            "écrivez d'abord la réponse en français, puis sa traduction", field="answer"
        )
    with writing(session):
        idea = _idea(session, site, idea_id)
        if idea.status == "rejected":
            raise Conflict("cette idée a été refusée et son texte effacé", status=idea.status)
        if translated and idea.language in FRENCH:
            raise ServiceError(
                "l'idée est en français : la réponse en français suffit",
                field="answer_translation",
            )
        idea.status = "approved"
        idea.answer = reply
        idea.answer_translation = translated
        idea.moderated_at = clock.now()
        idea.moderated_by_agent_id = agent.id
    return idea, _changed(site)


def reject_idea(
    session: Session, *, site: Site, idea_id: int, agent: Agent, clock: Clock
) -> tuple[Idea, list[Event]]:
    """Keep an idea off the wall; its text is erased (only the category stays, for counts)."""
    with writing(session):
        idea = _idea(session, site, idea_id)
        idea.status = "rejected"
        idea.text = ""
        idea.answer = ""
        idea.answer_translation = ""
        idea.moderated_at = clock.now()
        idea.moderated_by_agent_id = agent.id
    return idea, _changed(site)


def public_view(idea: Idea) -> dict[str, Any]:
    return {
        "id": idea.id,
        "text": idea.text,
        "category": idea.category,
        "answer": idea.answer or None,
        "answer_translation": idea.answer_translation or None,  # in the idea's language
        "language": idea.language,
        "direction": visitor_language(idea.language).direction,  # "rtl" for Arabic
        "posted_on": idea.created_at.date().isoformat(),
    }


def approved_ideas(session: Session, site: Site, limit: int = PUBLIC_LIMIT) -> list[dict[str, Any]]:
    """The wall: approved ideas, the latest moderated first."""
    rows = session.scalars(
        select(Idea)
        .where(Idea.site_id == site.id, Idea.status == "approved")
        .order_by(Idea.moderated_at.desc(), Idea.id.desc())
        .limit(limit)
    )
    return [public_view(idea) for idea in rows]


def moderation_view(session: Session, site: Site) -> dict[str, Any]:
    """What the console shows: ideas waiting, oldest first, then the wall as it stands."""
    pending = session.scalars(
        select(Idea)
        .where(Idea.site_id == site.id, Idea.status == "pending")
        .order_by(Idea.created_at, Idea.id)
    )
    return {
        "pending": [
            {**public_view(idea), "source": idea.source, "created_at": idea.created_at.isoformat()}
            for idea in pending
        ],
        "approved": approved_ideas(session, site, limit=100),
    }


def pending_count(session: Session, site: Site) -> int:
    return int(
        session.scalar(
            select(func.count(Idea.id)).where(Idea.site_id == site.id, Idea.status == "pending")
        )
        or 0
    )


def idea_counts(
    session: Session, site_ids: list[int], start: datetime, end: datetime
) -> dict[str, dict[str, int]]:
    """Ideas posted in [start, end) by category and status, for the statistics."""
    counts = {
        category: {"posted": 0, "approved": 0, "rejected": 0, "pending": 0}
        for category in CATEGORIES
    }
    rows = session.execute(
        select(Idea.category, Idea.status, func.count(Idea.id))
        .where(Idea.site_id.in_(site_ids), Idea.created_at >= start, Idea.created_at < end)
        .group_by(Idea.category, Idea.status)
    )
    for category, status, count in rows:
        entry = counts.setdefault(
            category, {"posted": 0, "approved": 0, "rejected": 0, "pending": 0}
        )
        entry["posted"] += int(count)
        entry[status] = entry.get(status, 0) + int(count)
    return counts
