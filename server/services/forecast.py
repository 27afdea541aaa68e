"""The forecast of a site's arrivals for the next 14 days, and what it tells the agents.

History: the arrivals (first tickets of each visit) of the last HISTORY_WEEKS weeks, read in one
read transaction. The forecast changes only with the day, so it is kept per site and day in a
small cache (the peak suggestion asks for it on every change of the line).
"""

from __future__ import annotations

import functools
import threading
import time as monotonic_time
from collections import Counter, defaultdict
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.domain.forecast import (
    Calendar,
    DayForecast,
    Peak,
    fit,
    forecast_days,
    peaks,
)
from server.domain.french import MONTHS as MONTHS_FR
from server.domain.hours import WEEKDAYS_FR
from server.domain.public_holidays import french_public_holidays
from server.models import Setting, Site, Visit
from server.services.clock import Clock

HISTORY_WEEKS = 26
HORIZON_DAYS = 14
DEFAULT_ZONE = "C"  # Tarn-et-Garonne: académie de Toulouse
ZONE_KEY = "school_zone"  # site setting, "A", "B" or "C"
CACHE_SECONDS = 600.0

_cache: dict[tuple[str, int, date], tuple[float, list[DayForecast], bool]] = {}
_cache_lock = threading.Lock()


@functools.cache
def school_holiday_dates() -> dict[str, frozenset[date]]:
    """The school holidays of each zone, read once per process: building the package's table
    parses its data (about 0.3 s), which every forecast refresh of every site paid, inside a
    snapshot that a call to the waiting-room screens then waited for. Only the days are kept:
    the package's table (a dictionary of row dictionaries, one per holiday since 1990) held
    about 2.5 MB of a server's memory for as long as it ran (issue 15)."""
    from vacances_scolaires_france import SchoolHolidayDates

    table = SchoolHolidayDates()
    return {
        zone: frozenset(day for day, row in table.data.items() if row[table.zone_key(zone)])
        for zone in table.SUPPORTED_ZONES
    }


def site_calendar(zone: str, years: range) -> Calendar:
    """French public holidays (closed) and the school holidays of the zone, all offline."""
    # Past the package's data, no day is found: no school-holiday effect assumed.
    school_days = school_holiday_dates().get(zone, frozenset())
    return Calendar(french_public_holidays(years), school_days.__contains__)


def arrival_history(session: Session, site: Site, since: datetime) -> dict[date, dict[int, int]]:
    """Arrivals per local day and half-hour: each visit once (a transfer is no arrival)."""
    zone = ZoneInfo(site.timezone)
    rows = session.scalars(
        select(Visit.arrived_at).where(
            Visit.site_id == site.id,
            Visit.transferred_from_id.is_(None),
            Visit.arrived_at >= since,
        )
    )
    history: dict[date, Counter[int]] = defaultdict(Counter)
    for arrived in rows:
        local = (arrived if arrived.tzinfo else arrived.replace(tzinfo=UTC)).astimezone(zone)
        history[local.date()][(local.hour * 60 + local.minute) // 30] += 1
    return {day: dict(slots) for day, slots in history.items()}


def site_forecast(session: Session, site: Site, clock: Clock) -> tuple[list[DayForecast], bool]:
    """(the next 14 days from today, whether learned from history), cached per site and day."""
    today = clock.now().astimezone(ZoneInfo(site.timezone)).date()
    key = (str(session.get_bind().engine.url), site.id, today)
    now = monotonic_time.monotonic()
    with _cache_lock:
        cached = _cache.get(key)
    if cached and now - cached[0] < CACHE_SECONDS:
        return cached[1], cached[2]
    since = clock.now() - timedelta(weeks=HISTORY_WEEKS)
    # Plain reads in the caller's transaction (the peak suggestion runs inside others' flows).
    history = arrival_history(session, site, since)
    setting = session.get(Setting, (site.id, ZONE_KEY))
    history = {day: slots for day, slots in history.items() if day < today}
    zone = str(setting.value) if setting and setting.value in ("A", "B", "C") else DEFAULT_ZONE
    model = fit(history, site_calendar(zone, range(today.year - 1, today.year + 2)))
    days = forecast_days(model, today, HORIZON_DAYS)
    with _cache_lock:
        if len(_cache) > 256:
            _cache.clear()
        _cache[key] = (now, days, model.learned)
    return days, model.learned


def forget_forecasts() -> None:
    """Drop the cached forecasts (the site's school zone changed)."""
    with _cache_lock:
        _cache.clear()


def _day_name(day: date, today: date) -> str:
    if day == today:
        return "aujourd'hui"
    if day == today + timedelta(days=1):
        return f"demain {WEEKDAYS_FR[day.weekday()]}"
    # « lundi 7 décembre, 9 h – … »: « lundi 7 9 h » ran the day's number into the hour's.
    first = "1er" if day.day == 1 else str(day.day)
    return f"{WEEKDAYS_FR[day.weekday()]} {first} {MONTHS_FR[day.month - 1]},"


def peak_message(peak: Peak, today: date) -> str:
    """'demain mardi 9 h – 11 h : forte affluence prévue'."""
    return f"{_day_name(peak.day, today)} {peak.hours} : forte affluence prévue"


def forecast_view(session: Session, site: Site, clock: Clock, threshold: float) -> dict[str, Any]:
    """The next peaks in French for the console, and the 14 days for the admin's chart."""
    days, learned = site_forecast(session, site, clock)
    local = clock.now().astimezone(ZoneInfo(site.timezone))
    today, slot_now = local.date(), (local.hour * 60 + local.minute) // 30
    found = [p for p in peaks(days, threshold) if p.day > today or p.last_slot >= slot_now]
    return {
        "learned": learned,
        "threshold": threshold,
        "peaks": [
            {
                "date": p.day.isoformat(),
                "hours": p.hours,
                "expected": p.expected,
                "message": peak_message(p, today),
            }
            for p in found
        ],
        "days": [
            {
                "date": d.day.isoformat(),
                "weekday": WEEKDAYS_FR[d.day.weekday()],
                "closed": d.closed,
                "total": round(sum(d.slots.values()), 1),
                "slots": {
                    f"{s // 2:02d}:{30 * (s % 2):02d}": v for s, v in sorted(d.slots.items())
                },
            }
            for d in days
        ],
    }


def peak_expected_soon(
    session: Session, site: Site, clock: Clock, threshold: float, within: timedelta
) -> str | None:
    """'affluence prévue dans 30 min : sortez les imprimantes' when a forecast peak is near."""
    days, _ = site_forecast(session, site, clock)
    zone = ZoneInfo(site.timezone)
    soon = (clock.now() + within).astimezone(zone)
    slot = (soon.hour * 60 + soon.minute) // 30
    for day in days:
        if day.day == soon.date() and day.slots.get(slot, 0.0) >= threshold:
            minutes = round(within.total_seconds() / 60)
            return f"affluence prévue dans {minutes} min : sortez les imprimantes"
    return None
