"""Information about the place: opening hours (more comes with the display and kiosk)."""

from __future__ import annotations

from typing import Any

from server.api import api
from server.context import clock, current_site, opening_setting
from server.services.hours import opening_view


@api.get("/opening-hours")
def get_opening_hours() -> dict[str, Any]:
    """Open now, closing time, next opening and the weekly timetable (late evening marked)."""
    site = current_site()
    return opening_view(site, opening_setting(site), clock())
