"""Forecast of arrivals against the naive same-weekday-last-week baseline, on a generated history.

The history has known effects: a weekday × time-of-day profile, school holidays of zone C
(real dates, from vacances-scolaires-france), the start of the month, the tax season, and French
public holidays (closed). Arrivals per half-hour are Poisson draws around that truth. From
several forecast origins, the model learns from everything before the origin and forecasts the
next 14 days; both errors are the mean absolute error per open half-hour.
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from datetime import date, timedelta

from bench.stats import table
from server.domain.forecast import (
    Calendar,
    History,
    fit,
    forecast_days,
    mean_absolute_error,
    naive_same_weekday,
)

HISTORY_START = date(2026, 1, 5)  # a Monday
WEEKS = 26  # half a year: winter, February and spring holidays, tax season
HORIZON = 14
ORIGIN_WEEKS = (12, 14, 16, 18, 20, 22, 24)  # each origin has at least 12 weeks behind it
TRUE_EFFECTS = {"school_holidays": 0.7, "month_start": 1.5, "tax_season": 1.35}
TRUE_WEEKDAY = (1.3, 1.0, 0.85, 1.05, 0.95, 0.5, 0.0)
DAILY = 90.0  # a busy site


def true_shape() -> dict[int, float]:
    """A morning rush, a smaller one after lunch, closed 12:30-13:30 (Saturday mornings only)."""
    hours = {9: 1.6, 10: 1.8, 11: 1.1, 12: 0.7, 13: 0.9, 14: 1.4, 15: 1.1, 16: 0.8, 17: 0.5}
    shape = {hour * 2 + half: w for hour, w in hours.items() for half in (0, 1)}
    shape.pop(25)  # 12:30
    shape.pop(26)  # 13:00
    total = sum(shape.values())
    return {slot: w / total for slot, w in shape.items()}


def calendar() -> Calendar:
    from server.services.forecast import site_calendar

    return site_calendar("C", range(2026, 2028))


def truth(day: date, cal: Calendar, shape: dict[int, float]) -> dict[int, float]:
    if cal.closed(day) or TRUE_WEEKDAY[day.weekday()] == 0:
        return {}
    level = DAILY * TRUE_WEEKDAY[day.weekday()]
    for effect in cal.effects(day):
        level *= TRUE_EFFECTS[effect]
    slots = shape if day.weekday() < 5 else {s: w for s, w in shape.items() if s < 24}
    return {slot: level * w for slot, w in slots.items()}


def poisson(rng: random.Random, mean: float) -> int:
    if mean > 30:
        return max(0, round(rng.gauss(mean, math.sqrt(mean))))
    limit, k, product = math.exp(-mean), 0, rng.random()
    while product > limit:
        k += 1
        product *= rng.random()
    return k


def generate(seed: int = 11) -> tuple[History, Calendar]:
    rng = random.Random(seed)
    cal = calendar()
    shape = true_shape()
    history: dict[date, dict[int, int]] = {}
    for n in range((WEEKS + 3) * 7):
        day = HISTORY_START + timedelta(days=n)
        counts = {slot: poisson(rng, mean) for slot, mean in truth(day, cal, shape).items()}
        history[day] = {slot: c for slot, c in counts.items() if c}
    return history, cal


def evaluate(history: History, cal: Calendar, origins: Sequence[int]) -> list[tuple]:
    shape = true_shape()
    rows = []
    for week in origins:
        origin = HISTORY_START + timedelta(weeks=week)
        known = {day: slots for day, slots in history.items() if day < origin}
        model = fit(known, cal)
        horizon = [origin + timedelta(days=n) for n in range(HORIZON)]
        open_slots = sorted(shape)
        predicted = {f.day: f.slots for f in forecast_days(model, origin, HORIZON)}
        baseline = {
            day: naive_same_weekday(known, day, origin - timedelta(days=1)) for day in horizon
        }
        actual = {day: history.get(day, {}) for day in horizon}
        rows.append(
            (
                origin.isoformat(),
                len([d for d in known if sum(known[d].values())]),
                round(mean_absolute_error(actual, predicted, open_slots), 3),
                round(mean_absolute_error(actual, baseline, open_slots), 3),
            )
        )
    return rows


def main() -> None:
    history, cal = generate()
    rows = evaluate(history, cal, ORIGIN_WEEKS)
    model_error = sum(r[2] for r in rows) / len(rows)
    baseline_error = sum(r[3] for r in rows) / len(rows)
    print("\n== Forecast of arrivals per half-hour (14 days ahead) ==")
    print(f"generated history: {WEEKS} weeks from {HISTORY_START}, ~{DAILY:.0f} arrivals a day")
    print(table(["origin", "days learned", "MAE model", "MAE same weekday last week"], rows))
    gain = 1 - model_error / baseline_error
    print(
        f"mean absolute error per half-hour: model {model_error:.3f}, baseline "
        f"{baseline_error:.3f} -> {gain:.0%} lower (target: at least 25%)"
    )


if __name__ == "__main__":
    main()
