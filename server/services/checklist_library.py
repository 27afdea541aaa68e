"""The checklist library: one checklist per request, edited by the team with a version history,
translated step by step; and composing a visitor's checklist from it at the end of a visit."""

from __future__ import annotations

import secrets
import uuid
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.checklist_drafts import DRAFTS
from server.domain.text import plain_text
from server.models import Agent, ChecklistTemplate, ChecklistTemplateVersion, Service
from server.services.clock import Clock
from server.services.errors import Conflict, NotFound, ServiceError
from server.services.transaction import writing

KINDS = ("step", "document", "contact", "when", "link")
KIND_LABELS = {
    "step": "Étape",
    "document": "Document à apporter",
    "contact": "Qui voir",
    "when": "Quand",
    "link": "Lien utile",
}
LANGUAGES = ("falc", "bg", "tr", "ar", "es", "pt", "en")  # French is the library's own text
MAX_STEPS = 20
MAX_STEP_LENGTH = 300
MAX_TITLE = 200


def _service(session: Session, code: str) -> Service:
    service = session.scalar(select(Service).where(Service.code == code[:64]))
    if service is None:
        raise NotFound("demande inconnue du catalogue", field="service")
    return service


def template_for(session: Session, service_code: str) -> ChecklistTemplate | None:
    service = session.scalar(select(Service).where(Service.code == service_code[:64]))
    if service is None:
        return None
    return session.scalar(
        select(ChecklistTemplate).where(ChecklistTemplate.service_id == service.id)
    )


def template_view(template: ChecklistTemplate, service: Service) -> dict[str, Any]:
    return {
        "service": service.code,
        "service_label": service.label,
        "partner": service.partner.name if service.partner else None,
        "title": template.title,
        "steps": list(template.steps),
        "translations": dict(template.translations),
        "to_check": template.to_check,
        "version": template.version,
        "updated_at": template.updated_at.isoformat(),
    }


def library(session: Session) -> list[dict[str, Any]]:
    """Every active request, with its checklist's state (none, to check, checked)."""
    templates = {t.service_id: t for t in session.scalars(select(ChecklistTemplate))}
    services = session.scalars(
        select(Service).where(Service.active.is_(True)).order_by(Service.position)
    )
    return [
        {
            "service": service.code,
            "service_label": service.label,
            "partner": service.partner.name if service.partner else None,
            "has_checklist": service.id in templates,
            "title": templates[service.id].title if service.id in templates else None,
            "to_check": templates[service.id].to_check if service.id in templates else None,
            "version": templates[service.id].version if service.id in templates else None,
        }
        for service in services
    ]


def library_entry(session: Session, service_code: str) -> dict[str, Any]:
    """One request's checklist with its history (latest first), or 404 when none is written."""
    service = _service(session, service_code)
    template = session.scalar(
        select(ChecklistTemplate).where(ChecklistTemplate.service_id == service.id)
    )
    if template is None:
        raise NotFound("pas encore de liste pour cette demande", service=service.code)
    history = session.scalars(
        select(ChecklistTemplateVersion)
        .where(ChecklistTemplateVersion.template_id == template.id)
        .order_by(ChecklistTemplateVersion.version.desc())
    )
    agents = {a.id: a.name for a in session.scalars(select(Agent))}
    return {
        **template_view(template, service),
        "history": [
            {
                "version": old.version,
                "saved_at": old.saved_at.isoformat(),
                "saved_by": agents.get(old.saved_by_agent_id or 0, "brouillon national"),
                "title": old.title,
                "steps": list(old.steps),
                "to_check": old.to_check,
            }
            for old in history
        ],
    }


def _clean_steps(raw: list[Any]) -> list[dict[str, str]]:
    steps: list[dict[str, str]] = []
    seen: set[str] = set()
    for entry in raw:
        if not isinstance(entry, dict):
            raise ServiceError("chaque ligne est {kind, text}", field="steps")
        kind = str(entry.get("kind") or "step")
        if kind not in KINDS:
            raise ServiceError("type de ligne attendu : " + ", ".join(KINDS), field="steps")
        text = plain_text(str(entry.get("text") or ""))
        if not text:
            continue
        if len(text) > MAX_STEP_LENGTH:
            raise ServiceError(f"lignes de {MAX_STEP_LENGTH} caractères au plus", field="steps")
        key = str(entry.get("key") or "")[:16]
        if not key or key in seen:
            key = secrets.token_hex(4)
        seen.add(key)
        steps.append({"key": key, "kind": kind, "text": text})
    if not steps:
        raise ServiceError("une liste a besoin d'au moins une ligne", field="steps")
    if len(steps) > MAX_STEPS:
        raise ServiceError(f"{MAX_STEPS} lignes au plus", field="steps")
    return steps


def _clean_translations(raw: Any, steps: list[dict[str, str]]) -> dict[str, Any]:
    """{lang: {"title", "steps": {key: text}}}: only known languages and the checklist's steps."""
    if not isinstance(raw, dict):
        return {}
    keys = {step["key"] for step in steps}
    kept: dict[str, Any] = {}
    for language, value in raw.items():
        if language not in LANGUAGES or not isinstance(value, dict):
            continue
        raw_steps = value.get("steps")
        texts: dict[str, Any] = raw_steps if isinstance(raw_steps, dict) else {}
        translated = {
            key: plain_text(str(text))[:MAX_STEP_LENGTH]
            for key, text in texts.items()
            if key in keys and plain_text(str(text))
        }
        title = plain_text(str(value.get("title") or ""))[:MAX_TITLE]
        if translated or title:
            kept[language] = {"title": title, "steps": translated}
    return kept


def save_template(
    session: Session,
    *,
    service_code: str,
    title: str,
    steps: list[Any],
    translations: Any,
    to_check: bool,
    expected_version: int | None,
    agent: Agent | None,
    clock: Clock,
) -> dict[str, Any]:
    """Write a request's checklist; the previous state stays in the history. Saving over a
    colleague's newer version is a 409 (reload, then save again)."""
    clean_title = plain_text(title)[:MAX_TITLE]
    if not clean_title:
        raise ServiceError("une liste a besoin d'un titre", field="title")
    clean_steps = _clean_steps(steps)
    clean_translations = _clean_translations(translations, clean_steps)
    now = clock.now()
    with writing(session):
        service = _service(session, service_code)
        template = session.scalar(
            select(ChecklistTemplate).where(ChecklistTemplate.service_id == service.id)
        )
        if template is None:
            template = ChecklistTemplate(uid=uuid.uuid4().hex, service_id=service.id, version=0)
            session.add(template)
        elif expected_version is not None and expected_version != template.version:
            raise Conflict(
                "un·e collègue a enregistré cette liste entre-temps", version=template.version
            )
        template.title = clean_title
        template.steps = clean_steps
        template.translations = clean_translations
        template.to_check = bool(to_check)
        template.version += 1
        template.updated_at = now
        template.updated_by_agent_id = agent.id if agent else None
        session.flush()
        _remember(session, template, agent)
    return library_entry(session, service.code)


def _remember(session: Session, template: ChecklistTemplate, agent: Agent | None) -> None:
    session.add(
        ChecklistTemplateVersion(
            template_id=template.id,
            version=template.version,
            title=template.title,
            steps=list(template.steps),
            translations=dict(template.translations),
            to_check=template.to_check,
            saved_at=template.updated_at,
            saved_by_agent_id=agent.id if agent else None,
        )
    )


def seed_drafts(session: Session, clock: Clock) -> int:
    """The national drafts, into requests that have no checklist yet (a new database)."""
    now = clock.now()
    added = 0
    with writing(session):
        if session.scalar(select(ChecklistTemplate.id).limit(1)) is not None:
            return 0  # the library exists: the team's work is never overwritten
        services = {s.code: s for s in session.scalars(select(Service))}
        for code, (title, steps) in DRAFTS.items():
            service = services.get(code)
            if service is None:
                continue
            template = ChecklistTemplate(
                uid=uuid.uuid4().hex,
                service_id=service.id,
                title=title,
                steps=[
                    {"key": f"d{n}", "kind": kind, "text": text}
                    for n, (kind, text) in enumerate(steps, start=1)
                ],
                translations={},
                to_check=True,
                version=1,
                updated_at=now,
            )
            session.add(template)
            session.flush()
            _remember(session, template, None)
            added += 1
    return added


def compose(
    template: ChecklistTemplate | None, keys: list[str], extra: list[str]
) -> tuple[list[dict[str, Any]], dict[str, str]]:
    """The visitor's items: the library steps the agent kept, in the agent's order, each with
    its translations; then the agent's own steps (French only). And the title's translations."""
    items: list[dict[str, Any]] = []
    title_translations: dict[str, str] = {}
    if template is not None:
        by_key = {step["key"]: step for step in template.steps}
        unknown = [key for key in keys if key not in by_key]
        if unknown:
            raise ServiceError("étapes absentes de la liste de la bibliothèque", field="steps")
        for key in dict.fromkeys(keys):  # each step once, in the agent's order
            step = by_key[key]
            translated = {
                language: value["steps"][key]
                for language, value in template.translations.items()
                if key in value.get("steps", {})
            }
            items.append(
                {"key": key, "kind": step["kind"], "text": step["text"], "translations": translated}
            )
        title_translations = {
            language: value["title"]
            for language, value in template.translations.items()
            if value.get("title")
        }
    elif keys:
        raise ServiceError("cette demande n'a pas de liste dans la bibliothèque", field="steps")
    items += [{"kind": "step", "text": text, "translations": {}} for text in extra]
    return items, title_translations
