"""The itinerant France Services from the database: the tour, its editor, calendar and map.

The calendar rules (which pattern runs which week, holidays, exceptions) stay in
server.domain.itinerant; this module reads and writes the rows they run on.
"""

from __future__ import annotations

import math
from datetime import date, datetime, time, timedelta
from html import escape
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from server.domain.itinerant import (
    FIFTH_WEEK_CHOICES,
    PATTERNS,
    Change,
    HalfDay,
    ItinerantWeek,
    Pattern,
    Slot,
    itinerant_schedule,
    monday_of,
)
from server.domain.public_holidays import french_public_holidays
from server.models import ItinerantException, ItinerantSlot, ItinerantStop, Setting, Site
from server.services.appointments import parse_day, parse_time
from server.services.clock import Clock
from server.services.errors import NotFound, ServiceError
from server.services.transaction import writing

FIFTH_WEEK_KEY = "itinerant_fifth_week"
HALF_DAYS = tuple(h.value for h in HalfDay)
KINDS = ("cancelled", "moved")

# Approximate positions of the workshop's communes (town halls), for the offline map. The admin
# corrects them from the editor; nothing is fetched from the internet.
COMMUNE_POSITIONS: dict[str, tuple[float, float]] = {
    "Saint-Agnan": (44.021, 1.071),
    "Fajolles": (43.969, 1.018),
    "Moissac": (44.105, 1.085),
    "Caumont": (44.019, 0.995),
    "Garganvillar": (43.978, 1.071),
    "Labourgade": (43.956, 1.102),
    "Boudou": (44.104, 1.014),
    "Durfort-Lacapelette": (44.178, 1.061),
    "Montesquieu": (44.202, 1.049),
    "Saint-Porquier": (43.980, 1.179),
    "Cordes-Tolosannes": (43.989, 1.133),
}
HOME = ("Castelsarrasin", 44.040, 1.107)  # the Maison de l'État, drawn as the reference point


def _setting(session: Session, site: Site, key: str) -> Any:
    row = session.get(Setting, (site.id, key))
    return row.value if row else None


def _put_setting(session: Session, site: Site, key: str, value: Any) -> None:
    row = session.get(Setting, (site.id, key))
    if row is None:
        session.add(Setting(site_id=site.id, key=key, value=value))
    else:
        row.value = value


def seed_itinerant(session: Session) -> None:
    """Write the workshop's draft tour into a new database, once (the team edits it after)."""
    with writing(session):
        if session.scalar(select(ItinerantStop.id).limit(1)) is not None:
            return  # stops are withdrawn, never deleted: a tour once written stays the team's
        stops: dict[tuple[str, str], ItinerantStop] = {}
        for pattern, slots in PATTERNS.items():
            for slot in slots:
                stop = None
                if slot.public:
                    key = (slot.commune, slot.place)
                    stop = stops.get(key)
                    if stop is None:
                        lat, lon = COMMUNE_POSITIONS.get(slot.commune, (None, None))
                        stop = stops[key] = ItinerantStop(
                            commune=slot.commune,
                            place=slot.place,
                            address="",
                            latitude=lat,
                            longitude=lon,
                            notes="",
                            to_confirm=slot.to_confirm,
                            active=True,
                        )
                        session.add(stop)
                session.add(
                    ItinerantSlot(
                        pattern=pattern.value,
                        weekday=slot.weekday,
                        half_day=slot.half_day.value,
                        opens=slot.hours[0],
                        closes=slot.hours[1],
                        stop=stop,
                        label="" if slot.public else slot.place,
                        public=slot.public,
                    )
                )


def _slot(row: ItinerantSlot, stop: ItinerantStop | None = None, hours: Any = None) -> Slot:
    stop = stop if stop is not None else row.stop
    public = row.public and stop is not None and stop.active
    return Slot(
        weekday=row.weekday,
        half_day=HalfDay(row.half_day),
        commune=stop.commune if stop else "",
        place=stop.place if stop else row.label,
        hours=hours or (row.opens, row.closes),
        to_confirm=stop.to_confirm if stop else False,
        public=public,
        slot_id=row.id,
        stop_id=stop.id if stop else None,
        address=stop.address if stop else "",
        notes=stop.notes if stop else "",
        latitude=stop.latitude if stop else None,
        longitude=stop.longitude if stop else None,
    )


def load_patterns(session: Session) -> dict[Pattern, tuple[Slot, ...]]:
    rows = session.scalars(
        select(ItinerantSlot).order_by(ItinerantSlot.weekday, ItinerantSlot.opens)
    ).all()
    return {
        pattern: tuple(_slot(r) for r in rows if r.pattern == pattern.value) for pattern in Pattern
    }


def load_changes(session: Session, first: date, last: date) -> list[Change]:
    rows = session.scalars(
        select(ItinerantException).where(
            ItinerantException.day >= first, ItinerantException.day <= last
        )
    ).all()
    changes = []
    for row in rows:
        replacement = None
        if row.kind == "moved":
            hours = (row.opens or row.slot.opens, row.closes or row.slot.closes)
            replacement = _slot(row.slot, row.stop or row.slot.stop, hours)
        changes.append(Change(row.day, row.slot_id, row.kind, row.note, replacement))
    return changes


def fifth_week_of(session: Session, site: Site, default: str) -> str:
    return str(_setting(session, site, FIFTH_WEEK_KEY) or default)


def schedule(
    session: Session, site: Site, clock: Clock, fifth_week_default: str, weeks: int
) -> tuple[str, list[ItinerantWeek]]:
    """The coming weeks of the tour, from the database, with holidays and exceptions."""
    fifth_week = fifth_week_of(session, site, fifth_week_default)
    if fifth_week not in FIFTH_WEEK_CHOICES:
        raise ServiceError(
            f"ACCUEIL_ITINERANT_FIFTH_WEEK : l'une des valeurs {', '.join(FIFTH_WEEK_CHOICES)}",
            value=fifth_week,
        )
    today = clock.now().astimezone(ZoneInfo(site.timezone)).date()
    first = monday_of(today)
    holidays = french_public_holidays(range(today.year, today.year + 2))
    changes = load_changes(session, first, first + timedelta(weeks=weeks))
    return fifth_week, itinerant_schedule(
        today, weeks, fifth_week, holidays, load_patterns(session), changes
    )


# --- the admin's editor ------------------------------------------------------------------------


def _stop(session: Session, stop_id: int) -> ItinerantStop:
    stop = session.get(ItinerantStop, stop_id)
    if stop is None or not stop.active:
        raise NotFound(f"étape introuvable (n° {stop_id})", field="stop")
    return stop


def _coordinate(value: Any, field: str, bound: float) -> float | None:
    if value is None or value == "":
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise ServiceError("un nombre décimal, par exemple 44.105", field=field) from None
    if not math.isfinite(number) or abs(number) > bound:
        raise ServiceError(f"entre -{bound:g} et {bound:g}", field=field)
    return number


STOP_FIELDS = {"commune": "la commune", "place": "le lieu"}


def _apply_stop(stop: ItinerantStop, fields: dict[str, Any]) -> None:
    for key in ("commune", "place"):
        if key in fields:
            value = (fields[key] or "").strip()
            if not value:
                raise ServiceError(f"{STOP_FIELDS[key]} : obligatoire", field=key)
            setattr(stop, key, value)
    for key in ("address", "notes"):
        if key in fields:
            setattr(stop, key, (fields[key] or "").strip())
    if "to_confirm" in fields:
        stop.to_confirm = bool(fields["to_confirm"])
    if "latitude" in fields:
        stop.latitude = _coordinate(fields["latitude"], "latitude", 90)
    if "longitude" in fields:
        stop.longitude = _coordinate(fields["longitude"], "longitude", 180)


def add_stop(session: Session, **fields: Any) -> ItinerantStop:
    with writing(session):
        stop = ItinerantStop(
            commune="", place="", address="", notes="", to_confirm=False, active=True
        )
        _apply_stop(stop, {"commune": "", "place": "", **fields})
        session.add(stop)
    return stop


def update_stop(session: Session, stop_id: int, **fields: Any) -> ItinerantStop:
    with writing(session):
        stop = _stop(session, stop_id)
        _apply_stop(stop, fields)
    return stop


def remove_stop(session: Session, stop_id: int) -> None:
    """Withdrawn: its half-days stop being public until another stop is chosen for them."""
    with writing(session):
        _stop(session, stop_id).active = False


def _apply_slot(session: Session, slot: ItinerantSlot, fields: dict[str, Any]) -> None:
    if "pattern" in fields:
        if fields["pattern"] not in ("A", "B"):
            raise ServiceError(
                "le cycle est A (semaines 1 et 3) ou B (semaines 2 et 4)", field="pattern"
            )
        slot.pattern = fields["pattern"]
    if "weekday" in fields:
        if not isinstance(fields["weekday"], int) or not 0 <= fields["weekday"] <= 6:
            raise ServiceError("le jour va de 0 (lundi) à 6 (dimanche)", field="weekday")
        slot.weekday = fields["weekday"]
    if "half_day" in fields:
        if fields["half_day"] not in HALF_DAYS:
            raise ServiceError(
                f"la demi-journée : l'une de {', '.join(HALF_DAYS)}", field="half_day"
            )
        slot.half_day = fields["half_day"]
    if "opens" in fields:
        slot.opens = parse_time(fields["opens"], "opens")
    if "closes" in fields:
        slot.closes = parse_time(fields["closes"], "closes")
    if "stop" in fields:
        slot.stop = _stop(session, fields["stop"]) if fields["stop"] else None
    if "label" in fields:
        slot.label = (fields["label"] or "").strip()[:200]
    if "public" in fields:
        slot.public = bool(fields["public"])
    if slot.closes <= slot.opens:
        raise ServiceError("une demi-journée finit après avoir commencé", field="closes")
    if slot.public and slot.stop is None:
        raise ServiceError("une demi-journée publique a besoin d'une étape", field="stop")


def add_slot(session: Session, **fields: Any) -> ItinerantSlot:
    with writing(session):
        slot = ItinerantSlot(
            pattern="A",
            weekday=0,
            half_day="morning",
            opens=time(9),
            closes=time(12),
            label="",
            public=True,
        )
        _apply_slot(session, slot, fields)
        session.add(slot)
    return slot


def _slot_row(session: Session, slot_id: int) -> ItinerantSlot:
    slot = session.get(ItinerantSlot, slot_id)
    if slot is None:
        raise NotFound(f"demi-journée introuvable (n° {slot_id})", field="slot")
    return slot


def update_slot(session: Session, slot_id: int, **fields: Any) -> ItinerantSlot:
    with writing(session):
        slot = _slot_row(session, slot_id)
        _apply_slot(session, slot, fields)
    return slot


def remove_slot(session: Session, slot_id: int) -> None:
    with writing(session):
        slot = _slot_row(session, slot_id)
        session.execute(delete(ItinerantException).where(ItinerantException.slot_id == slot.id))
        session.delete(slot)


def add_exception(
    session: Session,
    *,
    day: str,
    slot: int,
    kind: str,
    stop: int | None = None,
    opens: str | None = None,
    closes: str | None = None,
    note: str = "",
) -> ItinerantException:
    """Cancel or move one half-day on one date (the pattern is untouched for other weeks)."""
    with writing(session):
        when = parse_day(day, "day")
        row = _slot_row(session, slot)
        if kind not in KINDS:
            raise ServiceError(
                "le type est « cancelled » (annulée) ou « moved » (déplacée)", field="kind"
            )
        if when.weekday() != row.weekday:
            raise ServiceError("cette demi-journée n'a pas lieu ce jour de la semaine", field="day")
        exception = session.scalar(
            select(ItinerantException).where(
                ItinerantException.day == when, ItinerantException.slot_id == row.id
            )
        )
        if exception is None:
            exception = ItinerantException(day=when, slot_id=row.id, kind=kind, note="")
            session.add(exception)
        exception.kind = kind
        exception.note = (note or "").strip()[:300]
        exception.stop = _stop(session, stop) if stop and kind == "moved" else None
        exception.opens = parse_time(opens, "opens") if opens and kind == "moved" else None
        exception.closes = parse_time(closes, "closes") if closes and kind == "moved" else None
        if kind == "moved" and exception.stop is None and exception.opens is None:
            raise ServiceError(
                "un déplacement demande une autre étape ou d'autres horaires", field="stop"
            )
        start = exception.opens or row.opens
        end = exception.closes or row.closes
        if end <= start:
            raise ServiceError("une demi-journée finit après avoir commencé", field="closes")
    return exception


def remove_exception(session: Session, exception_id: int) -> None:
    with writing(session):
        row = session.get(ItinerantException, exception_id)
        if row is None:
            raise NotFound(f"changement introuvable (n° {exception_id})")
        session.delete(row)


def set_fifth_week(session: Session, site: Site, value: str) -> str:
    if value not in FIFTH_WEEK_CHOICES:
        raise ServiceError(f"l'une des valeurs {', '.join(FIFTH_WEEK_CHOICES)}", field="fifth_week")
    with writing(session):
        _put_setting(session, site, FIFTH_WEEK_KEY, value)
    return value


def stop_view(stop: ItinerantStop) -> dict[str, Any]:
    return {
        "id": stop.id,
        "commune": stop.commune,
        "place": stop.place,
        "address": stop.address,
        "latitude": stop.latitude,
        "longitude": stop.longitude,
        "notes": stop.notes,
        "to_confirm": stop.to_confirm,
    }


def slot_view(slot: ItinerantSlot) -> dict[str, Any]:
    return {
        "id": slot.id,
        "pattern": slot.pattern,
        "weekday": slot.weekday,
        "half_day": slot.half_day,
        "opens": slot.opens.strftime("%H:%M"),
        "closes": slot.closes.strftime("%H:%M"),
        "stop": slot.stop_id,
        "label": slot.label,
        "public": slot.public,
    }


def exception_view(row: ItinerantException) -> dict[str, Any]:
    return {
        "id": row.id,
        "day": row.day.isoformat(),
        "slot": row.slot_id,
        "kind": row.kind,
        "stop": row.stop_id,
        "opens": row.opens.strftime("%H:%M") if row.opens else None,
        "closes": row.closes.strftime("%H:%M") if row.closes else None,
        "note": row.note,
    }


def setup_view(session: Session, site: Site, clock: Clock, fifth_default: str) -> dict[str, Any]:
    today = clock.now().astimezone(ZoneInfo(site.timezone)).date()
    stops = session.scalars(
        select(ItinerantStop).where(ItinerantStop.active).order_by(ItinerantStop.commune)
    ).all()
    slots = session.scalars(
        select(ItinerantSlot).order_by(
            ItinerantSlot.pattern, ItinerantSlot.weekday, ItinerantSlot.opens
        )
    ).all()
    exceptions = session.scalars(
        select(ItinerantException)
        .where(ItinerantException.day >= today - timedelta(days=7))
        .order_by(ItinerantException.day)
    ).all()
    return {
        "fifth_week": fifth_week_of(session, site, fifth_default),
        "stops": [stop_view(s) for s in stops],
        "slots": [slot_view(s) for s in slots],
        "exceptions": [exception_view(e) for e in exceptions],
    }


# --- calendar and map ---------------------------------------------------------------------------


def slug(text: str) -> str:
    import unicodedata

    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return "-".join("".join(c if c.isalnum() else " " for c in plain).split())


def ics_calendar(
    weeks: list[ItinerantWeek], site: Site, stamp: datetime, commune: str | None = None
) -> bytes:
    """One VEVENT per half-day stop (cancelled ones with STATUS:CANCELLED), place in LOCATION."""
    from icalendar import Calendar, Event

    zone = ZoneInfo(site.timezone)
    calendar = Calendar()
    calendar.add("prodid", "-//Accueil France Services//itinerance//FR")
    calendar.add("version", "2.0")
    name = "France Services itinérant" + (f" — {commune}" if commune else "")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", site.timezone)
    for week in weeks:
        for stop in week.stops:
            slot = stop.slot
            if commune and slug(slot.commune) != slug(commune):
                continue
            event = Event()
            key = f"{stop.day.isoformat()}-{slot.slot_id or slug(slot.commune)}-{slot.half_day}"
            event.add("uid", f"itinerance-{key}@accueil")
            event.add("dtstamp", stamp)
            event.add("dtstart", datetime.combine(stop.day, slot.hours[0], tzinfo=zone))
            event.add("dtend", datetime.combine(stop.day, slot.hours[1], tzinfo=zone))
            summary = f"France Services itinérant — {slot.commune}"
            if slot.to_confirm:
                summary += " (lieu à confirmer)"
            event.add("summary", summary)
            location = f"{slot.place}, {slot.address or slot.commune}"
            event.add("location", location)
            description = [d for d in (slot.notes, stop.note) if d]
            if description:
                event.add("description", "\n".join(description))
            if slot.latitude is not None and slot.longitude is not None:
                event.add("geo", (slot.latitude, slot.longitude))
            event.add("status", "CANCELLED" if stop.status == "cancelled" else "CONFIRMED")
            calendar.add_component(event)
    calendar.add_missing_timezones()  # a VTIMEZONE for Europe/Paris, so every client agrees
    return bytes(calendar.to_ical())


def map_svg(stops: list[ItinerantStop], highlight: set[int] | None = None) -> str:
    """The stops drawn from their coordinates, with the Maison de l'État and a 5 km scale:
    no tiles, no internet, readable on the waiting-room screen from 3 m. Labels are placed
    beside their marker where they overlap nothing already drawn."""
    points: dict[str, tuple[float, float, bool]] = {}
    for stop in stops:
        if stop.latitude is None or stop.longitude is None or stop.commune in points:
            continue
        strong = highlight is None or stop.id in highlight
        points[stop.commune] = (stop.latitude, stop.longitude, strong)
    lats = [p[0] for p in points.values()] + [HOME[1]]
    lons = [p[1] for p in points.values()] + [HOME[2]]
    mid_lat = (min(lats) + max(lats)) / 2
    kx = 111.32 * math.cos(math.radians(mid_lat))  # km per degree of longitude here
    ky = 110.57
    span_x = max((max(lons) - min(lons)) * kx, 5)
    span_y = max((max(lats) - min(lats)) * ky, 5)
    grow = 1
    margin, pad = 40, 260  # room for the labels on both sides
    scale = 560 / span_y
    width = round(span_x * scale + 2 * pad)
    height = round(span_y * scale + 2 * margin + 60)
    font = 'font-family="Marianne, DejaVu Sans, Arial, sans-serif"'

    def xy(lat: float, lon: float) -> tuple[float, float]:
        x = pad + (lon - min(lons)) * kx * scale
        y = margin + 20 + (max(lats) - lat) * ky * scale
        return round(x, 1), round(y, 1)

    boxes: list[tuple[float, float, float, float]] = []
    marks = [(*xy(la, lo), name, strong) for name, (la, lo, strong) in points.items()]
    hx, hy = xy(HOME[1], HOME[2])
    marks.append((hx, hy, HOME[0], True))
    for x, y, _, _ in marks:
        boxes.append((x - 12 * grow, y - 12 * grow, x + 12 * grow, y + 12 * grow))

    def free(box: tuple[float, float, float, float]) -> bool:
        return all(
            box[2] <= b[0] or box[0] >= b[2] or box[3] <= b[1] or box[1] >= b[3] for b in boxes
        )

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        'role="img" aria-labelledby="itinerant-map-title" class="itinerant-map">',
        '<title id="itinerant-map-title">Carte des arrêts du France Services itinérant</title>',
        f'<rect width="{width}" height="{height}" fill="#fbf8f3"/>',
    ]
    for x, y, name, strong in sorted(marks, key=lambda m: m[1]):
        home = name == HOME[0]
        size = (28 if strong else 22) * grow
        text_width = 0.64 * size * len(name)
        candidates = [
            (
                x + 16,
                y + size / 3,
                "start",
                (x + 14, y - size / 2, x + 18 + text_width, y + size / 2),
            ),
            (
                x - 16,
                y + size / 3,
                "end",
                (x - 18 - text_width, y - size / 2, x - 14, y + size / 2),
            ),
            (x, y - 18, "middle", (x - text_width / 2, y - 18 - size, x + text_width / 2, y - 14)),
            (
                x,
                y + 16 + size,
                "middle",
                (x - text_width / 2, y + 14, x + text_width / 2, y + 18 + size),
            ),
        ]
        tx, ty, anchor, box = next((c for c in candidates if free(c[3])), candidates[0])
        boxes.append(box)
        if home:
            side = 24 * grow
            parts.append(
                f'<rect x="{x - side / 2}" y="{y - side / 2}" width="{side}" height="{side}" '
                'fill="#000091"/>'
            )
        else:
            fill = "#8a3b12" if strong else "#6b6b6b"
            parts.append(
                f'<circle cx="{x}" cy="{y}" r="{(12 if strong else 9) * grow}" fill="{fill}" '
                'stroke="#ffffff" stroke-width="3"/>'
            )
        parts.append(
            f'<text x="{tx}" y="{ty}" {font} font-size="{size}" text-anchor="{anchor}" '
            f'font-weight="{700 if strong else 400}" fill="{"#000091" if home else "#1b1b1b"}">'
            f"{escape(name)}</text>"
        )
    bar = 5 * scale  # 5 km
    parts.append(
        f'<line x1="{margin}" y1="{height - 24}" x2="{margin + bar:.1f}" y2="{height - 24}" '
        'stroke="#1b1b1b" stroke-width="6"/>'
        f'<text x="{margin}" y="{height - 36}" {font} font-size="22" fill="#1b1b1b">5 km</text>'
        f'<text x="{width - 20}" y="40" {font} font-size="24" text-anchor="end" '
        'fill="#3f3f3f">N ↑</text>'
    )
    parts.append("</svg>")
    return "".join(parts)


def map_legend(stops: list[ItinerantStop]) -> list[dict[str, Any]]:
    """The communes of the tour numbered from north to south, as the waiting-room map shows them."""
    seen: dict[str, ItinerantStop] = {}
    for stop in stops:
        if stop.latitude is not None and stop.longitude is not None:
            seen.setdefault(stop.commune, stop)
    ordered = sorted(seen.values(), key=lambda s: (-(s.latitude or 0), s.commune))
    return [
        {"number": n, "commune": s.commune, "latitude": s.latitude, "longitude": s.longitude}
        for n, s in enumerate(ordered, start=1)
    ]


def numbered_map_svg(stops: list[ItinerantStop]) -> str:
    """The waiting-room variant: big numbered marks (the names are listed beside the map), so
    the map stays readable from 3 m in a narrow panel."""
    legend = map_legend(stops)
    lats = [e["latitude"] for e in legend] + [HOME[1]]
    lons = [e["longitude"] for e in legend] + [HOME[2]]
    kx = 111.32 * math.cos(math.radians((min(lats) + max(lats)) / 2))
    ky = 110.57
    span_x = max((max(lons) - min(lons)) * kx, 5)
    span_y = max((max(lats) - min(lats)) * ky, 5)
    width, margin = 600, 60
    scale = min((width - 2 * margin) / span_x, 1100 / span_y)
    height = round(span_y * scale + 2 * margin + 40)
    font = 'font-family="Marianne, DejaVu Sans, Arial, sans-serif" font-weight="700"'

    def xy(lat: float, lon: float) -> tuple[float, float]:
        x = margin + (lon - min(lons)) * kx * scale
        y = margin + (max(lats) - lat) * ky * scale
        return round(x, 1), round(y, 1)

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" '
        'aria-labelledby="itinerant-map-title">',
        '<title id="itinerant-map-title">Carte numérotée des arrêts du France Services '
        "itinérant</title>",
        f'<rect width="{width}" height="{height}" fill="#fbf8f3"/>',
    ]
    hx, hy = xy(HOME[1], HOME[2])
    parts.append(f'<rect x="{hx - 26}" y="{hy - 26}" width="52" height="52" fill="#000091"/>')
    parts.append(
        f'<text x="{hx}" y="{hy + 14}" {font} font-size="40" text-anchor="middle" '
        'fill="#ffffff">M</text>'
    )
    for entry in legend:
        x, y = xy(entry["latitude"], entry["longitude"])
        parts.append(
            f'<circle cx="{x}" cy="{y}" r="32" fill="#8a3b12" stroke="#ffffff" stroke-width="4"/>'
            f'<text x="{x}" y="{y + 14}" {font} font-size="40" text-anchor="middle" '
            f'fill="#ffffff">{entry["number"]}</text>'
        )
    bar = 5 * scale
    parts.append(
        f'<line x1="{margin}" y1="{height - 24}" x2="{margin + bar:.1f}" y2="{height - 24}" '
        'stroke="#1b1b1b" stroke-width="8"/>'
        f'<text x="{margin + bar + 12:.1f}" y="{height - 12}" {font} font-size="36" '
        'fill="#1b1b1b">5 km</text>'
    )
    parts.append("</svg>")
    return "".join(parts)
