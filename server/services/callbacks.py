"""The call-back list: the consented two-week calls that are due, their outcome in one tap, and
the number erased as soon as the call-back is closed or its time is up. The outcome stays."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from server.domain.events import Event, SettingChanged
from server.models import Agent, CallbackRequest, Checklist, Site, Visit
from server.services.admin_settings import site_setting
from server.services.clock import Clock
from server.services.errors import Conflict, NotFound, ServiceError
from server.services.lookup import local_day
from server.services.transaction import changed_rows, writing

# Reached: where the procedure stands. Not reached: try again tomorrow, or the number is wrong.
CLOSING = {"done", "in_progress", "stuck", "wrong_number"}
OUTCOMES = (*sorted(CLOSING), "no_answer")
OUTCOME_LABELS = {
    "done": "Joint — démarche terminée",
    "in_progress": "Joint — démarche en cours",
    "stuck": "Joint — démarche bloquée",
    "wrong_number": "Mauvais numéro",
    "unreachable": "Pas de réponse après tous les essais",
    "expired": "Pas rappelé à temps",
}


def _policy(session: Session, site: Site, key: str) -> int:
    return int(site_setting(session, site, key))


def due_date(session: Session, site: Site, finished: date) -> date:
    """The day of the call: N days after the visit (two weeks unless the site says otherwise)."""
    return finished + timedelta(days=_policy(session, site, "callback_after_days"))


def _open(site: Site) -> Any:
    return (
        select(CallbackRequest, Visit)
        .join(Visit, Visit.id == CallbackRequest.visit_id)
        .where(Visit.site_id == site.id, CallbackRequest.done_at.is_(None))
    )


def callbacks_due(session: Session, site: Site, clock: Clock) -> list[dict[str, Any]]:
    """The calls to make today or overdue, oldest first: the number, the request, the checklist
    given — nothing else about the visitor."""
    today = local_day(site, clock.now())
    rows = session.execute(
        _open(site)
        .where(
            CallbackRequest.due_on <= today,
            CallbackRequest.phone.is_not(None),
            (CallbackRequest.next_try_on.is_(None)) | (CallbackRequest.next_try_on <= today),
        )
        .order_by(CallbackRequest.due_on, CallbackRequest.id)
    ).all()
    checklists = {
        checklist.visit_id: checklist
        for checklist in session.scalars(
            select(Checklist).where(Checklist.visit_id.in_([visit.id for _, visit in rows]))
        )
    }
    window = _policy(session, site, "callback_window_days")
    most = _policy(session, site, "callback_max_attempts")
    return [
        {
            "id": callback.id,
            "uid": callback.uid,
            "phone": callback.phone,
            "due_on": callback.due_on.isoformat(),
            "visit_on": visit.day.isoformat(),
            "last_day": (callback.due_on + timedelta(days=window)).isoformat(),
            "number": visit.number,
            "service": visit.service.code,
            "service_label": visit.service.label,
            "partner": visit.service.partner.name if visit.service.partner else None,
            "attempts": callback.attempts,
            "max_attempts": most,
            "checklist": _checklist(checklists.get(visit.id)),
        }
        for callback, visit in rows
    ]


def _checklist(checklist: Checklist | None) -> dict[str, Any] | None:
    if checklist is None:
        return None
    return {"title": checklist.title, "url": f"/c/{checklist.token}"}


def due_count(session: Session, site: Site, clock: Clock) -> int:
    return len(callbacks_due(session, site, clock))


def record_outcome(
    session: Session, *, site: Site, callback_id: int, outcome: str, agent: Agent, clock: Clock
) -> tuple[dict[str, Any], list[Event]]:
    """One tap after the call. Reached or wrong number: closed, number erased. No answer: again
    tomorrow, until the last try — then closed as unreachable, number erased."""
    if outcome not in OUTCOMES:
        raise ServiceError("résultat inconnu, attendu : " + ", ".join(OUTCOMES), field="outcome")
    now = clock.now()
    with writing(session):
        row = session.execute(_open(site).where(CallbackRequest.id == callback_id)).first()
        if row is None:
            closed = session.get(CallbackRequest, callback_id)
            if closed is not None and session.get(Visit, closed.visit_id).site_id == site.id:  # type: ignore[union-attr]
                raise Conflict("ce rappel est déjà clos", outcome=closed.outcome)
            raise NotFound("rappel introuvable")
        callback: CallbackRequest = row[0]
        callback.attempts += 1
        if outcome == "no_answer" and callback.attempts < _policy(
            session, site, "callback_max_attempts"
        ):
            callback.next_try_on = local_day(site, now) + timedelta(days=1)
        else:
            callback.outcome = "unreachable" if outcome == "no_answer" else outcome
            callback.done_at = now
            callback.phone = None  # the number has served its purpose
            callback.next_try_on = None
    view = {
        "id": callback.id,
        "outcome": callback.outcome,
        "attempts": callback.attempts,
        "next_try_on": callback.next_try_on.isoformat() if callback.next_try_on else None,
        "closed": callback.done_at is not None,
    }
    return view, [SettingChanged(site.code, "callbacks")]


def erase_expired_numbers(session: Session, clock: Clock) -> int:
    """Numbers nobody could call in time: erased, the call-back closed as 'expired'; and any
    number still kept on a closed call-back. Returns how many numbers were erased."""
    now: datetime = clock.now()
    erased = 0
    with writing(session):
        erased += changed_rows(
            session,
            update(CallbackRequest)
            .where(CallbackRequest.done_at.is_not(None), CallbackRequest.phone.is_not(None))
            .values(phone=None),
        )
        for site in session.scalars(select(Site)):
            today = local_day(site, now)
            window = timedelta(days=_policy(session, site, "callback_window_days"))
            late = [
                callback.id
                for callback, _ in session.execute(_open(site)).all()
                if callback.due_on + window < today
            ]
            if late:
                erased += changed_rows(
                    session,
                    update(CallbackRequest)
                    .where(CallbackRequest.id.in_(late))
                    .values(phone=None, outcome="expired", done_at=now, next_try_on=None),
                )
    return erased


def outcome_counts(session: Session, site_ids: list[int], start: date, end: date) -> dict[str, int]:
    """Closed call-backs of visits in [start, end) by outcome, for the statistics."""
    rows = session.execute(
        select(CallbackRequest.outcome, func.count(CallbackRequest.id))
        .join(Visit, Visit.id == CallbackRequest.visit_id)
        .where(
            Visit.site_id.in_(site_ids),
            Visit.day >= start,
            Visit.day < end,
            CallbackRequest.outcome.is_not(None),
        )
        .group_by(CallbackRequest.outcome)
    )
    return {str(outcome): int(count) for outcome, count in rows}
