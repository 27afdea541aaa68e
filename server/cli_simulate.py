"""`accueil simulate`: a simulated day through the real use cases, and how good the announced
waits were (needs no server and no database, except to replay the site's own log)."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import click

from server.simulation.profile import PROFILES

MAX_AGENTS = 12


def _agent_counts(value: str | None) -> list[int] | None:
    if value is None:
        return None
    try:
        counts = [int(part) for part in value.split(",") if part.strip()]
    except ValueError:
        raise click.BadParameter("a number of agents, or several: 1,2,3") from None
    if not counts or any(not 1 <= count <= MAX_AGENTS for count in counts):
        raise click.BadParameter(f"between 1 and {MAX_AGENTS} agents")
    return counts


def _replayed(day: str | None, agents: list[int], seed: int) -> tuple[list[Any], list[Any]]:
    """The plans (one per agent count) and the earlier history of a day of this site's log."""
    from sqlalchemy import select

    from server.cli import _app
    from server.extensions import db
    from server.models import Site
    from server.services.errors import ServiceError
    from server.services.lookup import site_by_code
    from server.simulation.history import last_day, past_visits, replay_plan

    app = _app()
    with app.app_context():
        code = app.config.get("SITE_CODE")
        try:
            site = (
                site_by_code(db.session, code)
                if code
                else db.session.scalar(select(Site).order_by(Site.id))
            )
        except ServiceError as error:
            site = None
            reason = error.message
        if site is None:
            raise click.ClickException(
                f"no site to replay ({reason if code else 'run accueil init'})"
            )
        wanted = date.fromisoformat(day) if day else last_day(db.session, site)
        if wanted is None:
            raise click.ClickException("no visit recorded at this site yet: nothing to replay")
        plans = [replay_plan(db.session, site, wanted, count, seed) for count in agents]
        if not plans[0].arrivals:
            raise click.ClickException(f"no visit recorded on {wanted}")
        past = list(past_visits(db.session, site, wanted))
    return plans, past


def register_simulate_command(cli: click.Group) -> None:
    @cli.command()
    @click.option("--seed", default=1, show_default=True, type=int, help="same seed, same day")
    @click.option("--agents", help="agents on duty, or several to compare: 1,2,3")
    @click.option(
        "--profile",
        type=click.Choice(sorted(PROFILES)),
        default="busy-monday",
        show_default=True,
    )
    @click.option(
        "--days",
        default=1,
        show_default=True,
        type=click.IntRange(1, 50),
        help="pool this many days (seeds seed, seed+1, ...)",
    )
    @click.option(
        "--history-days",
        default=5,
        show_default=True,
        type=click.IntRange(0, 60),
        help="earlier days the estimate learns from (0: a first morning)",
    )
    @click.option("--from-history", is_flag=True, help="replay a day of this site's own log")
    @click.option("--day", help="with --from-history: YYYY-MM-DD (default: the latest day)")
    @click.option("--json", "as_json", is_flag=True, help="one JSON object")
    @click.option("--visits", is_flag=True, help="also the per-visit table")
    def simulate(
        seed: int,
        agents: str | None,
        profile: str,
        days: int,
        history_days: int,
        from_history: bool,
        day: str | None,
        as_json: bool,
        visits: bool,
    ) -> None:
        """Simulate a France Services day and measure the announced waits against the naive
        formula; with several agent counts, the waits each would give (capacity planning)."""
        from server.simulation.engine import DaySimulation
        from server.simulation.profile import draw_day
        from server.simulation.report import capacity_row, summarise, text_report, visit_table

        counts = _agent_counts(agents) or [PROFILES[profile].agents]
        if day and not from_history:
            raise click.BadParameter("--day goes with --from-history", param_hint="--day")
        if day:
            try:
                date.fromisoformat(day)
            except ValueError:
                raise click.BadParameter("YYYY-MM-DD", param_hint="--day") from None
        runs: dict[int, list[Any]] = {}
        if from_history:
            plans, past = _replayed(day, counts, seed)
            for count, plan in zip(counts, plans, strict=True):
                runs[count] = [DaySimulation(plan, seed=seed, past=past).run()]
        else:
            for count in counts:
                runs[count] = [
                    DaySimulation(
                        draw_day(PROFILES[profile], s, count), history_days=history_days, seed=s
                    ).run()
                    for s in range(seed, seed + days)
                ]
        summaries = {count: summarise(results) for count, results in runs.items()}
        first = counts[0]
        capacity = [capacity_row(c, summaries[c]) for c in counts] if len(counts) > 1 else []
        name = "from-history" if from_history else profile
        if as_json:
            body: dict[str, Any] = {
                "profile": name,
                "seed": seed,
                "agents": first,
                **summaries[first],
            }
            if capacity:
                body["capacity"] = capacity
            if visits:
                body["per_visit"] = [r.as_row() for day in runs[first] for r in day.visits]
            click.echo(json.dumps(body, ensure_ascii=False))
            return
        if visits:
            click.echo(visit_table(runs[first]) + "\n")
        click.echo(f"{first} agent(s)" + ("" if from_history else f", seed {seed}"))
        click.echo(text_report(name, summaries[first], capacity))
