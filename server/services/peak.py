"""Peak mode: the site-wide switch that makes kiosks print, and when to suggest turning it on."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from server.domain.events import Event, PeakChanged
from server.models import Setting, Site, Visit
from server.services.clock import Clock
from server.services.process_cache import setting_value
from server.services.transaction import writing

PEAK_KEY = "peak_mode"
ARRIVAL_WINDOW = timedelta(minutes=15)
FORECAST_LEAD = timedelta(minutes=30)  # time to bring the printers out before a forecast peak


@dataclass(frozen=True)
class PeakThresholds:
    """Past either figure the line is a rush: suggest turning printing on."""

    waiting: int = 8
    arrivals_per_15_min: int = 12
    forecast_per_30_min: float | None = None  # None: the forecast is not consulted

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> PeakThresholds:
        return cls(
            config["PEAK_SUGGEST_WAITING"],
            config["PEAK_SUGGEST_ARRIVALS_PER_15_MIN"],
            config.get("PEAK_FORECAST_ARRIVALS_PER_30_MIN"),
        )


def peak_on(session: Session, site: Site) -> bool:
    """Whether peak mode is on for this site (off until someone turns it on)."""
    return bool(setting_value(session, site, PEAK_KEY))


def suggestion(
    session: Session, site: Site, clock: Clock, thresholds: PeakThresholds
) -> str | None:
    """Why peak mode should be on now, in French, or None: two cheap counts, then the forecast
    (cached per day) for a peak expected in the next half-hour."""
    waiting = (
        session.scalar(
            select(func.count(Visit.id)).where(Visit.site_id == site.id, Visit.status == "waiting")
        )
        or 0
    )
    if waiting >= thresholds.waiting:
        return f"{waiting} personnes attendent"
    arrivals = (
        session.scalar(
            select(func.count(Visit.id)).where(
                Visit.site_id == site.id,
                Visit.transferred_from_id.is_(None),  # a transfer is not a new arrival
                Visit.issued_at >= clock.now() - ARRIVAL_WINDOW,
            )
        )
        or 0
    )
    if arrivals >= thresholds.arrivals_per_15_min:
        return f"{arrivals} arrivées en 15 minutes"
    if thresholds.forecast_per_30_min is not None:
        from server.services.forecast import peak_expected_soon

        return peak_expected_soon(
            session, site, clock, thresholds.forecast_per_30_min, FORECAST_LEAD
        )
    return None


def peak_view(
    session: Session, site: Site, clock: Clock, thresholds: PeakThresholds
) -> dict[str, Any]:
    """{"on", "suggested", "reason"}: a suggestion only makes sense while it is off."""
    on = peak_on(session, site)
    reason = None if on else suggestion(session, site, clock, thresholds)
    return {"on": on, "suggested": reason is not None, "reason": reason}


def set_peak(
    session: Session, site: Site, on: bool, clock: Clock, thresholds: PeakThresholds
) -> tuple[dict[str, Any], list[Event]]:
    """Turn peak mode on or off for the site: the new view, and the event that announces it."""
    with writing(session):
        setting = session.get(Setting, (site.id, PEAK_KEY))
        if setting is None:
            session.add(Setting(site_id=site.id, key=PEAK_KEY, value=on))
        else:
            setting.value = on
    view = peak_view(session, site, clock, thresholds)
    return view, [PeakChanged(site.code, view["on"], view["suggested"], view["reason"])]
