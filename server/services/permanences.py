"""Partners' permanences: the admin edits them, agents book in them, the waiting room shows them."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from server.domain.hours import WEEKDAYS_FR
from server.domain.permanences import WEEK_RULE_LABELS, WEEK_RULES, Recurrence, occurs_on
from server.models import Appointment, Partner, Permanence, Site
from server.services.appointments import parse_day, parse_time
from server.services.clock import Clock
from server.services.errors import Conflict, NotFound, ServiceError
from server.services.lookup import counter_by_code, service_by_code
from server.services.transaction import writing

MAX_CAPACITY = 200
MAX_DAYS = 62


class Full(Conflict):
    code = "capacity"


def recurrence(permanence: Permanence) -> Recurrence:
    return Recurrence(
        permanence.weekday,
        permanence.opens,
        permanence.closes,
        permanence.weeks,
        permanence.starts_on,
        permanence.ends_on,
    )


def _partner(session: Session, code: str) -> Partner:
    partner = session.scalar(select(Partner).where(Partner.code == code))
    if partner is None:
        raise NotFound(f"partenaire inconnu : {code!r}", field="partner")
    return partner


def apply_fields(
    session: Session, site: Site, permanence: Permanence, fields: dict[str, Any]
) -> None:
    if "partner" in fields:
        permanence.partner = _partner(session, fields["partner"]) if fields["partner"] else None
    if "label" in fields:
        label = (fields["label"] or "").strip()
        if not label:
            raise ServiceError(
                "une permanence a besoin d'un intitulé, par exemple « CAF en visio »", field="label"
            )
        permanence.label = label[:120]
    if "service" in fields:
        permanence.service = (
            service_by_code(session, fields["service"]) if fields["service"] else None
        )
    if "counter" in fields:
        permanence.counter = (
            counter_by_code(session, site, fields["counter"]) if fields["counter"] else None
        )
    if "remote" in fields:
        permanence.remote = bool(fields["remote"])
    if "weekday" in fields:
        if not isinstance(fields["weekday"], int) or not 0 <= fields["weekday"] <= 6:
            raise ServiceError("le jour va de 0 (lundi) à 6 (dimanche)", field="weekday")
        permanence.weekday = fields["weekday"]
    if "opens" in fields:
        permanence.opens = parse_time(fields["opens"], "opens")
    if "closes" in fields:
        permanence.closes = parse_time(fields["closes"], "closes")
    if "weeks" in fields:
        if fields["weeks"] not in WEEK_RULES:
            raise ServiceError(f"les semaines : l'une de {', '.join(WEEK_RULES)}", field="weeks")
        permanence.weeks = fields["weeks"]
    if "capacity" in fields:
        if not isinstance(fields["capacity"], int) or not 1 <= fields["capacity"] <= MAX_CAPACITY:
            raise ServiceError(f"la capacité va de 1 à {MAX_CAPACITY}", field="capacity")
        permanence.capacity = fields["capacity"]
    for key in ("starts_on", "ends_on"):
        if key in fields:
            setattr(permanence, key, parse_day(fields[key], key) if fields[key] else None)
    if permanence.closes <= permanence.opens:
        raise ServiceError("une permanence finit après avoir commencé", field="closes")
    if permanence.starts_on and permanence.ends_on and permanence.ends_on < permanence.starts_on:
        raise ServiceError("la dernière date vient après la première", field="ends_on")


def add_permanence(session: Session, site: Site, clock: Clock, **fields: Any) -> Permanence:
    with writing(session):
        permanence = Permanence(
            site_id=site.id,
            label="",
            weekday=0,
            opens=time(9),
            closes=time(12),
            weeks="all",
            capacity=6,
            remote=False,
            active=True,
            created_at=clock.now(),
        )
        apply_fields(session, site, permanence, {"label": "", **fields})
        session.add(permanence)
    return permanence


def permanence_by_id(session: Session, site: Site, permanence_id: int) -> Permanence:
    permanence = session.get(Permanence, permanence_id)
    if permanence is None or permanence.site_id != site.id or not permanence.active:
        raise NotFound(f"permanence introuvable (n° {permanence_id})")
    return permanence


def update_permanence(
    session: Session, site: Site, permanence_id: int, **fields: Any
) -> Permanence:
    with writing(session):
        permanence = permanence_by_id(session, site, permanence_id)
        apply_fields(session, site, permanence, fields)
    return permanence


def remove_permanence(session: Session, site: Site, permanence_id: int) -> None:
    """Withdrawn, not deleted: appointments already booked in it keep their history."""
    with writing(session):
        permanence_by_id(session, site, permanence_id).active = False


def active_permanences(session: Session, site: Site) -> list[Permanence]:
    return list(
        session.scalars(
            select(Permanence)
            .where(Permanence.site_id == site.id, Permanence.active.is_(True))
            .order_by(Permanence.weekday, Permanence.opens, Permanence.id)
        )
    )


def _local_bounds(site: Site, day: date) -> tuple[datetime, datetime]:
    zone = ZoneInfo(site.timezone)
    start = datetime.combine(day, time(0), tzinfo=zone)
    return start, start + timedelta(days=1)


def booked_count(session: Session, site: Site, permanence: Permanence, day: date) -> int:
    start, end = _local_bounds(site, day)
    return int(
        session.scalar(
            select(func.count(Appointment.id)).where(
                Appointment.permanence_id == permanence.id,
                Appointment.cancelled.is_(False),
                Appointment.starts_at >= start,
                Appointment.starts_at < end,
            )
        )
        or 0
    )


def check_booking(
    session: Session, site: Site, permanence: Permanence, starts_at: datetime, ignore_id: int = 0
) -> None:
    """A booking in a permanence: on one of its days, within its hours, while places remain."""
    local = starts_at.astimezone(ZoneInfo(site.timezone))
    if not occurs_on(recurrence(permanence), local.date()):
        raise ServiceError("cette permanence n'a pas lieu ce jour-là", field="date")
    if not permanence.opens <= local.time() < permanence.closes:
        raise ServiceError(
            f"cette permanence a lieu de {permanence.opens:%H:%M} à {permanence.closes:%H:%M}",
            field="time",
        )
    start, end = _local_bounds(site, local.date())
    taken = session.scalar(
        select(func.count(Appointment.id)).where(
            Appointment.permanence_id == permanence.id,
            Appointment.cancelled.is_(False),
            Appointment.starts_at >= start,
            Appointment.starts_at < end,
            Appointment.id != ignore_id,
        )
    )
    if (taken or 0) >= permanence.capacity:
        raise Full("cette permanence est complète ce jour-là", capacity=permanence.capacity)


def permanence_view(permanence: Permanence) -> dict[str, Any]:
    counter = permanence.counter
    return {
        "id": permanence.id,
        "label": permanence.label,
        "partner": permanence.partner.name if permanence.partner else "",
        "partner_code": permanence.partner.code if permanence.partner else None,
        "service": permanence.service.code if permanence.service else None,
        "counter": counter.code if counter else None,
        "place_label": counter.label if counter else "",
        "remote": permanence.remote,
        "weekday": permanence.weekday,
        "weekday_label": WEEKDAYS_FR[permanence.weekday],
        "opens": permanence.opens.strftime("%H:%M"),
        "closes": permanence.closes.strftime("%H:%M"),
        "weeks": permanence.weeks,
        "weeks_label": WEEK_RULE_LABELS[permanence.weeks],
        "capacity": permanence.capacity,
        "starts_on": permanence.starts_on.isoformat() if permanence.starts_on else None,
        "ends_on": permanence.ends_on.isoformat() if permanence.ends_on else None,
    }


def occurrences_between(
    session: Session, site: Site, first: date, days: int, *, with_bookings: bool = True
) -> list[dict[str, Any]]:
    """Every held permanence in the window, with the places already booked."""
    if not 1 <= days <= MAX_DAYS:
        raise ServiceError(f"de 1 à {MAX_DAYS} jours", field="days")
    permanences = active_permanences(session, site)
    found = []
    for offset in range(days):
        day = first + timedelta(days=offset)
        for permanence in permanences:
            if not occurs_on(recurrence(permanence), day):
                continue
            view = {**permanence_view(permanence), "date": day.isoformat()}
            if with_bookings:
                view["booked"] = booked_count(session, site, permanence, day)
            found.append(view)
    return found


# The workshop's example, for `accueil demo`: the CAF in the video room on even Tuesdays.
DEMO_PERMANENCES = (
    ("caf", "CAF en visio", "caf-rsa", "visio", True, 1, "14:00", "17:00", "even", 6),
    ("cpam", "Assurance Maladie", "cpam-css", "bureau-2", False, 3, "09:00", "12:00", "1-3", 6),
)


def seed_demo_permanences(session: Session, site: Site, clock: Clock) -> None:
    """Demo permanences, unless the site already has some."""
    if active_permanences(session, site):
        return
    for (
        partner,
        label,
        service,
        counter,
        remote,
        weekday,
        opens,
        closes,
        weeks,
        cap,
    ) in DEMO_PERMANENCES:
        if session.scalar(select(Partner.id).where(Partner.code == partner)) is None:
            continue
        try:
            add_permanence(
                session,
                site,
                clock,
                partner=partner,
                label=label,
                service=service,
                counter=counter,
                remote=remote,
                weekday=weekday,
                opens=opens,
                closes=closes,
                weeks=weeks,
                capacity=cap,
            )
        except ServiceError:
            continue  # a catalogue without this service or room: the demo goes on without it
