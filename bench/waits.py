"""Announced waits against real ones, on the five reference simulated days.

Each reference day is simulated for several seeds through the real use cases (`accueil
simulate`); the wait a ticket announced when it was taken is compared with the wait that
followed. Printed: the naive formula's mean absolute error and the estimate's, the estimate's
90th-percentile error, the share of real waits inside the announced range, and the CPU time of
one simulated day. Targets (issue 12): MAE at least 30% below the naive one on every day, and
a coverage between 75% and 90%. Run with `python -m bench waits` (WAITS_SEEDS=n for more days).
"""

from __future__ import annotations

import os
import time

from bench.stats import machine, table
from server.simulation.engine import DaySimulation
from server.simulation.profile import PROFILES, draw_day
from server.simulation.report import summarise

SEEDS = int(os.environ.get("WAITS_SEEDS", "4"))


def reference_day(name: str, seeds: int = SEEDS) -> tuple[dict[str, object], float]:
    started = time.process_time()
    results = [
        DaySimulation(draw_day(PROFILES[name], seed), seed=seed).run()
        for seed in range(1, seeds + 1)
    ]
    return summarise(results), (time.process_time() - started) / seeds


def main() -> None:
    print(f"\nAnnounced waits vs real waits, {SEEDS} simulated days each [{machine()}]")
    rows = []
    for name in PROFILES:
        summary, cpu = reference_day(name)
        naive, mae = summary["naive_mae_minutes"], summary["mae_minutes"]
        improvement = summary["improvement"]
        coverage = summary["coverage"]
        assert isinstance(improvement, float) and isinstance(coverage, float)
        met = improvement >= 0.30 and 0.75 <= coverage <= 0.90
        rows.append(
            [
                name,
                summary["measured"],
                naive,
                mae,
                f"{improvement:.0%}",
                summary["naive_p90_error_minutes"],
                summary["p90_error_minutes"],
                f"{coverage:.0%}",
                summary["p90_wait_minutes"],
                f"{cpu:.1f}",
                "yes" if met else "NO",
            ]
        )
    print(
        table(
            [
                "day",
                "waits",
                "naive MAE",
                "MAE",
                "better",
                "naive p90 err",
                "p90 err",
                "in range",
                "p90 wait",
                "cpu s/day",
                "target",
            ],
            rows,
        )
    )
    print("minutes; target: MAE >= 30% below naive and 75-90% of waits inside the range")
