import pytest

from server.domain.numbering import format_number
from server.domain.waiting import DEFAULT_SERVICE_MINUTES, estimate_wait_minutes


def test_numbers_have_the_prefix_and_three_digits():
    assert format_number("C", 12) == "C012"
    assert format_number("MSA", 1) == "MSA001"


def test_past_999_a_number_grows_a_digit_instead_of_repeating():
    assert format_number("C", 1000) == "C1000"


@pytest.mark.parametrize("prefix", ["", "c", "ABCD", "C1", "É"])
def test_bad_prefixes_are_refused(prefix):
    with pytest.raises(ValueError):
        format_number(prefix, 1)


def test_the_next_visitor_waits_zero_minutes():
    assert estimate_wait_minutes(0, [12, 14, 16], 1) == 0


def test_wait_uses_the_median_service_time_and_the_agents_on_duty():
    # median 10 min, 3 people ahead, 2 agents -> 15 min
    assert estimate_wait_minutes(3, [8, 10, 60], 2) == 15


def test_without_enough_history_the_default_service_time_is_used():
    assert estimate_wait_minutes(2, [3], 1) == 2 * DEFAULT_SERVICE_MINUTES


def test_no_agent_on_duty_counts_as_one_rather_than_dividing_by_zero():
    assert estimate_wait_minutes(1, [], 0) == DEFAULT_SERVICE_MINUTES
