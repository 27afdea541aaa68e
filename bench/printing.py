"""Printed tickets: bytes per ticket, and kiosk POST -> last byte accepted by the printer.

The printer is a PrinterEmulator on 127.0.0.1 registered through the API of a real `accueil
demo` server (LiveServer), with peak mode turned on. The emulator's `on_job` callback fires once
the whole job arrived (the spooler closed its connection); that instant minus the moment just
before the kiosk's POST is the figure. First one ticket at a time (spooler idle), then a rush
of 10 tickets per second for 5 seconds; each phase also runs with peak mode off, as the
baseline of the POST without printing. Run with `python -m bench printing`.
"""

from __future__ import annotations

import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import requests

from bench.stats import machine, percentile, table
from printers.decode import DecodedTicket
from printers.emulator import PrinterEmulator
from printers.model import PrinterProfile, TicketPrintout
from printers.render import render_ticket
from tests.live import LiveServer

IDLE_TICKETS = 50
RUSH_PER_SECOND = 10
RUSH_SECONDS = 5
KIOSK = "borne-1"


def ticket_sizes() -> list[list[object]]:
    """Bytes of one realistic ticket for each QR method and paper width."""
    printout = TicketPrintout(
        site_name="Maison de l'État — France Services",
        service_label="Revenu de solidarité active (RSA)",
        number="C042",
        issued_at=datetime(2026, 11, 30, 14, 5, tzinfo=ZoneInfo("Europe/Paris")),
        people_ahead=7,
        wait_text="20 à 30 min",
        tracking_url="http://192.168.1.20:5000/t/" + "x" * 43,  # a real token is 43 characters
    )
    return [
        [
            qr_mode,
            width,
            len(render_ticket(printout, PrinterProfile(qr_mode=qr_mode, paper_width_mm=width))),
        ]
        for qr_mode in ("native", "image")
        for width in (80, 58)
    ]


class Stopwatch:
    """When each ticket's POST started, and when its last byte reached the printer."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.printed_at: dict[str, float] = {}
        self.arrived = threading.Condition(self.lock)

    def on_job(self, number: int, ticket: DecodedTicket) -> None:
        with self.lock:
            for url in ticket.qr_payloads:
                self.printed_at[url] = time.perf_counter()
            self.arrived.notify_all()

    def wait_for(self, url: str, timeout: float = 10.0) -> float:
        with self.lock:
            self.arrived.wait_for(lambda: url in self.printed_at, timeout)
            return self.printed_at[url]


def take_ticket(server: LiveServer, session: requests.Session) -> tuple[float, float, dict]:
    """(POST started, response received, body) for one kiosk tap."""
    started = time.perf_counter()
    response = session.post(
        f"{server.url}/api/v1/tickets",
        json={"service": "caf-rsa"},
        headers={"X-Accueil-Kiosk": KIOSK},
        timeout=10,
    )
    answered = time.perf_counter()
    response.raise_for_status()
    return started, answered, response.json()


def figures(label: str, runs: list[tuple[float, float, dict]], watch: Stopwatch) -> list[object]:
    """Counts and percentiles of one phase; paper times only for tickets that printed."""
    printed = [(s, body) for s, _, body in runs if body["printed"]]
    to_paper = [(watch.wait_for(body["tracking_url"]) - s) * 1000 for s, body in printed]
    responses = [(a - s) * 1000 for s, a, _ in runs]
    paper = (
        [percentile(to_paper, 0.5), percentile(to_paper, 0.95), max(to_paper)]
        if to_paper
        else ["-", "-", "-"]
    )
    return [
        label,
        len(runs),
        len(printed),
        *paper,
        percentile(responses, 0.5),
        percentile(responses, 0.95),
    ]


def clear_line(server: LiveServer, runs: list[tuple[float, float, dict]]) -> None:
    """Visitors give up their tickets, so each phase starts with the same short line."""
    with requests.Session() as session:
        for _, _, body in runs:
            token = body["tracking_url"].rsplit("/", 1)[1]
            session.post(f"{server.url}/api/v1/tickets/by-token/{token}/cancel", timeout=10)


def idle(server: LiveServer, watch: Stopwatch) -> list[tuple[float, float, dict]]:
    """One ticket at a time, each printed before the next tap."""
    runs = []
    with requests.Session() as session:
        for _ in range(IDLE_TICKETS):
            run = take_ticket(server, session)
            if run[2]["printed"]:
                watch.wait_for(run[2]["tracking_url"])
            runs.append(run)
    return runs


def rush(server: LiveServer, watch: Stopwatch) -> list[tuple[float, float, dict]]:
    """RUSH_PER_SECOND taps per second for RUSH_SECONDS, each from its own kiosk connection."""
    interval = 1 / RUSH_PER_SECOND
    count = RUSH_PER_SECOND * RUSH_SECONDS
    begin = time.perf_counter()

    def tap(n: int) -> tuple[float, float, dict]:
        time.sleep(max(0.0, begin + n * interval - time.perf_counter()))
        with requests.Session() as session:
            return take_ticket(server, session)

    with ThreadPoolExecutor(max_workers=RUSH_PER_SECOND * 3) as pool:  # answers come in < 3 s
        return list(pool.map(tap, range(count)))


def main() -> None:
    print(f"\nPrinted tickets [{machine()}]")
    print(table(["QR", "paper mm", "bytes"], ticket_sizes()))
    watch = Stopwatch()
    with (
        tempfile.TemporaryDirectory() as workdir,
        PrinterEmulator(port=0, on_job=watch.on_job) as emulator,
        LiveServer(Path(workdir)) as server,
    ):
        agent = server.login()
        agent.post(
            f"{server.url}/api/v1/printers",
            timeout=10,
            json={
                "name": "bench",
                "url": f"tcp://127.0.0.1:{emulator.port}?timeout=2",
                "location": KIOSK,
            },
        ).raise_for_status()
        rows = []
        for phase, label in ((idle, "idle"), (rush, f"rush {RUSH_PER_SECOND}/s")):
            for on in (False, True):
                peak = {"on": on}
                agent.post(f"{server.url}/api/v1/peak", json=peak, timeout=10).raise_for_status()
                runs = phase(server, watch)
                rows.append(figures(f"{label}, peak {'on' if on else 'off'}", runs, watch))
                clear_line(server, runs)
    print("\nKiosk POST -> last byte accepted by the emulated printer, and POST -> answer (ms)")
    headers = ["phase", "tickets", "printed", "paper p50", "p95", "max", "POST p50", "p95"]
    print(table(headers, rows))


if __name__ == "__main__":
    main()
