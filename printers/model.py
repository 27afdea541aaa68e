"""Data classes shared by the printer package: what to print, on what, and in which state."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Literal

QrMode = Literal["native", "image"]

DEFAULT_FOOTER = "Installez-vous au café, nous vous appelons."


# Code pages a ticket may be printed in, and their ESC t slot on Epson-compatible printers.
# Arabic has none on these printers: its tickets print in French (and the kiosk says so).
EPSON_SLOTS = {"cp1252": 16, "cp857": 13, "cp866": 17, "cp437": 0, "cp850": 2, "cp858": 19}


@dataclass(frozen=True)
class PrinterProfile:
    """Per-printer settings: code page slot for CP1252, QR method and paper width."""

    codepage_slot: int = 16
    qr_mode: QrMode = "native"
    paper_width_mm: int = 80

    def slot(self, codepage: str) -> int:
        """ESC t slot of a code page: the configured one for CP1252, Epson's for the others."""
        return self.codepage_slot if codepage == "cp1252" else EPSON_SLOTS[codepage]

    def __post_init__(self) -> None:
        if not 0 <= self.codepage_slot <= 255:
            raise ValueError(f"codepage_slot must fit in one byte, got {self.codepage_slot}")
        if self.paper_width_mm not in (58, 80):
            raise ValueError(f"paper_width_mm must be 58 or 80, got {self.paper_width_mm}")

    @property
    def columns(self) -> int:
        """Characters per line in font A."""
        return 48 if self.paper_width_mm == 80 else 32

    @property
    def dots_per_line(self) -> int:
        """Printable width in dots at 203 dpi, used to size raster images."""
        return 576 if self.paper_width_mm == 80 else 384


@dataclass(frozen=True)
class TicketWords:
    """A ticket's sentences in the visitor's language, and the code page that can print them."""

    ahead: str
    wait: str | None
    follow: str
    footer: str
    issued: str
    codepage: str = "cp1252"  # or "image": drawn, for a script no code page has
    notice: str | None = None  # said on the ticket, e.g. why it is in French
    language: str = "fr"


@dataclass(frozen=True)
class TicketPrintout:
    """What a visitor's queue ticket says."""

    site_name: str
    service_label: str
    number: str
    issued_at: datetime
    people_ahead: int
    wait_text: str | None  # the range the server announces everywhere, e.g. "10 à 20 min"
    tracking_url: str
    footer: str = DEFAULT_FOOTER
    words: TicketWords | None = None  # None: the French ticket
    ideas_url: str | None = None  # the idea wall, for a phone

    def __post_init__(self) -> None:
        if self.issued_at.tzinfo is None or self.issued_at.utcoffset() is None:
            raise ValueError("issued_at must be timezone-aware")


@dataclass(frozen=True)
class ChecklistLabels:
    """The sheet's headings, French unless the visitor's language is printable."""

    steps: str = "Étapes :"
    documents: str = "Documents à apporter :"
    contact: str = "Contact :"
    when: str = "Quand :"


@dataclass(frozen=True)
class ChecklistPrintout:
    """A take-away sheet: the steps and documents a visitor needs for a procedure."""

    title: str
    steps: list[str]
    documents: list[str]
    contact: str
    when: str
    tracking_url: str | None = None
    labels: ChecklistLabels = field(default_factory=ChecklistLabels)
    codepage: str = "cp1252"  # the code page of the sheet's language (cp857 Turkish …)


class PrinterState(StrEnum):
    """What the printer last told us about itself (or could not tell us)."""

    ready = "ready"
    paper_near_end = "paper_near_end"
    paper_out = "paper_out"
    cover_open = "cover_open"
    offline = "offline"
    unknown = "unknown"
    absent = "absent"


_PRINTABLE_STATES = frozenset({PrinterState.ready, PrinterState.paper_near_end})


def can_print(state: PrinterState) -> bool:
    """Tell whether a printer in this state is expected to print a ticket now."""
    return state in _PRINTABLE_STATES
