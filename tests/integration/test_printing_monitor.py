"""Emulated printers on 127.0.0.1: the monitor tells agents, the spooler fails over in a rush."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from printers.emulator import PrinterEmulator
from server.printing_runtime import printing_runtime

StartEmulator = Callable[..., PrinterEmulator]


@pytest.fixture
def app(make_app: Callable[..., Any]) -> Iterator[Any]:
    app = make_app(PRINT_WAIT_SECONDS=2.0, PRINTER_POLL_SECONDS=0.1)
    yield app
    printing_runtime(app).stop()


@pytest.fixture
def start_emulator() -> Iterator[StartEmulator]:
    started: list[PrinterEmulator] = []

    def start() -> PrinterEmulator:
        emulator = PrinterEmulator(port=0).start()
        started.append(emulator)
        return emulator

    yield start
    for emulator in started:
        emulator.stop()


def register(agent_client: Any, name: str, emulator: PrinterEmulator, location: str) -> None:
    response = agent_client.post(
        "/api/v1/printers",
        json={
            "name": name,
            "url": f"tcp://127.0.0.1:{emulator.port}?timeout=0.5",
            "location": location,
        },
    )
    assert response.status_code == 201, response.json


def wait_for_state(console: Any, name: str, state: str, timeout: float = 5.0) -> list[str]:
    """The states announced for this printer until `state` arrives (or the timeout)."""
    seen: list[str] = []
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for message in console.get_received("/agent"):
            if message["name"] == "printer_state_changed" and message["args"][0]["name"] == name:
                seen.append(message["args"][0]["state"])
        if state in seen:
            return seen
        time.sleep(0.02)
    raise AssertionError(f"{name} never announced {state}; saw {seen}")


def test_the_monitor_tells_agents_when_a_printer_runs_out_of_paper_and_recovers(
    app, agent_client, socket_client, start_emulator
):
    emulator = start_emulator()
    register(agent_client, "entree", emulator, "borne-1")
    console = socket_client("/agent", flask_client=agent_client)
    printing_runtime(app).ensure_started()
    assert wait_for_state(console, "entree", "ready") == ["ready"]
    emulator.mode = "paper_near_end"
    assert wait_for_state(console, "entree", "paper_near_end") == ["paper_near_end"]
    emulator.mode = "paper_out"
    assert wait_for_state(console, "entree", "paper_out") == ["paper_out"]
    emulator.stop()
    # Stopped in the middle of a status exchange, it is « unknown » for one poll (the answer was
    # cut), then « absent »; nothing else is announced.
    gone = wait_for_state(console, "entree", "absent")
    assert gone[-1] == "absent" and set(gone) <= {"unknown", "absent"}, gone
    listed = agent_client.get("/api/v1/printers").json
    assert [(p["name"], p["state"]) for p in listed] == [("entree", "absent")]


def test_paper_out_during_a_rush_moves_tickets_to_the_other_printer_and_loses_none(
    app, client, agent_client, start_emulator
):
    entrance, hall = start_emulator(), start_emulator()
    register(agent_client, "entree", entrance, "borne-1")
    register(agent_client, "salle", hall, "borne-2")
    agent_client.post("/api/v1/peak", json={"on": True})
    tickets = []
    for n in range(24):
        if n == 8:
            entrance.mode = "paper_out"
        response = client.post(
            "/api/v1/tickets", json={"service": "caf-rsa"}, headers={"X-Accueil-Kiosk": "borne-1"}
        )
        assert response.status_code == 201
        tickets.append(response.json)
    entrance.mode = "ready"  # paper reloaded: whatever it held comes out now

    def received() -> Counter[str]:
        return Counter(entrance.qr_payloads + hall.qr_payloads)

    printed = [t["tracking_url"] for t in tickets if t["printed"]]
    deadline = time.monotonic() + 5
    while not all(received()[url] for url in printed) and time.monotonic() < deadline:
        time.sleep(0.02)
    counts = received()
    assert all(counts[url] == 1 for url in printed), counts
    assert all(count == 1 for count in counts.values())  # nothing printed twice, ever
    assert len(printed) + sum(t["printed"] is False for t in tickets) == 24
    assert len(hall.jobs) >= 24 - 9  # after the paper ran out, the hall printer took over
    assert client.get("/api/v1/queue").json["waiting_count"] == 24
