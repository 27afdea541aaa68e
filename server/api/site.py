"""Information about the place: opening hours (more comes with the display and kiosk)."""

from __future__ import annotations

from typing import Any

from flask import current_app

from server.api import api
from server.context import clock, current_site
from server.services.hours import opening_view


@api.get("/opening-hours")
def get_opening_hours() -> dict[str, Any]:
    """Open now, closing time, next opening and the weekly timetable (late evening marked)."""
    return opening_view(current_site(), current_app.config.get("OPENING_HOURS"), clock())
