import pytest

from server.domain.numbering import format_number


def test_numbers_have_the_prefix_and_three_digits():
    assert format_number("C", 12) == "C012"
    assert format_number("MSA", 1) == "MSA001"


def test_past_999_a_number_grows_a_digit_instead_of_repeating():
    assert format_number("C", 1000) == "C1000"


@pytest.mark.parametrize("prefix", ["", "c", "ABCD", "C1", "É"])
def test_bad_prefixes_are_refused(prefix):
    with pytest.raises(ValueError):
        format_number(prefix, 1)
