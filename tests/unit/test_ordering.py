"""The fairness rule, proven on many generated lines (hypothesis)."""

from datetime import UTC, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from server.domain.ordering import Candidate, FairnessRule, choose_next, queue_order

NOW = datetime(2026, 11, 30, 10, 0, tzinfo=UTC)
RULE = FairnessRule(max_priority_streak=2, starvation_minutes=15, appointment_early_minutes=5)


@st.composite
def candidates(draw, max_size=25):
    size = draw(st.integers(0, max_size))
    result = []
    for index in range(size):
        waited = draw(st.integers(0, 120))
        kind = draw(st.sampled_from(["normal", "normal", "priority", "appointment"]))
        appointment = None
        if kind == "appointment":
            appointment = NOW + timedelta(minutes=draw(st.integers(-30, 60)))
        result.append(
            Candidate(
                index + 1,
                NOW - timedelta(minutes=waited),
                priority=kind == "priority",
                appointment_at=appointment,
            )
        )
    return result


history = st.lists(st.booleans(), max_size=5)


def is_due(c):
    return c.appointment_at is not None and c.appointment_at - timedelta(minutes=5) <= NOW


@given(candidates(), history)
def test_the_chosen_ticket_is_always_one_that_waits_and_none_only_when_nobody_waits(line, calls):
    chosen = choose_next(line, calls, NOW, RULE)
    assert (chosen is None) == (not line)
    if chosen:
        assert chosen in line


@given(candidates(), history, st.randoms())
def test_the_order_of_the_database_rows_never_changes_who_is_called(line, calls, rng):
    shuffled = list(line)
    rng.shuffle(shuffled)
    assert choose_next(line, calls, NOW, RULE) == choose_next(shuffled, calls, NOW, RULE)


@given(candidates(), history)
def test_a_due_appointment_always_goes_before_walk_ins(line, calls):
    due = [c for c in line if is_due(c)]
    chosen = choose_next(line, calls, NOW, RULE)
    if due:
        assert chosen == min(due, key=lambda c: (c.appointment_at, c.id))


@given(candidates(), history)
def test_walk_ins_of_the_same_kind_are_called_first_come_first_served(line, calls):
    chosen = choose_next(line, calls, NOW, RULE)
    if chosen is None or is_due(chosen):
        return
    same_kind = [c for c in line if not is_due(c) and c.priority == chosen.priority]
    assert chosen == min(same_kind, key=lambda c: (c.arrived_at, c.id))


@given(candidates(), history)
def test_priority_goes_first_unless_a_normal_ticket_is_starving_after_a_streak(line, calls):
    chosen = choose_next(line, calls, NOW, RULE)
    if chosen is None or is_due(chosen) or any(is_due(c) for c in line):
        return
    priorities = [c for c in line if c.priority]
    if not chosen.priority:
        assert not priorities or (
            calls[:2] == [True, True] and NOW - chosen.arrived_at >= timedelta(minutes=15)
        )
    else:
        starving = [
            c for c in line if not c.priority and NOW - c.arrived_at >= timedelta(minutes=15)
        ]
        assert not (calls[:2] == [True, True] and starving)


@settings(max_examples=60)
@given(st.integers(1, 6), st.integers(0, 40))
def test_a_normal_ticket_is_never_starved_by_an_endless_flow_of_priority_tickets(streak, waited):
    """Priority visitors keep arriving; the old normal ticket still gets its turn."""
    rule = FairnessRule(max_priority_streak=streak, starvation_minutes=15)
    now = NOW
    normal = Candidate(1, now - timedelta(minutes=waited))
    line = [normal]
    calls: list[bool] = []
    next_id = 2
    for step in range(200):
        line.append(Candidate(next_id, now, priority=True))  # one more priority each call
        next_id += 1
        chosen = choose_next(line, calls, now, rule)
        assert chosen is not None
        if chosen == normal:
            # Called no later than `streak` priority calls after it started to starve.
            starving_since = max(0, 15 - waited)
            assert step <= starving_since + streak + 1
            return
        line.remove(chosen)
        calls.insert(0, chosen.priority)
        now += timedelta(minutes=1)
    raise AssertionError("the normal ticket was never called")


def test_queue_order_lists_appointments_then_priority_then_the_rest():
    late = Candidate(1, NOW - timedelta(minutes=30))
    prio = Candidate(2, NOW - timedelta(minutes=1), priority=True)
    rdv = Candidate(3, NOW, appointment_at=NOW)
    future_rdv = Candidate(4, NOW - timedelta(minutes=40), appointment_at=NOW + timedelta(hours=1))
    assert [c.id for c in queue_order([late, prio, rdv, future_rdv], NOW, RULE)] == [3, 2, 4, 1]
