"""An honest first wait estimate: people ahead x recent service time / agents on duty."""

from __future__ import annotations

import math
from collections.abc import Sequence
from statistics import median

DEFAULT_SERVICE_MINUTES = 10.0


def typical_service_minutes(recent_durations_minutes: Sequence[float]) -> float:
    """The median of recent service times (robust to one very long visit), or a default."""
    durations = [d for d in recent_durations_minutes if d > 0]
    if len(durations) < 3:
        return DEFAULT_SERVICE_MINUTES
    return float(median(durations))


def estimate_wait_minutes(
    people_ahead: int, recent_durations_minutes: Sequence[float], agents_on_duty: int
) -> int:
    """Minutes until this visitor is called, rounded up to a whole minute; 0 when next."""
    if people_ahead <= 0:
        return 0
    per_visit = typical_service_minutes(recent_durations_minutes)
    return math.ceil(people_ahead * per_visit / max(agents_on_duty, 1))
