"""DLE EOT replies from real printers, and what is not a reply."""

from __future__ import annotations

import pytest

from printers.model import PrinterState, can_print
from printers.status import STATUS_REQUESTS, parse_status


def replies(hex_bytes: str) -> dict[int, bytes]:
    """Four one-byte replies for n=1..4, written as in docs/DOMAIN.md."""
    return {n: bytes([value]) for n, value in enumerate(bytes.fromhex(hex_bytes), start=1)}


def test_status_requests_are_dle_eot_1_to_4() -> None:
    assert STATUS_REQUESTS == {
        1: b"\x10\x04\x01",
        2: b"\x10\x04\x02",
        3: b"\x10\x04\x03",
        4: b"\x10\x04\x04",
    }


def test_normal_reply_is_reported_as_ready() -> None:
    assert parse_status(replies("12 12 12 12")) is PrinterState.ready


def test_paper_out_reply_is_reported_as_paper_out() -> None:
    assert parse_status(replies("1a 32 12 7e")) is PrinterState.paper_out


def test_near_end_reply_is_reported_as_paper_near_end() -> None:
    assert parse_status(replies("12 12 12 1e")) is PrinterState.paper_near_end


def test_cover_open_reply_is_reported_as_cover_open() -> None:
    assert parse_status(replies("1a 16 12 12")) is PrinterState.cover_open


def test_offline_bit_alone_is_reported_as_offline() -> None:
    assert parse_status(replies("1a 12 12 12")) is PrinterState.offline


def test_an_error_beats_paper_near_end() -> None:
    assert parse_status(replies("1a 52 12 1e")) is PrinterState.offline
    assert parse_status(replies("12 12 32 1e")) is PrinterState.offline


def test_cover_open_beats_paper_near_end() -> None:
    assert parse_status(replies("1a 16 12 1e")) is PrinterState.cover_open


def test_empty_replies_are_unknown_not_ready() -> None:
    assert parse_status({}) is PrinterState.unknown
    assert parse_status({n: b"" for n in range(1, 5)}) is PrinterState.unknown


def test_a_missing_reply_makes_the_state_unknown() -> None:
    partial = replies("12 12 12 12")
    del partial[3]

    assert parse_status(partial) is PrinterState.unknown


@pytest.mark.parametrize("garbage", [b"\x00", b"\xff", b"\x13", b"\x92", b"\x12\x12", b"OK"])
def test_bytes_without_the_fixed_bit_pattern_are_unknown(garbage: bytes) -> None:
    status = replies("12 12 12 12")
    status[2] = garbage

    assert parse_status(status) is PrinterState.unknown


def test_only_ready_and_near_end_can_print() -> None:
    printable = {state for state in PrinterState if can_print(state)}

    assert printable == {PrinterState.ready, PrinterState.paper_near_end}
