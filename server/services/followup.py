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

from server.models import CallbackRequest, Checklist, Site, Visit
from server.services.callbacks import due_date, erase_expired_numbers
from server.services.clock import Clock
from server.services.errors import Conflict, NotFound, ServiceError
from server.services.lookup import local_day
from server.services.transaction import changed_rows, writing

CHECKLIST_DAYS = 30  # the public page answers for a month, then the checklist is deleted
MAX_ITEMS = 20
MAX_ITEM_LENGTH = 300

# Metropolitan and overseas numbers, written 0X XX XX XX XX or +33 X XX XX XX XX.
_SEPARATORS = re.compile(r"[\s.\-()]")
_NATIONAL = re.compile(r"^0([1-9]\d{8})$")
_INTERNATIONAL = re.compile(r"^(?:\+33|0033)([1-9]\d{8})$")


def _served(visit: Visit) -> None:
    if visit.started_at is None:
        raise ServiceError("only a visit that was served can have a follow-up", status=visit.status)


def create_checklist(
    session: Session, *, site: Site, visit: Visit, title: str, items: list[str], clock: Clock
) -> Checklist:
    """Store the steps the agent wrote with the visitor; the token is the only key to them."""
    _served(visit)
    steps = [item.strip() for item in items if item and item.strip()]
    if not steps:
        raise ServiceError("a checklist needs at least one step", field="items")
    if len(steps) > MAX_ITEMS or any(len(step) > MAX_ITEM_LENGTH for step in steps):
        raise ServiceError(
            f"at most {MAX_ITEMS} steps of {MAX_ITEM_LENGTH} characters", field="items"
        )
    now = clock.now()
    with writing(session):
        checklist = Checklist(
            token=secrets.token_urlsafe(32),
            site_id=site.id,
            visit_id=visit.id,
            title=title.strip() or visit.service.label,
            items=steps,
            created_at=now,
            expires_at=now + timedelta(days=CHECKLIST_DAYS),
        )
        session.add(checklist)
    return checklist


def checklist_by_token(session: Session, token: str, clock: Clock) -> Checklist:
    """The checklist behind a QR code, while it has not expired."""
    checklist = session.scalar(select(Checklist).where(Checklist.token == token[:64]))
    if checklist is None or checklist.expires_at <= clock.now():
        raise NotFound("no checklist for this link (links last 30 days)")
    return checklist


def checklist_view(checklist: Checklist, base_url: str) -> dict[str, Any]:
    url = f"{base_url.rstrip('/')}/c/{checklist.token}"
    return {
        "token": checklist.token,
        "title": checklist.title,
        "items": list(checklist.items),
        "url": url,
        "qr_url": f"/api/v1/checklists/{checklist.token}/qr.svg",
        "expires_at": checklist.expires_at.isoformat(),
    }


def normalize_phone(raw: str) -> str:
    """A French phone number in E.164 (+33…), or a ServiceError that says what is expected."""
    compact = _SEPARATORS.sub("", raw or "")
    match = _NATIONAL.match(compact) or _INTERNATIONAL.match(compact)
    if match is None:
        raise ServiceError(
            "a French phone number: 0X XX XX XX XX or +33 X XX XX XX XX", field="phone"
        )
    return f"+33{match.group(1)}"


def request_callback(
    session: Session, *, visit: Visit, phone: str, consent: bool, clock: Clock
) -> CallbackRequest:
    """Keep one number for one call two weeks after the visit; asked again, it is replaced."""
    _served(visit)
    if consent is not True:
        raise ServiceError("the visitor's explicit consent is required", field="consent")
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
