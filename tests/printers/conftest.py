"""Factories for printer tests: printouts, profiles and emulated printers on real sockets."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from printers.emulator import EmulatorMode, PrinterEmulator
from printers.model import TicketPrintout

PARIS = ZoneInfo("Europe/Paris")


@pytest.fixture
def make_ticket() -> Callable[..., TicketPrintout]:
    """Build a realistic ticket; override any field by keyword."""

    def make(**overrides: Any) -> TicketPrintout:
        fields: dict[str, Any] = {
            "site_name": "Maison de l'État – Castelsarrasin",
            "service_label": "Sécurité sociale (CPAM)",
            "number": "A-042",
            "issued_at": datetime(2026, 11, 30, 14, 5, tzinfo=PARIS),
            "people_ahead": 3,
            "wait_text": "10 à 20 min",
            "tracking_url": "https://accueil.castelsarrasin.fr/t/8f3a2c9d1e7b",
        }
        fields.update(overrides)
        return TicketPrintout(**fields)

    return make


@pytest.fixture
def start_emulator() -> Iterator[Callable[..., PrinterEmulator]]:
    """Start emulated printers on free 127.0.0.1 ports; all are stopped after the test."""
    started: list[PrinterEmulator] = []

    def start(
        mode: EmulatorMode = "ready", port: int = 0, output_dir: Path | None = None
    ) -> PrinterEmulator:
        emulator = PrinterEmulator(port=port, output_dir=output_dir, mode=mode).start()
        started.append(emulator)
        return emulator

    yield start
    for emulator in started:
        emulator.stop()
