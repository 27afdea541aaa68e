"""Call -> waiting-room screen latency with 1, 10 and 50 real /display pages open in Chromium.

For each call the bench takes a wall-clock timestamp just before the agent's POST, and each
page records `performance.timeOrigin + performance.now()` when it writes the number on screen
(the page's `window.__announcements` log). Calls are spaced so that none waits in a page's
announcement queue: the figure is the network + server + rendering path, not the queue.
Run with `python -m bench.display_latency` (or `make bench`).
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path
from typing import Any

import requests

from bench.stats import machine, percentile, table
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS
from tests.live import LiveServer

PAGE_COUNTS = (1, 10, 50)
CALLS_PER_SIZE = 10
MAX_CONTEXTS = 3
SERVICES = ("caf-rsa", "cpam-css", "carte-grise", "impots-declaration", "emploi-cv")
COUNTERS = ("bureau-1", "bureau-2", "accueil")

SHOWN_AT = """n => {
  const entry = window.__announcements.find(a => a.number === n);
  return entry ? entry.shown_at : null;
}"""
ANNOUNCED = "n => window.__announcements.some(a => a.number === n && a.ended_at)"


def open_displays(browser: Any, url: str, count: int) -> tuple[list[Any], list[Any]]:
    """`count` tabs of the real /display page (silent), spread over up to three contexts."""
    contexts = [
        # The page's CSP forbids eval, which Playwright's wait_for_function needs (as in tests).
        browser.new_context(
            viewport={"width": 1280, "height": 720}, locale="fr-FR", bypass_csp=True
        )
        for _ in range(min(MAX_CONTEXTS, count))
    ]
    pages = [contexts[n % len(contexts)].new_page() for n in range(count)]
    for page in pages:
        page.goto(f"{url}/display?volume=0", wait_until="commit")
    for page in pages:
        page.wait_for_function("document.body.dataset.connected === 'true'", timeout=60_000)
    return contexts, pages


def call_once(server: LiveServer, agent: requests.Session, n: int, pages: list[Any]) -> list[float]:
    """Issue a ticket, call it, and return each page's latency in milliseconds."""
    ticket = requests.post(
        f"{server.url}/api/v1/tickets", json={"service": SERVICES[n % len(SERVICES)]}, timeout=10
    ).json()
    posted_at = time.time() * 1000
    response = agent.post(
        f"{server.url}/api/v1/tickets/{ticket['id']}/call",
        json={"counter": COUNTERS[n % len(COUNTERS)]},
        timeout=10,
    )
    response.raise_for_status()
    latencies = []
    for page in pages:
        handle = page.wait_for_function(SHOWN_AT, arg=ticket["number"], timeout=30_000)
        latencies.append(handle.json_value() - posted_at)
    for page in pages:  # the next call must not wait behind this one's announcement
        page.wait_for_function(ANNOUNCED, arg=ticket["number"], timeout=30_000)
    return latencies


def measure(browser: Any, server: LiveServer, count: int) -> list[object]:
    contexts, pages = open_displays(browser, server.url, count)
    agent = server.login()
    latencies: list[float] = []
    try:
        for n in range(CALLS_PER_SIZE):
            latencies.extend(call_once(server, agent, n, pages))
    finally:
        for context in contexts:
            context.close()
    return [
        count,
        CALLS_PER_SIZE,
        len(latencies),
        percentile(latencies, 0.5),
        percentile(latencies, 0.95),
        max(latencies),
    ]


def main() -> None:
    from playwright.sync_api import sync_playwright

    print(
        f"\nDisplay latency: call (before the POST) -> number on each /display page [{machine()}]"
    )
    with (
        tempfile.TemporaryDirectory() as workdir,
        LiveServer(Path(workdir)) as server,
        sync_playwright() as playwright,
    ):
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            rows = [measure(browser, server, count) for count in PAGE_COUNTS]
        finally:
            browser.close()
    print(table(["pages", "calls", "samples", "p50 ms", "p95 ms", "max ms"], rows))


if __name__ == "__main__":
    main()
