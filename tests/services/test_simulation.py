"""A short simulated day through the real use cases: nobody lost, nobody called twice, the same
day for the same seed, and announced waits closer to the real ones than the naive formula's."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from server.cli import cli
from server.simulation.engine import DaySimulation
from server.simulation.profile import PROFILES, draw_day
from server.simulation.report import summarise


@pytest.fixture(scope="module")
def short_day():
    plan = draw_day(PROFILES["itinerant"], seed=1)
    return plan, DaySimulation(plan, history_days=2, seed=1).run()


def test_every_arrival_is_served_gone_or_waiting_and_no_ticket_is_called_twice(short_day):
    plan, day = short_day
    counts = day.conservation
    assert counts["arrived"] == len([a for a in plan.arrivals if a.at != float("inf")]) > 5
    assert counts["tickets"] == counts["arrived"]
    assert counts["served"] + counts["gone"] + counts["waiting"] == counts["tickets"]
    assert counts["waiting"] == 0  # the agents serve everyone inside before leaving
    assert counts["called_twice"] == 0
    assert counts["duplicate_numbers"] == 0
    assert {r.outcome for r in day.visits} <= {"served", "no_show", "gave_up", "cancelled"}


def test_the_announced_wait_beats_the_naive_formula_on_a_simulated_day(short_day):
    summary = summarise([short_day[1]])
    assert summary["measured"] > 5
    assert summary["mae_minutes"] < summary["naive_mae_minutes"]


def test_the_same_seed_gives_the_same_day_whatever_the_number_of_agents():
    profile = PROFILES["itinerant"]
    one, two = draw_day(profile, 4, agents=1), draw_day(profile, 4, agents=2)
    assert one.arrivals == two.arrivals
    assert len(one.agents) == 1 and len(two.agents) == 2
    assert draw_day(profile, 5).arrivals != one.arrivals


def test_simulate_prints_one_json_object_with_the_figures():
    result = CliRunner().invoke(
        cli,
        ["simulate", "--seed", "2", "--agents", "1,2", "--profile", "itinerant", "--json"],
    )
    assert result.exit_code == 0, result.output
    body = json.loads(result.output)
    assert body["visits"] > 0 and body["agents"] == 1
    assert body["naive_mae_minutes"] >= 0 and body["mae_minutes"] >= 0
    assert 0 <= body["coverage"] <= 1
    assert [row["agents"] for row in body["capacity"]] == [1, 2]
    again = json.loads(
        CliRunner()
        .invoke(
            cli, ["simulate", "--seed", "2", "--agents", "1", "--profile", "itinerant", "--json"]
        )
        .output
    )
    assert again["mae_minutes"] == body["mae_minutes"]


@pytest.mark.parametrize("agents", ["0", "x", "1,,99"])
def test_simulate_refuses_a_bad_number_of_agents(agents):
    result = CliRunner().invoke(cli, ["simulate", "--agents", agents, "--json"])
    assert result.exit_code == 2
    assert "agents" in result.output
