"""The shared agenda: secret, revocable .ics feeds of each partner's and each counter's bookings,
and the import of a partner's slots (permanences) from an .ics file or a CSV."""

from __future__ import annotations

import csv
import io
import secrets
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from server.domain.permanences import occurs_on
from server.models import Appointment, CalendarLink, Partner, Permanence, Service, Site
from server.services.clock import Clock
from server.services.errors import NotFound, ServiceError
from server.services.lookup import counter_by_code
from server.services.permanences import apply_fields, booked_count, recurrence
from server.services.transaction import writing

FEED_PAST_DAYS = 7
FEED_DAYS = 90
MAX_IMPORT_BYTES = 512 * 1024
MAX_IMPORT_ROWS = 200
WEEKDAY_NAMES = {
    "lundi": 0, "mardi": 1, "mercredi": 2, "jeudi": 3, "vendredi": 4, "samedi": 5, "dimanche": 6,
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5,
    "sunday": 6,
}  # fmt: skip
ICS_DAYS = {"MO": 0, "TU": 1, "WE": 2, "TH": 3, "FR": 4, "SA": 5, "SU": 6}
WEEK_WORDS = {
    "": "all", "toutes": "all", "chaque": "all", "all": "all", "paires": "even", "even": "even",
    "impaires": "odd", "odd": "odd", "1-3": "1-3", "1 et 3": "1-3", "2-4": "2-4", "2 et 4": "2-4",
}  # fmt: skip


# --- links ---------------------------------------------------------------------------------


def create_link(
    session: Session,
    site: Site,
    clock: Clock,
    *,
    partner: str | None = None,
    counter: str | None = None,
) -> CalendarLink:
    """A new secret link for one partner or one counter (several may live side by side)."""
    if bool(partner) == bool(counter):
        raise ServiceError("un lien est pour un partenaire ou pour un guichet", field="partner")
    with writing(session):
        link = CalendarLink(
            token=secrets.token_urlsafe(32), site_id=site.id, created_at=clock.now()
        )
        if partner:
            found = session.scalar(select(Partner).where(Partner.code == partner))
            if found is None:
                raise NotFound(f"partenaire inconnu : {partner!r}", field="partner")
            link.partner = found
        else:
            link.counter = counter_by_code(session, site, str(counter))
        session.add(link)
    return link


def revoke_link(session: Session, site: Site, clock: Clock, link_id: int) -> CalendarLink:
    """The link stops answering at once; subscribers get a 404 from then on."""
    with writing(session):
        link = session.get(CalendarLink, link_id)
        if link is None or link.site_id != site.id or link.revoked_at is not None:
            raise NotFound(f"lien d'agenda actif introuvable (n° {link_id})")
        link.revoked_at = clock.now()
    return link


def link_view(link: CalendarLink, base_url: str) -> dict[str, Any]:
    return {
        "id": link.id,
        "partner": link.partner.code if link.partner else None,
        "counter": link.counter.code if link.counter else None,
        "label": link.partner.name
        if link.partner
        else (link.counter.label if link.counter else ""),
        "url": f"{base_url.rstrip('/')}/agenda/{link.token}.ics",
        "created_at": link.created_at.isoformat(),
    }


def active_links(session: Session, site: Site) -> list[CalendarLink]:
    return list(
        session.scalars(
            select(CalendarLink)
            .where(CalendarLink.site_id == site.id, CalendarLink.revoked_at.is_(None))
            .order_by(CalendarLink.id)
        )
    )


def link_by_token(session: Session, token: str) -> CalendarLink:
    link = session.scalar(select(CalendarLink).where(CalendarLink.token == token[:64]))
    if link is None or link.revoked_at is not None:
        raise NotFound("aucun agenda pour ce lien (il a peut-être été révoqué)")
    return link


# --- feeds ---------------------------------------------------------------------------------


def feed(session: Session, link: CalendarLink, clock: Clock) -> bytes:
    """The bookings (and, for a partner, its permanences) from a week ago to three months ahead.
    No personal data: the request, the time, the place and the check-in code only."""
    from icalendar import Calendar, Event

    site = session.get(Site, link.site_id)
    assert site is not None
    zone = ZoneInfo(site.timezone)
    now = clock.now()
    today = now.astimezone(zone).date()
    first = today - timedelta(days=FEED_PAST_DAYS)
    start = datetime.combine(first, time(0), tzinfo=zone)
    end = start + timedelta(days=FEED_PAST_DAYS + FEED_DAYS)
    query = select(Appointment).where(
        Appointment.site_id == site.id,
        Appointment.starts_at >= start,
        Appointment.starts_at < end,
    )
    if link.partner_id is not None:
        in_permanence = select(Permanence.id).where(Permanence.partner_id == link.partner_id)
        query = query.join(Service, Appointment.service_id == Service.id).where(
            or_(
                Service.partner_id == link.partner_id,
                Appointment.permanence_id.in_(in_permanence),
            )
        )
        name = link.partner.name if link.partner else ""
    else:
        query = query.where(Appointment.counter_id == link.counter_id)
        name = link.counter.label if link.counter else ""
    calendar = Calendar()
    calendar.add("prodid", "-//Accueil France Services//agenda//FR")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", f"{site.name} — {name}")
    calendar.add("x-wr-timezone", site.timezone)
    for appointment in session.scalars(query.order_by(Appointment.starts_at)):
        event = Event()
        event.add("uid", f"appointment-{appointment.id}@accueil")
        event.add("dtstamp", now)
        event.add("dtstart", appointment.starts_at.astimezone(zone))
        event.add("dtend", appointment.ends_at.astimezone(zone))
        event.add("summary", f"Rendez-vous : {appointment.service.label}")
        place = appointment.counter.label if appointment.counter else "accueil"
        event.add("location", f"{site.name} — {place}")
        event.add("description", f"Code de présence {appointment.checkin_code}")
        event.add("status", "CANCELLED" if appointment.cancelled else "CONFIRMED")
        calendar.add_component(event)
    if link.partner_id is not None:
        permanences = session.scalars(
            select(Permanence).where(
                Permanence.site_id == site.id,
                Permanence.partner_id == link.partner_id,
                Permanence.active.is_(True),
            )
        ).all()
        for offset in range(FEED_PAST_DAYS + FEED_DAYS):
            day = first + timedelta(days=offset)
            for permanence in permanences:
                if not occurs_on(recurrence(permanence), day):
                    continue
                event = Event()
                event.add("uid", f"permanence-{permanence.id}-{day.isoformat()}@accueil")
                event.add("dtstamp", now)
                event.add("dtstart", datetime.combine(day, permanence.opens, tzinfo=zone))
                event.add("dtend", datetime.combine(day, permanence.closes, tzinfo=zone))
                booked = booked_count(session, site, permanence, day)
                event.add(
                    "summary",
                    f"Permanence : {permanence.label} ({booked}/{permanence.capacity} réservés)",
                )
                place = permanence.counter.label if permanence.counter else "sur place"
                event.add("location", f"{site.name} — {place}")
                calendar.add_component(event)
    calendar.add_missing_timezones()
    return bytes(calendar.to_ical())


# --- import of a partner's slots -------------------------------------------------------------


def _rows_from_ics(content: str, zone: ZoneInfo) -> list[tuple[int, dict[str, Any]]]:
    from icalendar import Calendar

    try:
        calendar = Calendar.from_ical(content)
    except Exception as error:  # the library raises several kinds on a malformed file
        raise ServiceError(f"ce n'est pas un fichier iCalendar : {error}", field="file") from None
    rows: list[tuple[int, dict[str, Any]]] = []
    for number, event in enumerate(calendar.walk("VEVENT"), start=1):
        fields: dict[str, Any] = {"label": str(event.get("summary", "")).strip()}
        try:
            begin = event.decoded("dtstart")
            if "dtend" in event:
                finish = event.decoded("dtend")
            elif "duration" in event:
                finish = begin + event.decoded("duration")
            else:
                raise ValueError("un événement a besoin d'une fin (DTEND ou DURATION)")
        except Exception as error:  # a broken event is reported on its line, not a 500
            rows.append((number, {"error": str(error) or "un événement a besoin d'un début"}))
            continue
        if not isinstance(begin, datetime) or not isinstance(finish, datetime):
            rows.append(
                (number, {"error": "un événement sur toute la journée n'est pas une permanence"})
            )
            continue
        if begin.tzinfo is None:
            begin, finish = begin.replace(tzinfo=zone), finish.replace(tzinfo=zone)
        begin, finish = begin.astimezone(zone), finish.astimezone(zone)
        fields["opens"] = begin.strftime("%H:%M")
        fields["closes"] = finish.strftime("%H:%M")
        rule = event.get("rrule")
        if rule is None:
            fields.update(
                weekday=begin.weekday(), weeks="all", starts_on=begin.date(), ends_on=begin.date()
            )
            rows.append((number, fields))
            continue
        if rule.get("FREQ", [""])[0] != "WEEKLY":
            rows.append(
                (
                    number,
                    {"error": "seules les répétitions hebdomadaires deviennent des permanences"},
                )
            )
            continue
        interval = int(rule.get("INTERVAL", [1])[0])
        if interval == 1:
            weeks = "all"
        elif interval == 2:
            weeks = "even" if begin.isocalendar().week % 2 == 0 else "odd"
        else:
            rows.append((number, {"error": f"toutes les {interval} semaines : non pris en charge"}))
            continue
        until = rule.get("UNTIL", [None])[0]
        ends_on = until.date() if isinstance(until, datetime) else until
        days = [str(d)[-2:] for d in rule.get("BYDAY", [])] or [list(ICS_DAYS)[begin.weekday()]]
        for day in days:
            if day not in ICS_DAYS:
                rows.append((number, {"error": f"jour de la semaine inconnu : {day!r}"}))
                continue
            rows.append(
                (
                    number,
                    {
                        **fields,
                        "weekday": ICS_DAYS[day],
                        "weeks": weeks,
                        "starts_on": begin.date(),
                        "ends_on": ends_on,
                    },
                )
            )
    return rows


def _rows_from_csv(content: str) -> list[tuple[int, dict[str, Any]]]:
    sample = content[:2000]
    delimiter = ";" if sample.count(";") >= sample.count(",") else ","
    reader = csv.DictReader(io.StringIO(content), delimiter=delimiter)
    if not reader.fieldnames:
        raise ServiceError("fichier CSV vide", field="file")
    aliases = {
        "label": ("intitule", "intitulé", "label", "libelle", "libellé"),
        "weekday": ("jour", "weekday", "day"),
        "opens": ("debut", "début", "de", "opens", "start"),
        "closes": ("fin", "a", "à", "closes", "end"),
        "weeks": ("semaines", "weeks"),
        "capacity": ("capacite", "capacité", "places", "capacity"),
        "counter": ("lieu", "place", "counter", "salle"),
    }
    header = {name.strip().lower(): name for name in reader.fieldnames if name}
    columns = {}
    for key, names in aliases.items():
        for name in names:
            if name in header:
                columns[key] = header[name]
                break
    missing = [k for k in ("weekday", "opens", "closes") if k not in columns]
    if missing:
        raise ServiceError(
            "le CSV a besoin des colonnes jour, debut et fin (et intitule, semaines, "
            "capacite, lieu si besoin)",
            field="file",
            missing=missing,
        )
    rows: list[tuple[int, dict[str, Any]]] = []
    for number, record in enumerate(reader, start=2):
        if len(rows) >= MAX_IMPORT_ROWS:
            raise ServiceError(f"au plus {MAX_IMPORT_ROWS} lignes à la fois", field="file")
        value = {k: (record.get(column) or "").strip() for k, column in columns.items()}
        if not any(value.values()):
            continue
        day = value["weekday"].lower()
        weekday = WEEKDAY_NAMES.get(day, int(day) if day.isdigit() and int(day) < 7 else None)
        weeks = WEEK_WORDS.get(value.get("weeks", "").lower())
        if weekday is None:
            rows.append((number, {"error": f"jour inconnu : {value['weekday']!r}"}))
            continue
        if weeks is None:
            rows.append((number, {"error": f"semaines inconnues : {value.get('weeks')!r}"}))
            continue
        fields: dict[str, Any] = {
            "label": value.get("label", ""),
            "weekday": weekday,
            "opens": value["opens"].replace("h", ":").zfill(5),
            "closes": value["closes"].replace("h", ":").zfill(5),
            "weeks": weeks,
        }
        if value.get("capacity"):
            if not value["capacity"].isdigit():
                rows.append((number, {"error": "la capacité est un nombre"}))
                continue
            fields["capacity"] = int(value["capacity"])
        if value.get("counter"):
            fields["counter"] = value["counter"]
        rows.append((number, fields))
    return rows


def import_permanences(
    session: Session,
    site: Site,
    clock: Clock,
    *,
    filename: str,
    content: str,
    partner: str | None = None,
    counter: str | None = None,
    service: str | None = None,
    capacity: int = 6,
    remote: bool = False,
) -> list[Permanence]:
    """A partner's slots from their calendar (.ics) or a table (.csv), all or nothing: a file
    with one wrong line imports nothing and says which line and why."""
    if len(content.encode()) > MAX_IMPORT_BYTES:
        raise ServiceError("le fichier dépasse 512 Ko", field="file")
    zone = ZoneInfo(site.timezone)
    is_ics = filename.lower().endswith(".ics") or content.lstrip().startswith("BEGIN:VCALENDAR")
    try:
        rows = _rows_from_ics(content, zone) if is_ics else _rows_from_csv(content)
    except csv.Error as error:
        raise ServiceError(f"fichier CSV illisible : {error}", field="file") from None
    if not rows:
        raise ServiceError("aucun créneau trouvé dans ce fichier", field="file")
    errors = [{"line": n, "message": r["error"]} for n, r in rows if "error" in r]
    created: list[Permanence] = []
    with writing(session):
        for number, fields in rows:
            if "error" in fields:
                continue
            values = {
                "partner": partner,
                "service": service,
                "counter": counter,
                "capacity": capacity,
                "remote": remote,
                **fields,
            }
            for key in ("starts_on", "ends_on"):
                if isinstance(values.get(key), date):
                    values[key] = values[key].isoformat()
            if not values.get("label"):
                values["label"] = "Permanence"
            permanence = Permanence(
                site_id=site.id, label="", weekday=0, opens=time(9), closes=time(12),
                weeks="all", capacity=6, remote=False, active=True, created_at=clock.now(),
            )  # fmt: skip
            try:
                apply_fields(session, site, permanence, values)
            except ServiceError as error:
                errors.append({"line": number, "message": error.message})
                continue
            session.add(permanence)
            created.append(permanence)
        if errors:
            raise ServiceError(
                "rien n'a été importé : corrigez ces lignes et réessayez",
                field="file",
                lines=sorted(errors, key=lambda e: e["line"]),
            )
    return created
