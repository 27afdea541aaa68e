"""The site's opening hours: the configured timetable, closed on French public holidays."""

from __future__ import annotations

import json
from datetime import date
from typing import Any
from zoneinfo import ZoneInfo

from server.domain.hours import (
    DEFAULT_WEEK,
    WEEKDAYS_FR,
    OpeningHours,
    parse_ranges,
    parse_week,
)
from server.domain.public_holidays import french_public_holidays
from server.models import Site
from server.services.clock import Clock
from server.services.errors import ServiceError

ALWAYS = "always"


HoursSetting = str | dict[str, Any] | None  # the environment's text, or the site's own data


def opening_hours(setting: HoursSetting, today: date) -> OpeningHours | None:
    """None means "always open" (a demo, a test, an event); otherwise the weekly timetable.

    `setting` is the site's timetable as the back-office saved it ({"week", "closures",
    "openings"}), else ACCUEIL_OPENING_HOURS (JSON week or "always"), else the default week.
    """
    if setting == ALWAYS:
        return None
    if isinstance(setting, dict):
        return site_hours(setting, today)
    try:
        spec = json.loads(setting) if setting else DEFAULT_WEEK
        week = parse_week(spec)
    except (ValueError, AttributeError, TypeError) as error:
        raise ServiceError(
            f"ACCUEIL_OPENING_HOURS n'est pas un horaire valable : {error}"
        ) from None
    closed = french_public_holidays(range(today.year, today.year + 2))
    return OpeningHours(week, closed)


def site_hours(data: dict[str, Any], today: date) -> OpeningHours:
    """The back-office's timetable (already checked when saved): week, closures, openings."""
    week = parse_week(data.get("week", {}))
    closed = set(french_public_holidays(range(today.year, today.year + 2)))
    closed |= {date.fromisoformat(c["date"]) for c in data.get("closures", [])}
    special = {
        date.fromisoformat(o["date"]): parse_ranges(o["date"], o["hours"])
        for o in data.get("openings", [])
    }
    return OpeningHours(week, frozenset(closed), special)


def opening_view(site: Site, setting: HoursSetting, clock: Clock) -> dict[str, Any]:
    """Open now? Until when? When next? And the week, for the kiosk and the display."""
    now = clock.now().astimezone(ZoneInfo(site.timezone))
    hours = opening_hours(setting, now.date())
    if hours is None:
        return {
            "always_open": True,
            "open_now": True,
            "closes_at": None,
            "next_opening": None,
            "week": [],
        }
    closes, upcoming = hours.closes_at(now), hours.next_opening(now)
    return {
        "always_open": False,
        "open_now": hours.is_open(now),
        "closes_at": closes.isoformat() if closes else None,
        "next_opening": upcoming.isoformat() if upcoming else None,
        "week": [
            {
                "day": WEEKDAYS_FR[day],
                "intervals": [
                    {
                        "opens": i.opens.strftime("%H:%M"),
                        "closes": i.closes.strftime("%H:%M"),
                        "late": i.late,
                    }
                    for i in hours.week.get(day, ())
                ],
            }
            for day in range(7)
        ],
    }
