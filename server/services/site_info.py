"""What the waiting room shows around the calls: the itinerant tour and the month's highlights."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from server.domain.hours import WEEKDAYS_FR
from server.domain.itinerant import HALF_DAY_LABELS, ItinerantWeek
from server.models import Highlight, Site
from server.services.clock import Clock


def local_today(site: Site, clock: Clock) -> date:
    return clock.now().astimezone(ZoneInfo(site.timezone)).date()


def _week_view(week: ItinerantWeek) -> dict[str, Any]:
    return {
        "week_start": week.monday.isoformat(),
        "week_end": (week.monday + timedelta(days=6)).isoformat(),
        "week_of_month": week.week_of_month,
        "pattern": week.pattern.value if week.pattern else None,
        "stops": [
            {
                "date": stop.day.isoformat(),
                "weekday": WEEKDAYS_FR[stop.day.weekday()],
                "half_day": stop.slot.half_day.value,
                "half_day_label": HALF_DAY_LABELS[stop.slot.half_day],
                "commune": stop.slot.commune,
                "place": stop.slot.place,
                "opens": stop.slot.hours[0].strftime("%H:%M"),
                "closes": stop.slot.hours[1].strftime("%H:%M"),
                "to_confirm": stop.slot.to_confirm,
                "address": stop.slot.address,
                "notes": stop.slot.notes,
                "status": stop.status,  # planned | cancelled | moved (on that date only)
                "status_note": stop.note,
            }
            for stop in week.stops
        ],
        "closed_days": [
            {"date": day.isoformat(), "weekday": WEEKDAYS_FR[day.weekday()], "reason": "jour férié"}
            for day in week.closed_days
        ],
    }


def itinerant_view(
    session: Session, site: Site, clock: Clock, fifth_week: str, weeks: int
) -> dict[str, Any]:
    """This week and the next ones of the itinerant France Services, public stops only, as the
    team edited them (fifth week, exceptions), closed on public holidays."""
    from server.services.itinerant import schedule

    chosen, schedule_weeks = schedule(session, site, clock, fifth_week, weeks)
    return {"fifth_week": chosen, "weeks": [_week_view(week) for week in schedule_weeks]}


def month_of(day: date) -> date:
    return day.replace(day=1)


def _second_line(item: Highlight) -> dict[str, str] | None:
    """The highlight's line in a visitors' language, with what the page needs to mark it."""
    from kiosk.i18n import BY_CODE

    language = BY_CODE.get(item.second_language or "")
    if language is None or not item.second_title:
        return None
    return {
        "language": language.code,
        "lang": language.html_lang,
        "dir": language.direction,
        "title": item.second_title,
        "body": item.second_body or "",
    }


def highlights_view(session: Session, site: Site, clock: Clock) -> list[dict[str, Any]]:
    """The active highlights shown today, in their editorial order."""
    from server.services.admin_highlights import image_url, shown_from, shown_until

    today = local_today(site, clock)
    rows = session.scalars(
        select(Highlight)
        .where(
            Highlight.site_id == site.id,
            Highlight.active,
            or_(Highlight.starts_on <= today, Highlight.month == month_of(today)),
        )
        .order_by(Highlight.position, Highlight.id)
    )
    return [
        {
            "id": h.id,
            "title": h.title,
            "body": h.body,
            "month": h.month.isoformat(),
            "position": h.position,
            "image_url": image_url(h),
            "image_alt": h.image_alt or "",
            "second": _second_line(h),
        }
        for h in rows
        if shown_from(h) <= today <= shown_until(h)
    ]
