"""Real Chromium (the system one) driven by Playwright, against a real server process."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.live import LiveServer

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = os.environ.get("ACCUEIL_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
    "--autoplay-policy=no-user-gesture-required",
]

pytestmark = pytest.mark.browser

# CI shares two cores between two test workers, their servers and Chromium: an assertion waits up
# to 10 s for the page to get there (Playwright's default is 5 s). A race stays a race; this only
# spares a slow machine.
expect.set_options(timeout=10_000)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not Path(CHROMIUM).exists():
        pytest.skip(f"no Chromium at {CHROMIUM} (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """One demo server per test module (restart tests make their own)."""
    server = LiveServer(tmp_path_factory.mktemp("live"))
    with server:
        yield server


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    # Playwright injects scripts (axe-core, wait_for_function) that the Content-Security-Policy
    # forbids; test_content_security_policy.py checks every screen without this bypass.
    context = browser.new_context(
        viewport={"width": 1280, "height": 800}, locale="fr-FR", bypass_csp=True
    )
    tab = context.new_page()
    yield tab
    context.close()


@pytest.fixture
def new_page(browser: Any) -> Iterator[Any]:
    """new_page(viewport=..., ...) -> another tab in its own context (another device)."""
    contexts: list[Any] = []

    def factory(**options: Any) -> Any:
        options.setdefault("viewport", {"width": 1280, "height": 800})
        options.setdefault("locale", "fr-FR")
        options.setdefault("bypass_csp", True)  # see `page`
        context = browser.new_context(**options)
        contexts.append(context)
        return context.new_page()

    yield factory
    for context in contexts:
        context.close()


@pytest.fixture
def tablet(new_page: Any) -> Any:
    """A tab the size of the agents' tablet (landscape)."""
    from tests.browser.console_steps import TABLET

    return new_page(viewport=TABLET)


@pytest.fixture(scope="module")
def agents(live_server: LiveServer) -> dict[str, Any]:
    """HTTP sessions signed in as the two demo agents, to set the scene of a console test."""
    return {"demo1": live_server.login("demo1"), "demo2": live_server.login("demo2")}


@pytest.fixture
def empty_line(live_server: LiveServer, agents: dict[str, Any]) -> None:
    """Console tests start from an empty line and free counters."""
    from tests.browser.console_steps import clean_slate

    clean_slate(live_server, agents)


def axe_violations(page: Any, impacts: tuple[str, ...] = ("serious", "critical")) -> list[dict]:
    """Run axe-core (from the npm registry, injected by the test) and keep the grave ones."""
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        {
            "id": v["id"],
            "impact": v["impact"],
            "help": v["help"],
            "nodes": [n["target"] for n in v["nodes"]][:5],
        }
        for v in result["violations"]
        if v["impact"] in impacts
    ]


def assert_accessible(page: Any) -> None:
    violations = axe_violations(page)
    assert not violations, json.dumps(violations, indent=2, ensure_ascii=False)


@pytest.fixture
def screenshot(tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest) -> Any:
    """screenshot(page, "kiosk-home-portrait") saves the screen for review (see fit.py)."""
    from tests.browser.fit import screenshot_dir

    folder = screenshot_dir(tmp_path_factory)

    def save(tab: Any, name: str) -> Path:
        path = folder / f"{name}.png"
        tab.screenshot(path=str(path))
        request.node.user_properties.append(("screenshot", str(path)))
        return path

    return save
