"""Figures of simulated days: how far each estimate was from the waits that followed."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from server.simulation.engine import DayResult, VisitRecord


def _quantile(values: Sequence[float], share: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(int(share * len(ordered)), len(ordered) - 1)]


def _mean(values: Sequence[float]) -> float | None:
    return sum(values) / len(values) if values else None


def _round(value: float | None, digits: int = 1) -> float | None:
    return None if value is None else round(value, digits)


def summarise(results: Iterable[DayResult]) -> dict[str, Any]:
    """One summary over one or several days (their visits pooled)."""
    results = list(results)
    records: list[VisitRecord] = [r for day in results for r in day.visits]
    measured = [r for r in records if r.actual is not None]
    actual = [r.actual for r in measured if r.actual is not None]
    errors = [abs((r.announced.minutes or 0) - r.actual) for r in measured if r.actual is not None]
    naive_errors = [abs(r.naive_minutes - r.actual) for r in measured if r.actual is not None]
    inside = [r.announced.contains(r.actual) for r in measured if r.actual is not None]
    soon = [r for r in measured if r.announced.kind == "soon"]
    later = [
        (estimate, naive, r.called - at)
        for r in measured
        if r.called is not None
        for at, estimate, naive in r.moments
    ]
    mae, naive_mae = _mean(errors), _mean(naive_errors)
    return {
        "days": len(results),
        "visits": sum(day.conservation["arrived"] for day in results),
        "tickets": len(records),
        "walk_ins": sum(day.walk_ins for day in results),
        "served": sum(1 for r in records if r.outcome == "served"),
        "gave_up": sum(1 for r in records if r.outcome in ("gave_up", "cancelled")),
        "no_show": sum(1 for r in records if r.outcome == "no_show"),
        "measured": len(measured),
        "naive_mae_minutes": _round(naive_mae),
        "mae_minutes": _round(mae),
        "improvement": _round(1 - mae / naive_mae, 3) if mae is not None and naive_mae else None,
        "naive_p90_error_minutes": _round(_quantile(naive_errors, 0.9)),
        "p90_error_minutes": _round(_quantile(errors, 0.9)),
        "coverage": _round(_mean([float(x) for x in inside]), 3),
        "soon_announced": len(soon),
        "soon_true": _round(
            _mean([float(r.actual is not None and r.actual <= 5) for r in soon]), 3
        ),
        "later_mae_minutes": _round(_mean([abs((e.minutes or 0) - a) for e, _, a in later])),
        "later_naive_mae_minutes": _round(_mean([abs(n - a) for _, n, a in later])),
        "later_coverage": _round(_mean([float(e.contains(a)) for e, _, a in later]), 3),
        "mean_wait_minutes": _round(_mean(actual)),
        "p90_wait_minutes": _round(_quantile(actual, 0.9)),
        "max_wait_minutes": _round(max(actual) if actual else None),
        "conservation": {
            key: sum(day.conservation[key] for day in results) for key in results[0].conservation
        }
        if results
        else {},
    }


def capacity_row(agents: int, summary: dict[str, Any]) -> dict[str, Any]:
    return {
        "agents": agents,
        "p90_wait_minutes": summary["p90_wait_minutes"],
        "mean_wait_minutes": summary["mean_wait_minutes"],
        "max_wait_minutes": summary["max_wait_minutes"],
        "gave_up": summary["gave_up"],
        "served": summary["served"] + summary["walk_ins"],
    }


def text_report(profile: str, summary: dict[str, Any], capacity: list[dict[str, Any]]) -> str:
    def minutes(value: float | None) -> str:
        return "—" if value is None else f"{value:.1f} min"

    lines = [
        f"Journée simulée « {profile} » : {summary['visits']} visites, "
        f"{summary['served']} servies au guichet, {summary['walk_ins']} sur place, "
        f"{summary['gave_up']} renoncements, {summary['no_show']} absents à l'appel",
        "",
        "Attente annoncée à l'arrivée (ticket) comparée à l'attente réelle :",
        f"  erreur moyenne (MAE)   formule naïve {minutes(summary['naive_mae_minutes'])}"
        f"   estimation {minutes(summary['mae_minutes'])}",
        f"  erreur au 90e centile  formule naïve {minutes(summary['naive_p90_error_minutes'])}"
        f"   estimation {minutes(summary['p90_error_minutes'])}",
        f"  attentes réelles dans la fourchette annoncée : {summary['coverage']:.0%}"
        if summary["coverage"] is not None
        else "  pas d'attente mesurée",
        f"  « moins de 5 min » annoncé {summary['soon_announced']} fois, vrai "
        + ("—" if summary["soon_true"] is None else f"{summary['soon_true']:.0%}"),
        f"  en cours d'attente (toutes les 10 min) : MAE naïve "
        f"{minutes(summary['later_naive_mae_minutes'])}, estimation "
        f"{minutes(summary['later_mae_minutes'])}",
    ]
    if capacity:
        lines += ["", "Capacité : attente réelle selon le nombre d'agents", ""]
        lines.append("  agents  moyenne   90e centile  maximum   renoncements")
        for row in capacity:
            lines.append(
                f"  {row['agents']:>6}  {minutes(row['mean_wait_minutes']):>8}  "
                f"{minutes(row['p90_wait_minutes']):>11}  {minutes(row['max_wait_minutes']):>8}"
                f"  {row['gave_up']:>12}"
            )
    return "\n".join(lines)


def visit_table(results: Iterable[DayResult]) -> str:
    lines = ["numéro  service               arrivée  annoncé                   naïf  réel   issue"]
    for day in results:
        for r in day.visits:
            actual = "—" if r.actual is None else f"{r.actual:.0f}"
            lines.append(
                f"{r.number:7} {r.service[:21]:21} {r.as_row()['arrived']:7}  "
                f"{r.announced.text[:24]:24} {r.naive_minutes:>5} {actual:>5}   {r.outcome}"
            )
    return "\n".join(lines)
