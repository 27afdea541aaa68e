"""The wait estimate, without the app: each test is a situation where the naive formula
(people ahead x median / agents) says something a visitor would find wrong."""

from __future__ import annotations

import math
import random
from datetime import UTC, datetime, timedelta

import pytest

from server.domain.waits import (
    PRIOR,
    WAIT_TEXTS,
    AgentOnDuty,
    Durations,
    ExpectedAppointment,
    FinishedVisit,
    Situation,
    WaitingVisit,
    announce,
    estimate_line,
    fit_durations,
    learn_service_times,
    naive_wait_minutes,
)

NOW = datetime(2026, 11, 30, 9, 30, tzinfo=UTC)


def history(service: str = "caf-rsa", median: float = 10.0, sigma: float = 0.5, n: int = 60):
    """Served visits whose durations follow a log-normal of this median and spread."""
    rng = random.Random(7)
    return learn_service_times(
        FinishedVisit(service, "caf", False, rng.lognormvariate(math.log(median), sigma))
        for _ in range(n)
    )


def line(count: int, service: str = "caf-rsa", start: int = 1, **extra) -> list[WaitingVisit]:
    return [
        WaitingVisit(start + i, service, "caf", NOW - timedelta(minutes=count - i), **extra)
        for i in range(count)
    ]


ONE_AGENT = (AgentOnDuty(1),)


def situation(waiting=(), agents=ONE_AGENT, **extra) -> Situation:
    return Situation(now=NOW, afternoon=False, waiting=list(waiting), agents=list(agents), **extra)


def test_the_next_visitor_with_a_free_agent_hears_less_than_five_minutes():
    estimate = estimate_line(situation(line(1)), history()).for_visit(1)
    assert estimate.kind == "soon"
    assert estimate.text == "moins de 5 min"


def test_the_next_visitor_behind_a_visit_in_progress_is_not_told_less_than_five_minutes():
    busy = AgentOnDuty(1, busy_service="caf-rsa", busy_partner="caf", busy_minutes=2)
    estimate = estimate_line(situation(line(1), [busy]), history(median=20)).for_visit(1)
    # The naive formula says 0 (nobody ahead); the agent still needs most of a 20-minute visit.
    assert naive_wait_minutes(0, [20] * 10, 1) == 0
    assert estimate.kind != "soon"
    assert estimate.minutes is not None and estimate.minutes >= 15


def test_a_visit_that_already_ran_long_is_expected_to_run_on():
    fit = Durations(math.log(10), 0.6)
    assert fit.remaining(0) == pytest.approx(fit.mean)
    # Past twice the median, the visit is not "almost over": it still needs minutes.
    assert fit.remaining(20) > 5
    assert fit.remaining(1000) >= 2


def test_the_expected_duration_is_the_mean_of_a_skewed_distribution_not_its_median():
    times = history(median=10, sigma=0.8, n=200)
    estimate = estimate_line(situation(line(6)), times).for_new("caf-rsa", "caf")
    naive = naive_wait_minutes(6, [10.0] * 20, 1)
    assert naive == 60
    # Six visits of mean ~13.8 min (median 10, sigma 0.8), 90% of them served.
    assert estimate.minutes is not None and estimate.minutes >= 68


def test_only_agents_who_serve_the_request_shorten_its_wait():
    generalist = AgentOnDuty(1)
    mail_only = AgentOnDuty(2, services=frozenset({"poste-email"}))
    times = history()
    one = estimate_line(situation(line(4), [generalist]), times).for_new("caf-rsa", "caf")
    two_but_one_serves = estimate_line(situation(line(4), [generalist, mail_only]), times).for_new(
        "caf-rsa", "caf"
    )
    two = estimate_line(situation(line(4), [generalist, AgentOnDuty(3)]), times).for_new(
        "caf-rsa", "caf"
    )
    assert two_but_one_serves == one
    assert two.minutes is not None and one.minutes is not None
    assert two.minutes < one.minutes * 0.7


def test_nobody_on_duty_for_a_request_means_no_number_is_promised():
    mail_only = AgentOnDuty(2, services=frozenset({"poste-email"}))
    estimate = estimate_line(situation(line(3), [mail_only]), history()).for_new("caf-rsa")
    assert estimate.kind == "unknown"
    assert (estimate.low, estimate.high) == (None, None)
    assert estimate.text == "inconnue"
    nobody = estimate_line(situation(line(3), []), history())
    assert nobody.for_visit(2).kind == "unknown"
    assert nobody.for_visit(2).minutes is not None  # what one agent would take, for the API


def test_an_appointment_due_soon_goes_ahead_of_a_walk_in():
    booked = ExpectedAppointment(9, "retraite-demande", "retraite", NOW + timedelta(minutes=4))
    times = history()
    without = estimate_line(situation(line(1)), times).for_new("caf-rsa", "caf")
    with_booking = estimate_line(situation(line(1), appointments=[booked]), times).for_new(
        "caf-rsa", "caf"
    )
    assert with_booking.minutes is not None and without.minutes is not None
    assert with_booking.minutes > without.minutes + 5


def test_a_priority_visitor_is_placed_by_the_fairness_rule_not_by_arrival():
    waiting = [*line(3), WaitingVisit(10, "caf-rsa", "caf", NOW, priority=True)]
    estimate = estimate_line(situation(waiting), history())
    assert estimate.for_visit(10).kind == "soon"
    assert estimate.for_visit(3).minutes > estimate.for_visit(1).minutes


def test_the_fit_is_robust_to_a_visit_left_open_all_afternoon():
    durations = [8, 9, 10, 10, 11, 12, 10, 9, 11, 10]
    clean = fit_durations(durations)
    spoiled = fit_durations([*durations, 300])
    assert clean is not None and spoiled is not None
    assert spoiled.median == pytest.approx(clean.median, rel=0.1)
    assert fit_durations([10, 12]) is None  # too few to learn from


def test_service_times_fall_back_from_request_to_partner_to_the_site():
    visits = [FinishedVisit("caf-rsa", "caf", False, 30.0) for _ in range(10)]
    visits += [FinishedVisit("poste-email", "la-poste", False, 5.0) for _ in range(10)]
    times = learn_service_times(visits)
    assert times.for_request("caf-rsa", "caf", False).median == pytest.approx(30)
    assert times.for_request("caf-logement", "caf", True).median == pytest.approx(30)
    assert 5 <= times.for_request("justice-aide", "justice", False).median <= 30
    assert learn_service_times([]).for_request("caf-rsa", "caf", False) == PRIOR


def test_without_history_the_range_is_wider():
    learned = announce(30, 5, learned=True)
    unsure = announce(30, 5, learned=False)
    assert unsure.low <= learned.low and unsure.high >= learned.high
    assert (unsure.high - unsure.low) > (learned.high - learned.low)


def test_ranges_are_rounded_to_five_minutes_and_read_as_a_person_would():
    estimate = announce(17, 3)
    assert estimate.kind == "range"
    assert estimate.low % 5 == 0 and estimate.high % 5 == 0
    assert estimate.low <= 17 <= estimate.high
    assert estimate.text == f"{estimate.low} à {estimate.high} min"
    assert announce(6, 1).text.startswith("moins de ")
    assert set(WAIT_TEXTS) == {"soon", "upto", "range", "unknown"}


@pytest.mark.parametrize(("ahead", "agents"), [(1, 1), (4, 1), (6, 2), (10, 3)])
def test_about_eight_real_waits_in_ten_fall_inside_the_announced_range(ahead, agents):
    """Monte Carlo with a fixed seed: draw the service times the history describes and check
    the range holds about 8 times in 10 (the naive point estimate has no range at all)."""
    median, sigma = 12.0, 0.6
    times = history(median=median, sigma=sigma, n=300)
    desks = [AgentOnDuty(i + 1) for i in range(agents)]
    estimate = estimate_line(
        situation(line(ahead), desks, completion=1.0, pause_share=0.0), times
    ).for_new("caf-rsa", "caf")
    rng = random.Random(ahead * 10 + agents)
    inside = 0
    runs = 400
    for _ in range(runs):
        free = [0.0] * agents
        for _ in range(ahead):
            i = free.index(min(free))
            free[i] += rng.lognormvariate(math.log(median), sigma)
        inside += estimate.contains(min(free))
    assert 0.7 <= inside / runs <= 0.95


def test_the_kiosk_says_the_wait_in_the_same_french_words_as_the_other_screens():
    from kiosk.i18n import translate

    for kind, text in WAIT_TEXTS.items():
        assert translate("fr", f"wait.{kind}") == text


def _replay_whole_line(situation: Situation, times) -> dict[int, float]:
    """The look-ahead as the rule reads: the first free agent calls whom `choose_next` picks
    among every ticket they may serve (a whole scan of the line per ticket served)."""
    from server.domain.ordering import choose_next
    from server.domain.waits import APPOINTMENT_SHOW_RATE, _item

    rule, now = situation.rule, situation.now
    early = timedelta(minutes=rule.appointment_early_minutes)
    left = {v.id: _item(situation, times, v, 0.0, 1.0) for v in situation.waiting}
    for b in situation.appointments:
        due = max((b.starts_at - early - now).total_seconds() / 60, 0.0)
        visit = WaitingVisit(-1000 - b.id, b.service, b.partner, b.starts_at, False, b.starts_at)
        left[visit.id] = _item(situation, times, visit, due, APPOINTMENT_SHOW_RATE)
    free = {a.id: 0.0 for a in situation.agents}
    recent = list(situation.recent_calls_priority)
    starts: dict[int, float] = {}
    while True:
        able = [a for a in situation.agents if any(a.serves(i.service) for i in left.values())]
        if not able:
            return starts
        agent = min(able, key=lambda a: (free[a.id], a.id))
        mine = [i for i in left.values() if agent.serves(i.service)]
        ready = [i.candidate for i in mine if i.available_at <= free[agent.id]]
        if not ready:
            free[agent.id] = min(i.available_at for i in mine)
            continue
        chosen = choose_next(ready, recent, now + timedelta(minutes=free[agent.id]), rule)
        starts[chosen.id] = free[agent.id]
        free[agent.id] += left.pop(chosen.id).mean
        recent.insert(0, chosen.priority)


@pytest.mark.parametrize("seed", range(40))
def test_the_fast_look_ahead_serves_the_line_exactly_as_the_fairness_rule_would(seed):
    """The look-ahead keeps a heap per agent instead of scanning the line for each ticket it
    serves: on random lines (priorities, checked-in and expected appointments, a priority
    streak, agents with and without skills) it gives every ticket the start a whole scan gives."""
    rng = random.Random(seed)
    services = ["caf-rsa", "ants-id", "impots"]
    waiting = []
    for i in range(rng.randint(0, 60)):
        booked = rng.random() < 0.1
        waiting.append(
            WaitingVisit(
                i + 1,
                rng.choice(services),
                "caf",
                NOW - timedelta(minutes=rng.randint(0, 90)),
                priority=rng.random() < 0.25,
                appointment_at=NOW + timedelta(minutes=rng.randint(-20, 60)) if booked else None,
            )
        )
    appointments = [
        ExpectedAppointment(
            i, rng.choice(services), "caf", NOW + timedelta(minutes=rng.randint(0, 120))
        )
        for i in range(rng.randint(0, 4))
    ]
    agents = [
        AgentOnDuty(a, None if rng.random() < 0.5 else frozenset(rng.sample(services, 2)))
        for a in range(1, rng.randint(1, 4) + 1)
    ]
    times = learn_service_times(
        FinishedVisit("caf-rsa", "caf", False, rng.lognormvariate(math.log(10), 0.4))
        for _ in range(30)
    )
    sit = situation(
        waiting,
        agents,
        appointments=appointments,
        recent_calls_priority=[rng.random() < 0.7 for _ in range(3)],
    )
    fast = {k: start for k, (start, _) in estimate_line(sit, times).starts.items()}
    assert fast == pytest.approx(_replay_whole_line(sit, times))
