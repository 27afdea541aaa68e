"""Kiosk use cases: closed-hours guard, one tap one ticket, appointment check-in, presences."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from server.domain.events import Event
from server.models import Appointment, Presence, Site, Visit
from server.models.kiosk import IdempotencyKey
from server.services.clock import Clock
from server.services.errors import Conflict, Locked, NotFound, ServiceError
from server.services.hours import HoursSetting, opening_hours
from server.services.lockout import (
    LockoutPolicy,
    attempt_failed,
    attempt_succeeded,
    count_attempt,
)
from server.services.lookup import local_day
from server.services.tickets import issue_ticket
from server.services.transaction import writing

KEY_LIFETIME = timedelta(minutes=10)
KEY_PATTERN = re.compile(r"[A-Za-z0-9_.:-]{8,64}")
SLOT_PATTERN = re.compile(r"([01]\d|2[0-3]):[0-5]\d")

Issued = tuple[Visit, list[Event]]


class Closed(Conflict):
    code = "closed"


class AlreadyCheckedIn(Conflict):
    code = "already_checked_in"


class Ambiguous(Conflict):
    code = "ambiguous"


def ensure_open(site: Site, setting: HoursSetting, clock: Clock) -> None:
    """Refuse a ticket outside opening hours: nobody would be there to call it."""
    now = clock.now().astimezone(ZoneInfo(site.timezone))
    hours = opening_hours(setting, now.date())
    if hours is None or hours.is_open(now):
        return
    upcoming = hours.next_opening(now)
    raise Closed(
        "France Services est fermé en ce moment",
        next_opening=upcoming.isoformat() if upcoming else None,
    ).translatable("closed.heading")


def issue_ticket_once(
    session: Session, *, key: str | None, clock: Clock, issue: Callable[[], Issued]
) -> tuple[Visit, list[Event], bool]:
    """Run `issue` once per key: a retried or doubled request gets the first ticket back.

    Returns (visit, events, replayed). The key is claimed in the same transaction as the
    ticket, so a failed issue leaves no key behind and a retry can succeed.
    """
    if key is None:
        return (*issue(), False)
    if not KEY_PATTERN.fullmatch(key):
        raise ServiceError(
            "Idempotency-Key must be 8 to 64 letters, digits or - _ . :", field="Idempotency-Key"
        )
    now = clock.now()
    try:
        with writing(session):
            remembered = session.scalar(
                select(IdempotencyKey).where(
                    IdempotencyKey.key == key, IdempotencyKey.created_at >= now - KEY_LIFETIME
                )
            )
            if remembered is not None:
                return _replay(session, remembered)
            session.execute(
                delete(IdempotencyKey).where(IdempotencyKey.created_at < now - KEY_LIFETIME)
            )
            claim = IdempotencyKey(key=key, created_at=now)
            session.add(claim)
            try:
                session.flush()
            except IntegrityError as error:
                raise _TwinHoldsKey from error
            visit, events = issue()  # joins this transaction: the claim lands with the ticket
            claim.visit_id = visit.id
            return visit, events, False
    except _TwinHoldsKey:
        twin = session.get(IdempotencyKey, key)  # a twin request holds this key: its ticket
        if twin is None:
            raise Conflict("cette demande est déjà en cours : réessayez") from None
        return _replay(session, twin)


class _TwinHoldsKey(Exception):
    """Another request with the same key claimed it first (rolled back, answered as a replay)."""


def take_ticket(
    session: Session,
    *,
    site: Site,
    service_code: str,
    clock: Clock,
    hours: HoursSetting,
    key: str | None = None,
    priority: bool = False,
    language: str = "fr",
) -> tuple[Visit, list[Event], bool]:
    """A visitor taps a service at the kiosk: a ticket while the site is open, once per key.

    `hours` is the opening-hours setting (ACCUEIL_OPENING_HOURS). Returns (visit, events,
    replayed): a retried or doubled tap with the same key gets the first ticket back.
    """

    def issue() -> Issued:
        ensure_open(site, hours, clock)
        return issue_ticket(
            session,
            site=site,
            service_code=service_code,
            clock=clock,
            priority=priority,
            language=language,
        )

    return issue_ticket_once(session, key=key, clock=clock, issue=issue)


def _replay(session: Session, remembered: IdempotencyKey) -> tuple[Visit, list[Event], bool]:
    visit = session.get(Visit, remembered.visit_id) if remembered.visit_id else None
    if visit is None:
        raise Conflict("la même demande est encore en cours de traitement")
    return visit, [], True


def normalise_code(code: str) -> str:
    """The same check-in code, however typed: "rdv 1234", "1234", "RDV-1234"."""
    compact = re.sub(r"[\s-]+", "", code).upper()
    digits = compact.removeprefix("RDV")
    return f"RDV-{digits}" if digits.isdigit() else compact


def _todays(session: Session, site: Site, now: datetime) -> list[Appointment]:
    zone = ZoneInfo(site.timezone)
    day = local_day(site, now)
    start = datetime.combine(day, time(0), tzinfo=zone)
    return list(
        session.scalars(
            select(Appointment)
            .where(
                Appointment.site_id == site.id,
                Appointment.cancelled.is_(False),
                Appointment.starts_at >= start,
                Appointment.starts_at < start + timedelta(days=1),
            )
            .order_by(Appointment.starts_at, Appointment.id)
        )
    )


def pending_appointments(session: Session, site: Site, clock: Clock) -> list[Appointment]:
    """Today's appointments nobody has checked in for yet (times and services only)."""
    return [a for a in _todays(session, site, clock.now()) if a.arrived_at is None]


def find_appointment(
    session: Session,
    site: Site,
    clock: Clock,
    *,
    code: str | None = None,
    slot: str | None = None,
    service_code: str | None = None,
    by_agent: bool = False,
) -> Appointment:
    """Today's appointment by its check-in code, or — for an agent only — by its time (and
    service if several): a time anyone can read on a list must not let a stranger take
    somebody else's appointment and its place first in line."""
    todays = _todays(session, site, clock.now())
    if slot and not code and not by_agent:
        raise ServiceError(
            "give the code on your invitation, or ask at the reception desk", field="code"
        )
    if code:
        wanted = normalise_code(code)
        matches = [a for a in todays if a.checkin_code == wanted]
    elif slot and SLOT_PATTERN.fullmatch(slot):
        zone = ZoneInfo(site.timezone)
        matches = [
            a
            for a in todays
            if a.starts_at.astimezone(zone).strftime("%H:%M") == slot
            and (service_code is None or a.service.code == service_code)
        ]
        if len([a for a in matches if a.arrived_at is None]) > 1:
            raise Ambiguous(
                "several appointments at this time: use the code on your invitation"
            ).translatable("appointment.ambiguous")
    else:
        raise ServiceError("donnez le code du rendez-vous, ou son heure (HH:MM)", field="code")
    if not matches:
        raise NotFound(
            "no appointment today with this code or time: check your invitation "
            "or ask at the reception desk",
            field="code" if code else "slot",
        ).translatable("appointment.unknown")
    waiting = [a for a in matches if a.arrived_at is None]
    return waiting[0] if waiting else matches[0]


def check_in(
    session: Session,
    site: Site,
    clock: Clock,
    appointment: Appointment,
    language: str = "fr",
    late_minutes: int | None = None,
) -> Issued:
    """The visitor with an appointment has arrived: mark it, put them in line (first when due).

    More than `late_minutes` after the start, they are still welcome but lose the appointment's
    priority: they wait like everyone else, and agents see the ticket flagged as late."""
    with writing(session):
        if appointment.arrived_at is not None:
            existing = session.scalar(
                select(Visit)
                .where(Visit.appointment_id == appointment.id)
                .order_by(Visit.id.desc())
            )
            raise AlreadyCheckedIn(
                "this appointment is already checked in",
                number=existing.number if existing else None,
            )
        now = clock.now()
        appointment.arrived_at = now  # lands together with the ticket
        late = late_minutes is not None and now > appointment.starts_at + timedelta(
            minutes=late_minutes
        )
        return issue_ticket(
            session,
            site=site,
            service_code=appointment.service.code,
            clock=clock,
            language=language,
            source="appointment",
            appointment=appointment,
            late=late,
        )


CODE_GUESSES = LockoutPolicy(
    max_failures=10,
    first_lockout=timedelta(minutes=1),
    locked_message="trop de codes erronés depuis cette borne : adressez-vous à l'accueil",
)
CODE_LOGIN = "appointment-code"  # the row that counts a source's wrong check-in codes


def appointment_check_in(
    session: Session,
    *,
    site: Site,
    clock: Clock,
    hours: HoursSetting,
    code: str | None = None,
    slot: str | None = None,
    service_code: str | None = None,
    language: str = "fr",
    late_minutes: int | None = None,
    by_agent: bool = False,
    source: str = "address:unknown",
) -> tuple[Appointment, Visit, list[Event]]:
    """A visitor with an appointment checks in at the kiosk with its code (an agent may use
    its time slot instead). Wrong codes are counted per kiosk (`source`): after 10 in a row
    it waits a minute, then two… so that nobody finds someone else's code by trying."""
    ensure_open(site, hours, clock)
    now = clock.now()
    guessing = bool(code) and not by_agent
    number = count_attempt(session, CODE_LOGIN, source, now, CODE_GUESSES) if guessing else 0
    try:
        appointment = find_appointment(
            session, site, clock, code=code, slot=slot, service_code=service_code, by_agent=by_agent
        )
    except NotFound:
        if number:
            refusal = attempt_failed(session, CODE_LOGIN, source, number, now, CODE_GUESSES)
            if isinstance(refusal, Locked):
                raise refusal from None
        raise
    if number:
        attempt_succeeded(session, CODE_LOGIN, source)
    visit, events = check_in(session, site, clock, appointment, language, late_minutes=late_minutes)
    return appointment, visit, events


def record_presence(session: Session, site: Site, clock: Clock, kind: str) -> Presence:
    """Someone came to read or have a coffee: counted for statistics, nothing else kept."""
    with writing(session):
        presence = Presence(site_id=site.id, at=clock.now(), kind=kind)
        session.add(presence)
    return presence
