"""After the visit: a checklist the visitor scans, a call back they consented to, and the purge."""

from __future__ import annotations

import re
import secrets
import uuid
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from server.domain.text import plain_text
from server.models import CallbackRequest, Checklist, Site, Visit
from server.services.callbacks import due_date, erase_expired_numbers
from server.services.checklist_library import compose, template_for
from server.services.clock import Clock
from server.services.errors import Conflict, NotFound, ServiceError
from server.services.lookup import local_day
from server.services.transaction import changed_rows, writing

CHECKLIST_DAYS = 30  # the public page answers for a month, then the checklist is deleted
MAX_ITEMS = 20
MAX_ITEM_LENGTH = 300
MAX_NOTE_LENGTH = 500

# Metropolitan and overseas numbers, written 0X XX XX XX XX or +33 X XX XX XX XX.
_SEPARATORS = re.compile(r"[\s.\-()]")
_NATIONAL = re.compile(r"^0([1-9]\d{8})$")
_INTERNATIONAL = re.compile(r"^(?:\+33|0033)([1-9]\d{8})$")


def _served(visit: Visit) -> None:
    if visit.started_at is None:
        raise ServiceError("seule une visite servie peut avoir une suite", status=visit.status)


def create_checklist(
    session: Session,
    *,
    site: Site,
    visit: Visit,
    title: str,
    items: list[str],
    clock: Clock,
    steps: list[str] | None = None,
    note: str = "",
) -> Checklist:
    """Store the steps the agent chose with the visitor — the library's steps they kept, in their
    order, then their own — and a note; the token is the only key to them."""
    _served(visit)
    extra = [plain_text(item) for item in items if item and plain_text(item)]
    template = template_for(session, visit.service.code)
    composed, title_translations = compose(template, list(steps or []), extra)
    if not composed:
        raise ServiceError("une liste compte au moins une étape", field="items")
    if len(composed) > MAX_ITEMS or any(len(item["text"]) > MAX_ITEM_LENGTH for item in composed):
        raise ServiceError(
            f"at most {MAX_ITEMS} steps of {MAX_ITEM_LENGTH} characters", field="items"
        )
    personal_note = plain_text(note, multiline=True)
    if len(personal_note) > MAX_NOTE_LENGTH:
        raise ServiceError(f"une note de {MAX_NOTE_LENGTH} caractères au plus", field="note")
    clean_title = plain_text(title) or (template.title if template else visit.service.label)
    keeps_library_title = template is not None and clean_title == template.title
    now = clock.now()
    with writing(session):
        checklist = Checklist(
            token=secrets.token_urlsafe(32),
            site_id=site.id,
            visit_id=visit.id,
            title=clean_title[:200],
            items=composed,
            note=personal_note,
            language=visit.language,
            title_translations=title_translations if keeps_library_title else {},
            template_id=template.id if template else None,
            template_version=template.version if template else None,
            created_at=now,
            expires_at=now + timedelta(days=CHECKLIST_DAYS),
        )
        session.add(checklist)
    return checklist


def checklist_by_token(session: Session, token: str, clock: Clock) -> Checklist:
    """The checklist behind a QR code, while it has not expired."""
    checklist = session.scalar(select(Checklist).where(Checklist.token == token[:64]))
    if checklist is None or checklist.expires_at <= clock.now():
        raise NotFound("aucune liste pour ce lien (un lien dure 30 jours)")
    return checklist


def item_text(item: Any) -> str:
    """An item's French text, whether stored as a plain text (older lists) or as a step."""
    return str(item["text"]) if isinstance(item, dict) else str(item)


def checklist_view(checklist: Checklist, base_url: str) -> dict[str, Any]:
    url = f"{base_url.rstrip('/')}/c/{checklist.token}"
    return {
        "token": checklist.token,
        "title": checklist.title,
        "items": [item_text(item) for item in checklist.items],
        "note": checklist.note or "",
        "language": checklist.language,
        "url": url,
        "qr_url": f"/api/v1/checklists/{checklist.token}/qr.svg",
        "expires_at": checklist.expires_at.isoformat(),
    }


def visitor_view(checklist: Checklist, language: str) -> dict[str, Any]:
    """The visitor's page in their language where the team translated it, French otherwise,
    and which of the two each part is in (the page says so)."""
    translate = language not in ("fr", "falc")
    titles = checklist.title_translations or {}
    title = titles.get(language) if translate else None
    items = []
    for item in checklist.items:
        text = item_text(item)
        kind = item.get("kind", "step") if isinstance(item, dict) else "step"
        own = (item.get("translations") or {}).get(language) if isinstance(item, dict) else None
        if not translate and language == "falc" and isinstance(item, dict):
            own = (item.get("translations") or {}).get("falc")
        items.append(
            {
                "text": own or text,
                "kind": kind,
                "translated": bool(own),
                "lang": language if own else "fr",
            }
        )
    translated = sum(1 for item in items if item["translated"])
    coverage = "none" if translated == 0 else ("all" if translated == len(items) else "some")
    return {
        "title": title or checklist.title,
        "title_lang": language if title else "fr",
        "entries": items,
        "note": checklist.note or "",
        "coverage": coverage,
    }


def normalize_phone(raw: str) -> str:
    """A French phone number in E.164 (+33…), or a ServiceError that says what is expected."""
    compact = _SEPARATORS.sub("", raw or "")
    match = _NATIONAL.match(compact) or _INTERNATIONAL.match(compact)
    if match is None:
        raise ServiceError(
            "un numéro de téléphone français est attendu : 06 12 34 56 78 ou +33 6 12 34 56 78",
            field="phone",
        )
    return f"+33{match.group(1)}"


def request_callback(
    session: Session, *, visit: Visit, phone: str, consent: bool, clock: Clock
) -> CallbackRequest:
    """Keep one number for one call two weeks after the visit; asked again, it is replaced."""
    _served(visit)
    if consent is not True:
        raise ServiceError("l'accord explicite de la personne est nécessaire", field="consent")
    number = normalize_phone(phone)
    now = clock.now()
    try:
        return _save_callback(session, visit, number, now)
    except IntegrityError:  # a colleague saved this visit's call-back at the same instant
        raise Conflict(
            "un rappel vient d'être enregistré pour ce ticket par un collègue : rechargez",
            status="callback_exists",
        ) from None


def _save_callback(session: Session, visit: Visit, number: str, now: datetime) -> CallbackRequest:
    with writing(session):
        finished = visit.finished_at or now
        due_on = due_date(session, visit.site, local_day(visit.site, finished))
        callback = session.scalar(
            select(CallbackRequest).where(CallbackRequest.visit_id == visit.id)
        )
        if callback is None:
            callback = CallbackRequest(visit_id=visit.id, uid=uuid.uuid4().hex)
            session.add(callback)
        callback.phone = number
        callback.consent_at = now
        callback.due_on = due_on
        callback.done_at = None
        callback.attempts = 0
        callback.next_try_on = None
        callback.outcome = None
    return callback


def purge_expired(session: Session, clock: Clock) -> dict[str, int]:
    """Erase the numbers of call-backs closed or past their time (the outcome stays), and
    delete checklists past their 30 days."""
    now: datetime = clock.now()
    callbacks = erase_expired_numbers(session, clock)
    with writing(session):
        checklists = changed_rows(session, delete(Checklist).where(Checklist.expires_at <= now))
    return {"callbacks": callbacks, "checklists": checklists}
