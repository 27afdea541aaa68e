"""The appointment book: agents book, move and cancel; visitors leave with a code and a link.

Only what the visit needs is stored: the request (service), the time, the place (a counter: a
closed office, the video room) and a check-in code. No name. A phone number only with the
visitor's consent, for a reminder, deleted once the appointment is over (`purge_phones`).
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from server.models import Agent, Appointment, Counter, Site
from server.services.clock import Clock
from server.services.errors import Conflict, NotFound, ServiceError
from server.services.followup import normalize_phone
from server.services.lookup import counter_by_code, service_by_code
from server.services.transaction import writing

MIN_MINUTES, MAX_MINUTES = 5, 240
EARLIEST, LATEST = time(7, 0), time(21, 0)  # a booking outside these hours is a typing slip
MAX_DAYS_AHEAD = 366
CODE_DIGITS = 6  # "RDV-123456": fits the kiosk's field, a million codes before any reuse
_TIME = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$")


class SlotTaken(Conflict):
    code = "slot_taken"


@dataclass(frozen=True)
class Slot:
    """Where and when, validated: local start, end, and the place (None: the reception point)."""

    starts_at: datetime
    ends_at: datetime
    counter: Counter | None


def parse_day(value: str, field: str = "date") -> date:
    try:
        return date.fromisoformat(value)
    except (TypeError, ValueError):
        raise ServiceError("une date au format AAAA-MM-JJ", field=field) from None


def parse_time(value: str, field: str = "time") -> time:
    match = _TIME.match(value or "")
    if match is None:
        raise ServiceError("une heure au format HH:MM", field=field)
    return time(int(match.group(1)), int(match.group(2)))


def _slot(
    session: Session,
    site: Site,
    clock: Clock,
    *,
    day: str,
    at: str,
    minutes: int,
    counter_code: str | None,
    ignore_id: int | None = None,
) -> Slot:
    zone = ZoneInfo(site.timezone)
    when = parse_time(at)
    if not EARLIEST <= when <= LATEST:
        raise ServiceError("un rendez-vous commence entre 7 h et 21 h", field="time")
    if not MIN_MINUTES <= minutes <= MAX_MINUTES:
        raise ServiceError(
            f"un rendez-vous dure de {MIN_MINUTES} à {MAX_MINUTES} minutes", field="minutes"
        )
    starts = datetime.combine(parse_day(day), when, tzinfo=zone)
    now = clock.now()
    if starts < now - timedelta(minutes=1):
        raise ServiceError("cette heure est déjà passée", field="time")
    if starts > now + timedelta(days=MAX_DAYS_AHEAD):
        raise ServiceError("au plus un an à l'avance", field="date")
    ends = starts + timedelta(minutes=minutes)
    counter = counter_by_code(session, site, counter_code) if counter_code else None
    if counter is not None and not counter.active:
        raise ServiceError(f"{counter.label} est fermé : choisissez un autre lieu", field="counter")
    if counter is not None:
        clash = session.scalar(
            select(Appointment)
            .where(
                Appointment.counter_id == counter.id,
                Appointment.cancelled.is_(False),
                Appointment.starts_at < ends,
                Appointment.ends_at > starts,
                Appointment.id != (ignore_id or 0),
            )
            .limit(1)
        )
        if clash is not None:
            raise SlotTaken(
                f"{counter.label} est déjà réservé à cette heure",
                field="time",
                starts_at=clash.starts_at.astimezone(zone).strftime("%H:%M"),
                ends_at=clash.ends_at.astimezone(zone).strftime("%H:%M"),
            )
    return Slot(starts, ends, counter)


def new_code(session: Session) -> str:
    """A check-in code no appointment has ever had (codes stay unique for the kiosk)."""
    for _ in range(50):
        code = f"RDV-{secrets.randbelow(10**CODE_DIGITS):0{CODE_DIGITS}d}"
        if session.scalar(select(Appointment.id).where(Appointment.checkin_code == code)) is None:
            return code
    raise Conflict("aucun code libre, réessayez")  # pragma: no cover - a million codes


def book(
    session: Session,
    *,
    site: Site,
    agent: Agent,
    clock: Clock,
    service_code: str,
    day: str,
    at: str,
    minutes: int,
    counter_code: str | None = None,
    phone: str | None = None,
    consent: bool = False,
    permanence_id: int | None = None,
) -> Appointment:
    """Book a visitor for a request at a time and place; they leave with a code and a link.

    In a partner's permanence, the booking must fall within it and a place must remain."""
    from server.services.permanences import check_booking, permanence_by_id

    with writing(session):
        service = service_by_code(session, service_code)
        permanence = permanence_by_id(session, site, permanence_id) if permanence_id else None
        if permanence is not None and counter_code is None and permanence.counter is not None:
            counter_code = permanence.counter.code
        slot = _slot(
            session, site, clock, day=day, at=at, minutes=minutes, counter_code=counter_code
        )
        if permanence is not None:
            check_booking(session, site, permanence, slot.starts_at)
        number = None
        if phone:
            if consent is not True:
                raise ServiceError(
                    "un numéro de téléphone n'est gardé qu'avec l'accord de la personne",
                    field="consent",
                )
            number = normalize_phone(phone)
        now = clock.now()
        appointment = Appointment(
            site_id=site.id,
            service=service,
            starts_at=slot.starts_at,
            ends_at=slot.ends_at,
            counter=slot.counter,
            checkin_code=new_code(session),
            token=secrets.token_urlsafe(32),
            phone=number,
            phone_consent_at=now if number else None,
            booked_at=now,
            booked_by_agent_id=agent.id,
            cancelled=False,
            permanence_id=permanence.id if permanence else None,
        )
        session.add(appointment)
    return appointment


def appointment_by_id(session: Session, site: Site, appointment_id: int) -> Appointment:
    appointment = session.get(Appointment, appointment_id)
    if appointment is None or appointment.site_id != site.id:
        raise NotFound(f"rendez-vous introuvable (n° {appointment_id})")
    return appointment


def appointment_by_token(session: Session, token: str) -> Appointment:
    appointment = session.scalar(select(Appointment).where(Appointment.token == token[:64]))
    if appointment is None:
        raise NotFound("aucun rendez-vous pour ce lien")
    return appointment


def _changeable(appointment: Appointment) -> None:
    if appointment.cancelled:
        raise Conflict("ce rendez-vous a été annulé", status="cancelled")
    if appointment.arrived_at is not None:
        raise Conflict("la personne est déjà arrivée et enregistrée", status="arrived")


def move(
    session: Session,
    *,
    site: Site,
    clock: Clock,
    appointment_id: int,
    day: str | None = None,
    at: str | None = None,
    minutes: int | None = None,
    counter_code: str | None = None,
    service_code: str | None = None,
) -> Appointment:
    """Another time, place or request; the code and the visitor's link stay the same."""
    with writing(session):
        appointment = appointment_by_id(session, site, appointment_id)
        _changeable(appointment)
        zone = ZoneInfo(site.timezone)
        local = appointment.starts_at.astimezone(zone)
        current_minutes = int((appointment.ends_at - appointment.starts_at) / timedelta(minutes=1))
        if counter_code == "":
            place = None
        elif counter_code is None:
            place = appointment.counter.code if appointment.counter else None
        else:
            place = counter_code
        slot = _slot(
            session,
            site,
            clock,
            day=day or local.date().isoformat(),
            at=at or local.strftime("%H:%M"),
            minutes=minutes or current_minutes,
            counter_code=place,
            ignore_id=appointment.id,
        )
        if service_code:
            appointment.service = service_by_code(session, service_code)
        if appointment.permanence_id is not None:
            from server.services.permanences import check_booking, permanence_by_id

            permanence = permanence_by_id(session, site, appointment.permanence_id)
            check_booking(session, site, permanence, slot.starts_at, ignore_id=appointment.id)
        appointment.starts_at = slot.starts_at
        appointment.ends_at = slot.ends_at
        appointment.counter = slot.counter
    return appointment


def cancel(session: Session, *, site: Site, clock: Clock, appointment_id: int) -> Appointment:
    """Cancel: the slot is free again and the phone number, if any, is deleted at once."""
    with writing(session):
        appointment = appointment_by_id(session, site, appointment_id)
        _changeable(appointment)
        appointment.cancelled = True
        appointment.cancelled_at = clock.now()
        appointment.phone = None
        appointment.phone_consent_at = None
    return appointment


def is_late(appointment: Appointment, now: datetime, late_minutes: int) -> bool:
    """Past its start by more than the set time and nobody checked in."""
    return (
        not appointment.cancelled
        and appointment.arrived_at is None
        and now > appointment.starts_at + timedelta(minutes=late_minutes)
    )


def arrived_late(appointment: Appointment, at: datetime, late_minutes: int) -> bool:
    return at > appointment.starts_at + timedelta(minutes=late_minutes)


def state_of(appointment: Appointment, now: datetime, late_minutes: int) -> str:
    if appointment.cancelled:
        return "cancelled"
    if appointment.arrived_at is not None:
        return (
            "arrived_late"
            if arrived_late(appointment, appointment.arrived_at, late_minutes)
            else "arrived"
        )
    if now >= appointment.ends_at and is_late(appointment, now, late_minutes):
        return "missed"
    if is_late(appointment, now, late_minutes):
        return "late"
    return "booked"


def appointment_view(
    appointment: Appointment,
    site: Site,
    now: datetime,
    late_minutes: int,
    base_url: str,
    *,
    with_phone: bool = False,
) -> dict[str, Any]:
    zone = ZoneInfo(site.timezone)
    starts = appointment.starts_at.astimezone(zone)
    ends = appointment.ends_at.astimezone(zone)
    counter = appointment.counter
    service = appointment.service
    view: dict[str, Any] = {
        "id": appointment.id,
        "code": appointment.checkin_code,
        "service": service.code,
        "service_label": service.label,
        "partner": service.partner.name if service.partner else None,
        "date": starts.date().isoformat(),
        "time": starts.strftime("%H:%M"),
        "ends": ends.strftime("%H:%M"),
        "minutes": int((ends - starts) / timedelta(minutes=1)),
        "starts_at": appointment.starts_at.isoformat(),
        "counter": counter.code if counter else None,
        "counter_label": counter.label if counter else None,
        "counter_kind": counter.kind if counter else None,
        "state": state_of(appointment, now, late_minutes),
        "has_phone": appointment.phone is not None,
        "permanence_id": appointment.permanence_id,
        "visitor_url": (
            f"{base_url.rstrip('/')}/rdv/{appointment.token}" if appointment.token else None
        ),
        "qr_url": (f"/api/v1/appointments/{appointment.id}/qr.svg" if appointment.token else None),
    }
    if with_phone:
        view["phone"] = appointment.phone
    return view


def appointments_between(
    session: Session, site: Site, first: date, days: int, *, include_cancelled: bool = True
) -> list[Appointment]:
    zone = ZoneInfo(site.timezone)
    start = datetime.combine(first, time(0), tzinfo=zone)
    end = datetime.combine(first + timedelta(days=days), time(0), tzinfo=zone)
    query = select(Appointment).where(
        Appointment.site_id == site.id,
        Appointment.starts_at >= start,
        Appointment.starts_at < end,
    )
    if not include_cancelled:
        query = query.where(Appointment.cancelled.is_(False))
    return list(session.scalars(query.order_by(Appointment.starts_at, Appointment.id)))


def purge_phones(session: Session, clock: Clock) -> int:
    """Delete the reminder numbers of appointments that are over (or cancelled)."""
    with writing(session):
        result = session.execute(
            update(Appointment)
            .where(
                Appointment.phone.is_not(None),
                (Appointment.ends_at <= clock.now()) | Appointment.cancelled.is_(True),
            )
            .values(phone=None, phone_consent_at=None)
        )
    return int(getattr(result, "rowcount", 0) or 0)
