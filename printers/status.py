"""Read the printer's real-time status replies (DLE EOT n) into one PrinterState."""

from __future__ import annotations

from collections.abc import Mapping

from printers.model import PrinterState

STATUS_REQUESTS: dict[int, bytes] = {n: b"\x10\x04" + bytes([n]) for n in (1, 2, 3, 4)}

# Every status byte has the fixed pattern 0xx1xx10: bits 7 and 0 clear, bits 4 and 1 set.
_FIXED_MASK = 0x93
_FIXED_VALUE = 0x12

_PRINTER_OFFLINE = 0x08  # n=1
_COVER_OPEN = 0x04  # n=2
_STOPPED_BY_PAPER_END = 0x20  # n=2
_ERROR_OCCURRED = 0x40  # n=2
# n=3: recoverable error, cutter error, unrecoverable error, auto-recoverable error
_ERROR_CAUSES = 0x04 | 0x08 | 0x20 | 0x40
_PAPER_NEAR_END = 0x0C  # n=4
_PAPER_OUT = 0x60  # n=4


def _status_byte(reply: bytes | None) -> int | None:
    """The single status byte, or None when the reply is missing or not a status byte."""
    if reply is None or len(reply) != 1:
        return None
    value = reply[0]
    if value & _FIXED_MASK != _FIXED_VALUE:
        return None
    return value


def parse_status(replies: Mapping[int, bytes]) -> PrinterState:
    """Combine the four DLE EOT replies; anything missing or malformed is unknown, never ready."""
    printer, offline_cause, error_cause, paper = (
        _status_byte(replies.get(n)) for n in (1, 2, 3, 4)
    )
    if printer is None or offline_cause is None or error_cause is None or paper is None:
        return PrinterState.unknown
    # The specific cause wins over the generic offline bit, which a printer raises as a consequence.
    if offline_cause & _COVER_OPEN:
        return PrinterState.cover_open
    if paper & _PAPER_OUT or offline_cause & _STOPPED_BY_PAPER_END:
        return PrinterState.paper_out
    if offline_cause & _ERROR_OCCURRED or error_cause & _ERROR_CAUSES:
        return PrinterState.offline
    if printer & _PRINTER_OFFLINE:
        return PrinterState.offline
    if paper & _PAPER_NEAR_END:
        return PrinterState.paper_near_end
    return PrinterState.ready
