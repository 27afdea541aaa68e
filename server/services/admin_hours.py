"""Back-office use cases for opening hours: the weekly timetable, closures and openings by date.

Saved as the site's data (setting `opening_hours`); ACCUEIL_OPENING_HOURS only seeds the form
until an administrator saves it. French public holidays stay closed unless opened by date.
"""

from __future__ import annotations

import json
import re
from datetime import date, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from server.domain.events import Event, SettingChanged
from server.domain.hours import DEFAULT_WEEK, WEEKDAYS_FR, parse_ranges, parse_week
from server.models import Setting, Site
from server.services.admin_common import change
from server.services.audit import record
from server.services.clock import Clock
from server.services.errors import ServiceError
from server.services.hours import ALWAYS, opening_hours
from server.services.process_cache import setting_value

HOURS_KEY = "opening_hours"
MAX_DATES = 100
PREVIEW_DAYS = 14
# A date as stored (2026-12-24) or as a French manager writes it (24/12/2026), then the rest.
DATED = re.compile(r"(\d{4}-\d{2}-\d{2}|\d{1,2}/\d{1,2}/\d{4})\s*(.*)")
# A time as written on a French door (9h, 12h30, 14 h 30, 9:00) and the dash between two times.
FRENCH_TIME = re.compile(r"(?<![\d:])(\d{1,2})\s*[hH:](?:\s*(\d{2}))?(?![\d:])")
DASH = re.compile(r"\s*[-–—]\s*")
FRENCH_DATE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")


def saved_hours(session: Session, site: Site) -> dict[str, Any] | None:
    value = setting_value(session, site, HOURS_KEY)
    return value if isinstance(value, dict) else None


def _day(text: str, field: str) -> date:
    try:
        french = FRENCH_DATE.fullmatch(text)
        if french:
            day, month, year = (int(part) for part in french.groups())
            return date(year, month, day)
        return date.fromisoformat(text)
    except ValueError:
        raise ServiceError(f"date invalide : {text!r} (JJ/MM/AAAA)", field=field) from None


def _clock_times(text: str) -> str:
    """'9h - 12h30' -> '09:00-12:30' (and '13h30-20h nocturne' keeps its flag)."""
    text = FRENCH_TIME.sub(lambda m: f"{int(m[1]):02d}:{m[2] or '00'}", " ".join(text.split()))
    return DASH.sub("-", text)


def _ranges(value: Any, name: str, field: str) -> list[str]:
    if isinstance(value, str):
        value = [part for part in value.split(",")]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ServiceError(f"{name} : des plages comme 09:00-12:30 sont attendues", field=field)
    ranges = [_clock_times(v) for v in value if v.strip()]
    try:
        parse_ranges(name, ranges)
    except (ValueError, TypeError):
        raise ServiceError(
            f"{name} : plages comme 09:00-12:30, 13:30-18:00 (ajoutez « nocturne » après une "
            "plage du soir), sans chevauchement",
            field=field,
        ) from None
    return ranges


def check_hours(body: Any) -> dict[str, Any]:
    """The timetable in its stored shape, or a 400 naming the day or date that is wrong.

    closures: [{"date", "reason"}] or ["2026-12-24 Réveillon"];
    openings: [{"date", "hours": [...]}] or ["2026-12-27 09:00-12:00, 14:00-16:00"].
    """
    if not isinstance(body, dict):
        raise ServiceError("un objet {week, closures, openings} est attendu", field="week")
    week_in = body.get("week", {})
    if not isinstance(week_in, dict):
        raise ServiceError("week : un objet par jour (lundi…dimanche)", field="week")
    week: dict[str, list[str]] = {}
    for name, value in week_in.items():
        if name not in WEEKDAYS_FR:
            raise ServiceError(f"jour inconnu : {name!r}", field="week")
        ranges = _ranges(value, name, f"week.{name}")
        if ranges:
            week[name] = ranges
    closures, openings = [], []
    for item in _list(body.get("closures"), "closures"):
        if isinstance(item, str):
            found = DATED.fullmatch(item.strip())
            if not found:
                raise ServiceError(f"fermeture : {item!r} (JJ/MM/AAAA raison)", field="closures")
            item = {"date": found.group(1), "reason": found.group(2)}
        if not isinstance(item, dict) or not isinstance(item.get("date"), str):
            raise ServiceError("fermeture : {date, reason} attendu", field="closures")
        day = _day(item["date"], "closures")
        reason = str(item.get("reason") or "")[:120]
        closures.append({"date": day.isoformat(), "reason": reason})
    for item in _list(body.get("openings"), "openings"):
        if isinstance(item, str):
            found = DATED.fullmatch(item.strip())
            if not found:
                raise ServiceError(
                    f"ouverture : {item!r} (JJ/MM/AAAA 09:00-12:00)", field="openings"
                )
            item = {"date": found.group(1), "hours": found.group(2)}
        if not isinstance(item, dict) or not isinstance(item.get("date"), str):
            raise ServiceError("ouverture : {date, hours} attendu", field="openings")
        day = _day(item["date"], "openings")
        hours = _ranges(item.get("hours", []), day.isoformat(), "openings")
        if not hours:
            raise ServiceError(
                f"ouverture du {day.isoformat()} : quelles heures ?", field="openings"
            )
        openings.append({"date": day.isoformat(), "hours": hours})
    both = {c["date"] for c in closures} & {o["date"] for o in openings}
    if both:
        raise ServiceError(
            f"{', '.join(sorted(both))} : à la fois fermé et ouvert", field="openings"
        )
    return {
        "week": week,
        "closures": sorted(closures, key=lambda c: c["date"]),
        "openings": sorted(openings, key=lambda o: o["date"]),
    }


def _list(value: Any, field: str) -> list[Any]:
    if value is None:
        return []
    if not isinstance(value, list) or len(value) > MAX_DATES:
        raise ServiceError(f"{field} : une liste de {MAX_DATES} dates au plus", field=field)
    return value


def hours_form(session: Session, site: Site, env_setting: Any, clock: Clock) -> dict[str, Any]:
    """What the back-office edits: the saved timetable, else the one in force, and a preview."""
    saved = saved_hours(session, site)
    if saved is None:
        week: Any = DEFAULT_WEEK
        if isinstance(env_setting, str) and env_setting not in ("", ALWAYS):
            try:
                week = json.loads(env_setting)
                parse_week(week)
            except (ValueError, TypeError, AttributeError):
                week = DEFAULT_WEEK
        saved = {"week": dict(week), "closures": [], "openings": []}
    return {
        **saved,
        "saved": saved_hours(session, site) is not None,
        "preview": preview(site, saved, clock),
    }


def preview(site: Site, data: dict[str, Any], clock: Clock) -> list[dict[str, Any]]:
    """The next 14 days as visitors will find them (holidays and dated changes included)."""
    today = clock.now().astimezone(ZoneInfo(site.timezone)).date()
    hours = opening_hours(data, today)
    assert hours is not None
    closures = {c["date"]: c["reason"] for c in data.get("closures", [])}
    days = []
    for offset in range(PREVIEW_DAYS):
        day = today + timedelta(days=offset)
        intervals = hours.intervals_on(day)
        note = ""
        if day.isoformat() in closures:
            note = closures[day.isoformat()] or "fermeture exceptionnelle"
        elif not intervals and day in hours.closed_dates:
            note = "jour férié"
        elif any(o["date"] == day.isoformat() for o in data.get("openings", [])):
            note = "horaires exceptionnels"
        days.append(
            {
                "date": day.isoformat(),
                "weekday": WEEKDAYS_FR[day.weekday()],
                "hours": [
                    f"{i.opens:%H:%M}–{i.closes:%H:%M}" + (" (nocturne)" if i.late else "")
                    for i in intervals
                ],
                "note": note,
            }
        )
    return days


def save_hours(
    session: Session, site: Site, body: Any, clock: Clock
) -> tuple[dict[str, Any], list[Event]]:
    """Replace the site's timetable; kiosks and displays update at once."""
    data = check_hours(body)
    with change(session):
        setting = session.get(Setting, (site.id, HOURS_KEY))
        if setting is None:
            session.add(Setting(site_id=site.id, key=HOURS_KEY, value=data))
        else:
            setting.value = data
        record(session, site, "hours.saved", site.code, data)
    view = {**data, "saved": True, "preview": preview(site, data, clock)}
    return view, [SettingChanged(site.code, key="hours")]
